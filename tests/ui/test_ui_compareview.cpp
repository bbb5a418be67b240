// The compare view in a real window, as a lecturer uses it: one click on its tab shows the four
// norms; each column draws its cube with the anchor's set, its histogram and its numbers, side by
// side without overlapping at 1366×768; the cubes turn together; GroupNorm's G moves through C's
// divisors only (slider, keys G / Shift+G when presenting) and the measured distances follow it;
// clicking a cell moves the anchor in all four.
// Set NORMSCOPE_DUMP_DIR to keep the rendered PNGs for a look.
#include "compare/compareview.h"
#include "control/comparecontroller.h"
#include "control/controller.h"
#include "look/equivalencetext.h"
#include "testsupport.h"
#include "widgets/divisorslider.h"
#include "window/explorertabs.h"
#include "window/mainwindow.h"
#include "windowtest.h"

#include <QSignalSpy>
#include <QSlider>
#include <QTabBar>
#include <QtTest>

#include <memory>

#include <cmath>

using namespace normscope;

class TestCompareView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sliderStopsAtDivisorsOnly();
    void oneClickShowsTheFourNorms();
    void cubesTurnTogether();
    void groupsMorphFromLayerToInstance();
    void clickMovesTheAnchor();
    void presentationKeys();
    void largeTensorsTakeTurns();

private:
    std::unique_ptr<test::ScratchSettings> m_settings;
    // A window at lecture-laptop size with the compare tab clicked and its first comparison in.
    static bool openCompare(MainWindow& window);
};

void TestCompareView::initTestCase()
{
    m_settings = std::make_unique<test::ScratchSettings>();
}

bool TestCompareView::openCompare(MainWindow& window)
{
    window.resize(1366, 768);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    auto* tabs = window.findChild<ExplorerTabs*>();
    if (!tabs)
        return false;
    QSignalSpy ready(tabs->compareController(), &CompareController::comparisonReady);
    // One click on the tab.
    QTabBar* bar = tabs->tabBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(1).center());
    return tabs->comparing() && (tabs->compareController()->comparison() || ready.wait(10000));
}

void TestCompareView::sliderStopsAtDivisorsOnly()
{
    DivisorSlider slider;
    slider.setNumber(12);
    QCOMPARE(slider.divisors(), (std::vector<int64_t> { 1, 2, 3, 4, 6, 12 }));
    QSignalSpy spy(&slider, &DivisorSlider::valueChanged);
    // Every position of the slider is a divisor; dragging end to end visits each once.
    slider.slider()->setFocus();
    slider.setValue(1);
    std::vector<int64_t> seen { slider.value() };
    for (int i = 0; i < 8; ++i) {
        QTest::keyClick(slider.slider(), Qt::Key_Right);
        if (seen.back() != slider.value())
            seen.push_back(slider.value());
    }
    QCOMPARE(seen, (std::vector<int64_t> { 1, 2, 3, 4, 6, 12 }));
    QCOMPARE(spy.count(), 5);
    for (const QList<QVariant>& args : spy)
        QCOMPARE(12 % args.first().toLongLong(), 0);
    // Values that are not divisors snap to the nearest one, without emitting.
    spy.clear();
    slider.setValue(5);
    QCOMPARE(slider.value(), 4);
    slider.setValue(9);
    QCOMPARE(slider.value(), 6);
    QCOMPARE(spy.count(), 0);
    // A new C keeps G when it divides it.
    slider.setNumber(18);
    QCOMPARE(slider.value(), 6);
    slider.setNumber(7);
    QCOMPARE(slider.divisors(), (std::vector<int64_t> { 1, 7 }));
    QVERIFY(slider.value() == 7);
    QVERIFY(!slider.step(+1));
    QVERIFY(slider.step(-1));
    QCOMPARE(slider.value(), 1);
}

void TestCompareView::oneClickShowsTheFourNorms()
{
    for (const char* theme : { "light", "dark" }) {
        MainWindow window;
        window.applyTheme(QString::fromLatin1(theme));
        QVERIFY(openCompare(window));
        auto* tabs = window.findChild<ExplorerTabs*>();
        CompareCanvas* canvas = tabs->compareView()->canvas();
        const auto cmp = canvas->comparison();
        QVERIFY(cmp);
        QCOMPARE(cmp->groups, window.state()->config().groups);
        QCOMPARE(tabs->compareView()->groupSlider()->value(), window.state()->config().groups);

        const QImage image = canvas->grab().toImage().convertToFormat(QImage::Format_RGB32);
        if (!qEnvironmentVariableIsEmpty("NORMSCOPE_DUMP_DIR"))
            image.save(qEnvironmentVariable("NORMSCOPE_DUMP_DIR")
                + QStringLiteral("/compare-%1.png").arg(QString::fromLatin1(theme)));
        const CompareOptions options = canvas->options();
        const CompareLayout layout = compareLayout(QRectF(canvas->rect()), options, cmp.get());
        const Theme t = Theme::byKey(QString::fromLatin1(theme));
        const auto countColour = [&](const QRectF& r, const QColor& colour, int tolerance) {
            int count = 0;
            const QRect box = r.toAlignedRect().intersected(image.rect());
            for (int y = box.top(); y <= box.bottom(); ++y)
                for (int x = box.left(); x <= box.right(); ++x) {
                    const QColor p = image.pixelColor(x, y);
                    count += std::abs(p.red() - colour.red()) + std::abs(p.green() - colour.green())
                            + std::abs(p.blue() - colour.blue())
                        <= tolerance;
                }
            return count;
        };
        for (size_t i = 0; i < 4; ++i) {
            const ComparedNorm& column = cmp->norms[i];
            QVERIFY(column.snapshot);
            // Inside the canvas, beside each other, no overlaps.
            QVERIFY(QRectF(canvas->rect()).contains(layout.cube[i]));
            QVERIFY(QRectF(canvas->rect()).contains(layout.text[i]));
            QVERIFY(!layout.cube[i].intersects(layout.histogram[i]));
            QVERIFY(!layout.histogram[i].intersects(layout.text[i]));
            if (i > 0)
                QVERIFY(layout.cube[i - 1].right() < layout.cube[i].left());
            QVERIFY(layout.text[i].bottom() <= layout.limits.top());
            // The set is highlighted in every cube; every histogram has its bars.
            QVERIFY2(countColour(layout.cube[i], t.highlight, 40) > 150, qPrintable(compareHeading(column)));
            QColor bar = t.after;
            const double a = 120.0 / 255.0;
            bar = QColor::fromRgbF(bar.redF() * a + t.background.redF() * (1 - a),
                bar.greenF() * a + t.background.greenF() * (1 - a), bar.blueF() * a + t.background.blueF() * (1 - a));
            QVERIFY2(countColour(layout.histogram[i], bar, 30) > 100, qPrintable(compareHeading(column)));
            // The heading fits its column at this size (not elided), in a font no smaller than the
            // line under it.
            const QFont font = compareHeadingFont(
                canvas->font(), compareHeading(column), layout.heading[i].width(), options.fontScale);
            QVERIFY(font.pixelSize() >= std::lround(13 * options.fontScale));
            QVERIFY2(QFontMetricsF(font).horizontalAdvance(compareHeading(column)) <= layout.heading[i].width(),
                qPrintable(compareHeading(column)));
            // The subtitle's lines end above the headings.
            QVERIFY(layout.subtitle.bottom() <= layout.heading[i].top());
        }
        // The four headings and GroupNorm's distances, as the figure says them.
        QCOMPARE(compareHeading(cmp->norm(NormKind::Group)), QStringLiteral("GroupNorm (G = 3)"));
        QCOMPARE(compareHeading(cmp->norm(NormKind::Layer)), QStringLiteral("LayerNorm over (C, H, W)"));
        const QString limits = canvas->accessibleDescription();
        QVERIFY2(
            limits.contains(QStringLiteral("max |GN − LN| = ")) && limits.contains(QStringLiteral("max |GN − IN| = ")),
            qPrintable(limits));
        // The limits band is drawn: its background differs from the page's.
        QVERIFY(countColour(layout.limits, t.cell, 6) > 1000);
    }
}

void TestCompareView::cubesTurnTogether()
{
    MainWindow window;
    QVERIFY(openCompare(window));
    CompareCanvas* canvas = window.findChild<ExplorerTabs*>()->compareView()->canvas();
    const QImage before = canvas->grab().toImage();
    const CompareLayout layout = compareLayout(QRectF(canvas->rect()), canvas->options(), canvas->comparison().get());
    const QPoint start = layout.cube[0].center().toPoint();
    QTest::mousePress(canvas, Qt::LeftButton, {}, start);
    for (int step = 1; step <= 10; ++step)
        QTest::mouseMove(canvas, start + QPoint(8 * step, 2 * step));
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, start + QPoint(80, 20));
    QVERIFY(std::abs(canvas->camera().yaw - (CameraState {}.yaw + 80 * 0.3)) < 3.0);
    const QImage after = canvas->grab().toImage();
    // Dragging one cube turned all four: each cube's pixels changed.
    for (size_t i = 0; i < 4; ++i) {
        const QRect box = layout.cube[i].toAlignedRect();
        int changed = 0;
        for (int y = box.top(); y < box.bottom(); y += 2)
            for (int x = box.left(); x < box.right(); x += 2)
                changed += before.pixel(x, y) != after.pixel(x, y);
        QVERIFY2(changed > 300, qPrintable(QStringLiteral("column %1: %2 pixels changed").arg(i).arg(changed)));
        QCOMPARE(
            compareCubeOptions(canvas->options(), static_cast<int>(i), *canvas->comparison()).camera, canvas->camera());
    }
}

void TestCompareView::groupsMorphFromLayerToInstance()
{
    MainWindow window;
    QVERIFY(openCompare(window));
    auto* tabs = window.findChild<ExplorerTabs*>();
    CompareController* controller = tabs->compareController();
    DivisorSlider* slider = tabs->compareView()->groupSlider();
    QCOMPARE(slider->divisors(), (std::vector<int64_t> { 1, 2, 3, 6 }));
    slider->slider()->setFocus();
    // Down to G = 1: GroupNorm is LayerNorm there, and the view says so with a measured 0.
    slider->setValue(3);
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(slider->slider(), Qt::Key_Left);
    QCOMPARE(window.state()->config().groups, 1);
    QTRY_VERIFY_WITH_TIMEOUT(controller->comparison() && controller->comparison()->groups == 1, 10000);
    auto cmp = controller->comparison();
    const Summary y = cmp->norm(NormKind::Group).snapshot->outputSummary;
    const double rounding = 4.0 * std::numeric_limits<float>::epsilon() * std::max(std::abs(y.min), std::abs(y.max));
    QVERIFY(cmp->group.layer->maxAbs <= rounding);
    QVERIFY(cmp->group.instance->maxAbs > 0.1);
    QVERIFY(tabs->compareView()->canvas()->morph().running()); // the group widens to the whole sample
    QVERIFY2(tabs->compareView()->canvas()->accessibleDescription().contains(
                 QStringLiteral("max |GN − LN| = %1").arg(formatDistance(cmp->group.layer->maxAbs))),
        qPrintable(tabs->compareView()->canvas()->accessibleDescription()));
    // Up to G = C = 6: now InstanceNorm, LayerNorm far.
    for (int i = 0; i < 5; ++i)
        QTest::keyClick(slider->slider(), Qt::Key_Right);
    QCOMPARE(window.state()->config().groups, 6);
    QTRY_VERIFY_WITH_TIMEOUT(controller->comparison()->groups == 6, 10000);
    cmp = controller->comparison();
    QVERIFY(cmp->group.instance->maxAbs <= rounding * 4);
    QVERIFY(cmp->group.layer->maxAbs > 0.1);
    QCOMPARE(compareHeading(cmp->norm(NormKind::Group)), QStringLiteral("GroupNorm (G = 6)"));
}

void TestCompareView::clickMovesTheAnchor()
{
    MainWindow window;
    QVERIFY(openCompare(window));
    auto* tabs = window.findChild<ExplorerTabs*>();
    CompareCanvas* canvas = tabs->compareView()->canvas();
    // Find a point of the InstanceNorm cube over a cell of sample 0 other than the anchor's.
    const CompareLayout layout = compareLayout(QRectF(canvas->rect()), canvas->options(), canvas->comparison().get());
    std::optional<std::pair<QPoint, std::pair<int, CubeCell>>> target;
    const QRect box = layout.cube[2].toAlignedRect();
    for (int y = box.top(); y < box.bottom() && !target; y += 5)
        for (int x = box.left(); x < box.right() && !target; x += 5) {
            const auto hit = canvas->cellAt(QPointF(x, y));
            if (hit && hit->second.c == 4 && hit->second.n == 0)
                target = std::pair { QPoint(x, y), *hit };
        }
    QVERIFY(target);
    QTest::mouseClick(canvas, Qt::LeftButton, {}, target->first);
    QTRY_VERIFY_WITH_TIMEOUT(tabs->compareController()->comparison()->anchor[1] == 4, 10000);
    const auto cmp = tabs->compareController()->comparison();
    const auto label = [&](NormKind kind) {
        const Snapshot& s = *cmp->norm(kind).snapshot;
        return QString::fromStdString(s.geometry.setLabel(s.selectedSet));
    };
    QCOMPARE(label(NormKind::Batch), QStringLiteral("c=4"));
    QCOMPARE(label(NormKind::Instance), QStringLiteral("n=0, c=4"));
    QCOMPARE(label(NormKind::Group), QStringLiteral("n=0, g=2")); // G = 3: two channels a group
    // The explorer's own selection follows the anchor too.
    QCOMPARE(window.state()->anchor()[1], 4);
}

void TestCompareView::presentationKeys()
{
    MainWindow window;
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QVERIFY(ready.wait(5000));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* tabs = window.findChild<ExplorerTabs*>();
    window.setPresenting(true);
    QTest::keyClick(&window, Qt::Key_C);
    QVERIFY(tabs->comparing());
    QCOMPARE(window.state()->config().groups, 3);
    QTest::keyClick(&window, Qt::Key_G);
    QCOMPARE(window.state()->config().groups, 6);
    QTest::keyClick(&window, Qt::Key_G); // already at C
    QCOMPARE(window.state()->config().groups, 6);
    QTest::keyClick(&window, Qt::Key_G, Qt::ShiftModifier);
    QTest::keyClick(&window, Qt::Key_G, Qt::ShiftModifier);
    QCOMPARE(window.state()->config().groups, 2);
    QTest::keyClick(&window, Qt::Key_C);
    QVERIFY(!tabs->comparing());
    window.setPresenting(false);
}

void TestCompareView::largeTensorsTakeTurns()
{
    // On a large tensor (here: the threshold lowered to the default tensor) the hidden explorer
    // gives its output back while the comparison computes, and computes it again on its return:
    // the window never holds the explorer's output next to the comparison's.
    MainWindow window;
    Controller* explorer = window.controller();
    explorer->setReleaseFrom(1);
    QVERIFY(openCompare(window));
    QTRY_VERIFY(explorer->snapshot() && !explorer->snapshot()->output);
    auto* tabs = window.findChild<ExplorerTabs*>();
    DivisorSlider* slider = tabs->compareView()->groupSlider();
    slider->slider()->setFocus();
    QTest::keyClick(slider->slider(), Qt::Key_Left); // the explorer recomputes, then gives it back
    QTRY_VERIFY_WITH_TIMEOUT(tabs->compareController()->comparison()->groups == window.state()->config().groups
            && explorer->snapshot() && !explorer->snapshot()->output,
        10000);
    // Back to the explorer: its output again, the numbers of the setting on screen.
    QTabBar* bar = tabs->tabBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(0).center());
    QTRY_VERIFY_WITH_TIMEOUT(explorer->snapshot() && explorer->snapshot()->output, 10000);
    QCOMPARE(explorer->snapshot()->config.groups, window.state()->config().groups);
}

QTEST_MAIN(TestCompareView)
#include "test_ui_compareview.moc"
