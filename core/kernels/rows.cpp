#include "kernels/rows.h"

#include <algorithm>

namespace normscope::kernels {

RowPieces::RowPieces(int64_t rows, int64_t length)
    : m_rows(rows)
    , m_length(length)
    , m_perRow(length > kSegment ? (length + kSegment - 1) / kSegment : 1)
    , m_piecesPerTask(length > kSegment ? 1 : std::max<int64_t>(1, kTaskValues / std::max<int64_t>(1, length)))
{
}

int64_t RowPieces::end(int64_t piece) const
{
    return std::min(m_length, begin(piece) + kSegment);
}

bool RowPieces::run(int threads, const std::function<void(int64_t)>& body, const Cancelled& cancelled) const
{
    return runTasks(
        threads,
        [&](int64_t, int64_t first, int64_t end) {
            for (int64_t p = first; p < end; ++p)
                body(p);
        },
        cancelled);
}

bool RowPieces::runTasks(
    int threads, const std::function<void(int64_t, int64_t, int64_t)>& body, const Cancelled& cancelled) const
{
    const int64_t pieces = count();
    return parallelTasks(
        tasks(), threads,
        [&](int64_t task) { body(task, task * m_piecesPerTask, std::min(pieces, (task + 1) * m_piecesPerTask)); },
        cancelled);
}

namespace {

template <Moments (*Of)(const float*, int64_t)> Moments rowOf(const float* row, int64_t length)
{
    if (length <= kSegment)
        return Of(row, length);
    std::vector<Moments> parts;
    for (int64_t begin = 0; begin < length; begin += kSegment)
        parts.push_back(Of(row + begin, std::min(kSegment, length - begin)));
    return mergeMoments(parts);
}

} // namespace

Moments rowMomentsOf(const float* row, int64_t length)
{
    return rowOf<momentsOf>(row, length);
}

Moments rowSumsOf(const float* row, int64_t length)
{
    return rowOf<sumsOf>(row, length);
}

bool rowMoments(
    const float* x, int64_t rows, int64_t length, int threads, std::vector<Moments>& out, const Cancelled& cancelled)
{
    const RowPieces pieces(rows, length);
    out.assign(static_cast<size_t>(rows), Moments {});
    if (pieces.perRow() == 1) {
        return pieces.run(
            threads, [&](int64_t r) { out[static_cast<size_t>(r)] = momentsOf(x + r * length, length); }, cancelled);
    }
    std::vector<Moments> parts(static_cast<size_t>(pieces.count()));
    const bool done = pieces.run(
        threads,
        [&](int64_t p) {
            const int64_t b = pieces.begin(p);
            parts[static_cast<size_t>(p)] = momentsOf(x + pieces.row(p) * length + b, pieces.end(p) - b);
        },
        cancelled);
    if (!done)
        return false;
    for (int64_t r = 0; r < rows; ++r)
        out[static_cast<size_t>(r)] = mergeMoments(std::span<const Moments>(parts).subspan(
            static_cast<size_t>(r * pieces.perRow()), static_cast<size_t>(pieces.perRow())));
    return true;
}

} // namespace normscope::kernels
