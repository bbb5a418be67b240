#include "norms/tokentiles.h"

#include "kernels/rows.h"

#include <algorithm>
#include <vector>

namespace normscope {

TokenTiles::TokenTiles(const ReductionGeometry& geometry)
    : m_samples(geometry.shape().n)
    , m_channels(geometry.shape().c)
    , m_tokens(geometry.shape().hw())
    , m_perTile(std::clamp<int64_t>(
          kernels::kTaskValues / std::max<int64_t>(1, m_channels), 1, std::max<int64_t>(1, m_tokens)))
    , m_tilesPerSample((m_tokens + m_perTile - 1) / m_perTile)
{
}

int64_t TokenTiles::firstRow(int64_t tile) const
{
    return (tile / m_tilesPerSample) * m_tokens + (tile % m_tilesPerSample) * m_perTile;
}

int64_t TokenTiles::rows(int64_t tile) const
{
    return std::min(m_perTile, m_tokens - (tile % m_tilesPerSample) * m_perTile);
}

void TokenTiles::gather(const float* held, int64_t tile, float* rows) const
{
    const int64_t b = tile / m_tilesPerSample;
    const int64_t t0 = (tile % m_tilesPerSample) * m_perTile;
    const int64_t k = this->rows(tile);
    const float* sample = held + b * m_channels * m_tokens + t0;
    for (int64_t c = 0; c < m_channels; ++c) {
        const float* run = sample + c * m_tokens; // tokens t0 .. t0 + k of channel c
        for (int64_t j = 0; j < k; ++j)
            rows[j * m_channels + c] = run[j];
    }
}

void TokenTiles::scatter(const float* rows, int64_t tile, float* held) const
{
    const int64_t b = tile / m_tilesPerSample;
    const int64_t t0 = (tile % m_tilesPerSample) * m_perTile;
    const int64_t k = this->rows(tile);
    float* sample = held + b * m_channels * m_tokens + t0;
    for (int64_t c = 0; c < m_channels; ++c) {
        float* run = sample + c * m_tokens;
        for (int64_t j = 0; j < k; ++j)
            run[j] = rows[j * m_channels + c];
    }
}

bool TokenTiles::run(int threads, const float* held, float* scatterTo,
    const std::function<void(int64_t, const float*, float*)>& body, const kernels::Cancelled& cancelled) const
{
    return kernels::parallelTasks(
        count(), threads,
        [&](int64_t tile) {
            // One pair of buffers per worker, kept between calls: a tile is at most a few
            // hundred KB, and a fresh allocation of that size would cost page faults every time.
            thread_local std::vector<float> x;
            thread_local std::vector<float> y;
            const auto size = static_cast<size_t>(maxValues());
            if (x.size() < size) {
                x.resize(size);
                y.resize(size);
            }
            gather(held, tile, x.data());
            body(tile, x.data(), y.data());
            if (scatterTo)
                scatter(y.data(), tile, scatterTo);
        },
        cancelled);
}

void copyRow(const float* held, const ReductionGeometry& geometry, int64_t row, float* out)
{
    const int64_t len = geometry.rowLength();
    if (!geometry.transposed()) {
        std::copy(held + row * len, held + (row + 1) * len, out);
        return;
    }
    const int64_t tokens = geometry.shape().hw();
    const float* first = held + (row / tokens) * len * tokens + row % tokens;
    for (int64_t c = 0; c < len; ++c)
        out[c] = first[c * tokens];
}

} // namespace normscope
