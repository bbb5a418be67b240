// Small things a user meets in the window: Ctrl+A selects text (All sets has its own key), the
// two reset buttons say what they reset, LayerNorm's randomize is per element, a one-element
// normalized_shape reads as Python's (8,), (N, C) data is described without positions, and the
// cube's hover names a position as (h, w) with the value stored there.
#include "control/controller.h"
#include "cube/cubeview.h"
#include "look/normtexts.h"
#include "testsupport.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QComboBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

using namespace normscope;

namespace {

bool ready(MainWindow& window)
{
    window.resize(1340, 740);
    window.show();
    return QTest::qWaitForWindowExposed(&window)
        && QTest::qWaitFor([&] { return window.controller()->snapshot() != nullptr; }, 5000);
}

bool settle(MainWindow& window, const std::function<void()>& change)
{
    QSignalSpy done(window.controller(), &Controller::snapshotReady);
    change();
    const bool ok = done.wait(5000);
    QCoreApplication::processEvents();
    return ok;
}

QStringList visibleButtonTexts(MainWindow& window)
{
    QStringList texts;
    for (QPushButton* b : window.findChildren<QPushButton*>())
        if (b->isVisible())
            texts << b->text();
    return texts;
}

} // namespace

class TestSmallItems : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void ctrlAIsNotAllSets();
    void buttonsSayWhatTheyDo();
    void normalizedShapeIsATuple();
    void twoDimensionalDataHasNoPositions();
    void hoverNamesHAndW();
};

void TestSmallItems::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestSmallItems::ctrlAIsNotAllSets()
{
    MainWindow window;
    QVERIFY(ready(window));
    QAction* allSets = nullptr;
    for (QAction* a : window.findChildren<QAction*>())
        if (a->text().remove(QLatin1Char('&')) == QLatin1String("All sets"))
            allSets = a;
    QVERIFY(allSets);
    for (const QKeySequence& selectAll : QKeySequence::keyBindings(QKeySequence::SelectAll))
        QVERIFY2(!allSets->shortcuts().contains(selectAll), qPrintable(selectAll.toString()));
    // Pressed on the cube, Ctrl+A leaves the colouring alone; the menu's own key toggles it.
    window.cubeView()->setFocus();
    QTest::keyClick(window.cubeView(), Qt::Key_A, Qt::ControlModifier);
    QVERIFY(!window.state()->allSets());
    QTest::keySequence(window.cubeView(), allSets->shortcut());
    QVERIFY(window.state()->allSets());
}

void TestSmallItems::buttonsSayWhatTheyDo()
{
    MainWindow window;
    QVERIFY(ready(window));
    const QStringList texts = visibleButtonTexts(window);
    QCOMPARE(texts.count(QStringLiteral("Reset")), 0);
    QCOMPARE(QSet<QString>(texts.begin(), texts.end()).size(), texts.size());
    QVERIFY2(texts.contains(QStringLiteral("Randomize per channel")), qPrintable(texts.join(u'|')));
    // LayerNorm's γ and β have one entry per element of normalized_shape.
    QVERIFY(settle(window, [&] { window.state()->setNormKind(NormKind::Layer); }));
    const QStringList layer = visibleButtonTexts(window);
    QVERIFY2(layer.contains(QStringLiteral("Randomize per element")), qPrintable(layer.join(u'|')));
    QVERIFY(!layer.join(u'|').contains(QStringLiteral("per channel")));
}

void TestSmallItems::normalizedShapeIsATuple()
{
    MainWindow window;
    QVERIFY(ready(window));
    QVERIFY(settle(window, [&] { window.state()->setNormKind(NormKind::Layer); }));
    QStringList items;
    for (QComboBox* box : window.findChildren<QComboBox*>())
        if (box->isVisible() && box->toolTip().contains(QStringLiteral("normalized_shape")))
            for (int i = 0; i < box->count(); ++i)
                items << box->itemText(i);
    // The generator's default shape (8, 6, 8, 8).
    QCOMPARE(items, (QStringList { QStringLiteral("(8,)"), QStringLiteral("(8, 8)"), QStringLiteral("(6, 8, 8)") }));
}

void TestSmallItems::twoDimensionalDataHasNoPositions()
{
    const Shape nc = Shape::fromDims({ 16, 6 });
    QCOMPARE(forRank(QStringLiteral("mean and variance over N, H, W (16 values)"), nc),
        QStringLiteral("mean and variance over N (16 values)"));
    QCOMPARE(forRank(QStringLiteral("每个通道在 N、H、W 上"), nc), QStringLiteral("每个通道在 N 上"));
    const NormConfig bn = NormConfig::defaults(NormKind::Batch);
    const QString note = normNote(ReductionGeometry(bn, nc));
    QVERIFY2(!note.contains(QStringLiteral("L")) && !note.contains(QStringLiteral("H")), qPrintable(note));
}

void TestSmallItems::hoverNamesHAndW()
{
    MainWindow window;
    QVERIFY(ready(window));
    GeneratorSpec spec = window.state()->source().generator;
    spec.shape = Shape::fromDims({ 2, 3, 4, 5 });
    QVERIFY(settle(window, [&] { window.state()->setGenerator(spec); }));
    CubeView* cube = window.cubeView();
    QSignalSpy hover(cube, &CubeView::hoverTextChanged);
    // Sweep the pointer over the block until it names a cell.
    QString text;
    for (int y = cube->height() / 4; y < cube->height() * 3 / 4 && text.isEmpty(); y += 7)
        for (int x = cube->width() / 4; x < cube->width() * 3 / 4 && text.isEmpty(); x += 7) {
            QMouseEvent move(QEvent::MouseMove, QPointF(x, y), cube->mapToGlobal(QPointF(x, y)), Qt::NoButton,
                Qt::NoButton, Qt::NoModifier);
            QCoreApplication::sendEvent(cube, &move);
            if (!hover.isEmpty())
                text = hover.last().at(0).toString();
        }
    const QRegularExpression form(
        QStringLiteral("^n=(\\d+), c=(\\d+), h=(\\d+), w=(\\d+): value (\\S+) → (\\S+) · set"));
    const auto match = form.match(text);
    QVERIFY2(match.hasMatch(), qPrintable(text));
    const auto snapshot = window.controller()->snapshot();
    const int64_t n = match.captured(1).toLongLong(), c = match.captured(2).toLongLong();
    const int64_t h = match.captured(3).toLongLong(), w = match.captured(4).toLongLong();
    QVERIFY(h < 4 && w < 5);
    // The value shown is the one stored at (n, c, h, w).
    QCOMPARE(match.captured(5), QString::number(snapshot->input->at(n, c, h, w), 'g', 4));
}

QTEST_MAIN(TestSmallItems)
#include "test_ui_smallitems.moc"
