// The rows of a tensor (runs of contiguous values of one reduction set, see ReductionGeometry) cut
// into pieces for the parallel loops: whole rows, grouped about kTaskValues values per task, or,
// for rows longer than kSegment, segments of kSegment values. The cut depends only on the shape.
#pragma once

#include "kernels/parallel.h"
#include "kernels/rowkernels.h"

#include <vector>

namespace normscope::kernels {

inline constexpr int64_t kTaskValues = int64_t(1) << 16;
inline constexpr int64_t kSegment = int64_t(1) << 18;

class RowPieces {
public:
    RowPieces(int64_t rows, int64_t length);

    int64_t count() const { return m_rows * m_perRow; }
    int64_t perRow() const { return m_perRow; }
    int64_t row(int64_t piece) const { return piece / m_perRow; }
    // The piece's values within its row: [begin, end).
    int64_t begin(int64_t piece) const { return (piece % m_perRow) * kSegment; }
    int64_t end(int64_t piece) const;

    // body(piece) for every piece, in parallel; false when cancelled.
    bool run(int threads, const std::function<void(int64_t)>& body, const Cancelled& cancelled = {}) const;
    // The pieces grouped into tasks: body(task, firstPiece, endPiece) for each task (for results
    // kept per task, such as histogram counters).
    int64_t tasks() const { return (count() + m_piecesPerTask - 1) / m_piecesPerTask; }
    bool runTasks(
        int threads, const std::function<void(int64_t, int64_t, int64_t)>& body, const Cancelled& cancelled = {}) const;

private:
    int64_t m_rows;
    int64_t m_length;
    int64_t m_perRow;
    int64_t m_piecesPerTask;
};

// Moments of one row the way rowMoments computes them.
Moments rowMomentsOf(const float* row, int64_t length);

// momentsOf's count, sum, m2 and nonFinite, the same bits, without the extremes (min and max stay
// +inf and -inf): all a norm needs, at less work per value (rowkernels.cpp).
Moments sumsOf(const float* x, int64_t n);
// rowMomentsOf the same way.
Moments rowSumsOf(const float* row, int64_t length);

// Moments of each of `rows` rows of `length` values from x, into `out`; false when cancelled.
bool rowMoments(const float* x, int64_t rows, int64_t length, int threads, std::vector<Moments>& out,
    const Cancelled& cancelled = {});

} // namespace normscope::kernels
