// Opening an .npz or .safetensors file in the window: the list of arrays with names, shapes and
// dtypes (the ones that cannot be shown greyed out with the reason), the choice loading exactly
// that array, and a bad archive leaving the tensor on screen as it was.
#include "files/arraychooser.h"
#include "testsupport.h"
#include "window/mainwindow.h"
#include "windowsupport.h"

#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest>

using namespace normscope;

class TestArrayChooser : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void listsArraysWithShapesAndDtypes();
    void choosingLoadsThatArray();
    void safetensorsChoice();
    void namedArrayOpensDirectly();
    void damagedArchiveKeepsTheTensor();
};

namespace {

QString sample(const char* name)
{
    return QString::fromStdString(test::dataPath(name));
}

// The chooser the window opened, once it is there.
ArrayChooser* waitForChooser(MainWindow& window)
{
    QElapsedTimer timer;
    timer.start();
    ArrayChooser* chooser = nullptr;
    while (!(chooser = window.findChild<ArrayChooser*>()) && timer.elapsed() < 5000)
        QTest::qWait(10);
    return chooser;
}

} // namespace

void TestArrayChooser::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestArrayChooser::listsArraysWithShapesAndDtypes()
{
    const std::vector<ArrayEntry> entries {
        { "x", { 2, 3, 4 }, "float32", {} },
        { "vector", { 7 }, "float32", {} },
        { "bad", {}, "", "t.npz:bad: is not a NumPy .npy file (bad magic bytes)" },
        { "empty", { 0, 3 }, "float64", {} },
        { "h.0.bf16", { 1, 2, 3, 4 }, "bfloat16", {} },
    };
    ArrayChooser chooser(QStringLiteral("t.npz"), entries);
    QTreeWidget* list = chooser.list();
    QCOMPARE(list->topLevelItemCount(), 5);
    QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("(2, 3, 4)"));
    QCOMPARE(list->topLevelItem(1)->text(1), QStringLiteral("(7,)"));
    QCOMPARE(list->topLevelItem(4)->text(2), QStringLiteral("bfloat16"));
    // Only arrays the explorer can show are selectable, and the others say why.
    QVERIFY(list->topLevelItem(0)->flags() & Qt::ItemIsEnabled);
    for (int i : { 1, 2, 3 }) {
        QVERIFY(!(list->topLevelItem(i)->flags() & Qt::ItemIsEnabled));
        QVERIFY(!list->topLevelItem(i)->text(3).isEmpty());
    }
    QVERIFY(list->topLevelItem(1)->text(3).contains(QStringLiteral("2 to 4 dimensions")));
    QVERIFY(list->topLevelItem(2)->text(3).contains(QStringLiteral("bad magic")));
    QCOMPARE(list->topLevelItem(3)->text(3), QStringLiteral("no elements"));
    // The first usable array is preselected; an unusable one cannot be chosen.
    QCOMPARE(chooser.chosenName(), QStringLiteral("x"));
    QVERIFY(!chooser.select(QStringLiteral("bad")));
    QVERIFY(chooser.select(QStringLiteral("h.0.bf16")));
    QCOMPARE(chooser.chosenName(), QStringLiteral("h.0.bf16"));
}

void TestArrayChooser::choosingLoadsThatArray()
{
    MainWindow window;
    QSignalSpy snapshots(window.controller(), &Controller::snapshotReady);
    QVERIFY(snapshots.wait(5000));
    window.openFiles({ sample("npz/savez_compressed.npz") });
    ArrayChooser* chooser = waitForChooser(window);
    QVERIFY(chooser);
    QCOMPARE(chooser->list()->topLevelItemCount(), 6);
    // Nothing is loaded until the user chooses.
    QCOMPARE(window.state()->source().kind, TensorSource::Kind::Generated);
    QVERIFY(chooser->select(QStringLiteral("half")));
    chooser->accept();
    QTRY_COMPARE_WITH_TIMEOUT(window.state()->source().kind, TensorSource::Kind::Loaded, 5000);
    QCOMPARE(window.state()->shape(), (Shape { 1, 2, 3, 4, 4 }));
    QCOMPARE(window.state()->source().description, QStringLiteral("savez_compressed.npz:half"));
    QVERIFY(window.state()->source().files.first().endsWith(QStringLiteral("/npz/savez_compressed.npz:half")));
    // arange(24) * 0.5 - 3, as NumPy stored it in float16.
    const auto data = window.state()->source().loaded->data();
    QCOMPARE(data.front(), -3.0f);
    QCOMPARE(data.back(), 8.5f);
}

void TestArrayChooser::safetensorsChoice()
{
    MainWindow window;
    window.openFiles({ sample("safetensors/all_dtypes.safetensors") });
    ArrayChooser* chooser = waitForChooser(window);
    QVERIFY(chooser);
    QCOMPARE(chooser->list()->topLevelItemCount(), 15);
    QVERIFY(!chooser->select(QStringLiteral("f8"))); // F8_E4M3 is listed, not readable
    QVERIFY(chooser->select(QStringLiteral("bf16")));
    // Cancel keeps the generated tensor.
    chooser->reject();
    QTest::qWait(50);
    QCOMPARE(window.state()->source().kind, TensorSource::Kind::Generated);
}

void TestArrayChooser::namedArrayOpensDirectly()
{
    MainWindow window;
    QCOMPARE(test::openAndWait(window, { sample("safetensors/all_dtypes.safetensors") + QStringLiteral(":bf16") }),
        QString());
    QVERIFY(!window.findChild<ArrayChooser*>());
    QCOMPARE(window.state()->source().description, QStringLiteral("all_dtypes.safetensors:bf16"));
    // A one-array file needs no choice.
    QCOMPARE(test::openAndWait(window, { sample("npz/single.npz") }), QString());
    QVERIFY(!window.findChild<ArrayChooser*>());
    QCOMPARE(window.state()->shape().dims(), (std::vector<int64_t> { 2, 3, 4 }));
}

void TestArrayChooser::damagedArchiveKeepsTheTensor()
{
    MainWindow window;
    const Shape before = window.state()->shape();
    for (const char* bad : { "npz/truncated.npz", "npz/longer_than_declared_deflated.npz" }) {
        const QString message = test::openAndWait(window, { sample(bad) });
        QVERIFY2(!message.isEmpty(), bad);
        QCOMPARE(window.state()->source().kind, TensorSource::Kind::Generated);
        QCOMPARE(window.state()->shape(), before);
    }
    const QString wrong = test::openAndWait(window, { sample("npz/savez.npz") + QStringLiteral(":nope") });
    QVERIFY2(
        wrong.contains(QStringLiteral("has no array named 'nope'; it holds 'x' [2, 3, 4] float32")), qPrintable(wrong));
}

QTEST_MAIN(TestArrayChooser)
#include "test_ui_arraychooser.moc"
