// The eps = 0 warning as a user sees it: red text next to eps whenever zero-variance sets meet
// eps = 0 in training mode, nothing at all (no empty red gap) otherwise, never the β sentence in
// eval mode where the running statistics normalize those sets, and the statistics panel's
// warning in sight at the window's default size. Checked on the grabbed window's pixels.
#include "control/controller.h"
#include "look/theme.h"
#include "panels/statspanel.h"
#include "testsupport.h"
#include "window/mainwindow.h"

#include <QGroupBox>
#include <QLabel>
#include <QSignalSpy>
#include <QtTest>

using namespace normscope;

namespace {

// Pixels of the warning colour (anti-aliased text included) inside `rect` of the window.
int warningPixels(QWidget* window, const QRect& rect)
{
    const QImage shot = window->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QColor red = Theme::light().warning;
    int count = 0;
    const QRect r = rect.intersected(shot.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) {
            const QRgb p = shot.pixel(x, y);
            if (std::abs(qRed(p) - red.red()) + std::abs(qGreen(p) - red.green()) + std::abs(qBlue(p) - red.blue())
                < 60)
                ++count;
        }
    return count;
}

QRect inWindow(QWidget* window, QWidget* w)
{
    return QRect(w->mapTo(window, QPoint(0, 0)), w->size());
}

class Fixture {
public:
    Fixture()
        : replots(window.controller(), &Controller::snapshotReady)
    {
        window.show();
        ready = QTest::qWaitForWindowExposed(&window) && (replots.count() > 0 || replots.wait(5000));
    }
    // Applies a change and waits for its result to reach the views.
    bool change(const std::function<void()>& what)
    {
        replots.clear();
        what();
        const bool ok = replots.wait(5000);
        QTest::qWait(100); // the layouts of the dock settle
        return ok;
    }
    QLabel* epsWarning()
    {
        for (QLabel* label : window.findChildren<QLabel*>(QStringLiteral("warning")))
            if (qobject_cast<QGroupBox*>(label->parentWidget())
                && label->parentWidget()->findChildren<QLabel*>().contains(label)
                && label->parentWidget()->property("title").toString().contains(QStringLiteral("Normalization")))
                return label;
        return nullptr;
    }
    // Where the box under the eps row starts: it moves down by exactly the warning's height.
    int affineTop()
    {
        for (QGroupBox* box : window.findChildren<QGroupBox*>())
            if (box->title().startsWith(QStringLiteral("Affine")))
                return box->mapTo(&window, QPoint(0, 0)).y();
        return -1;
    }

    MainWindow window;
    QSignalSpy replots;
    bool ready = false;
};

void setConstant(ExplorerState* state, bool constant)
{
    GeneratorSpec spec = state->source().generator;
    spec.kind = constant ? GeneratorKind::Constant : GeneratorKind::Normal;
    spec.params.clear();
    state->setGenerator(spec);
}

void setEps(ExplorerState* state, double eps)
{
    NormConfig config = state->config();
    config.eps = eps;
    state->setConfig(config);
}

} // namespace

class TestEpsWarning : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void warningIsTextOrNothing();
    void statisticsWarningInSightAtDefaultSize();
};

void TestEpsWarning::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestEpsWarning::init()
{
    QSettings().clear();
}

void TestEpsWarning::warningIsTextOrNothing()
{
    Fixture f;
    QVERIFY(f.ready);
    ExplorerState* state = f.window.state();
    QLabel* warning = f.epsWarning();
    QVERIFY(warning);
    QVERIFY(!warning->isVisible());
    const int normalTop = f.affineTop(); // with a normal generator's two parameter rows
    QVERIFY(normalTop > 0);

    // Constant input (every set has zero variance), eps = 0, training: red text, 6 sets.
    QVERIFY(f.change([&] { setConstant(state, true); }));
    QTRY_VERIFY(f.affineTop() < normalTop); // one parameter row fewer
    const int top = f.affineTop();
    QVERIFY(f.change([&] { setEps(state, 0.0); }));
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("6 set(s)")), qPrintable(warning->text()));
    const QRect where = inWindow(&f.window, warning);
    QVERIFY(where.height() >= warning->fontMetrics().height());
    QVERIFY2(warningPixels(&f.window, where) > 40, "the warning's place shows no red text");
    QTRY_VERIFY(f.affineTop() >= top + where.height());

    // Each way the condition ends leaves no gap and no red behind.
    const auto expectNothing = [&](const char* when, int top) {
        QVERIFY2(!warning->isVisible(), when);
        QTRY_VERIFY2(f.affineTop() == top, when);
        QVERIFY2(warningPixels(&f.window, where) == 0, when);
    };
    QVERIFY(f.change([&] { setEps(state, 1e-5); }));
    expectNothing("eps back to 1e-5", top);
    QVERIFY(f.change([&] { setEps(state, 0.0); }));
    QVERIFY(warning->isVisible());
    QVERIFY(f.change([&] { setConstant(state, false); }));
    expectNothing("normal values, eps = 0", normalTop);

    // Eval mode after Steps: the running statistics normalize every set, no set outputs β.
    QVERIFY(f.change([&] { setConstant(state, true); }));
    QVERIFY(warning->isVisible());
    QVERIFY(f.change([&] { f.window.controller()->stepRunningStats(3); }));
    QVERIFY(f.change([&] {
        NormConfig config = state->config();
        config.training = false;
        state->setConfig(config);
    }));
    QCOMPARE(state->running().numBatchesTracked, 3);
    expectNothing("eval mode with running statistics", top);
}

void TestEpsWarning::statisticsWarningInSightAtDefaultSize()
{
    Fixture f; // the size a first start gives: 1340 × 740, for a 1366 × 768 screen
    QVERIFY(f.ready);
    QCOMPARE(f.window.size(), QSize(1340, 740));
    ExplorerState* state = f.window.state();
    QVERIFY(f.change([&] { setConstant(state, true); }));
    QVERIFY(f.change([&] { setEps(state, 0.0); }));
    QVERIFY(f.window.statsPanel()->text().contains(QStringLiteral("6 set(s) have zero variance")));
    // The warning is painted in the part of the panel the user sees without scrolling.
    QVERIFY2(warningPixels(&f.window, inWindow(&f.window, f.window.statsPanel())) > 40,
        "the statistics panel's warning is out of sight");
}

QTEST_MAIN(TestEpsWarning)
#include "test_ui_epswarning.moc"
