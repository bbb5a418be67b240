// Getting a tensor into the window without File > Open: the Open Recent menu (which files, in
// which order, and that choosing one shows that file's values) and dropping .npy files on the
// window (the dropped values reach the snapshot; a bad or remote drop changes nothing).
#include "io/npy.h"
#include "window/mainwindow.h"
#include "windowsupport.h"
#include "windowtest.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMenu>
#include <QMimeData>
#include <QSignalSpy>

using namespace normscope;

class TestFiles : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void openRecentReopensTheFile();
    void droppedNpyIsShown();

private:
    std::unique_ptr<test::ScratchSettings> m_settings;
};

void TestFiles::initTestCase()
{
    m_settings = std::make_unique<test::ScratchSettings>();
}

namespace {

// A tensor whose every value is distinct and known: value i is `base` + i / 8.
Tensor ramp(Shape shape, float base)
{
    std::vector<float> v(static_cast<size_t>(shape.numel()));
    for (size_t i = 0; i < v.size(); ++i)
        v[i] = base + static_cast<float>(i) / 8.0f;
    return Tensor(shape, v);
}

QMenu* recentMenu(MainWindow& window)
{
    for (QMenu* menu : window.findChildren<QMenu*>()) {
        QString title = menu->title();
        if (title.remove(QLatin1Char('&')) == QStringLiteral("Open Recent"))
            return menu;
    }
    return nullptr;
}

QStringList entries(QMenu* menu)
{
    QStringList names;
    for (QAction* a : menu->actions())
        names << a->text();
    return names;
}

bool sameValues(const Tensor& a, const Tensor& b)
{
    if (!(a.shape() == b.shape()))
        return false;
    return std::equal(a.values().begin(), a.values().end(), b.values().begin());
}

void drop(MainWindow& window, const QList<QUrl>& urls, bool* enterAccepted, bool* dropAccepted)
{
    QMimeData mime;
    mime.setUrls(urls);
    const QPoint at = window.rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    *enterAccepted = enter.isAccepted();
    QDropEvent dropEvent(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &dropEvent);
    *dropAccepted = dropEvent.isAccepted();
}

} // namespace

void TestFiles::openRecentReopensTheFile()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("first.npy"));
    const QString b = dir.filePath(QStringLiteral("second.npy"));
    const Tensor ta = ramp({ 2, 3, 2, 2, 4 }, 1.0f);
    const Tensor tb = ramp({ 1, 4, 3, 3, 4 }, -5.0f);
    writeTensor(a.toStdString(), ta);
    writeTensor(b.toStdString(), tb);
    {
        MainWindow window;
        QMenu* recent = recentMenu(window);
        QVERIFY(recent);
        QVERIFY2(!recent->isEnabled(), "nothing opened yet: the menu is greyed out");
        QVERIFY(test::openAndWait(window, { a }).isEmpty());
        QVERIFY(test::openAndWait(window, { b }).isEmpty());
        QCOMPARE(entries(recent), (QStringList { QStringLiteral("second.npy"), QStringLiteral("first.npy") }));
        QVERIFY(recent->isEnabled());
        QCOMPARE(recent->actions().at(1)->toolTip(), QFileInfo(a).absoluteFilePath());
        // Choosing the older entry shows that file's values, and moves it to the top.
        QSignalSpy opened(&window, &MainWindow::openFinished);
        recent->actions().at(1)->trigger();
        QVERIFY(opened.wait(20000));
        QCOMPARE(opened.first().first().toString(), QString());
        QTRY_VERIFY(window.controller()->snapshot() && sameValues(*window.controller()->snapshot()->input, ta));
        QCOMPARE(window.state()->source().files, QStringList { QFileInfo(a).absoluteFilePath() });
        QCOMPARE(entries(recent), (QStringList { QStringLiteral("first.npy"), QStringLiteral("second.npy") }));
        window.close();
    }
    // After a restart the list is still there, and still opens the files.
    MainWindow again;
    QMenu* recent = recentMenu(again);
    QCOMPARE(entries(recent), (QStringList { QStringLiteral("first.npy"), QStringLiteral("second.npy") }));
    recent->actions().at(1)->trigger();
    QTRY_VERIFY(again.controller()->snapshot() && sameValues(*again.controller()->snapshot()->input, tb));
}

void TestFiles::droppedNpyIsShown()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.controller()->snapshot());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dropped.npy"));
    const Tensor t = ramp({ 3, 2, 4, 5, 4 }, 0.5f);
    writeTensor(path.toStdString(), t);

    bool entered = false;
    bool dropped = false;
    QSignalSpy opened(&window, &MainWindow::openFinished);
    drop(window, { QUrl::fromLocalFile(path) }, &entered, &dropped);
    QVERIFY2(entered, "a file dragged over the window is welcome");
    QVERIFY(dropped);
    QVERIFY(opened.wait(20000));
    QCOMPARE(window.state()->source().kind, TensorSource::Kind::Loaded);
    QTRY_VERIFY(sameValues(*window.controller()->snapshot()->input, t));
    QCOMPARE(window.state()->source().files, QStringList { QFileInfo(path).absoluteFilePath() });

    // A remote URL or a broken file changes nothing.
    const auto before = window.controller()->snapshot();
    drop(window, { QUrl(QStringLiteral("https://example.org/x.npy")) }, &entered, &dropped);
    QVERIFY(!dropped);
    const QString bad = dir.filePath(QStringLiteral("bad.npy"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a numpy file");
    f.close();
    opened.clear();
    drop(window, { QUrl::fromLocalFile(bad) }, &entered, &dropped);
    QVERIFY(opened.wait(20000));
    QVERIFY2(opened.first().first().toString().contains(QStringLiteral("bad.npy")), "the refusal names the file");
    QTest::qWait(100);
    QCOMPARE(window.controller()->snapshot(), before);
    QCOMPARE(window.state()->source().files, QStringList { QFileInfo(path).absoluteFilePath() });
}

QTEST_MAIN(TestFiles)
#include "test_ui_files.moc"
