// The explorer window as a user drives it: every parameter change reaches the plots and the
// statistics, bad files leave everything as it was, and the histogram panel draws what the
// snapshot holds (densities, the normal reference, log scale, overlay).
#include "cube/cubeview.h"
#include "io/npy.h"
#include "panels/codepanel.h"
#include "panels/statspanel.h"
#include "plots/histogrampanel.h"
#include "plots/qcustomplotinclude.h"
#include "testsupport.h"
#include "widgets/viewmessage.h"
#include "window/mainwindow.h"
#include "windowsupport.h"

#include <QAbstractSlider>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
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
    void refusedShapeKeepsTheTensor();
    void loadedFileFreezesTheGenerator();
    void wheelScrollsThePanelNotTheSlider();
    void stepSaysWhatItFeeds();
    void noViewKeepsAnOldResultAfterAnError();
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
    const QString message = test::openAndWait(window, { bad });
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
    QVERIFY(test::openAndWait(window, { QString::fromStdString(test::dataPath("images/rgb_3x2.png")) }).isEmpty());
    ready.clear();
    QVERIFY(ready.wait(5000));
    const auto snap = window.controller()->snapshot();
    QCOMPARE(snap->input->shape(), (Shape { 1, 3, 2, 3, 4 }));
    QCOMPARE(snap->input->at(0, 0, 1, 1), 128.0f);
    // An image is not a .npy: the snippet loads it as an image by its full path, with the same scale.
    const QString path = QFileInfo(QString::fromStdString(test::dataPath("images/rgb_3x2.png"))).absoluteFilePath();
    QVERIFY2(window.codePanel()->code().contains(QStringLiteral("Image.open(\"%1\").convert(\"RGB\")").arg(path)),
        qPrintable(window.codePanel()->code()));
    QVERIFY(!window.codePanel()->code().contains(QStringLiteral("/ 255.0")));

    // Switching File > Image values reads the image on screen again: 128 becomes 128/255, and
    // the code divides by 255 too.
    ready.clear();
    window.setImageScale(ImageScale::Unit);
    QVERIFY(ready.wait(5000));
    QCOMPARE(window.controller()->snapshot()->input->at(0, 0, 1, 1), 128.0f / 255.0f);
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("/ 255.0")));
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
    // RMSNorm keeps each set's mean (γ = 1, no β): no normal either.
    input.affine.perChannel = false;
    input.affine.gamma = 1.0;
    input.config = NormConfig::defaults(NormKind::Rms);
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

namespace {

QSpinBox* shapeBox(MainWindow& window, const QString& prefix)
{
    for (QSpinBox* box : window.findChildren<QSpinBox*>()) {
        if (box->prefix() == prefix + QLatin1Char(' '))
            return box;
    }
    return nullptr;
}

} // namespace

void TestMainWindow::refusedShapeKeepsTheTensor()
{
    MainWindow window;
    window.show();
    const Shape before = window.state()->shape();
    QSpinBox* n = shapeBox(window, QStringLiteral("N"));
    QSpinBox* c = shapeBox(window, QStringLiteral("C"));
    QSpinBox* h = shapeBox(window, QStringLiteral("H"));
    QSpinBox* w = shapeBox(window, QStringLiteral("W"));
    QVERIFY(n && c && h && w);
    // 64 x 256 x 512 x 8 = 2^26 fits; then W = 512 makes 2^32 elements, past the 2^28 limit.
    n->setValue(64);
    c->setValue(256);
    h->setValue(512);
    QCOMPARE(window.state()->shape().numel(), int64_t(64) * 256 * 512 * before.w);
    const Shape accepted = window.state()->shape();
    w->setValue(512);
    QCOMPARE(window.state()->shape(), accepted); // the state never took the refused shape
    QCOMPARE(w->value(), static_cast<int>(accepted.w)); // and the box shows the tensor's W again
    bool said = false;
    for (QLabel* label : window.findChildren<QLabel*>())
        said = said || (label->isVisible() && label->text().contains(QStringLiteral("too large")));
    QVERIFY2(said, "the refusal is shown next to the shape");
}

void TestMainWindow::loadedFileFreezesTheGenerator()
{
    MainWindow window;
    window.show();
    Tensor t(Shape { 2, 3, 4, 5, 4 }, 1.5f);
    t.data()[0] = 0.0f;
    window.state()->setLoaded(std::make_shared<const Tensor>(t), QStringLiteral("mine.npy"), {});
    QSpinBox* c = shapeBox(window, QStringLiteral("C"));
    QVERIFY(c);
    QCOMPARE(c->value(), 3); // the boxes show the file's shape ...
    QVERIFY(!c->isEnabled()); // ... and cannot replace the file by accident
    QPushButton* back = nullptr;
    for (QPushButton* b : window.findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Use the generator instead"))
            back = b;
    QVERIFY(back && back->isVisible());
    back->click();
    QCOMPARE(window.state()->source().kind, TensorSource::Kind::Generated);
    QVERIFY(c->isEnabled());
    QVERIFY(!back->isVisible());
}

void TestMainWindow::wheelScrollsThePanelNotTheSlider()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAbstractSlider* slider = nullptr;
    for (QAbstractSlider* s : window.findChildren<QAbstractSlider*>())
        if (s->isVisible() && s->maximum() > s->minimum() && !s->hasFocus() && s->orientation() == Qt::Horizontal)
            slider = s;
    QVERIFY(slider);
    const int before = slider->value();
    const QPoint centre = slider->rect().center();
    QWheelEvent wheel(centre, slider->mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(slider, &wheel);
    QCOMPARE(slider->value(), before); // an unfocused slider ignores the wheel
    slider->setFocus();
    QApplication::sendEvent(slider, &wheel);
    QVERIFY(slider->value() != before); // once the user has clicked into it, the wheel moves it
}

namespace {

QString visibleLabelWith(MainWindow& window, const QString& part)
{
    for (QLabel* label : window.findChildren<QLabel*>())
        if (label->isVisible() && label->text().contains(part))
            return label->text();
    return {};
}

QPushButton* buttonWithText(MainWindow& window, const QString& text)
{
    for (QPushButton* b : window.findChildren<QPushButton*>())
        if (b->text() == text && b->isVisible())
            return b;
    return nullptr;
}

} // namespace

void TestMainWindow::stepSaysWhatItFeeds()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    window.state()->setGenerator(spec);
    QVERIFY2(visibleLabelWith(window,
                 QStringLiteral("Step feeds batch 1 of this population: new noise, the same "
                                "per-channel means and spreads."))
                 .contains(QStringLiteral("Batches fed: 0.")),
        "the panel says what a Step feeds");
    QPushButton* step = buttonWithText(window, QStringLiteral("Step"));
    QVERIFY(step);
    QTest::mouseClick(step, Qt::LeftButton);
    QTest::mouseClick(step, Qt::LeftButton);
    QCOMPARE(window.state()->batchesFed(), uint64_t(2));
    QVERIFY(!visibleLabelWith(window, QStringLiteral("Step feeds batch 3 of this population")).isEmpty());

    // Several .npy files of one channel count: batches fed in turn, and the panel names the next.
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.npy"));
    const QString b = dir.filePath(QStringLiteral("b.npy"));
    writeTensor(a.toStdString(), Tensor(Shape { 2, 6, 2, 2, 4 }, std::vector<float>(48, 1.0f)));
    std::vector<float> values(72);
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = static_cast<float>(i % 5);
    writeTensor(b.toStdString(), Tensor(Shape { 3, 6, 2, 2, 4 }, values));
    QVERIFY(test::openAndWait(window, { a, b }).isEmpty());
    QCOMPARE(window.state()->source().batches.size(), size_t(2));
    QCOMPARE(window.state()->shape().n, int64_t(2)); // the first file is on screen
    QVERIFY(!visibleLabelWith(window, QStringLiteral("Step feeds a.npy next (file 1 of 2")).isEmpty());
    QTest::mouseClick(step, Qt::LeftButton);
    QVERIFY(!visibleLabelWith(window, QStringLiteral("Step feeds b.npy next (file 2 of 2")).isEmpty());
    QTest::mouseClick(step, Qt::LeftButton);
    QVERIFY(!visibleLabelWith(window, QStringLiteral("Step feeds a.npy next (file 1 of 2")).isEmpty());

    // One file: the same tensor again.
    QVERIFY(test::openAndWait(window, { b }).isEmpty());
    QVERIFY(!visibleLabelWith(window, QStringLiteral("Step feeds the same tensor again (b.npy).")).isEmpty());
}

void TestMainWindow::noViewKeepsAnOldResultAfterAnError()
{
    // Shape 1×1×1×1, then GN: nothing can be computed (PyTorch: "Expected more than 1 value per
    // channel when training"). Before, the cube, statistics and code went on showing the last
    // BatchNorm result and the error flashed in the status bar for 8 s.
    MainWindow window;
    window.resize(1340, 740);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QSignalSpy failed(window.controller(), &Controller::computeFailed);
    QTRY_VERIFY_WITH_TIMEOUT(window.controller()->snapshot(), 5000);
    GeneratorSpec spec;
    spec.shape = { 1, 1, 1, 1, 4 };
    window.state()->setGenerator(spec);
    window.state()->setNormKind(NormKind::Group);
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() && window.state()->config().kind == NormKind::Group
            && !window.controller()->error().isEmpty(),
        5000);
    QTest::qWait(50);
    const QString error = window.controller()->error();
    QVERIFY2(error.contains(QStringLiteral("Expected more than 1 value per channel")), qPrintable(error));
    QVERIFY(!window.controller()->snapshot()); // nothing stale to export or present either

    // Every view says why, on the view, and shows nothing of the old result.
    const auto overlays = [&] {
        QStringList shown;
        for (ViewMessage* m : window.findChildren<ViewMessage*>())
            if (m->isVisible() && m->message() == error)
                shown << QString::fromLatin1(m->parentWidget()->metaObject()->className());
        return shown;
    };
    QVERIFY2(overlays().contains(QStringLiteral("normscope::CubeView")), qPrintable(overlays().join(u',')));
    QVERIFY2(overlays().contains(QStringLiteral("normscope::HistogramPanel")), qPrintable(overlays().join(u',')));
    // The cube as the user sees it: not one pixel of the selected set's colour.
    const QImage cube = window.cubeView()->grab().toImage();
    const QColor highlight = Theme::light().highlight;
    int highlightPixels = 0;
    for (int y = 0; y < cube.height(); y += 2)
        for (int x = 0; x < cube.width(); x += 2)
            highlightPixels += cube.pixelColor(x, y) == highlight ? 1 : 0;
    QCOMPARE(highlightPixels, 0);
    QCOMPARE(window.histogramPanel()->afterPlot()->plottableCount(), 0);
    const QString stats = window.statsPanel()->text();
    QVERIFY2(stats.contains(error) && !stats.contains(QStringLiteral("BatchNorm"))
            && !stats.contains(QStringLiteral("values")),
        qPrintable(stats));
    const QString code = window.codePanel()->code();
    QVERIFY2(code.contains(QStringLiteral("# NormScope cannot compute this setting: ") + error)
            && code.contains(QStringLiteral("m = nn.GroupNorm(1, 1,")) && !code.contains(QStringLiteral("BatchNorm")),
        qPrintable(code));
    QVERIFY(!visibleLabelWith(window, QStringLiteral("[1, 1, 1, 1]")).isEmpty()); // the tensor panel too
    QVERIFY(visibleLabelWith(window, QStringLiteral("[8, 6, 8, 8]")).isEmpty());

    // It stays until the setting changes: past the old 8 s status-bar timeout, and through a
    // change of view only.
    window.state()->setAllSets(true);
    QTest::qWait(200);
    QVERIFY(!overlays().isEmpty());
    QVERIFY(window.statsPanel()->text().contains(error));

    // A setting that computes brings every view back.
    ready.clear();
    spec.shape = { 4, 6, 3, 3, 4 };
    window.state()->setGenerator(spec);
    QVERIFY(ready.wait(5000));
    QVERIFY(overlays().isEmpty());
    QVERIFY(window.controller()->snapshot());
    QVERIFY(window.statsPanel()->text().contains(QStringLiteral("Selected set")));
    QVERIFY(!window.codePanel()->code().contains(QStringLiteral("cannot compute")));
}

QTEST_MAIN(TestMainWindow)
#include "test_ui_mainwindow.moc"
