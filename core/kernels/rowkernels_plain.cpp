#include "kernels/rowkernels_plain.h"

#include <algorithm>
#include <cmath>

namespace normscope::kernels::plain {

Moments blockMoments(const float* x, int64_t n, bool extremes)
{
    Moments m;
    m.count = n;
    double acc[8] = {};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k)
            acc[k] += static_cast<double>(x[i + k]);
    m.sum = combine8(acc);
    for (; i < n; ++i)
        m.sum += static_cast<double>(x[i]);
    for (int64_t j = 0; extremes && j < n; ++j) {
        if (std::isfinite(x[j])) {
            m.min = std::min(m.min, x[j]);
            m.max = std::max(m.max, x[j]);
        } else {
            m.nonFinite = true;
        }
    }
    if (!extremes)
        m.nonFinite = !std::isfinite(m.sum); // a block's sum of finite floats cannot overflow
    const double mean = m.sum / static_cast<double>(n);
    double sq[8] = {};
    i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k) {
            const double d = static_cast<double>(x[i + k]) - mean;
            sq[k] += d * d;
        }
    m.m2 = combine8(sq);
    for (; i < n; ++i) {
        const double d = static_cast<double>(x[i]) - mean;
        m.m2 += d * d;
    }
    return m;
}

void applyMap(const float* x, float* y, int64_t n, const AffineMap& map)
{
    for (int64_t i = 0; i < n; ++i)
        y[i] = map(x[i]);
}

void applyElementwise(
    const float* x, float* y, int64_t n, double center, double invstd, const float* gamma, const float* beta)
{
    for (int64_t i = 0; i < n; ++i) {
        double d = (static_cast<double>(x[i]) - center) * invstd;
        if (gamma)
            d = d * static_cast<double>(gamma[i]);
        y[i] = static_cast<float>(d + (beta ? static_cast<double>(beta[i]) : 0.0));
    }
}

void binValues(const float* x, int64_t n, const BinSpec& spec, SubHistogram& hist)
{
    uint32_t* c = hist.counters();
    const int stride = hist.stride();
    for (int64_t i = 0; i < n; ++i)
        ++c[(i & 7) * stride + binOf(x[i], spec)];
}

ShiftedSums applyMeasureBin(
    const float* x, float* y, int64_t n, const AffineMap& map, double K, const BinSpec& spec, SubHistogram& hist)
{
    uint32_t* c = hist.counters();
    const int stride = hist.stride();
    double a1[8] = {};
    double a2[8] = {};
    ShiftedSums s;
    const auto one = [&](int64_t i) {
        const float v = map(x[i]);
        y[i] = v;
        ++c[(i & 7) * stride + binOf(v, spec)];
        return static_cast<double>(v) - K;
    };
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k) {
            const double d = one(i + k);
            a1[k] += d;
            a2[k] += d * d;
        }
    s.s1 = combine8(a1);
    s.s2 = combine8(a2);
    for (; i < n; ++i) {
        const double d = one(i);
        s.s1 += d;
        s.s2 += d * d;
    }
    return s;
}

} // namespace normscope::kernels::plain
