// The behaviour labs in the window, as a lecturer drives them: Step and Play feed batches of the
// explorer's population, a momentum picked in the lab is the layer's and replays the same batches,
// the shift moves the data, the batch-size lab shows PyTorch's refusal at N = 1, presentation keys
// drive the lab, and the exported slides draw what the views show. The labs' numbers themselves
// are checked against PyTorch in test_labs_*; here the expectations are the rules the views must
// show (hand-derived from the batches the test draws itself).
#include "export/labfigures.h"
#include "labs/batchsizeview.h"
#include "labs/labsession.h"
#include "labs/labworker.h"
#include "labs/runningstatsview.h"
#include "plots/qcustomplotinclude.h"
#include "testsupport.h"
#include "window/mainwindow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QtTest>

#include <cmath>

using namespace normscope;

class TestUiLabs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void stepFeedsThePopulationsBatches();
    void momentumIsTheLayersAndReplays();
    void playKeepsSteppingUntilPaused();
    void stopKeepsTheBatchesFed();
    void shiftMovesTheDataAndRunningStatsLag();
    void batchSizeLabShowsTheSpread();
    void batchOfOneShowsPyTorchsRefusal();
    void presentationKeysDriveTheLab();
    void figuresDrawTheLabs();
};

namespace {

GeneratorSpec channelShift(Shape shape, uint64_t seed = 3)
{
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = shape;
    spec.seed = seed;
    return spec;
}

// Waits until the session has a running-statistics result for `steps` steps.
bool waitForSteps(LabSession* session, uint64_t steps)
{
    QSignalSpy spy(session, &LabSession::runningStatsChanged);
    for (int i = 0; i < 100; ++i) {
        const auto h = session->runningStats();
        if (h && h->steps == steps && !session->worker(LabSession::Lab::RunningStats)->working())
            return true;
        spy.wait(200);
    }
    return false;
}

bool waitForBatchSize(LabSession* session)
{
    QSignalSpy spy(session, &LabSession::batchSizeChanged);
    for (int i = 0; i < 150; ++i) {
        if (session->batchSize() && !session->worker(LabSession::Lab::BatchSize)->working()
            && !session->worker(LabSession::Lab::RunningStats)->working())
            return true;
        spy.wait(200);
    }
    return false;
}

// The data of the graph named `name` in `plot`.
QVector<double> graphValues(QCustomPlot* plot, const QString& name)
{
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (plot->graph(i)->name() != name)
            continue;
        QVector<double> out;
        for (auto it = plot->graph(i)->data()->constBegin(); it != plot->graph(i)->data()->constEnd(); ++it)
            out << it->value;
        return out;
    }
    return {};
}

// Channel c's mean and unbiased variance of a batch, summed here in double.
std::pair<double, double> channelMoments(const Tensor& t, int64_t c)
{
    const Shape s = t.shape();
    double sum = 0.0;
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t h = 0; h < s.h; ++h)
            for (int64_t w = 0; w < s.w; ++w)
                sum += t.at(n, c, h, w);
    const double count = static_cast<double>(s.n * s.hw());
    const double mean = sum / count;
    double m2 = 0.0;
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t h = 0; h < s.h; ++h)
            for (int64_t w = 0; w < s.w; ++w)
                m2 += (t.at(n, c, h, w) - mean) * (t.at(n, c, h, w) - mean);
    return { mean, m2 / (count - 1.0) };
}

void openTab(MainWindow& window, QWidget* view)
{
    window.centralTabs()->setCurrentWidget(view);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
}

} // namespace

void TestUiLabs::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestUiLabs::stepFeedsThePopulationsBatches()
{
    MainWindow window;
    const GeneratorSpec spec = channelShift(Shape { 6, 4, 5, 5, 4 });
    window.state()->setGenerator(spec);
    openTab(window, window.runningStatsView());
    LabSession* session = window.labSession();
    QVERIFY(waitForSteps(session, 0));
    QTest::mouseClick(window.runningStatsView()->stepButton(10), Qt::LeftButton);
    QTest::mouseClick(window.runningStatsView()->stepButton(1), Qt::LeftButton);
    QVERIFY(waitForSteps(session, 11));
    const auto h = session->runningStats();

    // Each dot is the mean of batch k of the explorer's population (drawn here), and the line
    // follows PyTorch's rule running = (1 − m)·running + m·batch from 0 (mean) and 1 (variance).
    const LabSource source(spec);
    const double m = 0.1;
    for (int64_t c = 0; c < 4; ++c) {
        double mean = 0.0, var = 1.0;
        for (uint64_t k = 1; k <= 11; ++k) {
            const Tensor batch = source.fedBatch(k);
            const auto [bm, bv] = channelMoments(batch, c);
            const double spread = std::sqrt(bv);
            QVERIFY2(std::abs(h->batchMean.at(k, c) - bm) < 1e-5 * spread, qPrintable(QString::number(k)));
            QVERIFY(std::abs(h->batchVar.at(k, c) - bv) < 1e-4 * bv);
            mean = (1 - m) * mean + m * bm;
            var = (1 - m) * var + m * bv;
            QVERIFY(std::abs(h->runningMean.at(k, c) - mean) < 1e-5 * (1.0 + spread));
            QVERIFY(std::abs(h->runningVar.at(k, c) - var) < 1e-4 * (1.0 + bv));
        }
    }
    // The plot shows the chosen channel's running_mean, step 0 to 11.
    session->setChannel(2);
    const QVector<double> drawn
        = graphValues(window.runningStatsView()->plot(RunningStatsPlot::Mean), QStringLiteral("running_mean"));
    QCOMPARE(drawn.size(), 12);
    for (int k = 0; k <= 11; ++k)
        QCOMPARE(drawn[k], h->runningMean.at(static_cast<uint64_t>(k), 2));
    QVERIFY(window.runningStatsView()->caption().contains(QStringLiteral("After step 11, channel 2")));
}

void TestUiLabs::momentumIsTheLayersAndReplays()
{
    MainWindow window;
    window.state()->setGenerator(channelShift(Shape { 4, 3, 4, 4, 4 }));
    openTab(window, window.runningStatsView());
    LabSession* session = window.labSession();
    session->step(20);
    QVERIFY(waitForSteps(session, 20));
    const auto before = session->runningStats();

    // None, picked in the lab's box, becomes the layer's momentum and replays the same batches:
    // running_mean is then the plain average of the batch means (PyTorch's cumulative average).
    QComboBox* box = window.runningStatsView()->momentumBox();
    const int none = box->count() - 1;
    QVERIFY(!box->itemData(none).isValid());
    QSignalSpy changed(session, &LabSession::runningStatsChanged);
    box->setCurrentIndex(none);
    emit box->activated(none);
    QVERIFY(!window.state()->config().momentum.has_value());
    QVERIFY(changed.wait(5000));
    QVERIFY(waitForSteps(session, 20));
    const auto after = session->runningStats();
    QVERIFY(after != before);
    QVERIFY(!after->settings.momentum.has_value());
    // The same batches (step 0 has none: NaN).
    QVERIFY(std::equal(after->batchMean.values.begin() + 3, after->batchMean.values.end(),
        before->batchMean.values.begin() + 3, before->batchMean.values.end()));
    for (int64_t c = 0; c < 3; ++c) {
        double sum = 0.0;
        for (uint64_t k = 1; k <= 20; ++k)
            sum += after->batchMean.at(k, c);
        QVERIFY(
            std::abs(after->runningMean.at(20, c) - sum / 20.0) < 1e-5 * (1.0 + std::sqrt(after->trueVar.at(20, c))));
        QVERIFY(std::abs(after->runningMean.at(20, c) - before->runningMean.at(20, c)) > 1e-3);
    }

    // Momentum 1.0: running statistics are the last batch's.
    const int one = box->findData(1.0);
    QVERIFY(one >= 0);
    box->setCurrentIndex(one);
    emit box->activated(one);
    QCOMPARE(window.state()->config().momentum, std::optional<double>(1.0));
    QVERIFY(changed.wait(5000));
    QVERIFY(waitForSteps(session, 20));
    const auto last = session->runningStats();
    for (int64_t c = 0; c < 3; ++c) {
        QVERIFY(std::abs(last->runningMean.at(20, c) - last->batchMean.at(20, c))
            < 1e-6 * (1.0 + std::abs(last->batchMean.at(20, c))));
        QVERIFY(std::abs(last->runningVar.at(20, c) - last->batchVar.at(20, c)) < 1e-5 * last->batchVar.at(20, c));
    }
    QVERIFY(window.runningStatsView()->caption().contains(QStringLiteral("After step 20")));
}

void TestUiLabs::playKeepsSteppingUntilPaused()
{
    MainWindow window;
    window.state()->setGenerator(channelShift(Shape { 4, 3, 4, 4, 4 }));
    openTab(window, window.runningStatsView());
    LabSession* session = window.labSession();
    QVERIFY(waitForSteps(session, 0));
    QPushButton* play = window.runningStatsView()->playButton();
    QTest::mouseClick(play, Qt::LeftButton);
    QVERIFY(session->playing());
    QTRY_VERIFY_WITH_TIMEOUT(session->steps() >= 5, 10000);
    QTest::mouseClick(play, Qt::LeftButton);
    QVERIFY(!session->playing());
    const uint64_t paused = session->steps();
    QTest::qWait(400);
    QCOMPARE(session->steps(), paused);
    QVERIFY(waitForSteps(session, paused));
}

void TestUiLabs::stopKeepsTheBatchesFed()
{
    MainWindow window;
    window.state()->setGenerator(channelShift(Shape { 32, 16, 32, 32, 4 })); // half a million values a batch
    openTab(window, window.runningStatsView());
    LabSession* session = window.labSession();
    QVERIFY(waitForSteps(session, 0));
    LabWorker* worker = session->worker(LabSession::Lab::RunningStats);
    QSignalSpy busy(worker, &LabWorker::busyChanged);
    session->step(session->maxSteps()); // 2000 batches: seconds of work, so the view shows progress
    QVERIFY(busy.wait(10000));
    QVERIFY(busy.first().first().toBool());
    QPushButton* stop = nullptr;
    for (QPushButton* button : window.runningStatsView()->findChildren<QPushButton*>())
        if (button->text() == QStringLiteral("Stop"))
            stop = button;
    QVERIFY(stop && stop->isVisible());
    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!worker->working(), 30000);
    // The batches fed before Stop are kept and shown; the step count says how many.
    const auto h = session->runningStats();
    QVERIFY(h);
    QVERIFY2(h->steps > 0 && h->steps < session->maxSteps(), qPrintable(QString::number(h->steps)));
    QCOMPARE(session->steps(), h->steps);
    QVERIFY(!stop->isVisible());
}

void TestUiLabs::shiftMovesTheDataAndRunningStatsLag()
{
    MainWindow window;
    window.state()->setGenerator(channelShift(Shape { 8, 3, 4, 4, 4 }));
    openTab(window, window.runningStatsView());
    LabSession* session = window.labSession();
    RunningStatsView* view = window.runningStatsView();
    auto* shiftOn = view->findChild<QCheckBox*>();
    QVERIFY(shiftOn);
    const auto spins = view->findChildren<QSpinBox*>();
    QSpinBox* fromStep = nullptr;
    for (QSpinBox* spin : spins)
        if (spin->maximum() == 100000)
            fromStep = spin;
    QVERIFY(fromStep);
    fromStep->setValue(11);
    view->findChild<QDoubleSpinBox*>()->setValue(3.0);
    shiftOn->setChecked(true);
    QCOMPARE(session->shift().fromBatch, uint64_t(11));
    QCOMPARE(session->shift().amount, 3.0);
    session->step(16);
    QVERIFY(waitForSteps(session, 16));
    const auto h = session->runningStats();
    for (int64_t c = 0; c < 3; ++c) {
        // The population's mean jumps by 3 at step 11; running_mean (momentum 0.1, from 0) lags
        // behind it: after 10 batches of mean μ it holds μ(1 − 0.9¹⁰), after 6 more of mean μ + 3
        // the lag is 0.9⁶ (3 + μ 0.9¹⁰), give or take the batch means' noise.
        QVERIFY(std::abs(h->trueMean.at(11, c) - h->trueMean.at(10, c) - 3.0) < 1e-9);
        const double mu = h->trueMean.at(10, c);
        const double lag = h->trueMean.at(16, c) - h->runningMean.at(16, c);
        const double expected = std::pow(0.9, 6) * (3.0 + mu * std::pow(0.9, 10));
        const double noise = 4.0 * std::sqrt(h->trueVar.at(16, c) / (8.0 * 16.0)); // a batch mean's spread
        QVERIFY2(std::abs(lag - expected) < noise,
            qPrintable(
                QStringLiteral("channel %1: lag %2, expected %3 ± %4").arg(c).arg(lag).arg(expected).arg(noise)));
    }
    QVERIFY(view->caption().contains(QStringLiteral("Since step 11 the data is shifted")));
}

void TestUiLabs::batchSizeLabShowsTheSpread()
{
    MainWindow window;
    window.state()->setGenerator(channelShift(Shape { 8, 4, 4, 4, 4 }));
    NormConfig config = window.state()->config();
    config.groups = 2;
    window.state()->setConfig(config);
    openTab(window, window.batchSizeView());
    LabSession* session = window.labSession();
    QVERIFY(waitForBatchSize(session));
    const auto r = session->batchSize();
    QCOMPARE(r->settings.sizes, (std::vector<int64_t> { 1, 2, 4, 8, 16, 32, 64 }));
    QCOMPARE(r->settings.draws, 50);
    QCOMPARE(r->settings.groups, int64_t(2));
    // BatchNorm's output moves with its mates, ~1/√N less as N grows; the others never look at
    // them, so nothing moves at any N.
    for (int64_t c = 0; c < 4; ++c) {
        const double two = r->point(BatchSizeNorm::BatchTrain, 1).spread[c];
        const double many = r->point(BatchSizeNorm::BatchTrain, 6).spread[c];
        QVERIFY2(two > 0.05 && many < two / 2.5, qPrintable(QStringLiteral("%1 → %2").arg(two).arg(many)));
        for (BatchSizeNorm flat :
            { BatchSizeNorm::BatchEval, BatchSizeNorm::Layer, BatchSizeNorm::Instance, BatchSizeNorm::Group })
            for (size_t i = 0; i < r->settings.sizes.size(); ++i)
                QVERIFY(r->point(flat, i).spread[c] < 1e-6);
    }
    // The spread plot draws BatchNorm's curve from those numbers, on a log-2 axis.
    QCustomPlot* spread = window.batchSizeView()->plot(BatchSizePlot::Spread);
    QCOMPARE(spread->xAxis->scaleType(), QCPAxis::stLogarithmic);
    const QVector<double> bn = graphValues(spread, QStringLiteral("BatchNorm, training"));
    QCOMPARE(bn.size(), 7);
    QCOMPARE(bn[1], r->point(BatchSizeNorm::BatchTrain, 1).spread[0]);
    QVERIFY(window.batchSizeView()->caption().contains(QStringLiteral("Group Normalization paper's Figure 1")));

    // Another largest batch asks for new sizes.
    session->setLargestBatch(16);
    QTRY_VERIFY_WITH_TIMEOUT(session->batchSize() && session->batchSize()->settings.sizes.back() == 16, 20000);
}

void TestUiLabs::batchOfOneShowsPyTorchsRefusal()
{
    MainWindow window;
    window.state()->setGenerator(channelShift(Shape::fromDims({ 16, 6 })));
    openTab(window, window.batchSizeView());
    LabSession* session = window.labSession();
    QVERIFY(waitForBatchSize(session));
    const auto r = session->batchSize();
    // PyTorch's message for nn.BatchNorm1d(6) training on a (1, 6) batch (test_labs_batchsize
    // checks it against python3-torch).
    const QString refusal
        = QStringLiteral("Expected more than 1 value per channel when training, got input size torch.Size([1, 6])");
    QCOMPARE(QString::fromStdString(r->point(BatchSizeNorm::BatchTrain, 0).error), refusal);
    QVERIFY2(window.batchSizeView()->caption().contains(refusal), qPrintable(window.batchSizeView()->caption()));
    QCustomPlot* spread = window.batchSizeView()->plot(BatchSizePlot::Spread);
    bool noted = false;
    for (int i = 0; i < spread->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(spread->item(i)))
            noted = noted || text->text().contains(QStringLiteral("N = 1: PyTorch refuses"));
    QVERIFY(noted);
    // BatchNorm's training curve starts at N = 2; eval mode is fine at N = 1.
    QCOMPARE(graphValues(spread, QStringLiteral("BatchNorm, training")).size(), 6);
    QCOMPARE(graphValues(spread, QStringLiteral("BatchNorm, eval (running statistics)")).size(), 7);
}

void TestUiLabs::presentationKeysDriveTheLab()
{
    MainWindow window;
    window.state()->setGenerator(channelShift(Shape { 4, 3, 4, 4, 4 }));
    openTab(window, window.runningStatsView());
    LabSession* session = window.labSession();
    QVERIFY(waitForSteps(session, 0));
    window.setPresenting(true);
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_Right);
    QTest::keyClick(&window, Qt::Key_Right);
    QCOMPARE(session->steps(), uint64_t(2));
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(session->playing());
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(!session->playing());
    // The lab's text grows with the presentation's.
    QVERIFY(window.runningStatsView()->stepButton(1)->font().pointSizeF() > QFont().pointSizeF() * 1.2);
    window.setPresenting(false);
}

void TestUiLabs::figuresDrawTheLabs()
{
    MainWindow window;
    window.state()->setGenerator(channelShift(Shape { 8, 3, 4, 4, 4 }));
    openTab(window, window.batchSizeView());
    LabSession* session = window.labSession();
    session->step(30);
    QVERIFY(waitForBatchSize(session));
    QVERIFY(waitForSteps(session, 30));

    FigureOptions options = window.currentFigureOptions();
    QCOMPARE(options.labs.runningStats, session->runningStats());
    QCOMPARE(options.labs.batchSize, session->batchSize());
    for (const QString& theme : { QStringLiteral("light"), QStringLiteral("dark") }) {
        options.theme = Theme::byKey(theme);
        options.width = 1280;
        options.height = 720;
        for (FigureKind kind : { FigureKind::RunningStats, FigureKind::BatchSize }) {
            QVERIFY(labFigureUnavailableReason(kind, options.labs).isEmpty());
            const QImage image = renderPaintedImage(
                options, [&](QPainter& p, const QRectF& rect) { paintLabFigure(p, rect, kind, options); });
            // The corner is the theme's background; the plots put many other colours on it.
            QCOMPARE(image.pixelColor(2, 2), options.theme.background);
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 7)
                for (int x = 0; x < image.width(); x += 7)
                    colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
        }
    }
    // A lab that has computed nothing says so instead of drawing an empty slide.
    QVERIFY(!labFigureUnavailableReason(FigureKind::RunningStats, LabFigureData {}).isEmpty());
}

QTEST_MAIN(TestUiLabs)
#include "test_ui_labs.moc"
