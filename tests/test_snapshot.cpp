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

void TestSnapshot::everySetBecomesStandard()
{
    for (NormKind kind : allNormKinds) {
        SnapshotRequest request;
        request.input = tensor(GeneratorKind::ChannelShift, { 4, 6, 8, 8, 4 });
        request.config = NormConfig::defaults(kind);
        request.config.groups = 3;
        request.selectedSet = 1;
        const auto snap = computeSnapshot(request);
        // (x - mean) / sqrt(var + eps): mean 0, std sqrt(var / (var + eps)) ≈ 1 for var >> eps.
        QVERIFY(std::abs(snap->selectedAfter.mean) < 1e-5);
        QVERIFY(std::abs(snap->selectedAfter.std - 1.0) < 1e-4);
        QVERIFY(std::abs(snap->spreadAfter.mean.min) < 1e-5 && std::abs(snap->spreadAfter.mean.max) < 1e-5);
        QVERIFY(std::abs(snap->spreadAfter.std.min - 1.0) < 1e-4 && std::abs(snap->spreadAfter.std.max - 1.0) < 1e-4);
        QCOMPARE(snap->histAfter.total, request.input->numel());
        QCOMPARE(snap->histAfterSelected.total, snap->geometry.setSize());
        QCOMPARE(snap->histAfterSelected.lo, snap->histAfter.lo);
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
    QVERIFY(std::abs(snap->selectedAfter.mean + 1.0) < 1e-5);
    QVERIFY(std::abs(snap->selectedAfter.std - 2.0) < 2e-4);
    // affine off ignores the sliders
    input.config.affine = false;
    QVERIFY(std::abs(pipeline.run(input)->selectedAfter.std - 1.0) < 1e-4);
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
    // A different geometry must not reuse them.
    input.config = NormConfig::defaults(NormKind::Batch);
    const auto bn = cached.run(input);
    QCOMPARE(bn->inputStats->mean.size(), size_t(4));
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
    // y = (x - rm[c]) / sqrt(rv[c] + eps)
    const Tensor& x = *input.tensor;
    const float expected = static_cast<float>((x.at(1, 2, 1, 0) - 3.0) / std::sqrt(4.0 + 1e-5));
    QCOMPARE(snap->output->at(1, 2, 1, 0), expected);
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
