// The row kernels in plain C++: what the HWY_SCALAR target runs (CPUs without SSE4), and the
// readable statement of what every vector target computes bit for bit. Sums go through eight
// accumulators, value i of each group of eight into accumulator i % 8, combined by combine8;
// values after the last whole group of eight are added afterwards, in order.
#pragma once

#include "kernels/rowkernels.h"

namespace normscope::kernels::plain {

inline double combine8(const double* a)
{
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
}

// Moments of one block (n <= kBlock): sum, then squared deviations from sum / n; without
// `extremes`, min and max are left out (nonFinite then follows from the sum, see sumsOf).
Moments blockMoments(const float* x, int64_t n, bool extremes = true);
void applyMap(const float* x, float* y, int64_t n, const AffineMap& map);
void applyElementwise(
    const float* x, float* y, int64_t n, double center, double invstd, const float* gamma, const float* beta);
void binValues(const float* x, int64_t n, const BinSpec& spec, SubHistogram& hist);
ShiftedSums applyMeasureBin(
    const float* x, float* y, int64_t n, const AffineMap& map, double K, const BinSpec& spec, SubHistogram& hist);

// The bin of v, or spec.bins for NaN, infinite and out-of-range values.
inline int binOf(double v, const BinSpec& spec)
{
    if (!(v >= spec.lo && v <= spec.hi))
        return spec.bins;
    const auto bin = static_cast<int64_t>((v - spec.lo) * spec.scale);
    return static_cast<int>(bin < spec.bins - 1 ? bin : spec.bins - 1);
}

} // namespace normscope::kernels::plain
