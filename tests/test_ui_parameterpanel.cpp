// The layer panel as a user clicks through it: the controls clicked again and again (the norm
// buttons) stay where they are whatever the norm shows under them.
#include "plots/histogrampanel.h"
#include "testsupport.h"
#include "window/mainwindow.h"

#include <QLabel>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>

#include <tuple>

using namespace normscope;

class TestParameterPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void normButtonsStayPut();
    void epsSaysWhatItIsAddedTo();
};

void TestParameterPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestParameterPanel::normButtonsStayPut()
{
    MainWindow window;
    QSignalSpy replots(window.histogramPanel(), &HistogramPanel::replotted);
    window.resize(1340, 740);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(replots.count() > 0 || replots.wait(5000));

    QMap<QString, QToolButton*> buttons;
    for (QToolButton* b : window.findChildren<QToolButton*>())
        if (QStringList { QStringLiteral("BN"), QStringLiteral("LN"), QStringLiteral("IN"), QStringLiteral("GN") }
                .contains(b->text()))
            buttons.insert(b->text(), b);
    QCOMPARE(buttons.size(), 4);
    const auto positions = [&] {
        QStringList where;
        for (auto it = buttons.begin(); it != buttons.end(); ++it)
            where << QStringLiteral("%1 at %2,%3")
                         .arg(it.key())
                         .arg(it.value()->mapTo(&window, QPoint(0, 0)).x())
                         .arg(it.value()->mapTo(&window, QPoint(0, 0)).y());
        return where.join(QStringLiteral("; "));
    };
    const QString first = positions();
    // Every change of norm, including back and forth between the ones with extra rows (LN's
    // normalized_shape, GN's num_groups) and the one with the running-statistics box.
    for (const char* name : { "LN", "GN", "IN", "BN", "GN", "LN", "IN", "LN", "BN" }) {
        QToolButton* button = buttons.value(QString::fromLatin1(name));
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY2(button->isChecked(), name);
        replots.clear();
        QVERIFY2(replots.wait(5000), name);
        QCoreApplication::processEvents();
        QCOMPARE(positions(), first);
    }
}

void TestParameterPanel::epsSaysWhatItIsAddedTo()
{
    // RMSNorm has no variance: its eps goes under the root with the mean square. The eps row's
    // label and field say so for RMSNorm, and "variance" for the others.
    MainWindow window;
    QSignalSpy replots(window.histogramPanel(), &HistogramPanel::replotted);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(replots.count() > 0 || replots.wait(5000));
    QLabel* epsLabel = nullptr;
    for (QLabel* label : window.findChildren<QLabel*>())
        if (label->text() == QStringLiteral("eps"))
            epsLabel = label;
    QVERIFY(epsLabel);
    for (const auto& [name, word, notWord] :
        { std::tuple { "RMS", "mean square", "variance" }, std::tuple { "LN", "variance", "mean square" },
            std::tuple { "RMS", "mean square", "variance" }, std::tuple { "BN", "variance", "mean square" } }) {
        for (QToolButton* b : window.findChildren<QToolButton*>())
            if (b->text() == QLatin1String(name))
                QTest::mouseClick(b, Qt::LeftButton);
        QCoreApplication::processEvents();
        const QString tip = epsLabel->toolTip();
        QVERIFY2(tip.contains(QLatin1String(word)) && !tip.contains(QLatin1String(notWord)),
            qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(name), tip)));
    }
}

QTEST_MAIN(TestParameterPanel)
#include "test_ui_parameterpanel.moc"
