// The live-update path on tensors big enough for threads (130k to 2.2M values), against a plain
// long-double reference written here from the norms' definitions (not from ReductionGeometry):
// the output, every statistic and every histogram of the snapshot, for 1 to 4 threads, first run
// and the cached run a slider move takes. Shapes make sets straddle thread chunks and 8192-value
// blocks (prime H·W, N·C not divisible by the thread count, sets of 2 and 3 values, one set over
// the whole tensor); data has offsets 1e4 and 1e6, constant sets and a tiny spread.
//
// Tolerances are scaled to spread: a set's mean within `tol` of its std, a variance within `tol`
// of itself, constant sets exactly (mean exact, variance exactly 0: eps = 0 depends on it), an
// output within one float32 ulp (its single rounding) plus kInput of the output's std; histogram
// counts, edges, minima and maxima exactly. Results must not depend on the thread count.
#include "analysis/pipeline.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <random>

using namespace normscope;

#include "snapshotreference.h"

Q_DECLARE_METATYPE(Case)

// QFAIL with the comparison's explanation (a macro: QFAIL returns from the test function).
#define CHECK(problem)                                                                                                 \
    do {                                                                                                               \
        const QString nsProblem = (problem);                                                                           \
        if (!nsProblem.isEmpty())                                                                                      \
            QFAIL(qPrintable(where + nsProblem));                                                                      \
    } while (false)

class TestSnapshotThreads : public QObject {
    Q_OBJECT
private slots:
    void matchesReference_data();
    void matchesReference();
};

void TestSnapshotThreads::matchesReference_data()
{
    QTest::addColumn<Case>("c");
    const auto config = [](NormKind kind) { return NormConfig::defaults(kind); };
    const auto row = [](const char* name, Case c) { QTest::newRow(name) << c; };

    row("bn_issue_shape", { config(NormKind::Batch), { 8, 16, 32, 32, 4 }, Data::Normal, {}, false, 5 });
    // H·W = 8191 (prime, one under a block), N·C = 35; the selected set is a constant near 1e6.
    row("bn_prime_hw_1e6",
        { config(NormKind::Batch), { 5, 7, 1, 8191, 4 }, Data::Offset1e6, { { 3, 1000000.0625f } }, false, 3 });
    {
        Case c { config(NormKind::Batch), { 3, 11, 1, 65537, 4 }, Data::Offset1e4, {}, true, 10 };
        c.config.training = false;
        row("bn_eval_running_2m", c);
    }
    {
        // eps = 0 on a constant channel: BatchNorm's output there is exactly β.
        Case c { config(NormKind::Batch), { 5, 9, 53, 59, 4 }, Data::Offset1e4, { { 4, -7.25f } }, false, 4 };
        c.config.eps = 0.0;
        row("bn_eps0_constant", c);
    }
    row("ln_chw_1e6", { config(NormKind::Layer), { 7, 3, 149, 151, 4 }, Data::Offset1e6, {}, false, 6 });
    {
        Case c { config(NormKind::Layer), { 4096, 13, 1, 3, 4 }, Data::Normal, {}, false, 26000 };
        c.config.normalizedShape = { 3 };
        row("ln_sets_of_3", c);
    }
    {
        Case c { config(NormKind::Layer), { 3, 5, 211, 223, 4 }, Data::Offset1e4, {}, false, 0 };
        c.config.normalizedShape = { 3, 5, 211, 223 };
        row("ln_one_set", c);
    }
    {
        Case c { config(NormKind::Layer), { 5, 9, 89, 97, 4 }, Data::Tiny, { { 8, 500.0f } }, false, 44 };
        c.config.normalizedShape = { 89, 97 };
        row("ln_hw_tiny_constant", c);
    }
    {
        // Rows of W within planes of H·W: per-sample and per-channel groups span several rows.
        Case c { config(NormKind::Layer), { 10, 7, 37, 41, 4 }, Data::Offset1e4, {}, false, 1000 };
        c.config.normalizedShape = { 41 };
        row("ln_w_rows_in_planes", c);
    }
    {
        // Rows of 300007 values, longer than a 262144-value segment, with γ and β per element.
        Case c { config(NormKind::Layer), { 2, 2, 1, 300007, 4 }, Data::Offset1e6, {}, false, 1 };
        c.config.normalizedShape = { 2, 1, 300007 };
        row("ln_long_rows", c);
    }
    {
        Case c { config(NormKind::Instance), { 6, 7, 127, 131, 4 }, Data::Tiny, {}, false, 41 };
        c.config.affine = true;
        row("in_tiny_affine", c);
    }
    {
        Case c { config(NormKind::Instance), { 1, 2, 1, 524309, 4 }, Data::Normal, {}, false, 1 };
        c.config.affine = true;
        row("in_long_rows", c);
    }
    row("in_sets_of_2", { config(NormKind::Instance), { 6000, 11, 1, 2, 4 }, Data::Normal, {}, false, 33001 });
    {
        Case c { config(NormKind::Instance), { 2, 13, 181, 191, 4 }, Data::Offset1e4, { { 5, 3.0f } }, true, 18 };
        c.config.trackRunningStats = true;
        c.config.training = false;
        row("in_eval_running", c);
    }
    {
        // Group 1 (channels 2, 3) is constant; every set is two rows that thread chunks cut through.
        Case c { config(NormKind::Group), { 7, 10, 83, 89, 4 }, Data::Offset1e4, { { 2, 1e4f }, { 3, 1e4f } }, false,
            16 };
        c.config.groups = 5;
        row("gn_straddle_constant_group", c);
    }
    {
        Case c { config(NormKind::Group), { 3, 23, 1, 8209, 4 }, Data::Offset1e6, { { 22, 1000000.0625f } }, false,
            68 };
        c.config.groups = 23;
        row("gn_g_eq_c_prime_hw", c);
    }
    // RMSNorm, and (B, T, C) data held as (B, C, T): LayerNorm and RMSNorm see its tokens, which
    // the kernels gather in tiles of about 65536 values (85 tokens of C = 769; T = 211 cuts the
    // last tile short; C = 70001 makes tiles of one token).
    row("rms_chw_1e4", { config(NormKind::Rms), { 7, 3, 149, 151, 4 }, Data::Offset1e4, {}, false, 5 });
    {
        Case c { config(NormKind::Rms), { 2, 2, 1, 300007, 3 }, Data::Normal, {}, false, 2 };
        c.config.normalizedShape = { 300007 };
        c.config.eps = 1e-5;
        c.config.epsNone = false;
        row("rms_long_rows", c);
    }
    {
        Case c { config(NormKind::Rms), { 3, 769, 1, 211, 3, Layout::BTC }, Data::Normal, {}, false, 300 };
        c.config.normalizedShape = { 769 };
        row("rms_btc_tokens", c);
    }
    {
        Case c { config(NormKind::Rms), { 2, 70001, 1, 3, 3, Layout::BTC }, Data::Offset1e4, {}, false, 4 };
        c.config.normalizedShape = { 70001 };
        row("rms_btc_token_tiles_of_one", c);
    }
    {
        Case c { config(NormKind::Rms), { 3, 130, 1, 1031, 3, Layout::BTC }, Data::Tiny, { { 7, 500.0f } }, false, 1 };
        row("rms_btc_per_sample_constant_feature", c);
    }
    {
        Case c { config(NormKind::Layer), { 4, 96, 1, 1031, 3, Layout::BTC }, Data::Offset1e6, {}, false, 2000 };
        c.config.normalizedShape = { 96 };
        row("ln_btc_tokens_1e6", c);
    }
    {
        Case c { config(NormKind::Layer), { 3, 769, 1, 211, 3, Layout::BTC }, Data::Normal, {}, false, 0 };
        c.config.normalizedShape = { 3, 211, 769 };
        row("ln_btc_one_set", c);
    }
    row("bn_btc", { config(NormKind::Batch), { 8, 24, 1, 2053, 3, Layout::BTC }, Data::Offset1e4, {}, false, 7 });
    {
        Case c { config(NormKind::Group), { 4, 48, 1, 1031, 3, Layout::BTC }, Data::Normal, {}, false, 9 };
        c.config.groups = 6;
        row("gn_btc", c);
    }
}

void TestSnapshotThreads::matchesReference()
{
    QFETCH(Case, c);
    const auto tensor = std::make_shared<const Tensor>(makeData(c, 77));
    const Shape& s = c.shape;
    const Flat f { s };
    const NormConfig& config = c.config;

    PipelineInput input;
    input.tensor = tensor;
    input.config = config;
    input.affine = { 1.3, -0.4, true, 11 };
    input.selectedSet = c.selected;
    input.bins = 61;
    if (c.running) {
        const double offset = c.data == Data::Offset1e4 ? 1e4 : c.data == Data::Offset1e6 ? 1e6 : 0.0;
        for (int64_t ch = 0; ch < s.c; ++ch) {
            input.running.runningMean.push_back(static_cast<float>(offset + 0.1 * static_cast<double>(ch)));
            input.running.runningVar.push_back(static_cast<float>(0.5 + 0.07 * static_cast<double>(ch)));
        }
    }

    // Input-side reference: per-set moments, summaries, histogram.
    std::vector<int64_t> setIdx(static_cast<size_t>(tensor->numel()));
    for (int64_t i = 0; i < tensor->numel(); ++i)
        setIdx[static_cast<size_t>(i)] = refSet(config, s, f.n(i), f.c(i), f.h(i), f.w(i));
    const auto setOf = [&](int64_t i) { return setIdx[static_cast<size_t>(i)]; };
    const int64_t sets = *std::max_element(setIdx.begin(), setIdx.end()) + 1;
    const std::vector<Moments> inSets = refMoments(tensor->data(), sets, setOf);
    const Moments inAll = refMoments(tensor->data(), 1, [](int64_t) { return 0; })[0];
    const std::vector<float> inSelected = valuesOfSet(tensor->data(), setIdx, c.selected);
    const Moments inSel = refMoments(inSelected, 1, [](int64_t) { return 0; })[0];
    const auto [inLo, inHi] = refEdges(tensor->data());
    int64_t zeroVar = 0;
    for (const Moments& m : inSets)
        zeroVar += m.var == 0 ? 1 : 0;

    // What the output should be, per γ (from the definition), and the reference statistics of
    // the first output computed for that γ; later thread counts must reproduce that output bit
    // for bit, so the same reference applies to them.
    struct OutputRef {
        std::vector<long double> y;
        double spread = 0.0;
        int64_t nonFinite = 0;
        std::shared_ptr<const Tensor> output; // the first snapshot's output for this γ
        std::vector<Moments> sets, samples, channels;
        Moments all, selected;
        std::vector<float> selectedValues;
        double lo = 0.0, hi = 1.0;
    };
    std::map<double, OutputRef> refs;
    std::shared_ptr<const Snapshot> first;
    for (int threads = 1; threads <= 4; ++threads) {
        SnapshotPipeline pipeline;
        // The second run takes the cached path of a slider move, with one negative γ for all
        // (the first draws γ and β per channel, or per element for LayerNorm).
        for (const double gamma : { 1.3, -0.7 }) {
            input.affine.gamma = gamma;
            input.affine.perChannel = gamma > 0;
            const auto snap = pipeline.run(input, {}, threads);
            const QString where = QStringLiteral("threads %1, gamma %2: ").arg(threads).arg(gamma);

            CHECK(compareStats("input statistics", *snap->inputStats, inSets, kInput));
            CHECK(compareSummary("input summary", snap->inputSummary, inAll, kInput));
            CHECK(compareSummary("selected set before", snap->selectedBefore, inSel, kInput));
            CHECK(compareSpread("spread before", snap->spreadBefore, inSets, kInput));
            CHECK(compareHistogram("histogram before", snap->histBefore, tensor->data(), inLo, inHi, input.bins));
            CHECK(compareHistogram(
                "selected histogram before", snap->histBeforeSelected, inSelected, inLo, inHi, input.bins));
            QCOMPARE(snap->zeroVarianceSets, zeroVar);

            OutputRef& r = refs[gamma];
            if (r.y.empty()) {
                // (x - mean) / sqrt(var + eps) * γ + β, with the batch statistics or (eval with
                // running statistics) the running ones; BatchNorm and InstanceNorm use 1/std = 0
                // for var = eps = 0 on batch statistics, as PyTorch does.
                const std::vector<float>& gammas = snap->params.weight;
                const std::vector<float>& betas = snap->params.bias;
                QVERIFY(!gammas.empty() || !config.affine);
                const bool batchStats = config.training || !config.hasRunningStats();
                const bool batchKernel = config.kind == NormKind::Batch || config.kind == NormKind::Instance;
                r.y.resize(static_cast<size_t>(tensor->numel()));
                std::vector<char> setNonFinite(static_cast<size_t>(sets), 0);
                long double sum = 0;
                for (int64_t i = 0; i < tensor->numel(); ++i) {
                    const int64_t set = setIdx[static_cast<size_t>(i)];
                    long double mean = inSets[static_cast<size_t>(set)].mean;
                    long double var = inSets[static_cast<size_t>(set)].var;
                    if (config.kind == NormKind::Rms) { // x / sqrt(mean(x²) + eps): nothing subtracted
                        var += mean * mean;
                        mean = 0;
                    }
                    if (!batchStats) {
                        mean = input.running.runningMean[static_cast<size_t>(f.c(i))];
                        var = input.running.runningVar[static_cast<size_t>(f.c(i))];
                    }
                    long double invstd = 1.0L / std::sqrt(var + static_cast<long double>(config.eps));
                    if (batchKernel && batchStats && var == 0 && config.eps == 0.0)
                        invstd = 0;
                    const int64_t a = refAffineIndex(config, s, i);
                    const long double g = config.affine && !gammas.empty() ? gammas[static_cast<size_t>(a)] : 1.0f;
                    const long double b = config.affine && !betas.empty() ? betas[static_cast<size_t>(a)] : 0.0f;
                    r.y[static_cast<size_t>(i)] = (tensor->data()[static_cast<size_t>(i)] - mean) * invstd * g + b;
                    sum += r.y[static_cast<size_t>(i)];
                    if (!std::isfinite(static_cast<double>(invstd)) && !setNonFinite[static_cast<size_t>(set)]) {
                        setNonFinite[static_cast<size_t>(set)] = 1;
                        ++r.nonFinite;
                    }
                }
                long double sq = 0;
                for (long double v : r.y)
                    sq += (v - sum / r.y.size()) * (v - sum / r.y.size());
                r.spread = std::sqrt(static_cast<double>(sq / r.y.size()));
            }
            QCOMPARE(snap->nonFiniteSets, r.nonFinite);
            const std::span<const float> out = snap->output->data();
            QCOMPARE(static_cast<int64_t>(out.size()), tensor->numel());
            for (size_t i = 0; i < out.size(); ++i) {
                const auto expected = static_cast<float>(r.y[i]);
                const double ulp
                    = std::nextafter(std::abs(expected), std::numeric_limits<float>::infinity()) - std::abs(expected);
                if (!(std::abs(out[i] - static_cast<double>(r.y[i])) <= ulp + kInput * r.spread))
                    QFAIL(qPrintable(where + describe("output", static_cast<int64_t>(i), out[i], r.y[i])));
            }

            // Output-side statistics and histograms, of the output the snapshot holds.
            if (!r.output) {
                r.output = snap->output;
                r.sets = refMoments(out, sets, setOf);
                r.all = refMoments(out, 1, [](int64_t) { return 0; })[0];
                r.selectedValues = valuesOfSet(out, setIdx, c.selected);
                r.selected = refMoments(r.selectedValues, 1, [](int64_t) { return 0; })[0];
                r.samples = refMoments(out, s.n, [&](int64_t i) { return f.n(i); });
                r.channels = refMoments(out, s.c, [&](int64_t i) { return f.c(i); });
                std::tie(r.lo, r.hi) = refEdges(out);
            }
            // Whatever the number of threads, the same bits.
            QVERIFY2(bitIdentical(out, r.output->data()),
                qPrintable(where + QStringLiteral("the output differs from the one with 1 thread")));
            CHECK(compareStats("output statistics", snap->outputStats, r.sets, kOutput));
            CHECK(compareSummary("output summary", snap->outputSummary, r.all, kOutput));
            CHECK(compareSummary("selected set after", snap->selectedAfter, r.selected, kOutput));
            CHECK(compareSpread("spread after", snap->spreadAfter, r.sets, kOutput));
            CHECK(compareSpread("per-sample after", snap->perSampleAfter, r.samples, kOutput));
            CHECK(compareSpread("per-channel after", snap->perChannelAfter, r.channels, kOutput));
            CHECK(compareHistogram("histogram after", snap->histAfter, out, r.lo, r.hi, input.bins));
            CHECK(compareHistogram(
                "selected histogram after", snap->histAfterSelected, r.selectedValues, r.lo, r.hi, input.bins));
            if (!first)
                first = snap;
            if (gamma == 1.3)
                QVERIFY2(snap->outputStats.mean == first->outputStats.mean
                        && snap->outputStats.var == first->outputStats.var
                        && snap->inputStats->mean == first->inputStats->mean
                        && snap->inputStats->var == first->inputStats->var,
                    qPrintable(where + QStringLiteral("statistics differ from the ones with 1 thread")));
        }
    }
}

QTEST_APPLESS_MAIN(TestSnapshotThreads)
#include "test_snapshot_threads.moc"
