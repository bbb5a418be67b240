// A soak of the explorer window: random slider, spin box, combo box, button, key and cube actions
// for NORMSCOPE_SOAK_SECONDS (60 in the asan suite, where any memory error or undefined behaviour
// stops the run; 10 otherwise), then the window must settle and show the numbers of the final
// setting, computed here again from the state by the core norms.
// NORMSCOPE_SOAK_SEED repeats a run (the seed is printed at the start).
#include "analysis/pipeline.h"
#include "control/controller.h"
#include "cube/cubeview.h"
#include "norms/normalize.h"
#include "panels/statspanel.h"
#include "testsupport.h"
#include "window/mainwindow.h"
#include "windowtest.h"

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDialog>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTabBar>
#include <QTimer>
#include <QtTest>

#include <random>

using namespace normscope;

class TestSoak : public QObject {
    Q_OBJECT
private slots:
    void randomActionsThenSettle();
};

namespace {

template <typename T> QList<T*> usable(QWidget* root)
{
    QList<T*> out;
    const QList<T*> all = root->findChildren<T*>();
    for (T* w : all) {
        if (w->isVisible() && w->isEnabled())
            out << w;
    }
    return out;
}

// Buttons that open file dialogs or leave the window would end the soak's reach, not test it.
bool safeButton(const QAbstractButton* b)
{
    const QString text = b->text();
    return !text.contains(QStringLiteral("Export")) && !text.contains(QStringLiteral("Open"))
        && !text.contains(QStringLiteral("Use the generator"));
}

class Soak {
public:
    Soak(MainWindow& window, uint32_t seed)
        : m_window(window)
        , m_rng(seed)
    {
    }

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_rng); }
    double unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng); }

    void act()
    {
        switch (pick(8)) {
        case 0:
        case 1:
            slider();
            break;
        case 2:
            spinBox();
            break;
        case 3:
            comboBox();
            break;
        case 4:
            button();
            break;
        case 5:
            key();
            break;
        case 6:
        case 7:
            cube();
            break;
        }
        ++m_actions;
    }

    int actions() const { return m_actions; }

private:
    void slider()
    {
        const auto sliders = usable<QAbstractSlider>(&m_window);
        if (sliders.isEmpty())
            return;
        QAbstractSlider* s = sliders[pick(static_cast<int>(sliders.size()))];
        if (pick(2) == 0) {
            s->setValue(s->minimum() + static_cast<int>(unit() * (s->maximum() - s->minimum())));
        } else {
            const Qt::Key keys[]
                = { Qt::Key_PageUp, Qt::Key_PageDown, Qt::Key_Left, Qt::Key_Right, Qt::Key_Home, Qt::Key_End };
            QTest::keyClick(s, keys[pick(6)]);
        }
    }

    void spinBox()
    {
        const auto boxes = usable<QAbstractSpinBox>(&m_window);
        if (boxes.isEmpty())
            return;
        QAbstractSpinBox* box = boxes[pick(static_cast<int>(boxes.size()))];
        if (pick(3) == 0) {
            // Typed text, sometimes nonsense: the box must refuse it, not the app.
            const char* texts[] = { "0", "1e-3", "-5", "9999999", "abc", "0.5", "1e300", "" };
            box->selectAll();
            QTest::keyClicks(box, QString::fromLatin1(texts[pick(8)]));
            QTest::keyClick(box, Qt::Key_Return);
        } else {
            box->stepBy(pick(2) == 0 ? 1 : -1 - pick(3));
        }
    }

    void comboBox()
    {
        const auto combos = usable<QComboBox>(&m_window);
        if (combos.isEmpty())
            return;
        QComboBox* combo = combos[pick(static_cast<int>(combos.size()))];
        if (combo->count() > 0)
            combo->setCurrentIndex(pick(combo->count()));
    }

    void button()
    {
        QList<QAbstractButton*> buttons;
        const auto all = usable<QAbstractButton>(&m_window);
        for (QAbstractButton* b : all) {
            if (safeButton(b))
                buttons << b;
        }
        const auto tabs = usable<QTabBar>(&m_window);
        if (!tabs.isEmpty() && pick(4) == 0) {
            QTabBar* bar = tabs[pick(static_cast<int>(tabs.size()))];
            bar->setCurrentIndex(pick(bar->count()));
            return;
        }
        if (!buttons.isEmpty())
            QTest::mouseClick(buttons[pick(static_cast<int>(buttons.size()))], Qt::LeftButton);
    }

    void key()
    {
        // Presentation mode and its keys, and the window's shortcuts (not Quit, not Open).
        const int keys[] = { Qt::Key_F5, Qt::Key_Left, Qt::Key_Right, Qt::Key_Up, Qt::Key_Down, Qt::Key_Space,
            Qt::Key_Plus, Qt::Key_Minus, Qt::Key_P, Qt::Key_Escape, Qt::Key_Escape };
        QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : &m_window;
        QTest::keyClick(target, static_cast<Qt::Key>(keys[pick(11)]));
    }

    void cube()
    {
        QWidget* cube = m_window.cubeView();
        if (!cube || !cube->isVisible())
            return;
        const QPoint a(pick(std::max(1, cube->width())), pick(std::max(1, cube->height())));
        const QPoint b(pick(std::max(1, cube->width())), pick(std::max(1, cube->height())));
        switch (pick(5)) {
        case 0: // click a cell: selects its set
            QTest::mouseClick(cube, Qt::LeftButton, {}, a);
            break;
        case 1: // drag: rotate
            QTest::mousePress(cube, Qt::LeftButton, {}, a);
            QTest::mouseMove(cube, (a + b) / 2);
            QTest::mouseMove(cube, b);
            QTest::mouseRelease(cube, Qt::LeftButton, {}, b);
            break;
        case 2: { // wheel: zoom
            QWheelEvent wheel(QPointF(a), cube->mapToGlobal(QPointF(a)), QPoint(), QPoint(0, pick(2) ? 120 : -120),
                Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(cube, &wheel);
            break;
        }
        case 3: // double click: reset the view
            QTest::mouseDClick(cube, Qt::LeftButton, {}, a);
            break;
        case 4: // hover
            QTest::mouseMove(cube, a);
            break;
        }
    }

    MainWindow& m_window;
    std::mt19937 m_rng;
    int m_actions = 0;
};

// Rejects any modal dialog an action opened, so the soak never waits on one.
void closeModals()
{
    while (QWidget* modal = QApplication::activeModalWidget()) {
        if (auto* dialog = qobject_cast<QDialog*>(modal))
            dialog->reject();
        else
            modal->close();
        QCoreApplication::processEvents();
    }
}

// A key or click can open a menu or a dialog that runs its own event loop (Space on the labs'
// Export button runs QMenu::exec), so the action never returns for closeModals() to run: the
// soak then hangs until QtTest's watchdog kills it. This timer fires inside such loops too.
void closePopupsAndModals()
{
    while (QWidget* popup = QApplication::activePopupWidget())
        popup->close();
    closeModals();
}

} // namespace

void TestSoak::randomActionsThenSettle()
{
    const int seconds = qEnvironmentVariableIsSet("NORMSCOPE_SOAK_SECONDS")
        ? qEnvironmentVariableIntValue("NORMSCOPE_SOAK_SECONDS")
        : 10;
    const uint32_t seed = qEnvironmentVariableIsSet("NORMSCOPE_SOAK_SEED")
        ? static_cast<uint32_t>(qEnvironmentVariableIntValue("NORMSCOPE_SOAK_SEED"))
        : std::random_device {}();
    qInfo("soak: %d s, seed %u (NORMSCOPE_SOAK_SEED=%u repeats it)", seconds, seed, seed);

    const test::ScratchSettings settings; // random actions change settings: never the user's
    MainWindow window;
    window.resize(1340, 740);
    window.show();
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(window.controller()->snapshot() != nullptr, 20000);

    Soak soak(window, seed);
    QTimer unblock;
    QObject::connect(&unblock, &QTimer::timeout, &closePopupsAndModals);
    unblock.start(250);
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < seconds * 1000) {
        soak.act();
        closeModals();
        // Mostly faster than the controller can follow (stale results must be dropped), with
        // pauses that let results arrive in the middle of the next changes.
        QTest::qWait(soak.pick(10) == 0 ? 50 + soak.pick(200) : soak.pick(8));
    }
    closeModals();
    if (window.presenting())
        window.setPresenting(false);
    qInfo("soak: %d actions", soak.actions());

    // Settled: no new snapshot for a second and nothing pending.
    QElapsedTimer settle;
    settle.start();
    int quiet = 0;
    while (quiet < 1000 && settle.elapsed() < 60000) {
        ready.clear();
        if (ready.wait(200) || window.controller()->busy())
            quiet = 0;
        else
            quiet += 200;
    }
    QVERIFY2(quiet >= 1000, "the window did not settle within 60 s after the last action");

    // The numbers on screen are those of the final setting, recomputed here from the state.
    const auto snapshot = window.controller()->snapshot();
    QVERIFY(snapshot);
    const ExplorerState& state = *window.state();
    QCOMPARE(snapshot->input->shape(), state.shape());
    QCOMPARE(snapshot->config.kind, state.config().kind);
    QCOMPARE(snapshot->config.eps, state.config().eps);
    QCOMPARE(snapshot->config.training, state.config().training);
    QCOMPARE(snapshot->config.affine, state.config().affine);
    QCOMPARE(snapshot->config.groups, state.config().groups);
    QCOMPARE(snapshot->config.normalizedShape, state.config().normalizedShape);
    QCOMPARE(snapshot->selectedSet, state.selectedSet());

    const Tensor input = state.source().kind == TensorSource::Kind::Generated ? generateTensor(state.source().generator)
                                                                              : *state.source().loaded;
    QCOMPARE(input.values(), snapshot->input->values());
    PipelineInput request;
    request.config = state.config();
    request.affine = state.affine();
    request.running = state.running();
    const ReductionGeometry geometry(state.config(), input.shape());
    NormParams params = paramsFor(request, geometry);
    const Tensor expected = normalize(input, state.config(), params);
    NS_COMPARE_CLOSE(snapshot->output->data(), expected.data());

    // The statistics panel: the selected set's label, and its mean and std before and after.
    const Summary before = summarize(setValues(input, geometry, state.selectedSet()));
    const Summary after = summarize(setValues(expected, geometry, state.selectedSet()));
    const QString shown = window.statsPanel()->text();
    const QStringList wanted { QString::fromStdString(geometry.setLabel(state.selectedSet())), formatStat(before.mean),
        formatStat(before.std), formatStat(after.mean), formatStat(after.std) };
    for (const QString& text : wanted)
        QVERIFY2(shown.contains(text),
            qPrintable(
                QStringLiteral("the statistics panel does not show %1 of the final setting:\n%2").arg(text, shown)));
}

QTEST_MAIN(TestSoak)
#include "test_ui_soak.moc"
