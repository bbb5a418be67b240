// The controller recomputes on every state change, off the GUI thread, and only the newest
// request's result arrives.
#include "explorer/controller.h"
#include "explorer/tensorfiles.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QtTest>

using namespace normscope;

class TestController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void everyChangeRecomputes();
    void burstDeliversOnlyNewest();
    void badConfigurationReportsAndKeepsSnapshot();
    void stepUpdatesRunningStatistics();
    void imagesBecomeTensors();
    void malformedFilesAreRefused();

private:
    std::shared_ptr<const Snapshot> next(Controller& controller, QSignalSpy& spy);
};

void TestController::initTestCase()
{
    qRegisterMetaType<std::shared_ptr<const Snapshot>>();
}

std::shared_ptr<const Snapshot> TestController::next(Controller& controller, QSignalSpy& spy)
{
    if (spy.isEmpty() && !spy.wait(5000))
        return nullptr;
    spy.clear();
    return controller.snapshot();
}

void TestController::everyChangeRecomputes()
{
    ExplorerState state;
    Controller controller(&state);
    QSignalSpy spy(&controller, &Controller::snapshotReady);
    auto snap = next(controller, spy);
    QVERIFY(snap);
    QCOMPARE(snap->config.kind, NormKind::Batch);

    state.setNormKind(NormKind::Group);
    snap = next(controller, spy);
    QVERIFY(snap);
    QCOMPARE(snap->config.kind, NormKind::Group);
    QVERIFY(snap->config.affine);

    NormConfig config = state.config();
    config.eps = 0.25;
    state.setConfig(config);
    snap = next(controller, spy);
    QCOMPARE(snap->config.eps, 0.25);
    // var / (var + eps) < 1: with a large eps the output std drops below 1.
    QVERIFY(snap->selectedAfter.std < 0.95);

    AffineSpec affine;
    affine.gamma = 2.0;
    affine.beta = 0.5;
    state.setAffine(affine);
    snap = next(controller, spy);
    QVERIFY(std::abs(snap->selectedAfter.mean - 0.5) < 1e-4);

    state.setSelectedSet(1);
    snap = next(controller, spy);
    QCOMPARE(snap->selectedSet, int64_t(1));

    state.setBins(17);
    snap = next(controller, spy);
    QCOMPARE(snap->histAfter.counts.size(), size_t(17));

    GeneratorSpec spec = state.source().generator;
    spec.shape = { 2, 4, 3, 3, 4 };
    state.setGenerator(spec);
    snap = next(controller, spy);
    QCOMPARE(snap->input->shape(), spec.shape);
}

void TestController::burstDeliversOnlyNewest()
{
    ExplorerState state;
    Controller controller(&state);
    QSignalSpy spy(&controller, &Controller::snapshotReady);
    QVERIFY(next(controller, spy));
    // A slider dragged through 50 values: whatever arrives last is the last value.
    for (int i = 1; i <= 50; ++i) {
        AffineSpec affine;
        affine.beta = i * 0.01;
        state.setAffine(affine);
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        controller.snapshot() && std::abs(controller.snapshot()->selectedAfter.mean - 0.5) < 1e-4, 5000);
    QVERIFY(spy.count() <= 50);
    QTest::qWait(100);
    QVERIFY(std::abs(controller.snapshot()->selectedAfter.mean - 0.5) < 1e-4);
}

void TestController::badConfigurationReportsAndKeepsSnapshot()
{
    ExplorerState state;
    Controller controller(&state);
    QSignalSpy ready(&controller, &Controller::snapshotReady);
    QSignalSpy failed(&controller, &Controller::computeFailed);
    auto before = next(controller, ready);
    QVERIFY(before);
    // One value per channel in training: PyTorch's error, and the previous snapshot stays.
    GeneratorSpec spec = state.source().generator;
    spec.shape = { 1, 3, 1, 1, 4 };
    state.setGenerator(spec);
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("Expected more than 1 value per channel")));
    QCOMPARE(controller.snapshot(), before);
}

void TestController::stepUpdatesRunningStatistics()
{
    ExplorerState state;
    GeneratorSpec spec = state.source().generator;
    spec.params = { 5.0, 1.0 }; // N(5, 1)
    state.setGenerator(spec);
    Controller controller(&state);
    QSignalSpy spy(&controller, &Controller::snapshotReady);
    QVERIFY(next(controller, spy));
    controller.stepRunningStats();
    QCOMPARE(state.running().numBatchesTracked, int64_t(1));
    // running_mean = 0.9 * 0 + 0.1 * batch mean (≈ 5)
    for (float m : state.running().runningMean)
        QVERIFY(std::abs(m - 0.5f) < 0.1f);
    NormConfig config = state.config();
    config.training = false;
    state.setConfig(config);
    auto snap = next(controller, spy);
    QVERIFY(snap);
    QVERIFY(!snap->config.training);
    // Eval normalizes with the running statistics: mean ≈ (5 - 0.5) / sqrt(rv + eps), far from 0.
    QVERIFY(snap->outputSummary.mean > 3.0);
}

void TestController::imagesBecomeTensors()
{
    // rgb_3x2.png: row 0 = red, green, blue; row 1 = (10, 20, 30), (128, 64, 32), black.
    auto result = loadTensorFiles({ QString::fromStdString(test::dataPath("images/rgb_3x2.png")) }, ImageScale::Byte);
    QVERIFY(std::holds_alternative<LoadedTensor>(result));
    const Tensor& t = *std::get<LoadedTensor>(result).tensor;
    QCOMPARE(t.shape(), (Shape { 1, 3, 2, 3, 4 }));
    QCOMPARE(t.at(0, 0, 0, 0), 255.0f);
    QCOMPARE(t.at(0, 1, 0, 0), 0.0f);
    QCOMPARE(t.at(0, 1, 0, 1), 255.0f);
    QCOMPARE(t.at(0, 2, 0, 2), 255.0f);
    QCOMPARE(t.at(0, 0, 1, 0), 10.0f);
    QCOMPARE(t.at(0, 1, 1, 0), 20.0f);
    QCOMPARE(t.at(0, 2, 1, 0), 30.0f);
    QCOMPARE(t.at(0, 0, 1, 1), 128.0f);

    auto gray = loadTensorFiles({ QString::fromStdString(test::dataPath("images/gray_2x2.png")) }, ImageScale::Unit);
    QVERIFY(std::holds_alternative<LoadedTensor>(gray));
    const Tensor& g = *std::get<LoadedTensor>(gray).tensor;
    QCOMPARE(g.shape(), (Shape { 1, 1, 2, 2, 4 }));
    QCOMPARE(g.at(0, 0, 0, 1), 51.0f / 255.0f);
    QCOMPARE(g.at(0, 0, 1, 0), 102.0f / 255.0f);

    // Two images of one size form a batch; the grayscale one is repeated over RGB when mixed.
    const QString rgb = QString::fromStdString(test::dataPath("images/rgb_3x2.png"));
    auto batch = loadTensorFiles({ rgb, rgb }, ImageScale::Unit);
    QVERIFY(std::holds_alternative<LoadedTensor>(batch));
    QCOMPARE(std::get<LoadedTensor>(batch).tensor->shape(), (Shape { 2, 3, 2, 3, 4 }));
    auto mismatch
        = loadTensorFiles({ rgb, QString::fromStdString(test::dataPath("images/gray_2x2.png")) }, ImageScale::Unit);
    QVERIFY(std::holds_alternative<QString>(mismatch));
    QVERIFY(std::get<QString>(mismatch).contains(QStringLiteral("differ in size")));
}

void TestController::malformedFilesAreRefused()
{
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.npy"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not numpy at all");
    f.close();
    auto result = loadTensorFiles({ bad }, ImageScale::Unit);
    QVERIFY(std::holds_alternative<QString>(result));
    QVERIFY2(std::get<QString>(result).contains(QStringLiteral("bad.npy")), qPrintable(std::get<QString>(result)));
    auto missing = loadTensorFiles({ dir.filePath(QStringLiteral("missing.png")) }, ImageScale::Unit);
    QVERIFY(std::holds_alternative<QString>(missing));
}

QTEST_MAIN(TestController)
#include "test_ui_controller.moc"
