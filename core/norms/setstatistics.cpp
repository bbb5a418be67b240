#include "norms/setstatistics.h"

#include "kernels/rows.h"
#include "norms/tokentiles.h"

namespace normscope {

SetRows::SetRows(const ReductionGeometry& geometry)
{
    const int64_t rows = geometry.rowCount();
    m_start.assign(static_cast<size_t>(geometry.setCount() + 1), 0);
    for (int64_t r = 0; r < rows; ++r)
        ++m_start[static_cast<size_t>(geometry.setOfRow(r) + 1)];
    for (size_t s = 1; s < m_start.size(); ++s)
        m_start[s] += m_start[s - 1];
    m_rows.resize(static_cast<size_t>(rows));
    std::vector<int64_t> next(m_start.begin(), m_start.end() - 1);
    for (int64_t r = 0; r < rows; ++r)
        m_rows[static_cast<size_t>(next[static_cast<size_t>(geometry.setOfRow(r))]++)] = r;
}

std::span<const int64_t> SetRows::rowsOf(int64_t set) const
{
    const auto begin = static_cast<size_t>(m_start[static_cast<size_t>(set)]);
    const auto end = static_cast<size_t>(m_start[static_cast<size_t>(set) + 1]);
    return std::span<const int64_t>(m_rows).subspan(begin, end - begin);
}

bool rowMomentsOf(const Tensor& tensor, const ReductionGeometry& geometry, int threads,
    std::vector<kernels::Moments>& rows, const kernels::Cancelled& cancelled)
{
    if (geometry.transposed()) {
        const TokenTiles tiles(geometry);
        const int64_t len = geometry.rowLength();
        rows.assign(static_cast<size_t>(geometry.rowCount()), kernels::Moments {});
        return tiles.run(
            threads, tensor.data().data(), nullptr,
            [&](int64_t tile, const float* xs, float*) {
                const int64_t first = tiles.firstRow(tile);
                for (int64_t j = 0; j < tiles.rows(tile); ++j)
                    rows[static_cast<size_t>(first + j)] = kernels::rowMomentsOf(xs + j * len, len);
            },
            cancelled);
    }
    return kernels::rowMoments(
        tensor.data().data(), geometry.rowCount(), geometry.rowLength(), threads, rows, cancelled);
}

std::vector<kernels::Moments> setMoments(std::span<const kernels::Moments> rows, const ReductionGeometry& geometry)
{
    return groupMoments(rows, geometry.setCount(), [&](int64_t r) { return geometry.setOfRow(r); });
}

SetStatistics statisticsOf(std::span<const kernels::Moments> sets, int64_t setSize)
{
    SetStatistics stats;
    stats.setSize = setSize;
    stats.mean.reserve(sets.size());
    stats.var.reserve(sets.size());
    for (const kernels::Moments& m : sets) {
        stats.mean.push_back(m.mean());
        stats.var.push_back(m.variance());
    }
    return stats;
}

} // namespace normscope
