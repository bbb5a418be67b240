// The rows of a transposed geometry (LayerNorm and RMSNorm on (B, T, C) data, held as (B, C, T)):
// each row is one token's C values, strided by T in memory. The kernels want contiguous rows, so
// the tokens are taken in tiles of consecutive tokens of one sample: a tile is gathered into a
// contiguous buffer (reading runs of consecutive t for each c, so memory is read in order), the
// row kernels run on it while it is in cache, and an output tile is scattered back. The input is
// read once and the output written once, as for the other geometries. The cut depends only on
// the shape, so results do not depend on the number of threads.
#pragma once

#include "kernels/parallel.h"
#include "norms/reduction.h"

#include <functional>

namespace normscope {

class TokenTiles {
public:
    // Tokens per tile: about kernels::kTaskValues values, at least one token.
    explicit TokenTiles(const ReductionGeometry& geometry);

    int64_t count() const { return m_samples * m_tilesPerSample; }
    int64_t firstRow(int64_t tile) const;
    int64_t rows(int64_t tile) const;
    int64_t rowLength() const { return m_channels; }
    // The most values one tile holds (the size of a tile buffer).
    int64_t maxValues() const { return m_perTile * m_channels; }

    // The tile's rows, one after the other, from the held tensor into `rows`.
    void gather(const float* held, int64_t tile, float* rows) const;
    // The tile's rows back into the held order.
    void scatter(const float* rows, int64_t tile, float* held) const;

    // body(tile, x, y) for every tile, in parallel: x holds the tile's gathered input rows and y is
    // a buffer of the same size, both this worker's (valid during the call). With `scatterTo`,
    // y is scattered there after body returns. False when cancelled.
    bool run(int threads, const float* held, float* scatterTo,
        const std::function<void(int64_t tile, const float* x, float* y)>& body,
        const kernels::Cancelled& cancelled = {}) const;

private:
    int64_t m_samples;
    int64_t m_channels;
    int64_t m_tokens;
    int64_t m_perTile;
    int64_t m_tilesPerSample;
};

// The values of `row` of `geometry` (its rowLength() values, in the order of the rows) from the
// held tensor into `out`: a run of the tensor, or a token's strided values when transposed.
void copyRow(const float* held, const ReductionGeometry& geometry, int64_t row, float* out);

} // namespace normscope
