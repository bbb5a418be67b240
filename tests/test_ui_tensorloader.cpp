// Files open off the GUI thread (TensorLoader): a FIFO is refused at once instead of freezing the
// window, a load can be cancelled (or replaced by a newer one) and then changes nothing, and a
// file larger than memory allows is refused from its header.
#include "files/tensorloader.h"
#include "io/npy.h"
#include "testsupport.h"
#include "window/mainwindow.h"
#include "windowsupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace normscope;

class TestTensorLoader : public QObject {
    Q_OBJECT
private slots:
    void init();
    void fifoIsRefusedAtOnce();
    void imageFifoIsRefusedAtOnce();
    void cancelKeepsTheTensor();
    void newerLoadWins();
    void tooLargeIsRefused();
    void progressIsReported();

private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    // A valid float64 .npy of `values` zeros, sparse on disk: slow enough to read that a cancel
    // issued right after the request always comes first.
    QString bigFile(const QString& name, int64_t values) const;
};

QString TestTensorLoader::bigFile(const QString& name, int64_t values) const
{
    const QString file = path(name);
    std::string header
        = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(values / 1024) + ", 4, 16, 16), }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::ofstream out(file.toStdString(), std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    out.put(static_cast<char>(header.size() & 0xff));
    out.put(static_cast<char>(header.size() >> 8));
    out << header;
    out.close();
    const auto size = static_cast<off_t>(10 + header.size() + static_cast<size_t>(values) * 8);
    if (::truncate(file.toStdString().c_str(), size) != 0)
        qFatal("cannot size %s", qPrintable(file));
    return file;
}

void TestTensorLoader::init()
{
    QVERIFY(m_dir.isValid());
}

void TestTensorLoader::fifoIsRefusedAtOnce()
{
    MainWindow window;
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QVERIFY(ready.wait(5000));
    const auto before = window.controller()->snapshot();
    const QString fifo = path(QStringLiteral("pipe.npy"));
    QCOMPARE(::mkfifo(fifo.toStdString().c_str(), 0644), 0);
    QElapsedTimer timer;
    timer.start();
    const QString message = test::openAndWait(window, { fifo }, 5000);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
    QVERIFY2(message.contains(QStringLiteral("named pipe")), qPrintable(message));
    QCOMPARE(window.state()->source().kind, TensorSource::Kind::Generated);
    QCOMPARE(window.controller()->snapshot(), before);
}

void TestTensorLoader::imageFifoIsRefusedAtOnce()
{
    // Images went to QImageReader by path, which blocks on a FIFO just as well.
    MainWindow window;
    const QString fifo = path(QStringLiteral("photo.png"));
    QCOMPARE(::mkfifo(fifo.toStdString().c_str(), 0644), 0);
    QElapsedTimer timer;
    timer.start();
    const QString message = test::openAndWait(window, { fifo }, 5000);
    QVERIFY(timer.elapsed() < 2000);
    QVERIFY2(message.contains(QStringLiteral("named pipe")), qPrintable(message));
}

void TestTensorLoader::cancelKeepsTheTensor()
{
    MainWindow window;
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QVERIFY(ready.wait(5000));
    const auto before = window.controller()->snapshot();
    QSignalSpy finished(&window, &MainWindow::openFinished);
    QSignalSpy busy(window.loader(), &TensorLoader::busyChanged);
    window.openFiles({ bigFile(QStringLiteral("big.npy"), 1 << 25) }); // 256 MiB of float64
    QVERIFY(window.loader()->busy());
    window.loader()->cancel();
    QCOMPARE(finished.count(), 1);
    QVERIFY2(finished.first().at(0).toString().contains(QStringLiteral("cancelled")),
        qPrintable(finished.first().at(0).toString()));
    QCOMPARE(busy.count(), 2); // on, then off
    QVERIFY(!window.loader()->busy());
    // Whatever the stopped worker still delivers is dropped: nothing changes afterwards either.
    QTest::qWait(1500);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(window.state()->source().kind, TensorSource::Kind::Generated);
    QCOMPARE(window.controller()->snapshot(), before);
}

void TestTensorLoader::newerLoadWins()
{
    MainWindow window;
    const QString small = path(QStringLiteral("small.npy"));
    writeTensor(small.toStdString(), Tensor(Shape { 2, 3, 4, 4, 4 }, 0.5f));
    QSignalSpy finished(&window, &MainWindow::openFinished);
    window.openFiles({ bigFile(QStringLiteral("big2.npy"), 1 << 25) });
    window.openFiles({ small });
    QVERIFY(finished.wait(20000));
    QTest::qWait(300);
    QCOMPARE(finished.count(), 1); // only the newer load reports
    QCOMPARE(finished.first().at(0).toString(), QString());
    QCOMPARE(window.state()->shape(), (Shape { 2, 3, 4, 4, 4 }));
}

void TestTensorLoader::tooLargeIsRefused()
{
    // 128 GiB promised and present (sparse): refused from the sizes, in well under a second.
    MainWindow window;
    const QString huge = bigFile(QStringLiteral("huge.npy"), int64_t(1) << 34);
    QElapsedTimer timer;
    timer.start();
    const QString message = test::openAndWait(window, { huge }, 5000);
    QVERIFY2(message.contains(QStringLiteral("too large")), qPrintable(message));
    QVERIFY(timer.elapsed() < 2000);
    QCOMPARE(window.state()->source().kind, TensorSource::Kind::Generated);
}

void TestTensorLoader::progressIsReported()
{
    TensorLoader loader;
    QSignalSpy loaded(&loader, &TensorLoader::loaded);
    loader.load({ bigFile(QStringLiteral("mid.npy"), 1 << 22) }, ImageScale::Unit); // 32 MiB, 32 chunks
    QVERIFY(loaded.wait(20000));
    QCOMPARE(loader.progress(), 1.0);
    const auto tensor = loaded.first().at(1).value<LoadedTensor>().tensor;
    QCOMPARE(tensor->numel(), int64_t(1) << 22);
}

QTEST_MAIN(TestTensorLoader)
#include "test_ui_tensorloader.moc"
