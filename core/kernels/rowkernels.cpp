// The parts of the row kernels that need no SIMD: merging moments and the histogram counters.
// The vectorized kernels are in rowkernels_simd.cpp.
#include "kernels/rowkernels.h"
#include "kernels/rows.h"

#include <algorithm>
#include <array>

namespace normscope::kernels {

Moments blockMoments(const float* x, int64_t n); // rowkernels_simd.cpp
Moments blockSums(const float* x, int64_t n); // rowkernels_simd.cpp

namespace {

template <typename At> Moments mergeParts(size_t count, At at)
{
    Moments r;
    for (size_t i = 0; i < count; ++i) {
        const Moments& p = at(i);
        r.count += p.count;
        r.sum += p.sum;
        r.min = std::min(r.min, p.min);
        r.max = std::max(r.max, p.max);
        r.nonFinite = r.nonFinite || p.nonFinite;
    }
    if (r.count == 0)
        return r;
    const double mean = r.sum / static_cast<double>(r.count);
    for (size_t i = 0; i < count; ++i) {
        const Moments& p = at(i);
        if (p.count == 0)
            continue;
        const double d = p.sum / static_cast<double>(p.count) - mean;
        r.m2 += p.m2 + static_cast<double>(p.count) * d * d;
    }
    return r;
}

} // namespace

Moments mergeMoments(std::span<const Moments> parts)
{
    return mergeParts(parts.size(), [&](size_t i) -> const Moments& { return parts[i]; });
}

Moments mergeMoments(std::span<const Moments> all, std::span<const int64_t> which)
{
    return mergeParts(which.size(), [&](size_t i) -> const Moments& { return all[static_cast<size_t>(which[i])]; });
}

namespace {

// Moments of x[0, n) from blocks of kBlock values, merged in order.
template <Moments (*Block)(const float*, int64_t)> Moments blocksOf(const float* x, int64_t n)
{
    if (n <= kBlock)
        return n > 0 ? Block(x, n) : Moments {};
    const auto blocks = static_cast<size_t>((n + kBlock - 1) / kBlock);
    std::array<Moments, 32> small;
    std::vector<Moments> large;
    std::span<Moments> parts(small.data(), blocks);
    if (blocks > small.size()) {
        large.resize(blocks);
        parts = large;
    }
    for (size_t b = 0; b < blocks; ++b) {
        const int64_t begin = static_cast<int64_t>(b) * kBlock;
        parts[b] = Block(x + begin, std::min(kBlock, n - begin));
    }
    return mergeMoments(parts);
}

} // namespace

Moments momentsOf(const float* x, int64_t n)
{
    return blocksOf<blockMoments>(x, n);
}

Moments sumsOf(const float* x, int64_t n)
{
    return blocksOf<blockSums>(x, n);
}

BinSpec BinSpec::over(double lo, double hi, int bins)
{
    return { lo, hi, static_cast<double>(bins) / (hi - lo), bins };
}

SubHistogram::SubHistogram(int bins)
    : m_stride(bins + 1)
    , m_counts(kCopies * static_cast<size_t>(m_stride), 0)
{
}

void SubHistogram::clear()
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
}

void SubHistogram::flushInto(std::vector<int64_t>& totals)
{
    const size_t bins = std::min(totals.size(), static_cast<size_t>(m_stride - 1));
    for (size_t k = 0; k < kCopies; ++k)
        for (size_t b = 0; b < bins; ++b)
            totals[b] += m_counts[k * static_cast<size_t>(m_stride) + b];
    clear();
}

} // namespace normscope::kernels
