// The cube as a user sees it, checked against an expectation that shares no code with the view:
// every visible cell is projected by the hand-written camera below, its colour is sampled in the
// widget's own pixels, and it must show the highlight exactly when its elements belong to the
// selected set (membership and set numbers from the norms' definitions, not ReductionGeometry).
// Clicking a projected cell selects that cell's set; dragging, the wheel and a double-click
// move, zoom and reset the camera the picture follows; hovering names the cell and its values;
// in "all sets" mode cells of one set share a colour and neighbouring sets differ.
// Set NORMSCOPE_DUMP_DIR to keep the grabbed pictures.
#include "analysis/pipeline.h"
#include "cube/cubeview.h"
#include "look/theme.h"
#include "window/mainwindow.h"
#include "windowtest.h"

#include <QSignalSpy>

#include <array>
#include <cmath>
#include <numbers>

using namespace normscope;

Q_DECLARE_METATYPE(normscope::NormKind)

class TestCubePixels : public QObject {
    Q_OBJECT
private slots:
    void highlightIsTheSet_data();
    void highlightIsTheSet();
    void clickSelectsTheCellsSet_data();
    void clickSelectsTheCellsSet();
    void dragZoomAndReset();
    void hoverNamesTheCell();
    void allSetsColours_data();
    void allSetsColours();
    void resetFromTheMenu();

private:
    void addConfigs();
};

namespace {

constexpr int viewWidth = 700;
constexpr int viewHeight = 520;

struct Config {
    NormKind kind = NormKind::Batch;
    int layerDims = 3;
    int64_t groups = 1;
};

// The set number of element (n, c, h) as PyTorch orders a norm's statistics: BatchNorm per
// channel, InstanceNorm per (n, c), GroupNorm per (n, g) with consecutive channels in a group,
// LayerNorm per sample over its last 3, 2 or 1 dimensions.
int64_t setOf(const Config& k, const Shape& s, int64_t n, int64_t c, int64_t h)
{
    switch (k.kind) {
    case NormKind::Batch:
        return c;
    case NormKind::Instance:
        return n * s.c + c;
    case NormKind::Group:
        return n * k.groups + c / (s.c / k.groups);
    case NormKind::Layer:
    case NormKind::Rms: // LayerNorm's sets
        return k.layerDims == 3 ? n : k.layerDims == 2 ? n * s.c + c : (n * s.c + c) * s.h + h;
    }
    return -1;
}

std::shared_ptr<const Snapshot> snapshotFor(const Config& k, Shape shape, int64_t set)
{
    PipelineInput input;
    input.generator = GeneratorSpec {};
    input.generator->shape = shape;
    input.config = NormConfig::defaults(k.kind);
    input.config.groups = k.groups;
    if (k.kind == NormKind::Layer && k.layerDims < 3)
        input.config.normalizedShape
            = k.layerDims == 1 ? std::vector<int64_t> { shape.w } : std::vector<int64_t> { shape.h, shape.w };
    input.selectedSet = set;
    return SnapshotPipeline().run(input);
}

// The camera written out by hand from the view's contract: the block has axes C (x, to the
// right), H·W (y, up) and N (z, away from the viewer); edge lengths 0.55 + 0.45 × (cells on
// the axis / cells on the longest axis); turned by `yaw` about the vertical axis, then tilted
// down by `pitch`; orthographic; its bounding sphere fitted to the smaller side of the block
// area (the widget less 44 px left and right, 26.4 px above and 83.6 px below for the labels
// and caption), times `zoom`.
struct HandCamera {
    double yaw = 32.0;
    double pitch = 24.0;
    double zoom = 1.0;
    Shape shape;

    std::array<double, 3> extent() const
    {
        const double hw = static_cast<double>(shape.h * shape.w);
        const double longest = std::max({ static_cast<double>(shape.n), static_cast<double>(shape.c), hw });
        return { 0.55 + 0.45 * static_cast<double>(shape.c) / longest, 0.55 + 0.45 * hw / longest,
            0.55 + 0.45 * static_cast<double>(shape.n) / longest };
    }
    // Rotated coordinates of a model point (centred on the block).
    std::array<double, 3> rotate(std::array<double, 3> p) const
    {
        const double y = yaw * std::numbers::pi / 180.0;
        const double t = -pitch * std::numbers::pi / 180.0;
        // About the vertical axis first ...
        const double x1 = std::cos(y) * p[0] + std::sin(y) * p[2];
        const double z1 = -std::sin(y) * p[0] + std::cos(y) * p[2];
        const double y1 = p[1];
        // ... then about the horizontal one.
        return { x1, std::cos(t) * y1 - std::sin(t) * z1, std::sin(t) * y1 + std::cos(t) * z1 };
    }
    // Pixel position of element coordinates (n, c, s), fractional allowed.
    QPointF project(double n, double c, double s) const
    {
        const auto e = extent();
        const double hw = static_cast<double>(shape.h * shape.w);
        const auto r = rotate({ c / static_cast<double>(shape.c) * e[0] - e[0] / 2, s / hw * e[1] - e[1] / 2,
            n / static_cast<double>(shape.n) * e[2] - e[2] / 2 });
        const QRectF area(44.0, 26.4, viewWidth - 88.0, viewHeight - 110.0);
        const double scale = std::min(area.width(), area.height()) / std::hypot(e[0], e[1], e[2]) * zoom;
        return { area.center().x() + scale * r[0], area.center().y() - scale * r[1] };
    }
    // Whether the face whose outward normal is `normal` (model axes) faces the viewer.
    bool faces(std::array<double, 3> normal) const { return rotate(normal)[2] < 0; }
};

// A cell on the block's surface: its element indices and the face it is seen on.
struct SurfaceCell {
    int64_t n, c, s;
    int axis; // 0: an N face, 1: a C face, 2: an H·W face
    QPointF centre;
    QPolygonF quad; // the projected face
    // Whether a 7×7 pixel square around the centre lies inside the face: big enough to sample.
    bool sampleable() const
    {
        for (const QPointF d : { QPointF(-3.5, -3.5), QPointF(3.5, -3.5), QPointF(3.5, 3.5), QPointF(-3.5, 3.5) })
            if (!quad.containsPoint(centre + d, Qt::OddEvenFill))
                return false;
        return true;
    }
};

// Every cell of every visible face, with its projected centre.
std::vector<SurfaceCell> visibleCells(const HandCamera& cam)
{
    const Shape& sh = cam.shape;
    const int64_t hw = sh.h * sh.w;
    std::vector<SurfaceCell> cells;
    const auto add = [&](int64_t n, int64_t c, int64_t s, int axis, std::array<std::array<double, 3>, 4> corners) {
        QPolygonF quad;
        for (const auto& p : corners)
            quad << cam.project(p[0], p[1], p[2]);
        cells.push_back({ n, c, s, axis, (quad[0] + quad[1] + quad[2] + quad[3]) / 4.0, quad });
    };
    for (const int side : { 0, 1 }) {
        const double nf = side ? static_cast<double>(sh.n) : 0.0;
        if (cam.faces({ 0, 0, side ? 1.0 : -1.0 }))
            for (int64_t c = 0; c < sh.c; ++c)
                for (int64_t s = 0; s < hw; ++s)
                    add(side ? sh.n - 1 : 0, c, s, 0,
                        { { { nf, double(c), double(s) }, { nf, c + 1.0, double(s) }, { nf, c + 1.0, s + 1.0 },
                            { nf, double(c), s + 1.0 } } });
        const double cf = side ? static_cast<double>(sh.c) : 0.0;
        if (cam.faces({ side ? 1.0 : -1.0, 0, 0 }))
            for (int64_t n = 0; n < sh.n; ++n)
                for (int64_t s = 0; s < hw; ++s)
                    add(n, side ? sh.c - 1 : 0, s, 1,
                        { { { double(n), cf, double(s) }, { n + 1.0, cf, double(s) }, { n + 1.0, cf, s + 1.0 },
                            { double(n), cf, s + 1.0 } } });
        const double sf = side ? static_cast<double>(hw) : 0.0;
        if (cam.faces({ 0, side ? 1.0 : -1.0, 0 }))
            for (int64_t n = 0; n < sh.n; ++n)
                for (int64_t c = 0; c < sh.c; ++c)
                    add(n, c, side ? hw - 1 : 0, 2,
                        { { { double(n), double(c), sf }, { n + 1.0, double(c), sf }, { n + 1.0, c + 1.0, sf },
                            { double(n), c + 1.0, sf } } });
    }
    return cells;
}

int distance(const QColor& a, const QColor& b)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
}

// Faces are lit from the top left: the highlight appears as itself, a little lighter (top) or a
// little darker (sides).
bool looksHighlighted(const QColor& pixel, const QColor& highlight)
{
    for (const QColor& shade : { highlight, highlight.lighter(112), highlight.darker(118) })
        if (distance(pixel, shade) <= 6)
            return true;
    return false;
}

// The colour most of the 5×5 pixels around `centre` have: a grid or outline line crossing the
// cell (the set's hidden edges are drawn through the glass) cannot change it.
QColor dominantColour(const QImage& image, QPointF centre)
{
    QHash<QRgb, int> votes;
    const QPoint c = centre.toPoint();
    for (int dy = -2; dy <= 2; ++dy)
        for (int dx = -2; dx <= 2; ++dx)
            ++votes[image.pixel(c + QPoint(dx, dy))];
    QRgb best = 0;
    int most = -1;
    for (auto it = votes.cbegin(); it != votes.cend(); ++it)
        if (it.value() > most)
            best = it.key(), most = it.value();
    return QColor::fromRgb(best);
}

QImage grabView(CubeView& view)
{
    return view.grab().toImage().convertToFormat(QImage::Format_RGB32);
}

void dump(const QImage& image, const QString& name)
{
    if (const QByteArray dir = qgetenv("NORMSCOPE_DUMP_DIR"); !dir.isEmpty())
        image.save(QString::fromLocal8Bit(dir) + QStringLiteral("/cubepixels_%1.png").arg(name));
}

// Checks every visible cell large enough to sample: highlighted exactly when in `set`.
void checkHighlight(const QImage& image, const HandCamera& cam, const Config& k, int64_t set, const Theme& theme,
    int* checkedOut = nullptr)
{
    const Shape& s = cam.shape;
    int checked = 0;
    int inSet = 0;
    for (const SurfaceCell& cell : visibleCells(cam)) {
        if (!cell.sampleable())
            continue;
        const QPoint at = cell.centre.toPoint();
        QVERIFY(image.rect().contains(at));
        const bool expected = setOf(k, s, cell.n, cell.c, cell.s / s.w) == set;
        const QColor pixel = dominantColour(image, cell.centre);
        const bool shown = looksHighlighted(pixel, theme.highlight);
        QVERIFY2(shown == expected,
            qPrintable(QStringLiteral("cell n=%1 c=%2 s=%3 (face axis %4) at (%5, %6) is %7, expected %8")
                           .arg(cell.n)
                           .arg(cell.c)
                           .arg(cell.s)
                           .arg(cell.axis)
                           .arg(at.x())
                           .arg(at.y())
                           .arg(pixel.name(), expected ? QStringLiteral("the highlight") : QStringLiteral("not it"))));
        ++checked;
        inSet += expected ? 1 : 0;
    }
    QVERIFY2(checked >= 60, qPrintable(QStringLiteral("only %1 cells sampled").arg(checked)));
    if (checkedOut)
        *checkedOut = inSet;
}

const Shape testShape { 3, 6, 4, 5, 4 };

} // namespace

void TestCubePixels::addConfigs()
{
    QTest::addColumn<NormKind>("kind");
    QTest::addColumn<int>("layerDims");
    QTest::addColumn<qint64>("groups");
    QTest::addColumn<qint64>("set");
    QTest::addColumn<QString>("theme");
    const QString light = QStringLiteral("light");
    const QString dark = QStringLiteral("dark");
    QTest::newRow("BN c=4") << NormKind::Batch << 3 << qint64(1) << qint64(4) << light;
    QTest::newRow("BN c=0 dark") << NormKind::Batch << 3 << qint64(1) << qint64(0) << dark;
    QTest::newRow("IN n=0,c=3") << NormKind::Instance << 3 << qint64(1) << qint64(3) << light;
    QTest::newRow("IN n=2,c=5 dark") << NormKind::Instance << 3 << qint64(1) << qint64(2 * 6 + 5) << dark;
    QTest::newRow("GN G=1 n=1") << NormKind::Group << 3 << qint64(1) << qint64(1) << light;
    QTest::newRow("GN G=2 n=0,g=1") << NormKind::Group << 3 << qint64(2) << qint64(1) << light;
    QTest::newRow("GN G=3 n=0,g=2") << NormKind::Group << 3 << qint64(3) << qint64(2) << dark;
    QTest::newRow("GN G=6 n=0,g=5") << NormKind::Group << 3 << qint64(6) << qint64(5) << light;
    QTest::newRow("LN (C,H,W) n=0") << NormKind::Layer << 3 << qint64(1) << qint64(0) << light;
    QTest::newRow("LN (H,W) n=0,c=2") << NormKind::Layer << 2 << qint64(1) << qint64(2) << light;
    QTest::newRow("LN (W) n=0,c=5,h=3") << NormKind::Layer << 1 << qint64(1) << qint64(5 * 4 + 3) << dark;
}

void TestCubePixels::highlightIsTheSet_data()
{
    addConfigs();
}

void TestCubePixels::highlightIsTheSet()
{
    QFETCH(NormKind, kind);
    QFETCH(int, layerDims);
    QFETCH(qint64, groups);
    QFETCH(qint64, set);
    QFETCH(QString, theme);
    const Config k { kind, layerDims, groups };
    CubeView view;
    view.resize(viewWidth, viewHeight);
    view.setTheme(Theme::byKey(theme));
    view.setSnapshot(snapshotFor(k, testShape, set));
    const QImage image = grabView(view);
    dump(image, QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
    HandCamera cam;
    cam.shape = testShape;
    int inSet = 0;
    checkHighlight(image, cam, k, set, Theme::byKey(theme), &inSet);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(inSet > 0, "the selected set shows on the surface");
}

void TestCubePixels::clickSelectsTheCellsSet_data()
{
    addConfigs();
}

void TestCubePixels::clickSelectsTheCellsSet()
{
    QFETCH(NormKind, kind);
    QFETCH(int, layerDims);
    QFETCH(qint64, groups);
    QFETCH(qint64, set);
    QFETCH(QString, theme);
    Q_UNUSED(set)
    Q_UNUSED(theme)
    const Config k { kind, layerDims, groups };
    CubeView view;
    view.resize(viewWidth, viewHeight);
    view.setSnapshot(snapshotFor(k, testShape, 0));
    QSignalSpy clicked(&view, &CubeView::setClicked);
    HandCamera cam;
    cam.shape = testShape;
    int clicks = 0;
    const auto cells = visibleCells(cam);
    for (size_t i = 0; i < cells.size(); i += 5) {
        const SurfaceCell& cell = cells[i];
        if (!cell.sampleable())
            continue;
        QTest::mouseClick(&view, Qt::LeftButton, {}, cell.centre.toPoint());
        QCOMPARE(clicked.count(), ++clicks);
        QCOMPARE(clicked.last().first().toLongLong(), setOf(k, testShape, cell.n, cell.c, cell.s / testShape.w));
    }
    QVERIFY(clicks >= 20);
    // Outside the block a click selects nothing.
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(4, 4));
    QCOMPARE(clicked.count(), clicks);
}

void TestCubePixels::dragZoomAndReset()
{
    // GroupNorm G=2, sample 0, channels 3-5: a set covering half of the front face and a column
    // of the side, so a camera turned the wrong way shows other cells highlighted. (A set with a
    // single surface cell, InstanceNorm n=1, c=2, let a drag that turned the block by +30° pass.)
    const Config k { NormKind::Group, 3, 2 };
    const int64_t set = 1;
    CubeView view;
    view.resize(viewWidth, viewHeight);
    view.setSnapshot(snapshotFor(k, testShape, set));
    const Theme theme = Theme::light();
    HandCamera cam;
    cam.shape = testShape;

    // Dragging 100 px to the left and 40 px up turns the block by 0.3° a pixel: yaw −30°, pitch −12°.
    const QPoint start(40, 40);
    QTest::mousePress(&view, Qt::LeftButton, {}, start);
    for (int step = 1; step <= 10; ++step) {
        const QPointF at(start.x() - 10.0 * step, start.y() - 4.0 * step);
        QMouseEvent move(QEvent::MouseMove, at, view.mapToGlobal(at), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &move);
    }
    QSignalSpy clicked(&view, &CubeView::setClicked);
    QTest::mouseRelease(&view, Qt::LeftButton, {}, start - QPoint(100, 40));
    QCOMPARE(clicked.count(), 0); // a drag is not a click
    cam.yaw = 32.0 - 30.0;
    cam.pitch = 24.0 - 12.0;
    QImage image = grabView(view);
    dump(image, QStringLiteral("dragged"));
    checkHighlight(image, cam, k, set, theme);
    if (QTest::currentTestFailed())
        return;

    // Two wheel notches forward zoom in by 1.15 each.
    for (int notch = 0; notch < 2; ++notch) {
        const QPointF at(350, 260);
        QWheelEvent wheel(
            at, view.mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
    }
    cam.zoom = 1.15 * 1.15;
    image = grabView(view);
    dump(image, QStringLiteral("zoomed"));
    checkHighlight(image, cam, k, set, theme);
    if (QTest::currentTestFailed())
        return;

    // A double-click puts the camera back where it started.
    QTest::mouseDClick(&view, Qt::LeftButton, {}, QPoint(350, 260));
    cam = HandCamera {};
    cam.shape = testShape;
    image = grabView(view);
    checkHighlight(image, cam, k, set, theme);
}

void TestCubePixels::hoverNamesTheCell()
{
    const Config k { NormKind::Batch, 3, 1 };
    CubeView view;
    view.resize(viewWidth, viewHeight);
    const auto snap = snapshotFor(k, testShape, 0);
    view.setSnapshot(snap);
    QSignalSpy hover(&view, &CubeView::hoverTextChanged);
    HandCamera cam;
    cam.shape = testShape;
    // Cell (n=0, c=2, h·w=7) on the front face: element (0, 2, 1, 2).
    const QPointF centre = cam.project(0.0, 2.5, 7.5);
    QMouseEvent move(QEvent::MouseMove, centre, view.mapToGlobal(centre), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(&view, &move);
    QCOMPARE(hover.count(), 1);
    const float before = snap->input->at(0, 2, 1, 2);
    const float after = snap->output->at(0, 2, 1, 2);
    const QString expected = QStringLiteral("n=0, c=2, h=1, w=2: value %1 → %2 · set c=2")
                                 .arg(QString::number(before, 'g', 4), QString::number(after, 'g', 4));
    QCOMPARE(hover.last().first().toString(), expected);

    // The hovered cell is outlined in the text colour: its left edge turns dark.
    const QPointF edge = (cam.project(0.0, 2.0, 7.0) + cam.project(0.0, 2.0, 8.0)) / 2.0;
    const auto nearestToText = [&](const QImage& image) {
        int best = 1000;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx)
                best = std::min(
                    best, distance(image.pixelColor(edge.toPoint() + QPoint(dx, dy)), Theme::light().foreground));
        return best;
    };
    const int hovered = nearestToText(grabView(view));
    QVERIFY2(hovered < 60, qPrintable(QString::number(hovered)));

    // Leaving the view clears the text and the outline.
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(&view, &leave);
    QCOMPARE(hover.last().first().toString(), QString());
    const int left = nearestToText(grabView(view));
    QVERIFY2(left > 150, qPrintable(QString::number(left)));
}

void TestCubePixels::allSetsColours_data()
{
    addConfigs();
}

void TestCubePixels::allSetsColours()
{
    QFETCH(NormKind, kind);
    QFETCH(int, layerDims);
    QFETCH(qint64, groups);
    QFETCH(qint64, set);
    QFETCH(QString, theme);
    Q_UNUSED(set)
    const Config k { kind, layerDims, groups };
    CubeView view;
    view.resize(viewWidth, viewHeight);
    view.setTheme(Theme::byKey(theme));
    view.setSnapshot(snapshotFor(k, testShape, 0));
    view.setAllSets(true);
    const QImage image = grabView(view);
    HandCamera cam;
    cam.shape = testShape;
    const auto cells = visibleCells(cam);
    // Within one face (one shade), the same set means the same colour, and cells next to each
    // other in different sets differ.
    int pairs = 0;
    int differing = 0;
    for (const SurfaceCell& a : cells) {
        for (const SurfaceCell& b : cells) {
            if (a.axis != b.axis || !a.sampleable() || !b.sampleable() || &a >= &b)
                continue;
            const int64_t sa = setOf(k, testShape, a.n, a.c, a.s / testShape.w);
            const int64_t sb = setOf(k, testShape, b.n, b.c, b.s / testShape.w);
            const QColor ca = dominantColour(image, a.centre);
            const QColor cb = dominantColour(image, b.centre);
            const bool neighbours = std::abs(a.n - b.n) + std::abs(a.c - b.c) + std::abs(a.s - b.s) == 1;
            if (sa == sb) {
                QVERIFY2(distance(ca, cb) <= 6,
                    qPrintable(QStringLiteral("set %1 shows %2 and %3").arg(sa).arg(ca.name(), cb.name())));
                ++pairs;
            } else if (neighbours) {
                QVERIFY2(distance(ca, cb) > 30,
                    qPrintable(QStringLiteral("neighbouring sets %1 and %2 share %3").arg(sa).arg(sb).arg(ca.name())));
                ++differing;
            }
        }
    }
    QVERIFY(pairs > 0 || differing > 0);
    // Every visible cell is coloured: no highlight-or-glass rendering is left.
    QVERIFY(differing > 0 || kind == NormKind::Layer);
}

void TestCubePixels::resetFromTheMenu()
{
    test::ScratchSettings settings;
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    CubeView* cube = window.cubeView();
    const CameraState start = cube->paintOptions().camera;
    const QPointF at = cube->rect().center();
    QWheelEvent wheel(
        at, cube->mapToGlobal(at), QPoint(), QPoint(0, -240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(cube, &wheel);
    QVERIFY(std::abs(cube->paintOptions().camera.zoom - 1.0 / (1.15 * 1.15)) < 1e-12);
    // The exported figures follow the zoomed view ...
    QCOMPARE(window.currentFigureOptions().camera.zoom, cube->paintOptions().camera.zoom);
    QAction* reset = test::actionNamed(&window, QStringLiteral("Reset cube view"));
    QVERIFY(reset);
    reset->trigger();
    QVERIFY(cube->paintOptions().camera == start);
    QCOMPARE(window.currentFigureOptions().camera.zoom, 1.0);
}

QTEST_MAIN(TestCubePixels)
#include "test_ui_cubepixels.moc"
