// The controller recomputes on every state change, off the GUI thread, and only the newest
// request's result arrives.
#include "control/controller.h"
#include "files/tensorfiles.h"
#include "tensor/population.h"
#include "testsupport.h"

#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>

using namespace normscope;

class TestController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void everyChangeRecomputes();
    void burstDeliversOnlyNewest();
    void dragFollowsAndTheLastValueWins();
    void otherSetsCancelTheRunningComputation();
    void atMostTwoOutputsAlive();
    void largeTensorsHoldOneOutput();
    void badConfigurationReportsAndDropsTheResult();
    void stepUpdatesRunningStatistics();
    void stepsDrawFromTheSamePopulation();
    void stepFeedsLoadedFilesInTurn();
    void stepFollowsPyTorchsRule();
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

namespace {

// A generated tensor of 16×16×128×128 = 4M values (16 MB): one computation takes milliseconds,
// longer than the gap between two moves of a dragged slider.
void useLargeTensor(ExplorerState& state)
{
    GeneratorSpec spec = state.source().generator;
    spec.shape = { 16, 16, 128, 128, 4 };
    state.setGenerator(spec);
}

// Computations the controller cancelled, counted from its log ("cancelled N", logged when a
// computation stops before its end): no timing, so no flaky threshold.
std::atomic<int> g_cancelled { 0 };
QtMessageHandler g_previousHandler = nullptr;

void countCancellations(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (qstrcmp(context.category, "normscope.controller") != 0)
        return g_previousHandler(type, context, message);
    if (message.startsWith(QLatin1String("cancelled")))
        ++g_cancelled;
}

float shownGamma(const Snapshot& s)
{
    return s.params.weight.empty() ? 1.0f : s.params.weight.front();
}

} // namespace

void TestController::dragFollowsAndTheLastValueWins()
{
    // γ dragged on a large tensor, a new value every millisecond. Cancelling the running
    // computation on each move would show nothing until the mouse stops; the histograms must
    // follow during the drag, one computation behind and in the order of the moves, and once the
    // mouse is released the last value must be the one shown, with nothing stale after it.
    ExplorerState state;
    useLargeTensor(state);
    Controller controller(&state);
    QTRY_VERIFY_WITH_TIMEOUT(controller.snapshot() && controller.snapshot()->input->shape() == state.shape(), 30000);
    QVERIFY(controller.snapshot()->input->numel() >= Controller::kLiveValues);
    std::vector<float> shown;
    int withoutOutput = 0; // below Controller::kReleaseValues the shown output is never released
    connect(&controller, &Controller::snapshotReady, this, [&](const std::shared_ptr<const Snapshot>& s) {
        shown.push_back(shownGamma(*s));
        withoutOutput += s->output ? 0 : 1;
    });
    // A move never cancels the computation running (a result that arrives seldom, by luck
    // between two moves, is not following the drag).
    g_cancelled = 0;
    g_previousHandler = qInstallMessageHandler(countCancellations);
    QLoggingCategory::setFilterRules(QStringLiteral("normscope.controller.debug=true"));
    const auto restoreLog = qScopeGuard([] {
        QLoggingCategory::setFilterRules(QStringLiteral("normscope.controller.debug=false"));
        qInstallMessageHandler(g_previousHandler);
    });
    const int moves = 1500;
    AffineSpec affine;
    for (int i = 1; i <= moves; ++i) {
        affine.gamma = 1.0 + 0.001 * i;
        state.setAffine(affine);
        QCoreApplication::processEvents(); // as the window's event loop between two mouse moves
        QThread::msleep(1);
    }
    const size_t duringDrag = shown.size();
    qInfo("%zu results shown during a drag of %d moves", duringDrag, moves);
    QVERIFY2(duringDrag >= 5, qPrintable(QStringLiteral("%1 results shown during the drag").arg(duringDrag)));
    QVERIFY(std::is_sorted(shown.begin(), shown.end()));
    const auto last = static_cast<float>(affine.gamma);
    QTRY_COMPARE_WITH_TIMEOUT(shownGamma(*controller.snapshot()), last, 30000);
    QTest::qWait(300);
    QCOMPARE(shown.back(), last);
    QCOMPARE(shownGamma(*controller.snapshot()), last);
    QVERIFY2(g_cancelled == 0, qPrintable(QStringLiteral("%1 computations cancelled by the moves").arg(g_cancelled)));
    QVERIFY(controller.outputBuffersAllocated() <= 2);
    QCOMPARE(withoutOutput, 0);
}

void TestController::otherSetsCancelTheRunningComputation()
{
    // A result for other reduction sets is of no use once the layer changed: whenever the switch
    // falls during a computation, nothing of the old layer shows after it.
    ExplorerState state;
    useLargeTensor(state);
    Controller controller(&state);
    QTRY_VERIFY_WITH_TIMEOUT(controller.snapshot() && controller.snapshot()->input->shape() == state.shape(), 30000);
    std::vector<NormKind> shown;
    connect(&controller, &Controller::snapshotReady, this,
        [&](const std::shared_ptr<const Snapshot>& s) { shown.push_back(s->config.kind); });
    AffineSpec affine;
    for (int trial = 0; trial < 12; ++trial) {
        const NormKind from = trial % 2 ? NormKind::Layer : NormKind::Batch;
        const NormKind to = trial % 2 ? NormKind::Batch : NormKind::Layer;
        QTRY_VERIFY_WITH_TIMEOUT(controller.snapshot() && controller.snapshot()->config.kind == from, 30000);
        affine.gamma = 1.0 + 0.01 * (trial + 1);
        state.setAffine(affine); // a computation of `from` starts ...
        // ... and runs for a while, or finishes and waits for the GUI thread to take its result.
        QThread::msleep(trial % 3 == 2 ? 400 : static_cast<unsigned long>(trial % 3));
        shown.clear();
        state.setNormKind(to);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.empty() && shown.back() == to, 30000);
        QVERIFY2(std::count(shown.begin(), shown.end(), from) == 0,
            qPrintable(QStringLiteral("trial %1: a result of the previous layer shown after the switch").arg(trial)));
    }
}

void TestController::atMostTwoOutputsAlive()
{
    // The window may hold the output it shows and the one being computed, no more (a 268 MB
    // tensor then needs three times its size). Here the GUI thread does not take results for a
    // while; the worker must wait for it instead of computing into a third buffer.
    ExplorerState state;
    Controller controller(&state);
    QSignalSpy spy(&controller, &Controller::snapshotReady);
    QVERIFY(next(controller, spy));
    for (int i = 1; i <= 4; ++i) {
        AffineSpec affine;
        affine.gamma = 1.0 + 0.1 * i;
        state.setAffine(affine);
        QThread::msleep(300); // the worker computes and posts; the GUI thread is busy elsewhere
    }
    QTRY_VERIFY(controller.snapshot() && !controller.snapshot()->params.weight.empty()
        && std::abs(controller.snapshot()->params.weight.front() - 1.4f) < 1e-6f);
    QVERIFY2(controller.outputBuffersAllocated() <= 2,
        qPrintable(QStringLiteral("%1 output buffers allocated").arg(controller.outputBuffersAllocated())));
}

void TestController::largeTensorsHoldOneOutput()
{
    // From releaseFrom() values on, the window never holds two outputs (a 268 MB tensor would
    // need 3.2 times its size): before each computation the result on screen gives its output
    // back and the new one is computed into that same buffer. γ dragged and the layer switched
    // as in a lecture; one buffer must serve every result, and the last one must be exactly what
    // a fresh computation of the final setting gives.
    ExplorerState state;
    useLargeTensor(state);
    Controller controller(&state);
    controller.setReleaseFrom(Controller::kLiveValues);
    QTRY_VERIFY_WITH_TIMEOUT(controller.snapshot() && controller.snapshot()->input->shape() == state.shape(), 30000);
    QVERIFY(controller.snapshot()->input->numel() >= controller.releaseFrom());
    int released = 0;
    connect(&controller, &Controller::snapshotReady, this, [&](const std::shared_ptr<const Snapshot>& s) {
        released += s->output ? 0 : 1;
        QVERIFY(s->input && !s->outputStats.mean.empty()); // the statistics stay on screen
    });
    AffineSpec affine;
    for (int i = 1; i <= 300; ++i) {
        affine.gamma = 1.0 + 0.002 * i;
        state.setAffine(affine);
        QCoreApplication::processEvents();
        QThread::msleep(1);
    }
    for (NormKind kind : { NormKind::Layer, NormKind::Instance, NormKind::Group, NormKind::Rms, NormKind::Batch }) {
        state.setNormKind(kind);
        QCoreApplication::processEvents();
        QThread::msleep(kind == NormKind::Instance ? 0 : 20);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!controller.busy() && controller.snapshot() && controller.snapshot()->output
            && controller.snapshot()->config.kind == NormKind::Batch
            && shownGamma(*controller.snapshot()) == static_cast<float>(affine.gamma),
        30000);
    QTest::qWait(200);
    QVERIFY2(released > 0, "the shown output was never released");
    QVERIFY2(controller.outputBuffersAllocated() == 1,
        qPrintable(QStringLiteral("%1 output buffers allocated").arg(controller.outputBuffersAllocated())));
    const auto shown = controller.snapshot();
    QVERIFY(shown->output);
    PipelineInput fresh;
    fresh.generator = state.source().generator;
    fresh.config = state.config();
    fresh.affine = state.affine();
    fresh.running = state.running();
    fresh.selectedSet = state.selectedSet();
    fresh.bins = state.bins();
    const auto expected = SnapshotPipeline().run(fresh);
    QVERIFY(std::ranges::equal(shown->output->data(), expected->output->data()));
    QCOMPARE(shown->histAfter.counts, expected->histAfter.counts);
}

void TestController::badConfigurationReportsAndDropsTheResult()
{
    ExplorerState state;
    Controller controller(&state);
    QSignalSpy ready(&controller, &Controller::snapshotReady);
    QSignalSpy failed(&controller, &Controller::computeFailed);
    auto before = next(controller, ready);
    QVERIFY(before);
    // One value per channel in training: PyTorch's error. The previous setting's result is no
    // result for this one: snapshot() is null (nothing stale to draw or export) until a setting
    // computes again.
    GeneratorSpec spec = state.source().generator;
    spec.shape = { 1, 3, 1, 1, 4 };
    state.setGenerator(spec);
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("Expected more than 1 value per channel")));
    QVERIFY(!controller.snapshot());
    QCOMPARE(controller.error(), failed.first().first().toString());
    spec.shape = { 2, 3, 1, 1, 4 };
    state.setGenerator(spec);
    const auto after = next(controller, ready);
    QVERIFY(after && after->input->shape() == spec.shape);
    QVERIFY(controller.error().isEmpty());
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

void TestController::stepsDrawFromTheSamePopulation()
{
    // Per-channel shift, BatchNorm with momentum 0.1, 50 Steps, then eval: the eval output's
    // channel means must approach the train output's (β = 0). Derivation (M = 8·8·8 values per
    // channel, channel c ~ N(μ_c, σ_c²), d = 0.9^50): the batch on screen has x̄_c = μ_c + e₀ with
    // sd(e₀) = σ_c/√M; running_mean = (1 − d)μ_c + e₁ with sd(e₁) = σ_c·√(w/M), w = m²Σ(1−m)^(2i);
    // running_var ≈ d + (1 − d)σ_c². So eval's mean is (e₀ − e₁ + dμ_c)/√running_var.
    ExplorerState state;
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    state.setGenerator(spec);
    Controller controller(&state);
    QSignalSpy spy(&controller, &Controller::snapshotReady);
    const auto train = next(controller, spy);
    QVERIFY(train);
    for (int i = 0; i < 50; ++i)
        controller.stepRunningStats();
    QCOMPARE(state.batchesFed(), uint64_t(50));
    QCOMPARE(state.running().numBatchesTracked, int64_t(50));
    NormConfig config = state.config();
    config.training = false;
    state.setConfig(config);
    const auto eval = next(controller, spy);
    QVERIFY(eval && !eval->config.training);

    const ChannelMoments population = Population(spec).channelMoments();
    const double m = 0.1, d = std::pow(0.9, 50), count = 512.0;
    double w = 0.0;
    for (int i = 0; i < 50; ++i)
        w = w * 0.81 + m * m;
    const auto channelMean = [](const Tensor& t, int64_t c) {
        double sum = 0.0;
        for (int64_t n = 0; n < t.shape().n; ++n)
            for (int64_t i = 0; i < t.shape().hw(); ++i)
                sum += t.at(n, c, i / t.shape().w, i % t.shape().w);
        return sum / static_cast<double>(t.shape().n * t.shape().hw());
    };
    qInfo("channel  population mean  batch mean  running_mean  train out mean  eval out mean");
    for (int64_t c = 0; c < 6; ++c) {
        const auto cc = static_cast<size_t>(c);
        const double mu = population.mean[cc];
        const double sigma = std::sqrt(population.var[cc]);
        const double trainMean = channelMean(*train->output, c);
        const double evalMean = channelMean(*eval->output, c);
        qInfo("%7lld  %15.4f  %10.4f  %12.4f  %14.4f  %13.4f", static_cast<long long>(c), mu,
            channelMean(*eval->input, c), state.running().runningMean[cc], trainMean, evalMean);
        QVERIFY(std::abs(trainMean) < 1e-5);
        const double runningSd = std::sqrt(d + (1 - d) * sigma * sigma);
        const double tolerance = (4.0 * sigma * std::sqrt((1.0 + w) / count) + d * std::abs(mu)) / runningSd;
        QVERIFY2(std::abs(evalMean - trainMean) < tolerance,
            qPrintable(QStringLiteral("channel %1: eval mean %2, train mean %3, allowed %4")
                           .arg(c)
                           .arg(evalMean)
                           .arg(trainMean)
                           .arg(tolerance)));
    }
}

void TestController::stepFeedsLoadedFilesInTurn()
{
    // Two files of one channel: a = [0, 2, 2, 4] (mean 2, unbiased variance 8/3) and
    // b = [10, 10, 12, 12] (mean 11, unbiased variance 4/3). PyTorch's rule with momentum 0.1:
    //   step 1 (a): running_mean 0.2,   running_var 0.9 + 0.1·8/3          = 1.1666667
    //   step 2 (b): running_mean 1.28,  running_var 0.9·1.1666667 + 0.1·4/3 = 1.1833333
    //   step 3 (a): running_mean 1.352, running_var 0.9·1.1833333 + 0.1·8/3 = 1.3316667
    ExplorerState state;
    const Shape shape { 2, 1, 1, 2, 4 };
    auto a = std::make_shared<const Tensor>(shape, std::vector<float> { 0, 2, 2, 4 });
    auto b = std::make_shared<const Tensor>(shape, std::vector<float> { 10, 10, 12, 12 });
    state.setLoadedBatches({ a, b }, QStringLiteral("a.npy and 1 more file"),
        { QStringLiteral("/x/a.npy"), QStringLiteral("/x/b.npy") },
        { QStringLiteral("/x/a.npy"), QStringLiteral("/x/b.npy") });
    Controller controller(&state);
    const double expectedMean[] = { 0.2, 1.28, 1.352 };
    const double expectedVar[] = { 1.1666667, 1.1833333, 1.3316667 };
    for (int step = 0; step < 3; ++step) {
        controller.stepRunningStats();
        QCOMPARE(state.batchesFed(), uint64_t(step + 1));
        QVERIFY(std::abs(state.running().runningMean[0] - expectedMean[step]) < 1e-6);
        QVERIFY(std::abs(state.running().runningVar[0] - expectedVar[step]) < 1e-6);
    }
    // One file: the same tensor every time (0.2, then 0.9·0.2 + 0.2 = 0.38).
    state.setLoaded(a, QStringLiteral("a.npy"), { QStringLiteral("/x/a.npy") });
    state.resetRunning();
    controller.stepRunningStats();
    controller.stepRunningStats();
    QVERIFY(std::abs(state.running().runningMean[0] - 0.38) < 1e-6);
    QCOMPARE(state.batchesFed(), uint64_t(2));
}

void TestController::stepFollowsPyTorchsRule()
{
    // A loaded tensor is its own next batch, so one Step must give exactly PyTorch's rule, per
    // channel: running_mean = 0.9 · 0 + 0.1 · mean_c, running_var = 0.9 · 1 + 0.1 · unbiased var_c.
    // The data sit at 1000 with channel means a few hundredths apart: the tolerance follows that
    // spread (a relative 1e-4 of 100 would pass channels swapped or averaged).
    const Shape shape { 4, 3, 5, 5, 4 };
    std::mt19937 engine(7);
    std::normal_distribution<float> normal;
    std::vector<float> values(static_cast<size_t>(shape.numel()));
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = 1000.0f + 0.04f * static_cast<float>(i / 25 % 3) + normal(engine);
    const Tensor tensor(shape, values);
    ExplorerState state;
    state.setLoaded(std::make_shared<const Tensor>(tensor), QStringLiteral("offset"), {});
    Controller controller(&state);
    QSignalSpy spy(&controller, &Controller::snapshotReady);
    QVERIFY(next(controller, spy));
    controller.stepRunningStats();
    std::vector<float> mean(3), var(3);
    for (int64_t c = 0; c < 3; ++c) {
        double sum = 0.0;
        double sq = 0.0;
        for (int64_t n = 0; n < 4; ++n)
            for (int64_t h = 0; h < 5; ++h)
                for (int64_t w = 0; w < 5; ++w)
                    sum += tensor.at(n, c, h, w);
        const double m = sum / 100.0;
        for (int64_t n = 0; n < 4; ++n)
            for (int64_t h = 0; h < 5; ++h)
                for (int64_t w = 0; w < 5; ++w)
                    sq += (tensor.at(n, c, h, w) - m) * (tensor.at(n, c, h, w) - m);
        mean[static_cast<size_t>(c)] = static_cast<float>(0.1 * m);
        var[static_cast<size_t>(c)] = static_cast<float>(0.9 + 0.1 * sq / 99.0);
    }
    NS_COMPARE_CLOSE(std::span<const float>(state.running().runningMean), std::span<const float>(mean));
    NS_COMPARE_CLOSE(std::span<const float>(state.running().runningVar), std::span<const float>(var));
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
