// The window's theme as a user sees it: every part of the window (dock, statistics, menu bar,
// the histogram controls and plots, the code box and its "PyTorch" label, the cube) is dark in
// the dark theme and light in the light one, at start and right after a switch at run time, and
// its text stands out from its background. Measured on the pixels of the grabbed window, not on
// palettes: a widget that keeps a stale palette, or draws dark text on dark, fails here.
#include "cube/cubeview.h"
#include "panels/codepanel.h"
#include "panels/statspanel.h"
#include "plots/histogrampanel.h"
#include "plots/qcustomplotinclude.h"
#include "testsupport.h"
#include "window/mainwindow.h"
#include "window/plottabs.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>

#include <map>

using namespace normscope;

namespace {

int luminance(QRgb c)
{
    return (299 * qRed(c) + 587 * qGreen(c) + 114 * qBlue(c)) / 1000;
}

struct Region {
    QString name;
    QRect rect; // in window pixels
    bool hasText; // the region shows text that must stand out from its background
};

// The most frequent colour of the region: its background as the eye takes it.
QRgb background(const QImage& shot, const QRect& rect)
{
    std::map<QRgb, int> counts;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            ++counts[shot.pixel(x, y) | 0xff000000u];
    return std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
}

// The largest luminance difference from the background: how well the text reads.
int contrast(const QImage& shot, const QRect& rect, QRgb bg)
{
    int best = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            best = std::max(best, std::abs(luminance(shot.pixel(x, y)) - luminance(bg)));
    return best;
}

QRect inWindow(QWidget* window, QWidget* w)
{
    return QRect(w->mapTo(window, QPoint(0, 0)), w->size()).intersected(window->rect());
}

void regions(MainWindow& window, QList<Region>& r)
{
    const auto add = [&](const QString& name, QWidget* w, bool text) {
        QVERIFY2(w, qPrintable(name));
        QVERIFY2(w->isVisible(), qPrintable(name + QStringLiteral(" is not visible")));
        r << Region { name, inWindow(&window, w), text };
    };
    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("parametersDock"));
    add(QStringLiteral("dock"), dock ? dock->widget() : nullptr, true);
    add(QStringLiteral("statistics panel"), window.statsPanel(), true);
    add(QStringLiteral("menu bar"), window.menuBar(), true);
    add(QStringLiteral("cube"), window.cubeView(), true);
    add(QStringLiteral("code box"), window.codePanel(), true);
    add(QStringLiteral("plot tabs"), window.plotTabs()->tabBar(), true);
    const auto plots = window.histogramPanel()->findChildren<QCustomPlot*>();
    QCOMPARE(plots.size(), 2);
    add(QStringLiteral("histogram"), plots.back(), true);
    for (QCheckBox* box : window.histogramPanel()->findChildren<QCheckBox*>())
        add(QStringLiteral("check box \"%1\"").arg(box->text()), box, true);
    for (QLabel* label : window.codePanel()->findChildren<QLabel*>())
        add(QStringLiteral("label \"%1\"").arg(label->text()), label, true);
}

// Every region's background is dark (or light) and its text differs from it by at least 100
// of 255 luminance levels.
void expectTheme(MainWindow& window, bool dark, const char* when)
{
    QCoreApplication::processEvents();
    const QImage shot = window.grab().toImage().convertToFormat(QImage::Format_RGB32);
    QList<Region> all;
    regions(window, all);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!all.isEmpty());
    for (const Region& region : all) {
        QVERIFY2(!region.rect.isEmpty(), qPrintable(region.name));
        const QRgb bg = background(shot, region.rect);
        const int lum = luminance(bg);
        const QString where = QStringLiteral("%1, %2: %3 has background %4 (luminance %5)")
                                  .arg(QLatin1String(when), dark ? QStringLiteral("dark") : QStringLiteral("light"),
                                      region.name, QColor(bg).name())
                                  .arg(lum);
        QVERIFY2(dark ? lum < 90 : lum > 170, qPrintable(where));
        if (region.hasText) {
            const int c = contrast(shot, region.rect, bg);
            QVERIFY2(c >= 100, qPrintable(where + QStringLiteral(", text contrast only %1").arg(c)));
        }
    }
}

// The code box's text area is drawn in the theme's own code colours (the cell colour behind the
// theme's text colour), not in the application's input colours: at start and after each switch.
void expectCodeColours(MainWindow& window, const QString& key, const char* when)
{
    QCoreApplication::processEvents();
    const Theme theme = Theme::byKey(key);
    auto* edit = window.codePanel()->findChild<QPlainTextEdit*>();
    QVERIFY(edit);
    QVERIFY(!edit->toPlainText().isEmpty());
    const QImage shot = window.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRect rect = inWindow(&window, edit->viewport());
    const QRgb bg = background(shot, rect);
    // The glyphs' solid strokes: the pixel farthest in luminance from the background.
    QRgb ink = bg;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            if (std::abs(luminance(shot.pixel(x, y)) - luminance(bg)) > std::abs(luminance(ink) - luminance(bg)))
                ink = shot.pixel(x, y);
    const QString where = QStringLiteral("%1, %2: code box").arg(QLatin1String(when), key);
    QVERIFY2(QColor(bg) == theme.cell,
        qPrintable(where + QStringLiteral(" background %1, want %2").arg(QColor(bg).name(), theme.cell.name())));
    QVERIFY2(QColor(ink) == theme.foreground,
        qPrintable(where + QStringLiteral(" text %1, want %2").arg(QColor(ink).name(), theme.foreground.name())));
}

} // namespace

// Stops the test at the first failing check.
#define EXPECT_THEME(window, dark, when)                                                                               \
    do {                                                                                                               \
        expectTheme(window, dark, when);                                                                               \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

class TestTheme : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void darkAtStart();
    void switchAtRunTime();
    void codeBoxInThemeColours();
};

void TestTheme::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestTheme::init()
{
    QSettings().clear();
}

void TestTheme::darkAtStart()
{
    QSettings().setValue(QStringLiteral("theme"), QStringLiteral("dark"));
    MainWindow window;
    QSignalSpy replots(window.histogramPanel(), &HistogramPanel::replotted);
    window.resize(1340, 740);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(replots.count() > 0 || replots.wait(5000));
    QCOMPARE(window.themeKey(), QStringLiteral("dark"));
    EXPECT_THEME(window, true, "at start");
}

void TestTheme::switchAtRunTime()
{
    MainWindow window;
    QSignalSpy replots(window.histogramPanel(), &HistogramPanel::replotted);
    window.resize(1340, 740);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(replots.count() > 0 || replots.wait(5000));
    EXPECT_THEME(window, false, "at start");
    window.applyTheme(QStringLiteral("dark"));
    EXPECT_THEME(window, true, "after switching from light");
    window.applyTheme(QStringLiteral("light"));
    EXPECT_THEME(window, false, "after switching back from dark");
    window.applyTheme(QStringLiteral("dark"));
    EXPECT_THEME(window, true, "after the second switch");
    QCOMPARE(QSettings().value(QStringLiteral("theme")).toString(), QStringLiteral("dark"));
}

void TestTheme::codeBoxInThemeColours()
{
    QSettings().setValue(QStringLiteral("theme"), QStringLiteral("dark"));
    MainWindow window;
    window.resize(1340, 740);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Dark at start, then each switch: the box follows every one (its colours are not the
    // application's input colours, #373e47 behind dark text areas, white behind light ones).
    const char* steps[] = { "at start", "after switching to light", "after switching back to dark",
        "after the second switch to light" };
    QString key = QStringLiteral("dark");
    for (const char* when : steps) {
        if (key != window.themeKey())
            window.applyTheme(key);
        expectCodeColours(window, key, when);
        if (QTest::currentTestFailed())
            return;
        key = key == QLatin1String("dark") ? QStringLiteral("light") : QStringLiteral("dark");
    }
}

QTEST_MAIN(TestTheme)
#include "test_ui_theme.moc"
