// The explorer's snapshot: statistics of the selected set and of all sets, the cached path a
// slider move takes, and the running statistics eval mode reads.
#include "analysis/pipeline.h"
#include "norms/normerror.h"
#include "tensor/generators.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>

using namespace normscope;

class TestSnapshot : public QObject {
    Q_OBJECT
private slots:
    void setValuesByHand();
    void everySetBecomesStandard();
    void rmsNormKeepsTheMean();
    void affineShiftsAndScales();
    void cachedPathEqualsFullPath();
    void evalUsesRunningStatistics();
    void batchNormLeavesSamplesUnequal();
    void cancellation();
    void badConfigThrows();
};

static std::shared_ptr<const Tensor> tensor(GeneratorKind kind, Shape shape, uint64_t seed = 3)
{
    GeneratorSpec spec;
    spec.kind = kind;
    spec.shape = shape;
    spec.seed = seed;
    return std::make_shared<const Tensor>(generateTensor(spec));
}

void TestSnapshot::setValuesByHand()
{
    // 2x2x1x2 tensor 0..7: BN set c=1 is elements with c == 1: n=0 -> 2,3; n=1 -> 6,7.
    std::vector<float> v(8);
    for (int i = 0; i < 8; ++i)
        v[static_cast<size_t>(i)] = static_cast<float>(i);
    const Tensor t(Shape { 2, 2, 1, 2, 4 }, v);
    const ReductionGeometry bn(NormConfig::defaults(NormKind::Batch), t.shape());
    QCOMPARE(setValues(t, bn, 1), (std::vector<float> { 2, 3, 6, 7 }));
    const ReductionGeometry ln(NormConfig::defaults(NormKind::Layer), t.shape());
    QCOMPARE(setValues(t, ln, 1), (std::vector<float> { 4, 5, 6, 7 }));
}

namespace {

// The set of element (n, c, ·, ·) of a 4-D tensor straight from each norm's definition (LayerNorm
// over C, H, W; GroupNorm with `groups` groups), and each set's biased variance in double.
int64_t setByHand(NormKind kind, const Shape& s, int64_t groups, int64_t n, int64_t c)
{
    switch (kind) {
    case NormKind::Batch:
        return c;
    case NormKind::Layer:
    case NormKind::Rms:
        return n;
    case NormKind::Instance:
        return n * s.c + c;
    case NormKind::Group:
        return n * groups + c / (s.c / groups);
    }
    return -1;
}

std::vector<double> variancesByHand(const Tensor& t, NormKind kind, int64_t groups, int64_t sets)
{
    const Shape& s = t.shape();
    std::vector<double> sum(static_cast<size_t>(sets)), sq(static_cast<size_t>(sets)), count(static_cast<size_t>(sets));
    for (int pass = 0; pass < 2; ++pass)
        for (int64_t n = 0; n < s.n; ++n)
            for (int64_t c = 0; c < s.c; ++c)
                for (int64_t h = 0; h < s.h; ++h)
                    for (int64_t w = 0; w < s.w; ++w) {
                        const auto set = static_cast<size_t>(setByHand(kind, s, groups, n, c));
                        const double v = t.at(n, c, h, w);
                        if (pass == 0) {
                            sum[set] += v;
                            count[set] += 1;
                        } else {
                            const double d = v - sum[set] / count[set];
                            sq[set] += d * d;
                        }
                    }
    for (size_t i = 0; i < sq.size(); ++i)
        sq[i] /= count[i];
    return sq;
}

} // namespace

void TestSnapshot::everySetBecomesStandard()
{
    // (x - mean) / sqrt(var + eps): every set gets mean 0 and std sqrt(var / (var + eps)), var its
    // biased variance worked out here. The tolerance, 1e-7 of the std (float32's rounding of the
    // outputs is ~1e-8 of it), sees eps = 1e-5, which moves a std by eps / (2 var) >= 5e-7 here.
    for (NormKind kind : allNormKinds) {
        if (!subtractsMean(kind))
            continue; // RMSNorm: rmsNormKeepsTheMean
        for (double eps : { 1e-5, 0.5 }) {
            SnapshotRequest request;
            request.input = tensor(GeneratorKind::ChannelShift, { 4, 6, 8, 8, 4 });
            request.config = NormConfig::defaults(kind);
            request.config.groups = 3;
            request.config.eps = eps;
            request.selectedSet = 1;
            const auto snap = computeSnapshot(request);
            const std::vector<double> var = variancesByHand(*request.input, kind, 3, snap->geometry.setCount());
            std::vector<double> stds;
            for (double v : var)
                stds.push_back(std::sqrt(v / (v + eps)));
            const double selected = stds[1];
            const QString what = QStringLiteral("%1, eps %2: selected std %3, expected %4")
                                     .arg(QString::fromLatin1(normTitle(kind).data()))
                                     .arg(eps)
                                     .arg(snap->selectedAfter.std, 0, 'g', 10)
                                     .arg(selected, 0, 'g', 10);
            QVERIFY2(std::abs(snap->selectedAfter.std - selected) <= 1e-7 * selected, qPrintable(what));
            QVERIFY2(std::abs(snap->selectedAfter.mean) <= 1e-7 * selected, qPrintable(what));
            const auto [lo, hi] = std::minmax_element(stds.begin(), stds.end());
            QVERIFY2(std::abs(snap->spreadAfter.std.min - *lo) <= 1e-7 * *lo, qPrintable(what));
            QVERIFY2(std::abs(snap->spreadAfter.std.max - *hi) <= 1e-7 * *hi, qPrintable(what));
            QVERIFY(std::abs(snap->spreadAfter.mean.min) <= 1e-7 * *lo
                && std::abs(snap->spreadAfter.mean.max) <= 1e-7 * *lo);
            // Before: the input's own spread of per-set stds.
            const auto [vlo, vhi] = std::minmax_element(var.begin(), var.end());
            QVERIFY(std::abs(snap->spreadBefore.std.min - std::sqrt(*vlo)) <= 1e-7 * std::sqrt(*vlo));
            QVERIFY(std::abs(snap->spreadBefore.std.max - std::sqrt(*vhi)) <= 1e-7 * std::sqrt(*vhi));
            QCOMPARE(snap->histAfter.total, request.input->numel());
            QCOMPARE(snap->histAfterSelected.total, snap->geometry.setSize());
            QCOMPARE(snap->histAfterSelected.lo, snap->histAfter.lo);
        }
    }
}

void TestSnapshot::rmsNormKeepsTheMean()
{
    // RMSNorm over (C, H, W) on data with per-sample means: y = x / sqrt(ms + eps) with ms the
    // sample's mean square, worked out here. So each sample's root mean square becomes
    // sqrt(ms / (ms + eps)) and its mean mean / sqrt(ms + eps): not 0. The tolerance, 1e-7 of
    // the rms, sees eps = 1e-5 (it moves the rms by about eps / (2 ms) >= 1e-7 here).
    for (const bool epsNone : { true, false }) {
        SnapshotRequest request;
        request.input = tensor(GeneratorKind::SampleShift, { 4, 6, 8, 8, 4 });
        request.config = NormConfig::defaults(NormKind::Rms);
        if (!epsNone) {
            request.config.eps = 1e-5;
            request.config.epsNone = false;
        }
        const Tensor& x = *request.input;
        const auto snap = computeSnapshot(request);
        QCOMPARE(snap->geometry.setCount(), int64_t(4));
        const int64_t size = x.numel() / 4;
        std::vector<double> rmsAfter;
        for (int64_t n = 0; n < 4; ++n) {
            double sum = 0.0;
            double squares = 0.0;
            for (int64_t i = 0; i < size; ++i) {
                const double v = x.data()[static_cast<size_t>(n * size + i)];
                sum += v;
                squares += v * v;
            }
            const double ms = squares / static_cast<double>(size);
            const double mean = sum / static_cast<double>(size);
            const double eps = epsNone ? 1.1920928955078125e-07 : 1e-5;
            const double rms = std::sqrt(ms / (ms + eps));
            rmsAfter.push_back(rms);
            const auto i = static_cast<size_t>(n);
            QVERIFY2(std::abs(snap->outputStats.mean[i] - mean / std::sqrt(ms + eps)) <= 1e-7 * rms,
                qPrintable(QStringLiteral("sample %1: mean after %2, expected %3")
                               .arg(n)
                               .arg(snap->outputStats.mean[i])
                               .arg(mean / std::sqrt(ms + eps))));
            QVERIFY(std::abs(snap->outputStats.mean[i]) > 0.1); // the sample shift survives
            const double rmsGot
                = std::sqrt(snap->outputStats.var[i] + snap->outputStats.mean[i] * snap->outputStats.mean[i]);
            QVERIFY2(std::abs(rmsGot - rms) <= 1e-7 * rms,
                qPrintable(QStringLiteral("sample %1: rms after %2, expected %3")
                               .arg(n)
                               .arg(rmsGot, 0, 'g', 10)
                               .arg(rms, 0, 'g', 10)));
            // What it normalized with: mean 0 and the mean square in place of the variance.
            QCOMPARE(snap->usedStats.mean[i], 0.0);
            QVERIFY(std::abs(snap->usedStats.var[i] - ms) <= 1e-12 * ms);
        }
        const auto [lo, hi] = std::minmax_element(rmsAfter.begin(), rmsAfter.end());
        QVERIFY(std::abs(snap->spreadAfter.rms.min - *lo) <= 1e-7 * *lo);
        QVERIFY(std::abs(snap->spreadAfter.rms.max - *hi) <= 1e-7 * *hi);
        QVERIFY(snap->spreadAfter.mean.max - snap->spreadAfter.mean.min > 0.1);
    }
}

void TestSnapshot::affineShiftsAndScales()
{
    SnapshotPipeline pipeline;
    PipelineInput input;
    input.tensor = tensor(GeneratorKind::Normal, { 4, 6, 8, 8, 4 });
    input.config = NormConfig::defaults(NormKind::Group);
    input.config.groups = 2;
    input.affine.gamma = 2.0;
    input.affine.beta = -1.0;
    const auto snap = pipeline.run(input);
    // γ·sqrt(var / (var + eps)) and β, var by hand: eps's 5e-6 shows at a tolerance of 1e-7 · std.
    const double var = variancesByHand(*input.tensor, NormKind::Group, 2, 8)[0];
    const double unit = std::sqrt(var / (var + 1e-5));
    QVERIFY(std::abs(snap->selectedAfter.mean + 1.0) <= 1e-7 * 2.0 * unit);
    QVERIFY2(std::abs(snap->selectedAfter.std - 2.0 * unit) <= 1e-7 * 2.0 * unit,
        qPrintable(
            QStringLiteral("std %1, expected %2").arg(snap->selectedAfter.std, 0, 'g', 10).arg(2 * unit, 0, 'g', 10)));
    // affine off ignores the sliders
    input.config.affine = false;
    QVERIFY(std::abs(pipeline.run(input)->selectedAfter.std - unit) <= 1e-7 * unit);
}

void TestSnapshot::cachedPathEqualsFullPath()
{
    SnapshotPipeline cached;
    PipelineInput input;
    input.generator = GeneratorSpec {};
    input.generator->shape = { 3, 4, 5, 6, 4 };
    input.config = NormConfig::defaults(NormKind::Instance);
    cached.run(input);
    input.config.eps = 0.5; // eps changes reuse the cached input statistics
    input.selectedSet = 5;
    const auto viaCache = cached.run(input);
    const auto fresh = SnapshotPipeline().run(input);
    QCOMPARE(viaCache->output->values(), fresh->output->values());
    QCOMPARE(viaCache->selectedAfter.std, fresh->selectedAfter.std);
    // A different geometry must not reuse them: another norm, another number of groups, another
    // LayerNorm shape (each has other sets).
    input.config = NormConfig::defaults(NormKind::Batch);
    const auto bn = cached.run(input);
    QCOMPARE(bn->inputStats->mean.size(), size_t(4));
    input.config = NormConfig::defaults(NormKind::Group);
    input.config.groups = 2;
    cached.run(input);
    input.config.groups = 4;
    QCOMPARE(cached.run(input)->inputStats->mean, SnapshotPipeline().run(input)->inputStats->mean);
    input.config = NormConfig::defaults(NormKind::Layer);
    input.config.normalizedShape = { 5, 6 };
    cached.run(input);
    input.config.normalizedShape = { 6 };
    QCOMPARE(cached.run(input)->inputStats->mean, SnapshotPipeline().run(input)->inputStats->mean);
}

void TestSnapshot::evalUsesRunningStatistics()
{
    PipelineInput input;
    input.tensor = tensor(GeneratorKind::Normal, { 2, 3, 2, 2, 4 });
    input.config = NormConfig::defaults(NormKind::Batch);
    input.config.training = false;
    input.running.runningMean = { 1.0f, 2.0f, 3.0f };
    input.running.runningVar = { 4.0f, 4.0f, 4.0f };
    const auto snap = SnapshotPipeline().run(input);
    // y = (x - rm[c]) / sqrt(rv[c] + eps), every element. (QCOMPARE's relative 1e-5 on one value
    // could not see eps: it moves y by 1.25e-6 of itself here.)
    const Tensor& x = *input.tensor;
    std::vector<float> expected;
    for (int64_t n = 0; n < 2; ++n)
        for (int64_t c = 0; c < 3; ++c)
            for (int64_t i = 0; i < 4; ++i)
                expected.push_back(static_cast<float>((x.at(n, c, i / 2, i % 2) - (c + 1.0)) / std::sqrt(4.0 + 1e-5)));
    NS_COMPARE_CLOSE(snap->output->data(), std::span<const float>(expected));
    // The running statistics are read, not updated, by a snapshot.
    QCOMPARE(snap->params.runningMean, input.running.runningMean);
}

void TestSnapshot::batchNormLeavesSamplesUnequal()
{
    SnapshotRequest request;
    request.input = tensor(GeneratorKind::SampleShift, { 6, 4, 8, 8, 4 });
    request.config = NormConfig::defaults(NormKind::Batch);
    const auto snap = computeSnapshot(request);
    // Per channel: standard. Per sample: still shifted, as BN does not look at samples alone.
    QVERIFY(snap->perChannelAfter.mean.max - snap->perChannelAfter.mean.min < 1e-5);
    QVERIFY(snap->perSampleAfter.mean.max - snap->perSampleAfter.mean.min > 0.5);
}

void TestSnapshot::cancellation()
{
    SnapshotRequest request;
    request.input = tensor(GeneratorKind::Normal, { 2, 3, 4, 4, 4 });
    request.cancelled = [] { return true; };
    QVERIFY_THROWS_EXCEPTION(SnapshotCancelled, computeSnapshot(request));
}

void TestSnapshot::badConfigThrows()
{
    SnapshotRequest request;
    request.input = tensor(GeneratorKind::Normal, { 2, 6, 4, 4, 4 });
    request.config = NormConfig::defaults(NormKind::Group);
    request.config.groups = 4;
    QVERIFY_THROWS_EXCEPTION(NormError, computeSnapshot(request));
}

QTEST_APPLESS_MAIN(TestSnapshot)
#include "test_snapshot.moc"
