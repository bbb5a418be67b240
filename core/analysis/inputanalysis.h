// What a snapshot needs from the input tensor that no slider changes: per-row moments, per-set
// statistics, the summary and the histogram. Computed once per tensor, norm geometry and bin
// count (one pass for the moments, one for the histogram) and shared by every slider move after.
#pragma once

#include "analysis/histogram.h"
#include "kernels/parallel.h"
#include "norms/normalize.h"

#include <memory>

namespace normscope {

struct InputAnalysis {
    std::shared_ptr<const Tensor> tensor;
    ReductionGeometry geometry;
    int bins = 0;
    std::vector<kernels::Moments> rows; // of each row of the geometry
    std::shared_ptr<const SetStatistics> stats; // of each set (batch statistics)
    Summary summary;
    Histogram histogram;

    // Whether this analysis describes `tensor` under `geometry` with `bins` bins.
    bool matches(const std::shared_ptr<const Tensor>& tensor, const ReductionGeometry& geometry, int bins) const;
};

// Null when cancelled.
std::shared_ptr<const InputAnalysis> analyzeInput(std::shared_ptr<const Tensor> tensor,
    const ReductionGeometry& geometry, int bins, int threads, const kernels::Cancelled& cancelled = {});

// The rows of `set`, in order.
std::vector<int64_t> rowsOfSet(const ReductionGeometry& geometry, int64_t set);

// The summary and the histogram (over `edges`'s bins) of one set's values.
struct SetView {
    Summary summary;
    Histogram histogram;
};
SetView viewOfSet(const Tensor& tensor, const ReductionGeometry& geometry, std::span<const kernels::Moments> rows,
    int64_t set, const Histogram& edges);

} // namespace normscope
