// Switching the interface language as a user does it (View → Language): the window is rebuilt
// in the new language around the same state, and nothing else changes. The Bins box shows the
// histograms' bins, the tensor is named in the new language, the window stays where it was (also
// over a restart), and the theme and view options survive the switch.
#include "control/explorerstate.h"
#include "look/translations.h"
#include "panels/statspanel.h"
#include "plots/histogrampanel.h"
#include "testsupport.h"
#include "window/mainwindow.h"
#include "window/windowhost.h"

#include <QCheckBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace normscope;

namespace {

// Every label's text in the window, as the user reads it.
QString labelsText(QWidget* window)
{
    QStringList texts;
    for (QLabel* label : window->findChildren<QLabel*>())
        texts << label->text();
    return texts.join(QLatin1Char('\n'));
}

// The new window's first result: computed after it was built, maybe already shown.
bool waitForFirstSnapshot(MainWindow* window)
{
    return QTest::qWaitFor([&] { return !window->statsPanel()->text().trimmed().isEmpty(); }, 5000);
}

QSpinBox* binsBox(MainWindow* window)
{
    const auto boxes = window->histogramPanel()->findChildren<QSpinBox*>();
    return boxes.size() == 1 ? boxes.front() : nullptr;
}

} // namespace

class TestLanguage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void switchKeepsEverythingButTheLanguage();
    void restartKeepsThePlace();
};

void TestLanguage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestLanguage::init()
{
    QSettings().clear();
    installTranslation(QStringLiteral("en"));
}

void TestLanguage::cleanup()
{
    installTranslation(QStringLiteral("en"));
}

void TestLanguage::switchKeepsEverythingButTheLanguage()
{
    WindowHost host;
    MainWindow* window = host.showWindow();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(waitForFirstSnapshot(window));
    // Where the window opened by itself, as a user meets it: not placed by the test.
    const QRect place = window->geometry();

    // What a user set up: a seed, 62 bins (typed into the box), overlay, the dark theme.
    GeneratorSpec spec = host.state()->source().generator;
    spec.seed = 2;
    QSignalSpy replots(window->histogramPanel(), &HistogramPanel::replotted);
    host.state()->setGenerator(spec);
    QVERIFY(replots.wait(5000));
    QSpinBox* bins = binsBox(window);
    QVERIFY(bins);
    bins->setValue(62);
    QCOMPARE(host.state()->bins(), 62);
    window->histogramPanel()->setOverlay(true);
    window->applyTheme(QStringLiteral("dark"));
    window->centralTabs()->setCurrentIndex(1); // the four norms side by side
    QVERIFY(labelsText(window).contains(QStringLiteral("normal, seed 2")));

    for (const QString& lang : { QStringLiteral("zh_CN"), QStringLiteral("en"), QStringLiteral("zh_CN") }) {
        QSignalSpy replaced(&host, &WindowHost::windowReplaced);
        host.switchLanguage(lang);
        QCOMPARE(replaced.count(), 1);
        MainWindow* next = host.window();
        QVERIFY(next && next != window);
        window = next;
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(waitForFirstSnapshot(window));
        QCOMPARE(currentLanguage(), lang);
        QCOMPARE(window->geometry(), place);
        QCOMPARE(host.state()->bins(), 62);
        QCOMPARE(binsBox(window)->value(), 62);
        QCOMPARE(window->themeKey(), QStringLiteral("dark"));
        QCOMPARE(window->palette().color(QPalette::Window).lightness() < 80, true);
        QVERIFY(window->histogramPanel()->overlay());
        QCOMPARE(window->centralTabs()->currentIndex(), 1);
        const QString labels = labelsText(window);
        if (lang == QLatin1String("zh_CN")) {
            QVERIFY2(labels.contains(QStringLiteral("生成：正态，种子 2")), qPrintable(labels));
            QVERIFY2(!labels.contains(QStringLiteral("seed 2")) && !labels.contains(QStringLiteral("normal，")),
                qPrintable(labels));
        } else {
            QVERIFY2(labels.contains(QStringLiteral("generated: normal, seed 2")), qPrintable(labels));
        }
    }
}

void TestLanguage::restartKeepsThePlace()
{
    // Where the window opened by itself, then where a user moved it.
    for (const bool moved : { false, true }) {
        QSettings().clear();
        QRect place;
        {
            WindowHost host;
            MainWindow* window = host.showWindow();
            QVERIFY(QTest::qWaitForWindowExposed(window));
            if (moved)
                window->setGeometry(QRect(90, 60, 1100, 650));
            QCoreApplication::processEvents();
            place = window->geometry();
            window->close();
        }
        for (int restart = 0; restart < 3; ++restart) {
            WindowHost host;
            MainWindow* window = host.showWindow();
            QVERIFY(QTest::qWaitForWindowExposed(window));
            QCOMPARE(window->geometry(), place);
            window->close();
        }
    }
}

QTEST_MAIN(TestLanguage)
#include "test_ui_language.moc"
