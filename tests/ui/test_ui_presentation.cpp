// Presentation mode as a lecturer drives it from the keyboard: F5 enters (full screen, large
// text, no menus or side panel), ←/→ step BN → LN → IN → GN → RMS and wrap around, ↑/↓ move the
// selected set and wrap, Space starts and stops the sweep, +/− change its speed, P shows the
// panel, Esc leaves and puts everything back. The keys do nothing outside presentation mode.
#include "cube/cubeview.h"
#include "window/mainwindow.h"
#include "window/presentation.h"
#include "windowtest.h"

#include <QDockWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>

using namespace normscope;

class TestPresentation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void keysDriveTheLecture();

private:
    std::unique_ptr<test::ScratchSettings> m_settings;
};

void TestPresentation::initTestCase()
{
    m_settings = std::make_unique<test::ScratchSettings>();
}

namespace {

void press(QWidget* window, Qt::Key key)
{
    // Keys reach the window where the lecturer's focus is: the cube.
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : window;
    QTest::keyClick(target, key);
    QCoreApplication::processEvents();
}

QDockWidget* dockOf(MainWindow& window)
{
    const auto docks = window.findChildren<QDockWidget*>();
    return docks.isEmpty() ? nullptr : docks.first();
}

} // namespace

void TestPresentation::keysDriveTheLecture()
{
    MainWindow window;
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    ExplorerState* state = window.state();
    GeneratorSpec spec;
    spec.shape = { 2, 3, 4, 4, 4 }; // BatchNorm: 3 sets (one per channel)
    state->setGenerator(spec);
    state->setNormKind(NormKind::Batch);
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QTRY_VERIFY(window.controller()->snapshot() && window.controller()->snapshot()->input->shape().c == 3);
    QDockWidget* dock = dockOf(window);
    QVERIFY(dock && dock->isVisible());

    // Outside presentation mode the arrows belong to the widgets, not to the lecture.
    window.cubeView()->setFocus();
    press(&window, Qt::Key_Right);
    press(&window, Qt::Key_Down);
    QCOMPARE(state->config().kind, NormKind::Batch);
    QCOMPARE(state->selectedSet(), int64_t(0));

    // F5: full screen, no menus, no side panel, text for the back row.
    press(&window, Qt::Key_F5);
    QVERIFY(window.presenting());
    QTRY_VERIFY(window.isFullScreen());
    QVERIFY(!window.menuBar()->isVisible());
    QVERIFY(!dock->isVisible());
    QVERIFY2(window.cubeView()->paintOptions().fontScale >= 1.25,
        qPrintable(QString::number(window.cubeView()->paintOptions().fontScale)));
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Esc")));

    // → steps BN → LN → IN → GN → RMS and wraps to BN; ← goes back and wraps the other way.
    const NormKind forward[] = { NormKind::Layer, NormKind::Instance, NormKind::Group, NormKind::Rms, NormKind::Batch };
    for (NormKind expected : forward) {
        press(&window, Qt::Key_Right);
        QCOMPARE(state->config().kind, expected);
    }
    press(&window, Qt::Key_Left);
    QCOMPARE(state->config().kind, NormKind::Rms);
    press(&window, Qt::Key_Left);
    QCOMPARE(state->config().kind, NormKind::Group);
    press(&window, Qt::Key_Right);
    press(&window, Qt::Key_Right);
    QCOMPARE(state->config().kind, NormKind::Batch);
    QTRY_VERIFY(window.controller()->snapshot()->config.kind == NormKind::Batch);

    // ↓ moves to the next set, ↑ to the previous, both wrapping over BatchNorm's 3 sets.
    state->setSelectedSet(0);
    press(&window, Qt::Key_Up);
    QCOMPARE(state->selectedSet(), int64_t(2)); // from the first set up to the last
    press(&window, Qt::Key_Down);
    QCOMPARE(state->selectedSet(), int64_t(0)); // and down again past the last to the first
    press(&window, Qt::Key_Down);
    press(&window, Qt::Key_Down);
    QCOMPARE(state->selectedSet(), int64_t(2));
    press(&window, Qt::Key_Up);
    QCOMPARE(state->selectedSet(), int64_t(1));

    // Space starts the sweep: the selection walks on by itself; Space again stops it.
    Presentation* sweep = window.presentation();
    QVERIFY(!sweep->sweeping());
    press(&window, Qt::Key_Space);
    QVERIFY(sweep->sweeping());
    const int64_t from = state->selectedSet();
    QTRY_VERIFY_WITH_TIMEOUT(state->selectedSet() != from, 3000);
    press(&window, Qt::Key_Space);
    QVERIFY(!sweep->sweeping());
    const int64_t stopped = state->selectedSet();
    QTest::qWait(700); // longer than one step at 2 sets per second
    QCOMPARE(state->selectedSet(), stopped);

    // + and = speed the sweep up by half, − slows it down; the status bar says the rate.
    const double rate = sweep->setsPerSecond();
    press(&window, Qt::Key_Plus);
    QCOMPARE(sweep->setsPerSecond(), rate * 1.5);
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("sets per second")),
        qPrintable(window.statusBar()->currentMessage()));
    press(&window, Qt::Key_Equal);
    QCOMPARE(sweep->setsPerSecond(), rate * 2.25);
    press(&window, Qt::Key_Minus);
    press(&window, Qt::Key_Minus);
    QCOMPARE(sweep->setsPerSecond(), rate);

    // P shows and hides the side panel.
    press(&window, Qt::Key_P);
    QVERIFY(dock->isVisible());
    press(&window, Qt::Key_P);
    QVERIFY(!dock->isVisible());

    // Esc leaves while sweeping: the sweep stops and the window is as before.
    press(&window, Qt::Key_Space);
    QVERIFY(sweep->sweeping());
    press(&window, Qt::Key_Escape);
    QVERIFY(!window.presenting());
    QVERIFY(!sweep->sweeping());
    QTRY_VERIFY(!window.isFullScreen());
    QVERIFY(window.menuBar()->isVisible());
    QVERIFY(dock->isVisible());
    QCOMPARE(window.cubeView()->paintOptions().fontScale, 1.0);
    // ... and the arrows are the widgets' again.
    window.cubeView()->setFocus();
    press(&window, Qt::Key_Right);
    QCOMPARE(state->config().kind, NormKind::Batch);
}

QTEST_MAIN(TestPresentation)
#include "test_ui_presentation.moc"
