// The row kernels vectorized with Google Highway, compiled once per instruction set and picked at
// run time. Each does exactly the plain C++ version's arithmetic (rowkernels_plain.cpp) in the
// same order: values go four at a time through double vectors (one AVX2 vector, two SSE4 ones),
// sums into eight interleaved accumulators that are stored and combined as the plain code does.
#include "kernels/rowkernels.h"
#include "kernels/rowkernels_plain.h"

// SSSE3 gains nothing over SSE4's fallback here, and AVX-512 gains nothing on kernels bound by
// memory bandwidth while it could not be tested on the machines we have: a CPU with AVX-512 runs
// the AVX2 code.
#define HWY_DISABLED_TARGETS (HWY_SSSE3 | HWY_AVX3 | HWY_AVX3_DL)
// The fallback is HWY_SCALAR, the plain C++ kernels below, with every compiler. Highway 1.0 picks
// it by itself only under g++ < 12.3; clang (the sanitizer build) and newer g++ would compile
// EMU128 instead, the vector code on emulated vectors, and the plain kernels would never run.
#define HWY_BROKEN_EMU128 1

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/rowkernels_simd.cpp"
#include <hwy/foreach_target.h> // IWYU pragma: keep

#include <hwy/cache_control.h>
#include <hwy/highway.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

HWY_BEFORE_NAMESPACE();
namespace normscope::kernels {
namespace HWY_NAMESPACE {

#if HWY_TARGET == HWY_SCALAR

Moments BlockMomentsT(const float* x, int64_t n)
{
    return plain::blockMoments(x, n);
}

Moments BlockSumsT(const float* x, int64_t n)
{
    return plain::blockMoments(x, n, false);
}

void ApplyMapT(const float* x, float* y, int64_t n, const AffineMap& map, bool)
{
    plain::applyMap(x, y, n, map);
}

void ApplyElementwiseT(
    const float* x, float* y, int64_t n, double center, double invstd, const float* gamma, const float* beta, bool)
{
    plain::applyElementwise(x, y, n, center, invstd, gamma, beta);
}

void BinValuesT(const float* x, int64_t n, const BinSpec& spec, SubHistogram& hist)
{
    plain::binValues(x, n, spec, hist);
}

ShiftedSums ApplyMeasureBinT(
    const float* x, float* y, int64_t n, const AffineMap& map, double K, const BinSpec& spec, SubHistogram& hist, bool)
{
    return plain::applyMeasureBin(x, y, n, map, K, spec, hist);
}

#else

namespace hn = hwy::HWY_NAMESPACE;

using DD = hn::ScalableTag<double>;
using VD = hn::Vec<DD>;
using D4 = hn::FixedTag<float, 4>;
using V4 = hn::Vec<D4>;
using DI = hn::Rebind<int32_t, DD>;

constexpr size_t kLanes = hn::MaxLanes(DD()); // 4 (AVX2) or 2 (SSE4)
constexpr size_t kPerFour = 4 / kLanes; // double vectors per four floats
constexpr size_t kPerEight = 8 / kLanes; // accumulators: eight values per step
// Software prefetch distance in floats: this VM's hardware prefetcher alone leaves streaming
// loops waiting on memory (the performance prototype measured binning 7x faster with it).
constexpr int64_t kAhead = 2048;

// Four floats to kPerFour double vectors and back (the conditions depend on D, so only the
// branch for this target's vector width is compiled).
template <class D> HWY_INLINE void Promote4(D dd, const V4 v, hn::Vec<D>* out)
{
    if constexpr (hn::MaxLanes(D()) == 4) {
        out[0] = hn::PromoteTo(dd, v);
    } else {
        const hn::Rebind<float, D> dh;
        out[0] = hn::PromoteTo(dd, hn::LowerHalf(dh, v));
        out[1] = hn::PromoteTo(dd, hn::UpperHalf(dh, v));
    }
}

template <class D> HWY_INLINE V4 Demote4(D, const hn::Vec<D>* in)
{
    const D4 d4;
    if constexpr (hn::MaxLanes(D()) == 4) {
        return hn::DemoteTo(d4, in[0]);
    } else {
        const hn::Rebind<float, D> dh;
        return hn::Combine(d4, hn::DemoteTo(dh, in[1]), hn::DemoteTo(dh, in[0]));
    }
}

HWY_INLINE double Combine8(const VD* acc)
{
    const DD dd;
    double lanes[8];
    for (size_t k = 0; k < kPerEight; ++k)
        hn::StoreU(acc[k], dd, lanes + k * kLanes);
    return plain::combine8(lanes);
}

template <bool kExtremes> Moments BlockMomentsLoop(const float* x, int64_t n)
{
    const DD dd;
    const D4 d4;
    Moments m;
    m.count = n;
    VD acc[kPerEight];
    for (VD& a : acc)
        a = hn::Zero(dd);
    // Extremes in float (exact, and less work than in double); whether all values are finite
    // follows from the sum: a block's sum of finite floats cannot overflow a double, while NaN or
    // infinity makes it NaN or infinite.
    V4 lo = hn::Set(d4, std::numeric_limits<float>::infinity());
    V4 hi = hn::Neg(lo);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        if ((i & 15) == 0)
            hwy::Prefetch(x + i + kAhead);
        const V4 f0 = hn::LoadU(d4, x + i);
        const V4 f1 = hn::LoadU(d4, x + i + 4);
        VD v[kPerEight];
        Promote4(dd, f0, v);
        Promote4(dd, f1, v + kPerFour);
        for (size_t k = 0; k < kPerEight; ++k)
            acc[k] = hn::Add(acc[k], v[k]);
        if constexpr (kExtremes) {
            lo = hn::Min(hn::Min(lo, f0), f1);
            hi = hn::Max(hn::Max(hi, f0), f1);
        }
    }
    const int64_t whole = i;
    m.sum = Combine8(acc);
    for (; i < n; ++i)
        m.sum += static_cast<double>(x[i]);
    if (!kExtremes) {
        m.nonFinite = !std::isfinite(m.sum);
    } else if (std::isfinite(m.sum)) {
        float lanes[4];
        hn::StoreU(lo, d4, lanes);
        for (float l : lanes)
            m.min = std::min(m.min, l);
        hn::StoreU(hi, d4, lanes);
        for (float h : lanes)
            m.max = std::max(m.max, h);
        for (int64_t j = whole; j < n; ++j) {
            m.min = std::min(m.min, x[j]);
            m.max = std::max(m.max, x[j]);
        }
    } else { // rare: NaN or infinity in the block
        for (int64_t j = 0; j < n; ++j) {
            if (std::isfinite(x[j])) {
                m.min = std::min(m.min, x[j]);
                m.max = std::max(m.max, x[j]);
            } else {
                m.nonFinite = true;
            }
        }
    }

    const double meanScalar = m.sum / static_cast<double>(n);
    const VD mean = hn::Set(dd, meanScalar);
    for (VD& a : acc)
        a = hn::Zero(dd);
    for (i = 0; i + 8 <= n; i += 8) {
        VD v[kPerEight];
        Promote4(dd, hn::LoadU(d4, x + i), v);
        Promote4(dd, hn::LoadU(d4, x + i + 4), v + kPerFour);
        for (size_t k = 0; k < kPerEight; ++k) {
            const VD d = hn::Sub(v[k], mean);
            acc[k] = hn::Add(acc[k], hn::Mul(d, d));
        }
    }
    m.m2 = Combine8(acc);
    for (; i < n; ++i) {
        const double d = static_cast<double>(x[i]) - meanScalar;
        m.m2 += d * d;
    }
    return m;
}

Moments BlockMomentsT(const float* x, int64_t n)
{
    return BlockMomentsLoop<true>(x, n);
}

Moments BlockSumsT(const float* x, int64_t n)
{
    return BlockMomentsLoop<false>(x, n);
}

template <bool kGamma, bool kShift, bool kStream>
void ApplyMapLoop(const float* x, float* y, int64_t n, const AffineMap& map)
{
    const DD dd;
    const D4 d4;
    const VD center = hn::Set(dd, map.center);
    const VD scale = hn::Set(dd, map.scale);
    const VD gamma = hn::Set(dd, map.gamma);
    const VD shift = hn::Set(dd, map.shift);
    const auto four = [&](int64_t i) {
        VD v[kPerFour];
        Promote4(dd, hn::LoadU(d4, x + i), v);
        for (VD& d : v) {
            d = hn::Mul(hn::Sub(d, center), scale);
            if constexpr (kGamma)
                d = hn::Mul(d, gamma);
            if constexpr (kShift)
                d = hn::Add(d, shift);
        }
        const V4 r = Demote4(dd, v);
        if constexpr (kStream)
            hn::Stream(r, d4, y + i);
        else
            hn::StoreU(r, d4, y + i);
    };
    int64_t i = 0;
    // Sixteen values a step, one prefetch each: only for streamed (large) tensors, as on data in
    // cache the prefetches cost more than they save (a 1M-value norm ran 40 % faster without).
    for (; i + 16 <= n; i += 16) {
        if constexpr (kStream)
            hwy::Prefetch(x + i + kAhead);
        four(i);
        four(i + 4);
        four(i + 8);
        four(i + 12);
    }
    for (; i + 4 <= n; i += 4)
        four(i);
    for (; i < n; ++i)
        y[i] = map(x[i]);
    if constexpr (kStream)
        hwy::FlushStream();
}

// Non-temporal stores write whole 16-byte groups: only where the output row is aligned to them.
bool Streamable(bool stream, const float* y)
{
    return stream && reinterpret_cast<uintptr_t>(y) % 16 == 0;
}

void ApplyMapT(const float* x, float* y, int64_t n, const AffineMap& map, bool stream)
{
    using Loop = void (*)(const float*, float*, int64_t, const AffineMap&);
    static constexpr Loop loops[8] = { ApplyMapLoop<false, false, false>, ApplyMapLoop<false, false, true>,
        ApplyMapLoop<false, true, false>, ApplyMapLoop<false, true, true>, ApplyMapLoop<true, false, false>,
        ApplyMapLoop<true, false, true>, ApplyMapLoop<true, true, false>, ApplyMapLoop<true, true, true> };
    loops[(map.hasGamma ? 4 : 0) + (map.hasShift ? 2 : 0) + (Streamable(stream, y) ? 1 : 0)](x, y, n, map);
}

template <bool kGamma, bool kBeta, bool kStream>
void ElementwiseLoop(const float* x, float* y, int64_t n, double centerScalar, double invstdScalar, const float* gamma,
    const float* beta)
{
    const DD dd;
    const D4 d4;
    const VD center = hn::Set(dd, centerScalar);
    const VD invstd = hn::Set(dd, invstdScalar);
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        if (kStream && (i & 15) == 0) // as in ApplyMapLoop
            hwy::Prefetch(x + i + kAhead);
        VD v[kPerFour];
        VD g[kPerFour];
        VD b[kPerFour];
        Promote4(dd, hn::LoadU(d4, x + i), v);
        if constexpr (kGamma)
            Promote4(dd, hn::LoadU(d4, gamma + i), g);
        if constexpr (kBeta)
            Promote4(dd, hn::LoadU(d4, beta + i), b);
        for (size_t p = 0; p < kPerFour; ++p) {
            VD d = hn::Mul(hn::Sub(v[p], center), invstd);
            if constexpr (kGamma)
                d = hn::Mul(d, g[p]);
            v[p] = hn::Add(d, kBeta ? b[p] : hn::Zero(dd));
        }
        const V4 r = Demote4(dd, v);
        if constexpr (kStream)
            hn::Stream(r, d4, y + i);
        else
            hn::StoreU(r, d4, y + i);
    }
    plain::applyElementwise(
        x + i, y + i, n - i, centerScalar, invstdScalar, gamma ? gamma + i : nullptr, beta ? beta + i : nullptr);
    if constexpr (kStream)
        hwy::FlushStream();
}

void ApplyElementwiseT(const float* x, float* y, int64_t n, double center, double invstd, const float* gamma,
    const float* beta, bool stream)
{
    using Loop = void (*)(const float*, float*, int64_t, double, double, const float*, const float*);
    static constexpr Loop loops[8] = { ElementwiseLoop<false, false, false>, ElementwiseLoop<false, false, true>,
        ElementwiseLoop<false, true, false>, ElementwiseLoop<false, true, true>, ElementwiseLoop<true, false, false>,
        ElementwiseLoop<true, false, true>, ElementwiseLoop<true, true, false>, ElementwiseLoop<true, true, true> };
    const int which = (gamma ? 4 : 0) + (beta ? 2 : 0) + (Streamable(stream, y) ? 1 : 0);
    loops[which](x, y, n, center, invstd, gamma, beta);
}

// Bin indices of four values (spec.bins for the ones outside [lo, hi] or NaN), counted into
// four consecutive copies of the interleaved counters starting at `c`.
struct Binner {
    explicit Binner(const BinSpec& spec)
        : lo(hn::Set(DD(), spec.lo))
        , hi(hn::Set(DD(), spec.hi))
        , scale(hn::Set(DD(), spec.scale))
        , last(hn::Set(DD(), spec.bins - 1))
        , dummy(hn::Set(DD(), spec.bins))
    {
    }

    HWY_INLINE void add(const VD* v, uint32_t* c, int stride) const
    {
        const DD dd;
        const DI di;
        int32_t idx[4];
        for (size_t p = 0; p < kPerFour; ++p) {
            const auto inside = hn::And(v[p] >= lo, v[p] <= hi);
            const VD t = hn::Min(hn::Mul(hn::Sub(v[p], lo), scale), last);
            hn::StoreU(hn::DemoteTo(di, hn::IfThenElse(inside, t, dummy)), di, idx + p * kLanes);
        }
        (void)dd;
        ++c[idx[0]];
        ++c[stride + idx[1]];
        ++c[2 * stride + idx[2]];
        ++c[3 * stride + idx[3]];
    }

    VD lo, hi, scale, last, dummy;
};

void BinValuesT(const float* x, int64_t n, const BinSpec& spec, SubHistogram& hist)
{
    const DD dd;
    const D4 d4;
    const Binner binner(spec);
    uint32_t* c = hist.counters();
    const int stride = hist.stride();
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        if ((i & 15) == 0)
            hwy::Prefetch(x + i + kAhead);
        VD v[kPerFour];
        Promote4(dd, hn::LoadU(d4, x + i), v);
        binner.add(v, c + (i & 4) * stride, stride);
    }
    for (; i < n; ++i)
        ++c[(i & 7) * stride + plain::binOf(x[i], spec)];
}

// Bin indices for the fused pass, whose values lie within [lo, hi] by construction (the caller
// derives the range from the rows' extremes and a row's map is monotone): no range test, which
// cost a fifth of the pass and two registers the loop needs for its sums. Indices are clamped
// as unsigned, so even a value outside the range (or NaN) stays within the counters.
struct InsideBinner {
    using DU = hn::Rebind<uint32_t, DD>;

    explicit InsideBinner(const BinSpec& spec)
        : lo(hn::Set(DD(), spec.lo))
        , scale(hn::Set(DD(), spec.scale))
        , last(hn::Set(DU(), static_cast<uint32_t>(spec.bins - 1)))
    {
    }

    // The bin indices of four values.
    HWY_INLINE void indices(const VD* v, uint32_t* idx) const
    {
        const DU du;
        const DI di;
        for (size_t p = 0; p < kPerFour; ++p) {
            const auto t = hn::BitCast(du, hn::DemoteTo(di, hn::Mul(hn::Sub(v[p], lo), scale)));
            hn::StoreU(hn::Min(t, last), du, idx + p * kLanes);
        }
    }

    VD lo, scale;
    hn::Vec<DU> last;
};

// Values per chunk of the fused pass: 2 KB, read back from L1.
constexpr int64_t kMeasureChunk = 512;

template <bool kGamma, bool kShift, bool kStream>
ShiftedSums MeasureLoop(
    const float* x, float* y, int64_t n, const AffineMap& map, double K, const BinSpec& spec, SubHistogram& hist)
{
    const DD dd;
    const D4 d4;
    const VD center = hn::Set(dd, map.center);
    const VD scale = hn::Set(dd, map.scale);
    const VD gamma = hn::Set(dd, map.gamma);
    const VD shift = hn::Set(dd, map.shift);
    const VD k = hn::Set(dd, K);
    const InsideBinner binner(spec);
    uint32_t* c = hist.counters();
    const int stride = hist.stride();
    VD a1[kPerEight];
    VD a2[kPerEight];
    for (size_t j = 0; j < kPerEight; ++j)
        a1[j] = a2[j] = hn::Zero(dd);
    // Two loops over each chunk of values: one writes y, the next reads it back from L1 to add up
    // its moments and bin it. One loop doing all of it needs more registers than there are and
    // spills its sums; this way each keeps its constants in registers (20 % faster here).
    // Streamed outputs go through `staged`, as a non-temporal store leaves nothing to read back.
    HWY_ALIGN float staged[kMeasureChunk];
    int64_t i = 0;
    while (i + 8 <= n) {
        const int64_t begin = i;
        const int64_t end = begin + std::min(kMeasureChunk, (n - begin) & ~int64_t(7));
        float* out = kStream ? staged : y + begin; // y's values [begin, end) from out[0]
        for (int64_t j = begin; j < end; j += 4) {
            if (kStream && (j & 15) == 0) // as in ApplyMapLoop
                hwy::Prefetch(x + j + kAhead);
            VD v[kPerFour];
            Promote4(dd, hn::LoadU(d4, x + j), v);
            for (VD& d : v) {
                d = hn::Mul(hn::Sub(d, center), scale);
                if constexpr (kGamma)
                    d = hn::Mul(d, gamma);
                if constexpr (kShift)
                    d = hn::Add(d, shift);
            }
            hn::StoreU(Demote4(dd, v), d4, out + (j - begin));
        }
        for (; i < end; i += 8) {
            // Eight bin indices first, then their counters (value j of eight into copy j).
            uint32_t idx[8];
            for (size_t q = 0; q < 2; ++q) {
                const V4 r = hn::LoadU(d4, out + (i - begin) + 4 * q);
                if constexpr (kStream)
                    hn::Stream(r, d4, y + i + 4 * q);
                VD v[kPerFour];
                Promote4(dd, r, v); // the float results, exactly, in double
                for (size_t p = 0; p < kPerFour; ++p) {
                    const VD dev = hn::Sub(v[p], k);
                    a1[q * kPerFour + p] = hn::Add(a1[q * kPerFour + p], dev);
                    a2[q * kPerFour + p] = hn::Add(a2[q * kPerFour + p], hn::Mul(dev, dev));
                }
                binner.indices(v, idx + 4 * q);
            }
            for (int j = 0; j < 8; ++j)
                ++c[j * stride + idx[j]];
        }
    }
    ShiftedSums s;
    s.s1 = Combine8(a1);
    s.s2 = Combine8(a2);
    for (; i < n; ++i) {
        const float v = map(x[i]);
        y[i] = v;
        ++c[(i & 7) * stride + plain::binOf(v, spec)];
        const double dev = static_cast<double>(v) - K;
        s.s1 += dev;
        s.s2 += dev * dev;
    }
    if constexpr (kStream)
        hwy::FlushStream();
    return s;
}

ShiftedSums ApplyMeasureBinT(const float* x, float* y, int64_t n, const AffineMap& map, double K, const BinSpec& spec,
    SubHistogram& hist, bool stream)
{
    using Loop
        = ShiftedSums (*)(const float*, float*, int64_t, const AffineMap&, double, const BinSpec&, SubHistogram&);
    static constexpr Loop loops[8] = { MeasureLoop<false, false, false>, MeasureLoop<false, false, true>,
        MeasureLoop<false, true, false>, MeasureLoop<false, true, true>, MeasureLoop<true, false, false>,
        MeasureLoop<true, false, true>, MeasureLoop<true, true, false>, MeasureLoop<true, true, true> };
    return loops[(map.hasGamma ? 4 : 0) + (map.hasShift ? 2 : 0) + (Streamable(stream, y) ? 1 : 0)](
        x, y, n, map, K, spec, hist);
}

#endif // HWY_TARGET == HWY_SCALAR

} // namespace HWY_NAMESPACE
} // namespace normscope::kernels
HWY_AFTER_NAMESPACE();

#if HWY_ONCE

#include <hwy/targets.h>

namespace normscope::kernels {

HWY_EXPORT(BlockMomentsT);
HWY_EXPORT(BlockSumsT);
HWY_EXPORT(ApplyMapT);
HWY_EXPORT(ApplyElementwiseT);
HWY_EXPORT(BinValuesT);
HWY_EXPORT(ApplyMeasureBinT);

Moments blockMoments(const float* x, int64_t n)
{
    return HWY_DYNAMIC_DISPATCH(BlockMomentsT)(x, n);
}

Moments blockSums(const float* x, int64_t n)
{
    return HWY_DYNAMIC_DISPATCH(BlockSumsT)(x, n);
}

void applyMap(const float* x, float* y, int64_t n, const AffineMap& map, bool stream)
{
    HWY_DYNAMIC_DISPATCH(ApplyMapT)(x, y, n, map, stream);
}

void applyElementwise(const float* x, float* y, int64_t n, double center, double invstd, const float* gamma,
    const float* beta, bool stream)
{
    HWY_DYNAMIC_DISPATCH(ApplyElementwiseT)(x, y, n, center, invstd, gamma, beta, stream);
}

void binValues(const float* x, int64_t n, const BinSpec& spec, SubHistogram& hist)
{
    HWY_DYNAMIC_DISPATCH(BinValuesT)(x, n, spec, hist);
}

ShiftedSums applyMeasureBin(const float* x, float* y, int64_t n, const AffineMap& map, double K, const BinSpec& spec,
    SubHistogram& hist, bool stream)
{
    return HWY_DYNAMIC_DISPATCH(ApplyMeasureBinT)(x, y, n, map, K, spec, hist, stream);
}

namespace {

struct Named {
    const char* name;
    int64_t target;
};
constexpr Named kTargets[] = { { "AVX2", HWY_AVX2 }, { "SSE4", HWY_SSE4 }, { "SCALAR", HWY_SCALAR } };

// The compiled targets the CPU supports, as a mask.
int64_t usable()
{
    int64_t mask = 0;
    for (const Named& t : kTargets)
        if ((HWY_TARGETS & t.target) && (hwy::SupportedTargets() & t.target))
            mask |= t.target;
    return mask;
}

} // namespace

std::string simdTarget()
{
    // The dispatch picks the best compiled target among the supported ones (lowest bit wins).
    const int64_t mask = usable();
    for (const Named& t : kTargets)
        if (mask & t.target)
            return t.name;
    return "SCALAR";
}

std::vector<std::string> availableSimdTargets()
{
    std::vector<std::string> names;
    const int64_t mask = usable();
    for (const Named& t : kTargets)
        if (mask & t.target)
            names.emplace_back(t.name);
    return names;
}

bool limitSimd(const std::string& target)
{
    hwy::SetSupportedTargetsForTest(0); // back to what the CPU has
    if (target.empty())
        return true;
    for (const Named& t : kTargets) {
        if (target == t.name) {
            if (!(usable() & t.target))
                return false;
            // Everything at or below t (higher bits are worse targets) stays allowed.
            hwy::SetSupportedTargetsForTest(hwy::SupportedTargets() & ~(t.target - 1));
            return true;
        }
    }
    return false;
}

} // namespace normscope::kernels

#endif // HWY_ONCE
