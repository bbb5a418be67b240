// The output side of a snapshot, recomputed on every slider move: the normalized tensor, the
// moments of each of its rows, and its histograms (whole tensor and selected set).
//
// Within a row every norm maps x to y monotonically (y = (x - mean)·scale + shift, rounded
// monotonically), so the output's range follows from the input rows' extremes before anything
// is written; then one pass over memory writes y, adds up its moments and bins it. LayerNorm
// with per-element γ, β and sets with var + eps == 0 take three passes instead (write, measure,
// bin).
#pragma once

#include "analysis/inputanalysis.h"
#include "kernels/bufferpool.h"

#include <optional>

namespace normscope {

struct OutputSide {
    std::shared_ptr<Tensor> output;
    std::vector<kernels::Moments> rows;
    Histogram histogram;
    Histogram selectedHistogram; // same edges as `histogram`
    bool onePass = false; // whether the fused pass ran (for tests)
};

// `pool` may be null (a fresh buffer). Nothing when cancelled.
std::optional<OutputSide> computeOutputSide(const InputAnalysis& input, const SetStatistics& used,
    const NormConfig& config, const NormParams& params, int64_t selected, kernels::BufferPool* pool, int threads,
    const kernels::Cancelled& cancelled = {});

} // namespace normscope
