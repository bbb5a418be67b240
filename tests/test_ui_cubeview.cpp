// The cube: the highlighted cells are exactly the elements each norm reduces over, clicks on
// projected cells select the right set, and the painting shows the highlight.
// Set NORMSCOPE_DUMP_DIR to keep the rendered PNGs for a look.
#include "analysis/pipeline.h"
#include "cube/cubeview.h"
#include "tensor/generators.h"
#include "testsupport.h"

#include <QMouseEvent>
#include <QPainter>
#include <QSignalSpy>
#include <QtTest>

using namespace normscope;

Q_DECLARE_METATYPE(normscope::NormKind)

class TestCubeView : public QObject {
    Q_OBJECT
private slots:
    void bandsPartitionAxes();
    void highlightIsTheReductionSet_data();
    void highlightIsTheReductionSet();
    void pickReturnsTheQuadUnderThePoint();
    void clickSelectsSet_data();
    void clickSelectsSet();
    void paintingShowsHighlight_data();
    void paintingShowsHighlight();
    void hoverTextFollowsTheResult();

private:
    void addConfigs();
};

namespace {

std::shared_ptr<const Snapshot> snapshotFor(NormKind kind, int layerDims, int64_t groups, Shape shape, int64_t set = 0)
{
    PipelineInput input;
    input.generator = GeneratorSpec {};
    input.generator->shape = shape;
    input.config = NormConfig::defaults(kind);
    input.config.groups = groups;
    if (kind == NormKind::Layer && layerDims < 3)
        input.config.normalizedShape
            = layerDims == 1 ? std::vector<int64_t> { shape.w } : std::vector<int64_t> { shape.h, shape.w };
    input.selectedSet = set;
    return SnapshotPipeline().run(input);
}

// Set membership from first principles: which (n, c, h, w) a norm averages together with element
// (n0, c0, h0, w0) of the set's first element.
bool sameSet(NormKind kind, int layerDims, int64_t groups, const Shape& s, int64_t n0, int64_t c0, int64_t h0,
    int64_t n, int64_t c, int64_t h)
{
    switch (kind) {
    case NormKind::Batch:
        return c == c0;
    case NormKind::Instance:
        return n == n0 && c == c0;
    case NormKind::Group:
        return n == n0 && c / (s.c / groups) == c0 / (s.c / groups);
    case NormKind::Layer:
    case NormKind::Rms: // LayerNorm's sets
        return n == n0 && (layerDims == 3 || c == c0) && (layerDims >= 2 || h == h0);
    }
    return false;
}

} // namespace

void TestCubeView::bandsPartitionAxes()
{
    for (int64_t size : { 1, 2, 7, 24, 25, 100, 65536 }) {
        const AxisBands b(size, 24);
        QCOMPARE(b.count(), std::min<int64_t>(size, 24));
        QCOMPARE(b.begin(0), int64_t(0));
        QCOMPARE(b.end(b.count() - 1), size);
        for (int64_t band = 0; band < b.count(); ++band) {
            QVERIFY(b.end(band) > b.begin(band));
            if (band > 0)
                QCOMPARE(b.begin(band), b.end(band - 1));
        }
        for (int64_t i = 0; i < std::min<int64_t>(size, 500); ++i) {
            const int64_t band = b.bandOf(i);
            QVERIFY(i >= b.begin(band) && i < b.end(band));
        }
    }
}

void TestCubeView::addConfigs()
{
    QTest::addColumn<NormKind>("kind");
    QTest::addColumn<int>("layerDims");
    QTest::addColumn<qint64>("groups");
    QTest::addColumn<qint64>("set");
    QTest::newRow("BN c=4") << NormKind::Batch << 3 << qint64(1) << qint64(4);
    QTest::newRow("IN n=2,c=3") << NormKind::Instance << 3 << qint64(1) << qint64(2 * 6 + 3);
    QTest::newRow("GN G=1 n=1") << NormKind::Group << 3 << qint64(1) << qint64(1);
    QTest::newRow("GN G=2 n=2,g=1") << NormKind::Group << 3 << qint64(2) << qint64(5);
    QTest::newRow("GN G=3 n=0,g=2") << NormKind::Group << 3 << qint64(3) << qint64(2);
    QTest::newRow("GN G=C n=1,g=5") << NormKind::Group << 3 << qint64(6) << qint64(11);
    QTest::newRow("LN (C,H,W) n=1") << NormKind::Layer << 3 << qint64(1) << qint64(1);
    QTest::newRow("LN (H,W) n=1,c=2") << NormKind::Layer << 2 << qint64(1) << qint64(8);
    QTest::newRow("LN (W) n=2,c=1,h=3") << NormKind::Layer << 1 << qint64(1) << qint64((2 * 6 + 1) * 4 + 3);
}

void TestCubeView::highlightIsTheReductionSet_data()
{
    addConfigs();
}

void TestCubeView::highlightIsTheReductionSet()
{
    QFETCH(NormKind, kind);
    QFETCH(int, layerDims);
    QFETCH(qint64, groups);
    QFETCH(qint64, set);
    const Shape s { 3, 6, 4, 5, 4 };
    const auto snap = snapshotFor(kind, layerDims, groups, s, set);
    const CubeModel model(snap->geometry);
    QVERIFY(!model.coarsened());
    const IndexBox box = model.cellBox(set);
    // The set's first element, from the set id as PyTorch's reduction orders them.
    int64_t first[3] = { -1, -1, -1 };
    int64_t count = 0;
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t c = 0; c < s.c; ++c)
            for (int64_t h = 0; h < s.h; ++h)
                for (int64_t w = 0; w < s.w; ++w) {
                    if (snap->geometry.setOf(n, c, h, w) == set && first[0] < 0) {
                        first[0] = n, first[1] = c, first[2] = h;
                    }
                }
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t c = 0; c < s.c; ++c)
            for (int64_t h = 0; h < s.h; ++h)
                for (int64_t w = 0; w < s.w; ++w) {
                    const bool expected = sameSet(kind, layerDims, groups, s, first[0], first[1], first[2], n, c, h);
                    const bool highlighted = box.contains(n, c, h * s.w + w);
                    QCOMPARE(highlighted, expected);
                    count += highlighted ? 1 : 0;
                }
    QCOMPARE(count, snap->geometry.setSize());
    // With coarsening (40×96×32×32) the highlighted cells still cover the set, and only cells that touch it.
    const Shape big { 40, 96, 32, 32, 4 };
    const auto bigSnap = snapshotFor(kind, layerDims, groups == 6 ? 4 : groups, big, set);
    const CubeModel bigModel(bigSnap->geometry);
    QVERIFY(bigModel.coarsened());
    const IndexBox exact = bigModel.setBox(set);
    const IndexBox cells = bigModel.cellBox(set);
    for (size_t a = 0; a < 3; ++a)
        QVERIFY(cells.begin[a] <= exact.begin[a] && cells.end[a] >= exact.end[a]);
    for (int64_t cn = 0; cn < bigModel.bands(CubeAxis::N).count(); ++cn) {
        const CubeCell cell { cn, 0, 0 };
        const bool inside = bigModel.bands(CubeAxis::N).begin(cn) >= cells.begin[0]
            && bigModel.bands(CubeAxis::N).end(cn) <= cells.end[0];
        if (exact.begin[1] == 0 && exact.begin[2] == 0)
            QCOMPARE(bigModel.cellTouchesSet(cell, set), inside);
    }
}

void TestCubeView::pickReturnsTheQuadUnderThePoint()
{
    const auto snap = snapshotFor(NormKind::Group, 3, 2, { 4, 6, 3, 3, 4 });
    const CubeModel model(snap->geometry);
    const Eigen::Vector4d rect { 10, 20, 600, 400 };
    for (CameraState cam :
        { CameraState {}, CameraState { -40, 30, 1.0 }, CameraState { 120, -20, 1.5 }, CameraState { 10, 60, 0.8 } }) {
        const auto quads = model.surfaceQuads(cam, rect);
        QVERIFY(!quads.empty());
        // Front-most quads first: a quad's centre picks that quad's cell unless a nearer quad covers it.
        for (auto it = quads.rbegin(); it != quads.rend(); ++it) {
            Eigen::Vector2d centre = Eigen::Vector2d::Zero();
            for (const auto& corner : it->corners)
                centre += corner / 4.0;
            const auto picked = model.pick(centre, cam, rect);
            QVERIFY(picked.has_value());
            bool coveredByNearer = false;
            for (auto near = quads.rbegin(); near != it; ++near)
                coveredByNearer = coveredByNearer || pointInQuad(centre, near->corners);
            if (!coveredByNearer)
                QVERIFY(*picked == it->cell);
        }
        QVERIFY(!model.pick({ 12, 22 }, cam, rect).has_value()); // a corner of the rect, outside the block
    }
    // Straight on (yaw 0, pitch 0) only the front face (n = 0) is visible, centred in the rect.
    const CameraState front { 0, 0, 1.0 };
    QVERIFY(model.faceVisible(0, front));
    for (int f = 1; f < 6; ++f)
        QVERIFY(!model.faceVisible(f, front));
    const auto centre = model.project(model.modelPoint(0, 3, 4.5), front, rect);
    QVERIFY(std::abs(centre.x() - 310) < 1e-9 && std::abs(centre.y() - 220) < 1e-9);
}

void TestCubeView::clickSelectsSet_data()
{
    addConfigs();
}

void TestCubeView::clickSelectsSet()
{
    QFETCH(NormKind, kind);
    QFETCH(int, layerDims);
    QFETCH(qint64, groups);
    QFETCH(qint64, set);
    Q_UNUSED(set) // the clicks below choose their own cells
    CubeView view;
    view.resize(700, 520);
    view.setSnapshot(snapshotFor(kind, layerDims, groups, { 3, 6, 4, 5, 4 }));
    QSignalSpy spy(&view, &CubeView::setClicked);
    const QRectF area = view.blockArea();
    const Eigen::Vector4d rect { area.x(), area.y(), area.width(), area.height() };
    const auto quads = view.model().surfaceQuads(view.paintOptions().camera, rect);
    // Click the front-most quad of a few cells and expect the set of that cell's first element.
    int clicked = 0;
    for (auto it = quads.rbegin(); it != quads.rend() && clicked < 6; it += 7) {
        Eigen::Vector2d c = Eigen::Vector2d::Zero();
        for (const auto& corner : it->corners)
            c += corner / 4.0;
        const auto picked = view.model().pick(c, view.paintOptions().camera, rect);
        QVERIFY(picked);
        const Shape& s = view.model().geometry().shape();
        const int64_t hw = picked->s; // no coarsening at this size: band index == element index
        const int64_t expected = view.model().geometry().setOf(picked->n, picked->c, hw / s.w, hw % s.w);
        QTest::mouseClick(&view, Qt::LeftButton, {},
            QPoint(static_cast<int>(std::lround(c.x())), static_cast<int>(std::lround(c.y()))));
        QCOMPARE(spy.count(), ++clicked);
        QCOMPARE(spy.last().first().toLongLong(), expected);
    }
    QVERIFY(clicked > 0);
}

void TestCubeView::hoverTextFollowsTheResult()
{
    // The pointer rests on a cell while γ changes (keys, or a drag elsewhere): the status line
    // must give the value of the result now shown, not the one read when the pointer arrived,
    // also while the window has released that result's output to compute the next one.
    CubeView view;
    view.resize(700, 520);
    const Shape shape { 3, 6, 4, 5, 4 };
    PipelineInput input;
    input.generator = GeneratorSpec {};
    input.generator->shape = shape;
    input.config = NormConfig::defaults(NormKind::Batch);
    SnapshotPipeline pipeline;
    const auto first = pipeline.run(input);
    view.setSnapshot(first);
    QSignalSpy spy(&view, &CubeView::hoverTextChanged);
    const QRectF area = view.blockArea();
    const Eigen::Vector4d rect { area.x(), area.y(), area.width(), area.height() };
    const auto quads = view.model().surfaceQuads(view.paintOptions().camera, rect);
    Eigen::Vector2d centre = Eigen::Vector2d::Zero();
    for (const auto& corner : quads.back().corners)
        centre += corner / 4.0;
    const auto cell = view.model().pick(centre, view.paintOptions().camera, rect);
    QVERIFY(cell);
    const QPointF at(centre.x(), centre.y());
    QMouseEvent move(QEvent::MouseMove, at, view.mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&view, &move);
    QVERIFY(!spy.isEmpty());
    const int64_t h = cell->s / shape.w;
    const int64_t w = cell->s % shape.w;
    const auto after = [&](const Snapshot& s) {
        return QStringLiteral("→ %1").arg(QString::number(s.output->at(cell->n, cell->c, h, w), 'g', 4));
    };
    QVERIFY2(spy.last().first().toString().contains(after(*first)), qPrintable(spy.last().first().toString()));

    input.affine.gamma = 3.0; // BatchNorm's output triples: another number under the pointer
    const auto second = pipeline.run(input);
    QVERIFY(after(*second) != after(*first));
    view.setSnapshot(second);
    QVERIFY2(spy.last().first().toString().contains(after(*second)), qPrintable(spy.last().first().toString()));
    // Without output (the window computing its next result) the value is recomputed, the same.
    view.setSnapshot(withoutOutput(*second));
    QVERIFY2(spy.last().first().toString().contains(after(*second)), qPrintable(spy.last().first().toString()));

    // Another layer and a smaller tensor: the cell under the pointer may not exist any more (the
    // soak test crashed reading it); the text goes until the pointer moves again.
    input.config = NormConfig::defaults(NormKind::Layer);
    input.generator->shape = Shape { 2, 2, 2, 2, 4 };
    view.setSnapshot(pipeline.run(input));
    QCOMPARE(spy.last().first().toString(), QString());
}

void TestCubeView::paintingShowsHighlight_data()
{
    QTest::addColumn<NormKind>("kind");
    QTest::addColumn<bool>("allSets");
    QTest::addColumn<QString>("theme");
    for (NormKind kind : allNormKinds)
        for (bool all : { false, true })
            for (const char* theme : { "light", "dark" })
                QTest::addRow("%s %s %s", normKey(kind).data(), all ? "all" : "one", theme)
                    << kind << all << QString::fromLatin1(theme);
}

void TestCubeView::paintingShowsHighlight()
{
    QFETCH(NormKind, kind);
    QFETCH(bool, allSets);
    QFETCH(QString, theme);
    const auto snap = snapshotFor(kind, 3, 3, { 8, 6, 8, 8, 4 }, kind == NormKind::Instance ? 21 : 1);
    const CubeModel model(snap->geometry);
    QImage image(1000, 640, QImage::Format_RGB32);
    QPainter painter(&image);
    CubePaintOptions options;
    options.allSets = allSets;
    options.theme = Theme::byKey(theme);
    image.fill(options.theme.background);
    paintCube(painter, QRectF(0, 0, 1000, 640), model, *snap, options);
    painter.end();
    // Count pixels near the highlight colour (single set) or distinct set colours (all sets).
    int highlight = 0;
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            colours.insert(c.rgb() & 0xf0f0f0);
            const QColor h = options.theme.highlight;
            if (std::abs(c.red() - h.red()) + std::abs(c.green() - h.green()) + std::abs(c.blue() - h.blue()) < 60)
                ++highlight;
        }
    if (allSets)
        QVERIFY2(colours.size() > 10, "all-sets mode should show several set colours");
    else
        QVERIFY2(highlight > 80, qPrintable(QStringLiteral("only %1 highlight pixels").arg(highlight)));
    if (const QByteArray dir = qgetenv("NORMSCOPE_DUMP_DIR"); !dir.isEmpty())
        image.save(QString::fromLocal8Bit(dir)
            + QStringLiteral("/cube_%1_%2_%3.png")
                  .arg(QString::fromLatin1(normKey(kind).data()),
                      allSets ? QStringLiteral("all") : QStringLiteral("one"), theme));
}

QTEST_MAIN(TestCubeView)
#include "test_ui_cubeview.moc"
