// The explorer window as a user drives it: every parameter change reaches the plots and the
// statistics, bad files leave everything as it was, and the histogram panel draws what the
// snapshot holds (densities, the normal reference, log scale, overlay).
#include "codepanel.h"
#include "histogrampanel.h"
#include "mainwindow.h"
#include "qcustomplotinclude.h"
#include "statspanel.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <numbers>

using namespace normscope;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void everyChangeUpdatesTheViews();
    void badFileKeepsTheTensor();
    void imageOpensAsTensor();
    void histogramShowsDensities();
    void referenceCurve();
    void logAndOverlay();
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // settings go to a test location, not the user's
    QSettings().clear();
}

void TestMainWindow::everyChangeUpdatesTheViews()
{
    MainWindow window;
    QSignalSpy replots(window.histogramPanel(), &HistogramPanel::replotted);
    QVERIFY(replots.wait(5000));
    ExplorerState* state = window.state();
    const auto expectUpdate = [&](const char* what) {
        replots.clear();
        QVERIFY2(replots.wait(5000), what);
    };
    state->setNormKind(NormKind::Group);
    expectUpdate("norm");
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("nn.GroupNorm(")));
    NormConfig config = state->config();
    config.eps = 0.5;
    config.groups = 2;
    state->setConfig(config);
    expectUpdate("eps");
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("eps=0.5")));
    AffineSpec affine;
    affine.beta = 1.0;
    state->setAffine(affine);
    expectUpdate("beta");
    // The selected set's mean after is β = 1.
    QVERIFY(std::abs(window.controller()->snapshot()->selectedAfter.mean - 1.0) < 1e-5);
    const QString meanRow
        = QStringLiteral("mean\n%1\n→\n1\n").arg(formatStat(window.controller()->snapshot()->selectedBefore.mean));
    QVERIFY2(window.statsPanel()->text().contains(meanRow), qPrintable(window.statsPanel()->text()));
    state->setSelectedSet(3);
    expectUpdate("selection");
    QVERIFY2(window.statsPanel()->text().contains(QStringLiteral("n=1, g=1")), qPrintable(window.statsPanel()->text()));
    state->setBins(25);
    expectUpdate("bins");
    QCOMPARE(window.histogramPanel()->afterPlot()->plottable(0)->interface1D()->dataCount(), 25);
    GeneratorSpec spec = state->source().generator;
    spec.seed = 42;
    state->setGenerator(spec);
    expectUpdate("seed");
}

void TestMainWindow::badFileKeepsTheTensor()
{
    MainWindow window;
    QSignalSpy replots(window.histogramPanel(), &HistogramPanel::replotted);
    QVERIFY(replots.wait(5000));
    const auto before = window.controller()->snapshot();
    const Shape shape = window.state()->shape();
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("broken.npy"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("\x93NUMPY\x01\x00\x20\x00{'descr': '<f4', 'shape': (", 32));
    f.close();
    const QString message = window.openFiles({ bad });
    QVERIFY2(message.contains(QStringLiteral("broken.npy")), qPrintable(message));
    QTest::qWait(200);
    QCOMPARE(window.state()->shape(), shape);
    QCOMPARE(window.state()->source().kind, TensorSource::Kind::Generated);
    QCOMPARE(window.controller()->snapshot(), before);
}

void TestMainWindow::imageOpensAsTensor()
{
    MainWindow window;
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QVERIFY(ready.wait(5000));
    window.setImageScale(ImageScale::Byte);
    QVERIFY(window.openFiles({ QString::fromStdString(test::dataPath("images/rgb_3x2.png")) }).isEmpty());
    ready.clear();
    QVERIFY(ready.wait(5000));
    const auto snap = window.controller()->snapshot();
    QCOMPARE(snap->input->shape(), (Shape { 1, 3, 2, 3, 4 }));
    QCOMPARE(snap->input->at(0, 0, 1, 1), 128.0f);
    // An image is not a .npy: the snippet loads it as an image, with the same scale.
    QVERIFY2(window.codePanel()->code().contains(QStringLiteral("Image.open(\"rgb_3x2.png\").convert(\"RGB\")")),
        qPrintable(window.codePanel()->code()));
}

void TestMainWindow::histogramShowsDensities()
{
    MainWindow window;
    QSignalSpy ready(window.histogramPanel(), &HistogramPanel::replotted);
    QVERIFY(ready.wait(5000));
    const auto snap = window.controller()->snapshot();
    auto* bars = qobject_cast<QCPBars*>(window.histogramPanel()->beforePlot()->plottable(0));
    QVERIFY(bars);
    QCOMPARE(bars->data()->size(), static_cast<int>(snap->histBefore.counts.size()));
    // Bars are densities: their areas sum to 1.
    double area = 0.0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        area += it->value * bars->width();
    QVERIFY(std::abs(area - 1.0) < 1e-9);
}

void TestMainWindow::referenceCurve()
{
    HistogramPanel panel;
    SnapshotPipeline pipeline;
    PipelineInput input;
    input.generator = GeneratorSpec {};
    input.config = NormConfig::defaults(NormKind::Batch);
    panel.setSnapshot(pipeline.run(input));
    auto peak = [&] {
        double best = 0.0;
        double at = 0.0;
        QCPGraph* curve = panel.afterPlot()->graph(panel.afterPlot()->graphCount() - 1);
        for (auto it = curve->data()->constBegin(); it != curve->data()->constEnd(); ++it)
            if (it->value > best)
                best = it->value, at = it->key;
        return std::pair { at, best };
    };
    // N(0, 1): peak 1/sqrt(2π) at 0.
    auto [at, height] = peak();
    QVERIFY(std::abs(at) < 0.05);
    QVERIFY(std::abs(height - 1.0 / std::sqrt(2 * std::numbers::pi)) < 1e-3);
    // Uniform γ = 2, β = 1: N(1, 4), peak 1/(2 sqrt(2π)) at 1.
    input.affine.gamma = 2.0;
    input.affine.beta = 1.0;
    panel.setSnapshot(pipeline.run(input));
    std::tie(at, height) = peak();
    QVERIFY(std::abs(at - 1.0) < 0.05);
    QVERIFY(std::abs(height - 1.0 / (2 * std::sqrt(2 * std::numbers::pi))) < 1e-3);
    // Per-channel γ: no single normal.
    input.affine.perChannel = true;
    panel.setSnapshot(pipeline.run(input));
    QVERIFY(!panel.referenceNormal().has_value());
}

void TestMainWindow::logAndOverlay()
{
    HistogramPanel panel;
    PipelineInput input;
    input.generator = GeneratorSpec {};
    panel.setSnapshot(SnapshotPipeline().run(input));
    QCOMPARE(panel.afterPlot()->yAxis->scaleType(), QCPAxis::stLinear);
    panel.setLogY(true);
    QCOMPARE(panel.afterPlot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    const int sideBySide = panel.afterPlot()->plottableCount();
    panel.setOverlay(true);
    QVERIFY(panel.beforePlot()->isHidden());
    QCOMPARE(panel.afterPlot()->plottableCount(), sideBySide + 2); // input bars and set join the output plot
}

QTEST_MAIN(TestMainWindow)
#include "test_ui_mainwindow.moc"
