// The row kernels (core/kernels) on every SIMD target this CPU supports, the plain C++ fallback
// included (what a CPU without AVX2 or SSE4 runs): each against a reference written here in long
// double or from the documented formula, and all targets against each other bit for bit. Lengths
// straddle the vector widths, the 8-value accumulator groups, the 8192-value blocks and the
// 262144-value segments; data has offsets 1e4 and 1e6, constant runs, NaN and infinities.
#include "analysis/pipeline.h"
#include "kernels/bufferpool.h"
#include "kernels/parallel.h"
#include "kernels/rowkernels.h"
#include "kernels/rows.h"
#include "testsupport.h"

#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace normscope;
using namespace normscope::kernels;

namespace {

const int64_t kLengths[] = { 0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 8191, 8192, 8193, 16385, 3 * 8192 + 5, kSegment + 3 };

std::vector<float> data(int64_t n, int kind, uint64_t seed)
{
    std::mt19937_64 random(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) {
        const double z = normal(random);
        switch (kind) {
        case 0:
            x = static_cast<float>(0.3 + 2.0 * z);
            break;
        case 1:
            x = static_cast<float>(1e4 + z);
            break;
        case 2:
            x = static_cast<float>(1e6 + 3.0 * z);
            break;
        case 3:
            x = 1000000.0625f; // constant
            break;
        default:
            x = static_cast<float>(500.0 + 1e-3 * z);
            break;
        }
    }
    return v;
}

bool sameBits(const void* a, const void* b, size_t bytes)
{
    // Empty vectors may hand out null pointers, which memcmp must not get even for 0 bytes.
    return bytes == 0 || std::memcmp(a, b, bytes) == 0;
}

// Runs body once per SIMD target available here, the best one first; restores dispatch after.
template <typename Body> void forEachTarget(Body body)
{
    for (const std::string& target : availableSimdTargets()) {
        QVERIFY(limitSimd(target));
        QCOMPARE(QString::fromStdString(simdTarget()), QString::fromStdString(target));
        body(target);
    }
    limitSimd("");
}

} // namespace

class TestRowKernels : public QObject {
    Q_OBJECT
private slots:
    void plainFallbackIsAlwaysThere();
    void momentsAgainstLongDouble();
    void momentsSkipNonFiniteExtremes();
    void sumsAreMomentsWithoutExtremes();
    void mergeIsChan();
    void mapAndElementwiseBitExact();
    void binsAgainstFormula();
    void fusedPassMatchesSeparateKernels();
    void snapshotSameOnEveryTarget();
    void tasksRunOnceAndCancel();
    void bufferPoolRecycles();
};

void TestRowKernels::plainFallbackIsAlwaysThere()
{
    const auto targets = availableSimdTargets();
    QVERIFY(!targets.empty());
    QCOMPARE(QString::fromStdString(targets.back()), QStringLiteral("SCALAR"));
    QVERIFY(!limitSimd("AVX512"));
    qInfo("SIMD targets here: %s", qPrintable(QString::fromStdString(targets.front())));
}

void TestRowKernels::momentsAgainstLongDouble()
{
    for (int kind = 0; kind < 5; ++kind) {
        for (int64_t n : kLengths) {
            if (n == 0)
                continue;
            // Start one float past an aligned boundary: loads are unaligned.
            std::vector<float> buffer = data(n + 1, kind, 10 + static_cast<uint64_t>(n));
            const float* x = buffer.data() + 1;
            long double sum = 0;
            for (int64_t i = 0; i < n; ++i)
                sum += x[i];
            const long double mean = sum / n;
            long double sq = 0;
            for (int64_t i = 0; i < n; ++i)
                sq += (x[i] - mean) * (x[i] - mean);
            const float lo = *std::min_element(x, x + n);
            const float hi = *std::max_element(x, x + n);
            Moments first;
            forEachTarget([&](const std::string& target) {
                const Moments m = rowMomentsOf(x, n);
                const QString where
                    = QStringLiteral("%1, kind %2, n %3").arg(QString::fromStdString(target)).arg(kind).arg(n);
                QVERIFY2(m.count == n && m.min == lo && m.max == hi && !m.nonFinite, qPrintable(where));
                const double std = std::sqrt(static_cast<double>(sq / n));
                // Within 1e-9 of the spread (the data's std), never of the magnitude (1e6).
                QVERIFY2(std::abs(m.mean() - static_cast<double>(mean)) <= 1e-9 * std,
                    qPrintable(where
                        + QStringLiteral(" mean %1 vs %2")
                              .arg(m.mean(), 0, 'g', 17)
                              .arg(static_cast<double>(mean), 0, 'g', 17)));
                if (sq == 0)
                    QVERIFY2(m.m2 == 0.0, qPrintable(where + QStringLiteral(" constant data must have m2 == 0")));
                else
                    QVERIFY2(std::abs(m.m2 - static_cast<double>(sq)) <= 1e-10 * static_cast<double>(sq),
                        qPrintable(where
                            + QStringLiteral(" m2 %1 vs %2")
                                  .arg(m.m2, 0, 'g', 17)
                                  .arg(static_cast<double>(sq), 0, 'g', 17)));
                if (target == availableSimdTargets().front())
                    first = m;
                else
                    QVERIFY2(m.sum == first.sum && m.m2 == first.m2,
                        qPrintable(where + QStringLiteral(": not the same bits as the best target")));
            });
        }
    }
}

void TestRowKernels::momentsSkipNonFiniteExtremes()
{
    const float inf = std::numeric_limits<float>::infinity();
    // With a NaN, and with an infinity alone (the sum is then infinite, not NaN).
    for (const bool nan : { true, false }) {
        for (int64_t n : { int64_t(5), int64_t(40), int64_t(9000) }) {
            std::vector<float> x = data(n, 0, 3);
            x[static_cast<size_t>(n / 2)] = inf;
            if (nan)
                x[static_cast<size_t>(n - 1)] = std::numeric_limits<float>::quiet_NaN();
            std::vector<float> finite;
            for (float v : x)
                if (std::isfinite(v))
                    finite.push_back(v);
            forEachTarget([&](const std::string& target) {
                const Moments m = momentsOf(x.data(), n);
                QVERIFY2(m.nonFinite, target.c_str());
                QCOMPARE(m.min, *std::min_element(finite.begin(), finite.end()));
                QCOMPARE(m.max, *std::max_element(finite.begin(), finite.end()));
                QVERIFY(nan ? std::isnan(m.sum) : std::isinf(m.sum));
                QVERIFY2(sumsOf(x.data(), n).nonFinite, target.c_str());
            });
        }
    }
}

void TestRowKernels::sumsAreMomentsWithoutExtremes()
{
    // What the norms use: momentsOf's count, sum, m2 and nonFinite, the same bits, on every target.
    for (int kind = 0; kind < 5; ++kind) {
        for (int64_t n : kLengths) {
            const std::vector<float> buffer = data(n + 1, kind, 40 + static_cast<uint64_t>(n));
            forEachTarget([&](const std::string& target) {
                const Moments m = momentsOf(buffer.data() + 1, n);
                const Moments s = sumsOf(buffer.data() + 1, n);
                const QString where
                    = QStringLiteral("%1 kind %2 n=%3").arg(QString::fromStdString(target)).arg(kind).arg(n);
                QVERIFY2(s.count == m.count && s.sum == m.sum && s.m2 == m.m2 && !s.nonFinite, qPrintable(where));
            });
        }
    }
}

void TestRowKernels::mergeIsChan()
{
    // Parts of 3, 5 and 4 values merged equal the moments of all 12.
    const std::vector<float> x { 1, 2, 3, 10, 11, 12, 13, 14, -4, -4, -3, 100 };
    const Moments parts[3] = { momentsOf(x.data(), 3), momentsOf(x.data() + 3, 5), momentsOf(x.data() + 8, 4) };
    const Moments all = mergeMoments(parts);
    double mean = 0;
    for (float v : x)
        mean += v;
    mean /= 12;
    double sq = 0;
    for (float v : x)
        sq += (v - mean) * (v - mean);
    QCOMPARE(all.count, int64_t(12));
    QCOMPARE(all.min, -4.0f);
    QCOMPARE(all.max, 100.0f);
    QVERIFY(std::abs(all.mean() - mean) < 1e-14);
    QVERIFY(std::abs(all.m2 - sq) < 1e-11);
    const int64_t which[2] = { 2, 0 };
    const Moments picked = mergeMoments(parts, which);
    QCOMPARE(picked.count, int64_t(7));
    QCOMPARE(picked.sum, parts[2].sum + parts[0].sum);
}

void TestRowKernels::mapAndElementwiseBitExact()
{
    for (int64_t n : kLengths) {
        std::vector<float> x = data(n + 3, 2, 5);
        x[0] = -0.0f;
        std::vector<float> gamma = data(n + 3, 0, 6);
        std::vector<float> beta = data(n + 3, 4, 7);
        const AffineMap maps[] = { { 1e6, 0.37, 0.0, false }, { 999999.5, -1.7, 2.25, true }, { 0.0, 3.0, 0.0, false },
            { 1e6, 0.3, -1.0, true, -1.75, true }, { 1e6, 0.3, 0.0, false, 2.5, true } };
        for (const AffineMap& map : maps) {
            std::vector<float> expected(static_cast<size_t>(n));
            for (int64_t i = 0; i < n; ++i) {
                double d = (static_cast<double>(x[static_cast<size_t>(i) + 1]) - map.center) * map.scale;
                if (map.hasGamma)
                    d = d * map.gamma;
                expected[static_cast<size_t>(i)] = static_cast<float>(map.hasShift ? d + map.shift : d);
            }
            forEachTarget([&](const std::string& target) {
                for (const bool stream : { false, true }) {
                    // The output starts on a 16-byte boundary or three floats past one.
                    for (const int offset : { 0, 3 }) {
                        std::vector<float> y(static_cast<size_t>(n + 8), 7.0f);
                        applyMap(x.data() + 1, y.data() + offset, n, map, stream);
                        QVERIFY2(sameBits(y.data() + offset, expected.data(), expected.size() * 4),
                            qPrintable(QStringLiteral("%1 n=%2 stream=%3")
                                           .arg(QString::fromStdString(target))
                                           .arg(n)
                                           .arg(stream)));
                        QCOMPARE(y[static_cast<size_t>(n + offset)], 7.0f); // nothing written past the end
                    }
                }
            });
        }
        // LayerNorm's elementwise form, with and without γ and β.
        for (int variant = 0; variant < 4; ++variant) {
            const float* g = variant & 1 ? gamma.data() + 2 : nullptr;
            const float* b = variant & 2 ? beta.data() + 2 : nullptr;
            std::vector<float> expected(static_cast<size_t>(n));
            for (int64_t i = 0; i < n; ++i) {
                double d = (static_cast<double>(x[static_cast<size_t>(i) + 1]) - 1e6) * 0.25;
                if (g)
                    d = d * static_cast<double>(g[i]);
                expected[static_cast<size_t>(i)] = static_cast<float>(d + (b ? static_cast<double>(b[i]) : 0.0));
            }
            forEachTarget([&](const std::string& target) {
                std::vector<float> y(static_cast<size_t>(n + 4));
                applyElementwise(x.data() + 1, y.data(), n, 1e6, 0.25, g, b, true);
                QVERIFY2(sameBits(y.data(), expected.data(), expected.size() * 4),
                    qPrintable(
                        QStringLiteral("%1 n=%2 variant %3").arg(QString::fromStdString(target)).arg(n).arg(variant)));
            });
        }
    }
}

void TestRowKernels::binsAgainstFormula()
{
    // 7 bins over [-1, 2.5]: values on every edge, both ends, outside, NaN and infinities.
    const BinSpec spec = BinSpec::over(-1.0, 2.5, 7);
    std::vector<float> x;
    for (int i = 0; i <= 7; ++i)
        x.push_back(static_cast<float>(-1.0 + 0.5 * i));
    for (float v : { -1.0001f, 2.5001f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
             -std::numeric_limits<float>::infinity(), 0.2f, 2.4999f })
        x.push_back(v);
    const std::vector<float> more = data(20011, 0, 9);
    x.insert(x.end(), more.begin(), more.end());
    // Edges at -1 + 0.5 k: a value on an edge opens the next bin, 2.5 closes the last one.
    std::vector<int64_t> expected(7, 0);
    for (float v : x) {
        if (!(v >= -1.0f && v <= 2.5f))
            continue;
        const auto bin = static_cast<int64_t>(std::floor((static_cast<double>(v) + 1.0) / 0.5));
        ++expected[static_cast<size_t>(std::min<int64_t>(bin, 6))];
    }
    forEachTarget([&](const std::string& target) {
        for (size_t start : { size_t(0), size_t(1), size_t(5) }) {
            SubHistogram sub(7);
            std::vector<int64_t> counts(7, 0);
            binValues(x.data(), static_cast<int64_t>(start), spec, sub);
            binValues(x.data() + start, static_cast<int64_t>(x.size() - start), spec, sub);
            sub.flushInto(counts);
            QVERIFY2(counts == expected, qPrintable(QString::fromStdString(target)));
        }
    });
}

void TestRowKernels::fusedPassMatchesSeparateKernels()
{
    for (int kind : { 0, 2, 3 }) {
        for (int64_t n : kLengths) {
            const std::vector<float> x = data(n + 1, kind, 21);
            const AffineMap map { 1e6, 0.8, -0.5, true, kind == 3 ? 1.0 : -1.25, kind != 0 };
            std::vector<float> yRef(static_cast<size_t>(n));
            applyMap(x.data() + 1, yRef.data(), n, map, false);
            // The fused pass bins values within the range its caller derives from the rows'
            // extremes (as histogramOver makes it): here the outputs' range, or wider by one.
            const auto [lo, hi] = std::minmax_element(yRef.begin(), yRef.end());
            const double pad = kind == 2 ? 1.0 : 0.0;
            const Histogram range = n ? histogramOver(*lo - pad, *hi + pad, 13) : histogramOver(-9.0, 4.0, 13);
            const BinSpec spec = BinSpec::over(range.lo, range.hi, 13);
            const double K = n ? static_cast<double>(yRef[static_cast<size_t>(n / 2)]) : 0.0;
            long double s1 = 0;
            long double s2 = 0;
            for (float v : yRef) {
                s1 += v - K;
                s2 += (v - K) * (v - K);
            }
            SubHistogram refSub(13);
            std::vector<int64_t> refCounts(13, 0);
            binValues(yRef.data(), n, spec, refSub);
            refSub.flushInto(refCounts);
            ShiftedSums first;
            forEachTarget([&](const std::string& target) {
                std::vector<float> y(static_cast<size_t>(n + 4));
                SubHistogram all(13);
                const ShiftedSums s = applyMeasureBin(x.data() + 1, y.data(), n, map, K, spec, all, n % 2 == 0);
                const QString where
                    = QStringLiteral("%1 kind %2 n=%3").arg(QString::fromStdString(target)).arg(kind).arg(n);
                QVERIFY2(sameBits(y.data(), yRef.data(), yRef.size() * 4), qPrintable(where));
                std::vector<int64_t> counts(13, 0);
                all.flushInto(counts);
                QVERIFY2(counts == refCounts, qPrintable(where));
                QVERIFY2(std::abs(s.s1 - static_cast<double>(s1))
                        <= 1e-9 * std::sqrt(static_cast<double>(s2) + 1e-300) + 1e-300,
                    qPrintable(where));
                QVERIFY2(
                    std::abs(s.s2 - static_cast<double>(s2)) <= 1e-12 * static_cast<double>(s2), qPrintable(where));
                if (target == availableSimdTargets().front())
                    first = s;
                else
                    QVERIFY2(s.s1 == first.s1 && s.s2 == first.s2,
                        qPrintable(where + QStringLiteral(": not the same bits")));
            });
        }
    }
}

void TestRowKernels::snapshotSameOnEveryTarget()
{
    // The whole live-update path, on each target: the same output, statistics and histograms.
    PipelineInput input;
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = { 5, 6, 31, 37, 4 };
    input.generator = spec;
    std::shared_ptr<const Snapshot> first;
    for (const NormKind kind : allNormKinds) {
        input.config = NormConfig::defaults(kind);
        input.config.groups = 3;
        input.config.affine = true;
        input.affine = { 1.5, 0.25, true, 4 };
        first.reset();
        forEachTarget([&](const std::string& target) {
            const auto snap = SnapshotPipeline().run(input, {}, 2);
            if (!first) {
                first = snap;
                return;
            }
            const QString where
                = QString::fromStdString(target) + QLatin1Char(' ') + QLatin1String(normKey(kind).data());
            QVERIFY2(snap->output->values() == first->output->values(), qPrintable(where));
            QVERIFY2(snap->outputStats.var == first->outputStats.var && snap->inputStats->var == first->inputStats->var,
                qPrintable(where));
            QVERIFY2(snap->histAfter.counts == first->histAfter.counts
                    && snap->histBefore.counts == first->histBefore.counts,
                qPrintable(where));
            QCOMPARE(snap->outputSummary.std, first->outputSummary.std);
        });
    }
}

void TestRowKernels::tasksRunOnceAndCancel()
{
    for (int threads = 1; threads <= 4; ++threads) {
        std::vector<std::atomic<int>> runs(1000);
        QVERIFY(parallelTasks(1000, threads, [&](int64_t t) { ++runs[static_cast<size_t>(t)]; }));
        for (const auto& r : runs)
            QCOMPARE(r.load(), 1);
        // Cancelled after 10 tasks: parallelTasks says so and most tasks never start.
        std::atomic<int> started { 0 };
        const bool finished = parallelTasks(
            100000, threads, [&](int64_t) { ++started; }, [&] { return started.load() >= 10; });
        QVERIFY(!finished);
        QVERIFY(started.load() < 1000);
        // An exception in a task reaches the caller.
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, parallelTasks(100, threads, [](int64_t t) {
            if (t == 57)
                throw std::runtime_error("task 57");
        }));
    }
}

void TestRowKernels::bufferPoolRecycles()
{
    auto pool = BufferPool::create(1);
    const Shape shape { 2, 3, 4, 5, 4 };
    const float* address = nullptr;
    {
        auto t = pool->take(shape);
        QCOMPARE(t->numel(), shape.numel());
        QCOMPARE(t->shape(), shape);
        address = t->data().data();
        t->data()[7] = 42.0f;
    }
    QCOMPARE(pool->idle(), size_t(1));
    auto again = pool->take(shape);
    QCOMPARE(again->data().data(), address); // the same memory, not a fresh allocation
    QCOMPARE(pool->allocations(), size_t(1));
    auto second = pool->take(shape); // the first is still held: a new one
    QCOMPARE(pool->allocations(), size_t(2));
    again.reset();
    second.reset();
    QCOMPARE(pool->idle(), size_t(1)); // keeps one, frees the other
    auto other = pool->take({ 1, 1, 2, 2, 4 }); // another size drops the idle buffer
    QCOMPARE(pool->idle(), size_t(0));
    pool.reset(); // a tensor may outlive its pool
    QCOMPARE(other->numel(), int64_t(4));
}

QTEST_APPLESS_MAIN(TestRowKernels)
#include "test_rowkernels.moc"
