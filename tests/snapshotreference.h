// The plain reference the threaded snapshot test compares with: statistics and histograms of
// the input and output written from the definitions, in double and long double, and the test
// cases (shapes whose sets straddle the kernels' chunk and block boundaries). Included by
// test_snapshot_threads.cpp only.
#pragma once

#include "analysis/pipeline.h"
#include "testsupport.h"
#include <QtTest>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <random>

using namespace normscope;

namespace {

// Statistics of the input: double sums of values offset by 1e6 keep means within ~2e-10 of the
// std. Statistics of the output (values near 0): within ~1e-14. A real bug (a row skipped, a
// set's rows mixed up, a float accumulator, moments of the rounded output left unshifted) moves
// them by 1e-8 or far more.
constexpr double kInput = 1e-9;
constexpr double kOutput = 1e-11;

enum class Data { Normal, Offset1e4, Offset1e6, Tiny };

struct Case {
    NormConfig config;
    Shape shape;
    Data data = Data::Normal;
    std::vector<std::pair<int64_t, float>> constantChannels;
    bool running = false; // give running statistics (eval reads them)
    int64_t selected = 0;
};

Tensor makeData(const Case& c, uint64_t seed)
{
    std::mt19937_64 random(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<float> v(static_cast<size_t>(c.shape.numel()));
    for (float& x : v) {
        const double z = normal(random);
        switch (c.data) {
        case Data::Normal:
            x = static_cast<float>(0.4 + 1.7 * z);
            break;
        case Data::Offset1e4:
            x = static_cast<float>(1e4 + z);
            break;
        case Data::Offset1e6:
            x = static_cast<float>(1e6 + 3.0 * z);
            break;
        case Data::Tiny:
            x = static_cast<float>(500.0 + 1e-3 * z);
            break;
        }
    }
    const int64_t hw = c.shape.hw();
    for (const auto& [channel, value] : c.constantChannels)
        for (int64_t n = 0; n < c.shape.n; ++n)
            std::fill_n(v.begin() + (n * c.shape.c + channel) * hw, hw, value);
    return Tensor(c.shape, std::move(v));
}

// ---- the plain reference ----

// LayerNorm and RMSNorm on (B, T, C) data take x as the user holds it, (B, T, C): how many of
// those trailing dimensions they normalize (normalized_shape; by default T and C).
bool tokenOrder(const NormConfig& config, const Shape& s)
{
    return s.layout == Layout::BTC && (config.kind == NormKind::Layer || config.kind == NormKind::Rms);
}
size_t btcDims(const NormConfig& config)
{
    return config.normalizedShape.empty() ? 2 : config.normalizedShape.size();
}

// Which set element (n, c, h, w) belongs to, from each norm's definition. (B, T, C) data is held
// as (B, C, T): w is the token t.
int64_t refSet(const NormConfig& config, const Shape& s, int64_t n, int64_t c, int64_t h, int64_t w)
{
    if (tokenOrder(config, s)) // one set per token over [C], per sample over [T, C], or one set
        return btcDims(config) == 1 ? n * s.w + w : btcDims(config) == 2 ? n : 0;
    switch (config.kind) {
    case NormKind::Batch:
        return c;
    case NormKind::Instance:
        return n * s.c + c;
    case NormKind::Group:
        return n * config.groups + c / (s.c / config.groups);
    case NormKind::Layer:
    case NormKind::Rms: // LayerNorm's sets
        switch (config.normalizedShape.empty() ? 3 : config.normalizedShape.size()) {
        case 1:
            return (n * s.c + c) * s.h + h;
        case 2:
            return n * s.c + c;
        case 3:
            return n;
        default:
            return 0;
        }
    }
    return 0;
}

int64_t refAffineIndex(const NormConfig& config, const Shape& s, int64_t flat)
{
    if (tokenOrder(config, s)) { // γ over the trailing dimensions of (B, T, C)
        const int64_t n = flat / (s.c * s.w);
        const int64_t c = (flat / s.w) % s.c;
        const int64_t t = flat % s.w;
        return btcDims(config) == 1 ? c : btcDims(config) == 2 ? t * s.c + c : (n * s.w + t) * s.c + c;
    }
    if (config.kind != NormKind::Layer && config.kind != NormKind::Rms)
        return (flat / s.hw()) % s.c;
    int64_t size = 1;
    const std::vector<int64_t> dims = s.dims();
    const size_t k = config.normalizedShape.empty() ? 3 : config.normalizedShape.size();
    for (size_t i = dims.size() - k; i < dims.size(); ++i)
        size *= dims[i];
    return flat % size;
}

struct Moments {
    int64_t count = 0;
    long double mean = 0;
    long double var = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
};

// Two-pass long-double moments of the values grouped by `groupOf(flat index)`.
template <typename GroupOf> std::vector<Moments> refMoments(std::span<const float> x, int64_t groups, GroupOf groupOf)
{
    std::vector<Moments> m(static_cast<size_t>(groups));
    std::vector<long double> sum(m.size(), 0.0L);
    for (size_t i = 0; i < x.size(); ++i) {
        Moments& g = m[static_cast<size_t>(groupOf(static_cast<int64_t>(i)))];
        ++g.count;
        sum[&g - m.data()] += x[i];
        g.min = std::min<double>(g.min, x[i]);
        g.max = std::max<double>(g.max, x[i]);
    }
    for (size_t g = 0; g < m.size(); ++g)
        m[g].mean = sum[g] / m[g].count;
    std::vector<long double> sq(m.size(), 0.0L);
    for (size_t i = 0; i < x.size(); ++i) {
        const auto g = static_cast<size_t>(groupOf(static_cast<int64_t>(i)));
        const long double d = x[i] - m[g].mean;
        sq[g] += d * d;
    }
    for (size_t g = 0; g < m.size(); ++g)
        m[g].var = sq[g] / m[g].count;
    return m;
}

struct Flat {
    Shape s;
    int64_t n(int64_t i) const { return i / (s.c * s.hw()); }
    int64_t c(int64_t i) const { return (i / s.hw()) % s.c; }
    int64_t h(int64_t i) const { return (i / s.w) % s.h; }
    int64_t w(int64_t i) const { return i % s.w; }
};

// Histogram over [lo, hi] as documented: bin = min(bins - 1, floor((v - lo) * bins / (hi - lo))),
// non-finite and out-of-range values skipped.
std::vector<int64_t> refCounts(std::span<const float> x, int bins, double lo, double hi)
{
    std::vector<int64_t> counts(static_cast<size_t>(bins), 0);
    const double scale = bins / (hi - lo);
    for (float v : x)
        if (std::isfinite(v) && v >= lo && v <= hi)
            ++counts[static_cast<size_t>(std::min<int64_t>(bins - 1, static_cast<int64_t>((v - lo) * scale)))];
    return counts;
}

std::pair<double, double> refEdges(std::span<const float> x)
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (float v : x)
        if (std::isfinite(v)) {
            lo = std::min<double>(lo, v);
            hi = std::max<double>(hi, v);
        }
    if (!(lo <= hi))
        return { 0.0, 1.0 };
    if (lo == hi)
        return { lo - 0.5, hi + 0.5 };
    return { lo, hi };
}

std::vector<float> valuesOfSet(std::span<const float> x, const std::vector<int64_t>& setIdx, int64_t set)
{
    std::vector<float> values;
    for (size_t i = 0; i < x.size(); ++i)
        if (setIdx[i] == set)
            values.push_back(x[i]);
    return values;
}

// ---- comparisons ----

bool nearMean(double got, long double mean, long double var, double tol)
{
    return std::abs(got - static_cast<double>(mean)) <= tol * std::sqrt(static_cast<double>(var))
        || (var == 0 && got == static_cast<double>(mean));
}

bool nearVar(double got, long double var, double tol)
{
    return var == 0 ? got == 0.0 : std::abs(got - static_cast<double>(var)) <= tol * static_cast<double>(var);
}

QString describe(const char* what, int64_t i, double got, long double expected)
{
    return QStringLiteral("%1 [%2]: got %3, reference %4")
        .arg(QLatin1String(what))
        .arg(i)
        .arg(got, 0, 'g', 17)
        .arg(static_cast<double>(expected), 0, 'g', 17);
}

// Per-set mean/var of `stats` against the reference moments; empty string when all match.
QString compareStats(const char* what, const SetStatistics& stats, const std::vector<Moments>& ref, double tol)
{
    if (stats.mean.size() != ref.size() || stats.var.size() != ref.size())
        return QStringLiteral("%1: %2 sets, reference %3")
            .arg(QLatin1String(what))
            .arg(stats.mean.size())
            .arg(ref.size());
    for (size_t s = 0; s < ref.size(); ++s) {
        if (!nearMean(stats.mean[s], ref[s].mean, ref[s].var, tol))
            return describe(what, static_cast<int64_t>(s), stats.mean[s], ref[s].mean) + QStringLiteral(" (mean)");
        if (!nearVar(stats.var[s], ref[s].var, tol))
            return describe(what, static_cast<int64_t>(s), stats.var[s], ref[s].var) + QStringLiteral(" (var)");
    }
    if (stats.setSize != ref.front().count)
        return QStringLiteral("%1: set size %2, reference %3")
            .arg(QLatin1String(what))
            .arg(stats.setSize)
            .arg(ref.front().count);
    return {};
}

QString compareSummary(const char* what, const Summary& got, const Moments& ref, double tol)
{
    if (got.count != ref.count || got.min != ref.min || got.max != ref.max)
        return QStringLiteral("%1: count/min/max %2/%3/%4, reference %5/%6/%7")
            .arg(QLatin1String(what))
            .arg(got.count)
            .arg(got.min, 0, 'g', 9)
            .arg(got.max, 0, 'g', 9)
            .arg(ref.count)
            .arg(ref.min, 0, 'g', 9)
            .arg(ref.max, 0, 'g', 9);
    if (!nearMean(got.mean, ref.mean, ref.var, tol))
        return describe(what, 0, got.mean, ref.mean) + QStringLiteral(" (mean)");
    const long double stdRef = std::sqrt(ref.var);
    if (!(ref.var == 0 ? got.std == 0.0 : std::abs(got.std - static_cast<double>(stdRef)) <= tol * stdRef))
        return describe(what, 0, got.std, stdRef) + QStringLiteral(" (std)");
    return {};
}

// The min/max over groups of their means and stds, as SetSpread reports them.
SetSpread refSpread(const std::vector<Moments>& m)
{
    SetSpread s;
    s.mean = { std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity() };
    s.std = s.mean;
    for (const Moments& g : m) {
        s.mean.min = std::min(s.mean.min, static_cast<double>(g.mean));
        s.mean.max = std::max(s.mean.max, static_cast<double>(g.mean));
        s.std.min = std::min(s.std.min, static_cast<double>(std::sqrt(g.var)));
        s.std.max = std::max(s.std.max, static_cast<double>(std::sqrt(g.var)));
    }
    return s;
}

QString compareSpread(const char* what, const SetSpread& got, const std::vector<Moments>& m, double tolerance)
{
    const SetSpread ref = refSpread(m);
    // Tolerance: relative to the largest std among the groups (the scale of the compared numbers).
    double scale = 0.0;
    for (const Moments& g : m)
        scale = std::max(scale, static_cast<double>(std::sqrt(g.var)));
    const double tol = tolerance * scale;
    const double pairs[4][2] = { { got.mean.min, ref.mean.min }, { got.mean.max, ref.mean.max },
        { got.std.min, ref.std.min }, { got.std.max, ref.std.max } };
    for (int i = 0; i < 4; ++i)
        if (!(std::abs(pairs[i][0] - pairs[i][1]) <= tol))
            return describe(what, i, pairs[i][0], pairs[i][1]) + QStringLiteral(" (0/1 mean min/max, 2/3 std min/max)");
    return {};
}

QString compareHistogram(
    const char* what, const Histogram& got, std::span<const float> values, double lo, double hi, int bins)
{
    if (got.lo != lo || got.hi != hi)
        return QStringLiteral("%1: edges [%2, %3], reference [%4, %5]")
            .arg(QLatin1String(what))
            .arg(got.lo, 0, 'g', 17)
            .arg(got.hi, 0, 'g', 17)
            .arg(lo, 0, 'g', 17)
            .arg(hi, 0, 'g', 17);
    const std::vector<int64_t> counts = refCounts(values, bins, lo, hi);
    if (got.counts != counts)
        for (size_t b = 0; b < counts.size() && b < got.counts.size(); ++b)
            if (got.counts[b] != counts[b])
                return QStringLiteral("%1: bin %2 holds %3, reference %4")
                    .arg(QLatin1String(what))
                    .arg(b)
                    .arg(got.counts[b])
                    .arg(counts[b]);
    if (got.counts.size() != counts.size())
        return QStringLiteral("%1: %2 bins, expected %3").arg(QLatin1String(what)).arg(got.counts.size()).arg(bins);
    int64_t total = 0;
    for (int64_t c : counts)
        total += c;
    if (got.total != total)
        return QStringLiteral("%1: total %2, reference %3").arg(QLatin1String(what)).arg(got.total).arg(total);
    return {};
}

bool bitIdentical(std::span<const float> a, std::span<const float> b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}

} // namespace
