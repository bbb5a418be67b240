// Per-set statistics built from per-row moments: each set's rows merged with Chan's formula in
// row order, so a set's mean and variance are the same numbers whichever path (two passes over
// the tensor, or one set at a time while it is in cache) and however many threads computed them.
#pragma once

#include "kernels/parallel.h"
#include "kernels/rowkernels.h"
#include "norms/reduction.h"
#include "tensor/tensor.h"

#include <algorithm>
#include <span>
#include <vector>

namespace normscope {

// Mean and biased variance of every set, accumulated in double (two passes per block).
struct SetStatistics {
    std::vector<double> mean;
    std::vector<double> var; // biased (divided by the set size)
    int64_t setSize = 0;
};

// The rows of each set, in increasing order.
class SetRows {
public:
    explicit SetRows(const ReductionGeometry& geometry);
    std::span<const int64_t> rowsOf(int64_t set) const;
    int64_t sets() const { return static_cast<int64_t>(m_start.size()) - 1; }

private:
    std::vector<int64_t> m_start;
    std::vector<int64_t> m_rows;
};

// Moments of every row of `tensor` in `geometry`; false when cancelled.
bool rowMomentsOf(const Tensor& tensor, const ReductionGeometry& geometry, int threads,
    std::vector<kernels::Moments>& rows, const kernels::Cancelled& cancelled = {});

SetStatistics statisticsOf(std::span<const kernels::Moments> sets, int64_t setSize);

// Moments of groups of rows: group g merges the rows r with groupOf(r) == g, in row order, with
// the very arithmetic of kernels::mergeMoments (so a set's moments are the same bits either way).
template <typename GroupOf>
std::vector<kernels::Moments> groupMoments(std::span<const kernels::Moments> rows, int64_t groups, GroupOf groupOf)
{
    std::vector<kernels::Moments> out(static_cast<size_t>(groups));
    for (size_t r = 0; r < rows.size(); ++r) {
        kernels::Moments& g = out[static_cast<size_t>(groupOf(static_cast<int64_t>(r)))];
        const kernels::Moments& p = rows[r];
        g.count += p.count;
        g.sum += p.sum;
        g.min = std::min(g.min, p.min);
        g.max = std::max(g.max, p.max);
        g.nonFinite = g.nonFinite || p.nonFinite;
    }
    for (size_t r = 0; r < rows.size(); ++r) {
        kernels::Moments& g = out[static_cast<size_t>(groupOf(static_cast<int64_t>(r)))];
        const kernels::Moments& p = rows[r];
        if (p.count == 0)
            continue;
        const double d = p.sum / static_cast<double>(p.count) - g.sum / static_cast<double>(g.count);
        g.m2 += p.m2 + static_cast<double>(p.count) * d * d;
    }
    return out;
}

// Each set's moments, merged from its rows.
std::vector<kernels::Moments> setMoments(std::span<const kernels::Moments> rows, const ReductionGeometry& geometry);

} // namespace normscope
