// Brushing in the explorer window, driven as a user does it: pointing at a histogram bar lights
// exactly the cube cells holding its values (counted here directly) and shows the same elements
// in the other histogram; clicking a cube cell marks its value in both histograms and gives its
// worked example; the values-on-the-cube colouring reaches the cube with its colour bar.
#include "control/annotationcontroller.h"
#include "cube/cubeview.h"
#include "panels/statspanel.h"
#include "plots/histogrampanel.h"
#include "plots/qcustomplotinclude.h"
#include "testsupport.h"
#include "window/mainwindow.h"
#include "window/viewlinks.h"
#include "windowtest.h"

#include <QSignalSpy>
#include <QtTest>

#include <memory>

#include <cmath>

using namespace normscope;

class TestBrushing : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void hoveringABinLightsItsCells();
    void clickingACellMarksBothHistograms();
    void valuesOnTheCube();

private:
    std::unique_ptr<test::ScratchSettings> m_settings;
    // A window with a snapshot, and the controller of its annotations.
    static AnnotationController* annotations(MainWindow& window);
};

void TestBrushing::initTestCase()
{
    m_settings = std::make_unique<test::ScratchSettings>();
}

AnnotationController* TestBrushing::annotations(MainWindow& window)
{
    auto* links = window.findChild<ViewLinks*>();
    return links ? links->annotations() : nullptr;
}

namespace {

// The pixel of a histogram plot over the centre of bin `bin`, halfway up its axis rect.
QPoint binPoint(QCustomPlot* plot, const Histogram& h, int64_t bin)
{
    const double x = plot->xAxis->coordToPixel(h.binCenter(static_cast<size_t>(bin)));
    const QRect axis = plot->axisRect()->rect();
    return QPoint(static_cast<int>(std::lround(x)), axis.center().y());
}

} // namespace

void TestBrushing::hoveringABinLightsItsCells()
{
    MainWindow window;
    window.resize(1366, 768);
    window.show();
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QVERIFY(ready.wait(5000));
    window.state()->setNormKind(NormKind::Group);
    QVERIFY(ready.wait(5000));
    const auto snap = window.controller()->snapshot();
    AnnotationController* controller = annotations(window);
    QVERIFY(controller);
    QSignalSpy annotated(controller, &AnnotationController::annotationsReady);
    HistogramPanel* panel = window.histogramPanel();
    panel->afterPlot()->replot();

    // The rightmost non-empty bin of the output: a tail.
    const Histogram& h = snap->histAfter;
    int64_t tail = static_cast<int64_t>(h.counts.size()) - 1;
    while (tail > 0 && h.counts[static_cast<size_t>(tail)] == 0)
        --tail;
    QTest::mouseMove(panel->afterPlot(), binPoint(panel->afterPlot(), h, tail));
    QVERIFY(annotated.wait(5000));
    auto a = controller->annotations();
    QVERIFY(a->brush);
    QCOMPARE(a->brush->brush.side, HistogramSide::After);
    QCOMPARE(a->brush->brush.bin, tail);

    // The cube draws exactly the cells holding those values: count them here element by element.
    const CubePaintOptions options = window.cubeView()->paintOptions();
    QVERIFY(options.brush);
    const CubeModel& model = window.cubeView()->model();
    const Tensor& out = *snap->output;
    const Shape& s = out.shape();
    int64_t values = 0;
    std::map<std::tuple<int64_t, int64_t, int64_t>, int64_t> cells;
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t c = 0; c < s.c; ++c)
            for (int64_t i = 0; i < s.hw(); ++i) {
                const double v = out.at(n, c, i / s.w, i % s.w);
                const double position = (v - h.lo) / (h.hi - h.lo) * static_cast<double>(h.counts.size());
                const int64_t bin = v == h.hi ? static_cast<int64_t>(h.counts.size()) - 1
                                              : static_cast<int64_t>(std::floor(position));
                if (bin != tail)
                    continue;
                ++values;
                ++cells[{ model.bands(CubeAxis::N).bandOf(n), model.bands(CubeAxis::C).bandOf(c),
                    model.bands(CubeAxis::S).bandOf(i) }];
            }
    QVERIFY(values > 0);
    QCOMPARE(options.brush->count, values);
    for (const auto& [cell, count] : cells)
        QCOMPARE(options.brush->cellCount({ std::get<0>(cell), std::get<1>(cell), std::get<2>(cell) }), count);
    int64_t lit = 0;
    for (int64_t n = 0; n < options.brush->bandsN; ++n)
        for (int64_t c = 0; c < options.brush->bandsC; ++c)
            for (int64_t i = 0; i < options.brush->bandsS; ++i)
                lit += options.brush->cellCount({ n, c, i }) > 0 ? 1 : 0;
    QCOMPARE(lit, static_cast<int64_t>(cells.size()));
    // The count and where they come from, under the plots.
    QVERIFY2(panel->brushText().contains(QString::number(values)), qPrintable(panel->brushText()));
    QVERIFY2(panel->brushText().contains(QStringLiteral("n=")), qPrintable(panel->brushText()));
    // The same elements before the norm, drawn in the other histogram: a bar plottable holding
    // exactly `values` counts' worth of density.
    bool found = false;
    for (int i = 0; i < panel->beforePlot()->plottableCount(); ++i) {
        auto* bars = qobject_cast<QCPBars*>(panel->beforePlot()->plottable(i));
        if (!bars || bars->name() != QStringLiteral("brushed values"))
            continue;
        double total = 0.0;
        for (auto it = bars->data()->begin(); it != bars->data()->end(); ++it)
            total += it->value * bars->width() * static_cast<double>(snap->histBefore.total);
        QVERIFY(std::abs(total - static_cast<double>(values)) < 1e-6 * static_cast<double>(values));
        found = true;
    }
    QVERIFY(found);

    // Leaving the plot clears a hover; a click keeps the brush until clicked again.
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(panel->afterPlot(), &leave);
    QVERIFY(annotated.wait(5000));
    QVERIFY(!controller->annotations()->brush);
    QTest::mouseClick(panel->afterPlot(), Qt::LeftButton, {}, binPoint(panel->afterPlot(), h, tail));
    QTRY_VERIFY_WITH_TIMEOUT(controller->annotations()->brush && window.state()->pinnedBin(), 5000);
    QApplication::sendEvent(panel->afterPlot(), &leave);
    QTest::qWait(100);
    QTRY_VERIFY_WITH_TIMEOUT(controller->annotations()->brush.has_value(), 5000);
    QCOMPARE(controller->annotations()->brush->count, values);
}

void TestBrushing::clickingACellMarksBothHistograms()
{
    MainWindow window;
    window.resize(1366, 768);
    window.show();
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QVERIFY(ready.wait(5000));
    AnnotationController* controller = annotations(window);
    QSignalSpy annotated(controller, &AnnotationController::annotationsReady);
    CubeView* cube = window.cubeView();
    const QRectF area = cube->blockArea();
    const Eigen::Vector4d rect { area.x(), area.y(), area.width(), area.height() };
    const auto quads = cube->model().surfaceQuads(cube->paintOptions().camera, rect);
    // The front-most quad of some cell well inside the picture.
    const CubeQuad& quad = quads[quads.size() - quads.size() / 3];
    Eigen::Vector2d centre = Eigen::Vector2d::Zero();
    for (const auto& corner : quad.corners)
        centre += corner / 4.0;
    const auto picked = cube->model().pick(centre, cube->paintOptions().camera, rect);
    QVERIFY(picked);
    const ElementIndex e = cube->firstElement(*picked);
    QTest::mouseClick(cube, Qt::LeftButton, {},
        QPoint(static_cast<int>(std::lround(centre.x())), static_cast<int>(std::lround(centre.y()))));
    QTRY_VERIFY_WITH_TIMEOUT(controller->annotations() && controller->annotations()->marked
            && controller->annotations()->isFor(window.controller()->snapshot()),
        5000);
    const auto snap = window.controller()->snapshot();
    const double x = snap->input->at(e.n, e.c, e.h, e.w);
    const double y = snap->output->at(e.n, e.c, e.h, e.w);
    HistogramPanel* panel = window.histogramPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->markedLine(panel->beforePlot()).has_value(), 5000);
    QCOMPARE(*panel->markedLine(panel->beforePlot()), x);
    QVERIFY(panel->markedLine(panel->afterPlot()).has_value());
    QCOMPARE(*panel->markedLine(panel->afterPlot()), y);
    // The clicked cell is outlined on the cube and its worked example is in the statistics.
    QVERIFY(cube->paintOptions().marked == std::optional<CubeCell>(*picked));
    const QString stats = window.statsPanel()->text();
    QVERIFY2(stats.contains(QStringLiteral("Worked example")), qPrintable(stats));
    QVERIFY2(stats.contains(QString::number(x, 'g', 6)), qPrintable(stats));
    // Overlaid, one plot carries both marks.
    panel->setOverlay(true);
    QCOMPARE(panel->afterPlot()->itemCount() >= 2, true);
}

void TestBrushing::valuesOnTheCube()
{
    MainWindow window;
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QVERIFY(ready.wait(5000));
    AnnotationController* controller = annotations(window);
    window.state()->setCubeValues(CubeValues::Before);
    QTRY_VERIFY_WITH_TIMEOUT(window.cubeView()->paintOptions().values != nullptr, 5000);
    const auto snap = window.controller()->snapshot();
    const CellValues& v = *window.cubeView()->paintOptions().values;
    QCOMPARE(v.lo, snap->inputSummary.min);
    QCOMPARE(v.hi, snap->inputSummary.max);
    QVERIFY(!window.cubeView()->paintOptions().valuesAfter);
    // The default 8×6×8×8 tensor has a cell per element: each cell's colour is its own value.
    QCOMPARE(v.coarsened, false);
    QCOMPARE(v.at({ 2, 3, 10 }), snap->input->at(2, 3, 1, 2));
    window.state()->setCubeValues(CubeValues::After);
    QTRY_VERIFY_WITH_TIMEOUT(window.cubeView()->paintOptions().valuesAfter, 5000);
    QCOMPARE(window.cubeView()->paintOptions().values->at({ 2, 3, 10 }), snap->output->at(2, 3, 1, 2));
    // The block leaves room for the colour bar.
    QVERIFY(window.cubeView()->blockArea().right() < window.cubeView()->width() - 60);
    window.state()->setCubeValues(CubeValues::Off);
    QTRY_VERIFY_WITH_TIMEOUT(window.cubeView()->paintOptions().values == nullptr, 5000);
    Q_UNUSED(controller)
}

QTEST_MAIN(TestBrushing)
#include "test_ui_brushing.moc"
