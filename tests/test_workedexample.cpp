// The worked example of one value, against numbers derived by hand: the set's mean and biased
// variance in training, the running statistics in eval, γ and β of the element's channel (or
// position, under LayerNorm), and y equal to what the layer returned. PyTorch's numbers for the
// same steps are checked in tests/cli/test_explain.py.
#include "analysis/workedexample.h"
#include "norms/normerror.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>

using namespace normscope;

class TestWorkedExample : public QObject {
    Q_OBJECT
private slots:
    void batchNormTraining();
    void batchNormEvalUsesRunningStatistics();
    void layerNormTakesPositionalAffine();
    void rmsNormPerToken();
    void outsideIsAnError();
};

namespace {

std::shared_ptr<const Snapshot> snapshotOf(const Tensor& x, const NormConfig& config, const NormParams& params)
{
    SnapshotRequest request;
    request.input = std::make_shared<const Tensor>(x);
    request.config = config;
    request.params = params;
    return computeSnapshot(request);
}

} // namespace

void TestWorkedExample::batchNormTraining()
{
    // (2, 1, 1, 2) = [1, 3 | 5, 7]: one channel, mean 4, biased variance (9 + 1 + 1 + 9) / 4 = 5.
    const Tensor x(Shape { 2, 1, 1, 2, 4 }, std::vector<float> { 1, 3, 5, 7 });
    NormConfig config = NormConfig::defaults(NormKind::Batch);
    NormParams params;
    params.weight = { 2.0f };
    params.bias = { 0.5f };
    const auto snap = snapshotOf(x, config, params);
    const WorkedExample e = workedExample(*snap, { 1, 0, 0, 1 });
    QCOMPARE(e.x, 7.0);
    QCOMPARE(e.mean, 4.0);
    QCOMPARE(e.var, 5.0);
    QCOMPARE(e.eps, 1e-5);
    QVERIFY(std::abs(e.xhat - 3.0 / std::sqrt(5.0 + 1e-5)) < 1e-12);
    QCOMPARE(e.gamma, 2.0);
    QCOMPARE(e.beta, 0.5);
    QVERIFY(std::abs(e.y - (2.0 * 3.0 / std::sqrt(5.0 + 1e-5) + 0.5)) < 1e-12);
    QCOMPARE(e.output, static_cast<float>(e.y));
    QVERIFY(!e.runningStats);
    QCOMPARE(e.setSize, 4);
    QCOMPARE(QString::fromStdString(e.setLabel), QStringLiteral("c=0"));
}

void TestWorkedExample::batchNormEvalUsesRunningStatistics()
{
    const Tensor x(Shape { 2, 2, 1, 2, 4 }, std::vector<float> { 1, 3, 10, 20, 5, 7, 30, 40 });
    NormConfig config = NormConfig::defaults(NormKind::Batch);
    config.training = false;
    NormParams params;
    params.runningMean = { 0.5f, 2.0f };
    params.runningVar = { 4.0f, 9.0f };
    params.numBatchesTracked = 3;
    const auto snap = snapshotOf(x, config, params);
    const WorkedExample e = workedExample(*snap, { 1, 1, 0, 0 }); // x = 30, channel 1
    QVERIFY(e.runningStats);
    QCOMPARE(e.numBatchesTracked, 3);
    QCOMPARE(e.x, 30.0);
    QCOMPARE(e.mean, 2.0);
    QCOMPARE(e.var, 9.0);
    QVERIFY(std::abs(e.y - 28.0 / std::sqrt(9.0 + 1e-5)) < 1e-12);
    QVERIFY(std::abs(e.output - e.y) <= 1e-6 * std::abs(e.y));
}

void TestWorkedExample::layerNormTakesPositionalAffine()
{
    // LayerNorm over (C, H, W) has one γ, β per position: element (0, 1, 0, 1) takes index 3.
    const Tensor x(Shape { 1, 2, 1, 2, 4 }, std::vector<float> { 0, 2, 4, 6 });
    NormConfig config = NormConfig::defaults(NormKind::Layer);
    NormParams params;
    params.weight = { 1.0f, 2.0f, 3.0f, 4.0f };
    params.bias = { -1.0f, -2.0f, -3.0f, -4.0f };
    const auto snap = snapshotOf(x, config, params);
    const WorkedExample e = workedExample(*snap, { 0, 1, 0, 1 });
    QCOMPARE(e.gamma, 4.0);
    QCOMPARE(e.beta, -4.0);
    QCOMPARE(e.mean, 3.0);
    QCOMPARE(e.var, 5.0);
    QVERIFY(std::abs(e.y - (4.0 * 3.0 / std::sqrt(5.0 + 1e-5) - 4.0)) < 1e-12);
    QCOMPARE(e.output, snap->output->at(0, 1, 0, 1));
}

void TestWorkedExample::rmsNormPerToken()
{
    // (B, T, C) = (1, 2, 2), tokens [1, 3] and [2, −2], held as (B, C, T) = [1, 2 | 3, −2]. RMSNorm
    // over C: token 1's mean square is (4 + 4) / 2 = 4, nothing is subtracted, γ = [2, 0.5] by
    // feature. Element b=0, t=1, c=0 (x = 2) takes γ[0]; in the held order it sits at flat index 1.
    const Tensor x(Shape::fromUserDims({ 1, 2, 2 }, Layout::BTC), std::vector<float> { 1, 2, 3, -2 });
    NormConfig config = NormConfig::defaults(NormKind::Rms);
    config.normalizedShape = { 2 };
    NormParams params;
    params.weight = { 2.0f, 0.5f };
    const auto snap = snapshotOf(x, config, params);
    const WorkedExample e = workedExample(*snap, { 0, 0, 0, 1 });
    QVERIFY(e.rms);
    QCOMPARE(e.x, 2.0);
    QCOMPARE(e.mean, 0.0);
    QCOMPARE(e.var, 4.0); // the mean square
    QCOMPARE(e.eps, 1.1920928955078125e-07);
    QVERIFY(std::abs(e.xhat - 2.0 / std::sqrt(4.0 + e.eps)) < 1e-12);
    QCOMPARE(e.gamma, 2.0);
    QCOMPARE(e.beta, 0.0);
    QVERIFY(std::abs(e.y - 4.0 / std::sqrt(4.0 + e.eps)) < 1e-12);
    QCOMPARE(e.output, snap->output->at(0, 0, 0, 1));
    QCOMPARE(e.output, static_cast<float>(e.y));
}

void TestWorkedExample::outsideIsAnError()
{
    const Tensor x(Shape { 1, 2, 1, 2, 4 }, std::vector<float> { 0, 2, 4, 6 });
    const auto snap = snapshotOf(x, NormConfig::defaults(NormKind::Layer), {});
    QVERIFY_THROWS_EXCEPTION(NormError, workedExample(*snap, { 0, 2, 0, 0 }));
}

QTEST_GUILESS_MAIN(TestWorkedExample)
#include "test_workedexample.moc"
