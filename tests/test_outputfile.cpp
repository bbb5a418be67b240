// What writing an output means (io/outputfile.h): all or nothing, through symbolic links,
// keeping permissions, refusing FIFOs and folders, and temporaries that a later write recognises
// and removes once their process is gone. The full disk is tested from the command line
// (tests/cli/test_robust_files.py), where a tiny tmpfs can be mounted.
#include "io/npy.h"
#include "io/outputfile.h"
#include "norms/normerror.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace normscope;
namespace fs = std::filesystem;

class TestOutputFile : public QObject {
    Q_OBJECT
private slots:
    void writesNewFile();
    void writesThroughSymlink();
    void keepsPermissions();
    void refusesNonRegularTargets_data();
    void refusesNonRegularTargets();
    void refusesDanglingSymlink();
    void missingFolder();
    void discardLeavesTargetAlone();
    void temporaryNames_data();
    void temporaryNames();
    void staleTemporariesRemoved();
    void groupIsAllOrNothing();
};

namespace {

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void put(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

std::span<const char> bytes(const std::string& text)
{
    return std::span<const char>(text.data(), text.size());
}

// Names in `folder` other than `keep`.
QStringList strays(const QTemporaryDir& dir, const QStringList& keep)
{
    QStringList out;
    for (const auto& entry : fs::directory_iterator(dir.path().toStdString())) {
        const QString name = QString::fromStdString(entry.path().filename().string());
        if (!keep.contains(name))
            out << name;
    }
    return out;
}

mode_t modeOf(const std::string& path)
{
    struct stat info { };
    ::stat(path.c_str(), &info);
    return info.st_mode & 07777;
}

// A PID that certainly belongs to no process: a child that has exited and been reaped.
long deadPid()
{
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

} // namespace

void TestOutputFile::writesNewFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("new.csv")).toStdString();
    const mode_t mask = ::umask(022);
    ::umask(mask);
    writeFileAtomically(path, bytes("a,b\n1,2\n"));
    QCOMPARE(slurp(path), std::string("a,b\n1,2\n"));
    // As any program's output: 0666 less the umask, not the 0600 of a temporary.
    QCOMPARE(modeOf(path), mode_t(0666 & ~mask));
    QCOMPARE(strays(dir, { QStringLiteral("new.csv") }), QStringList());
}

void TestOutputFile::writesThroughSymlink()
{
    QTemporaryDir dir;
    const std::string real = dir.filePath(QStringLiteral("data/real.npy")).toStdString();
    fs::create_directory(dir.filePath(QStringLiteral("data")).toStdString());
    put(real, "old");
    const std::string link = dir.filePath(QStringLiteral("link.npy")).toStdString();
    fs::create_symlink("data/real.npy", link);
    writeNpy(link, std::vector<float> { 1.0f, 2.0f }, { 2 });
    QVERIFY2(fs::is_symlink(link), "the link was replaced by a file");
    QCOMPARE(fs::read_symlink(link).string(), std::string("data/real.npy"));
    const NpyArray back = readNpy(real);
    QCOMPARE(back.data, (std::vector<float> { 1.0f, 2.0f }));
    QCOMPARE(strays(dir, { QStringLiteral("data"), QStringLiteral("link.npy") }), QStringList());
}

void TestOutputFile::keepsPermissions()
{
    QTemporaryDir dir;
    for (const mode_t mode : { mode_t(0600), mode_t(0640), mode_t(0755) }) {
        const std::string path = dir.filePath(QStringLiteral("p.npy")).toStdString();
        put(path, "old");
        ::chmod(path.c_str(), mode);
        writeNpy(path, std::vector<float> { 3.0f }, { 1 });
        QCOMPARE(modeOf(path), mode);
        QCOMPARE(readNpy(path).data, std::vector<float> { 3.0f });
    }
}

void TestOutputFile::refusesNonRegularTargets_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("fifo") << QStringLiteral("fifo") << QStringLiteral("named pipe (FIFO)");
    QTest::newRow("folder") << QStringLiteral("folder") << QStringLiteral("it is a folder");
    QTest::newRow("device") << QStringLiteral("device") << QStringLiteral("device");
}

void TestOutputFile::refusesNonRegularTargets()
{
    QFETCH(QString, kind);
    QFETCH(QString, message);
    QTemporaryDir dir;
    std::string path = dir.filePath(QStringLiteral("target")).toStdString();
    if (kind == QLatin1String("fifo"))
        QCOMPARE(::mkfifo(path.c_str(), 0644), 0);
    else if (kind == QLatin1String("folder"))
        fs::create_directory(path);
    else
        path = "/dev/null";
    try {
        writeFileAtomically(path, bytes("data"));
        QFAIL("written");
    } catch (const WriteError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(QStringLiteral("cannot write ")), e.what());
    }
    if (kind == QLatin1String("fifo")) {
        struct stat info { };
        ::lstat(path.c_str(), &info);
        QVERIFY2(S_ISFIFO(info.st_mode), "the FIFO was replaced");
    }
    QCOMPARE(strays(dir, { QStringLiteral("target") }), QStringList());
}

void TestOutputFile::refusesDanglingSymlink()
{
    QTemporaryDir dir;
    const std::string link = dir.filePath(QStringLiteral("link.png")).toStdString();
    fs::create_symlink("nowhere/x.png", link);
    try {
        writeFileAtomically(link, bytes("png"));
        QFAIL("written");
    } catch (const WriteError& e) {
        QCOMPARE(e.reason(), WriteError::Reason::DanglingLink);
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("nowhere/x.png")), e.what());
    }
    QVERIFY(fs::is_symlink(link));
}

void TestOutputFile::missingFolder()
{
    QTemporaryDir dir;
    try {
        writeFileAtomically(dir.filePath(QStringLiteral("no/such/x.csv")).toStdString(), bytes("x"));
        QFAIL("written");
    } catch (const WriteError& e) {
        QCOMPARE(e.reason(), WriteError::Reason::NoFolder);
    }
}

void TestOutputFile::discardLeavesTargetAlone()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("keep.svg")).toStdString();
    put(path, "original");
    {
        OutputFile file(path);
        file.write(bytes("half a fig"));
        QVERIFY(fs::exists(file.temporary()));
        QVERIFY(isTemporaryName(fs::path(file.temporary()).filename().string()));
        // Destroyed without commit, as when an exception leaves the writer.
    }
    QCOMPARE(slurp(path), std::string("original"));
    QCOMPARE(strays(dir, { QStringLiteral("keep.svg") }), QStringList());
}

void TestOutputFile::temporaryNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("ours");
    QTest::addColumn<long>("pid");
    QTest::newRow("ours") << QStringLiteral("y.npy.tmp-normscope-1234-0") << true << 1234L;
    QTest::newRow("counter") << QStringLiteral("slide.png.tmp-normscope-7-15") << true << 7L;
    QTest::newRow("the target itself") << QStringLiteral("y.npy") << false << 0L;
    QTest::newRow("old style") << QStringLiteral("y.npy.tmp-123456") << false << 0L;
    QTest::newRow("no counter") << QStringLiteral("y.npy.tmp-normscope-1234") << false << 0L;
    QTest::newRow("letters") << QStringLiteral("y.npy.tmp-normscope-12a4-0") << false << 0L;
    QTest::newRow("marker only") << QStringLiteral(".tmp-normscope-1-0") << false << 0L;
    QTest::newRow("trailing text") << QStringLiteral("y.npy.tmp-normscope-1-0.bak") << false << 0L;
}

void TestOutputFile::temporaryNames()
{
    QFETCH(QString, name);
    QFETCH(bool, ours);
    QFETCH(long, pid);
    long found = 0;
    QCOMPARE(isTemporaryName(name.toStdString(), &found), ours);
    if (ours)
        QCOMPARE(found, pid);
}

void TestOutputFile::staleTemporariesRemoved()
{
    QTemporaryDir dir;
    const auto file = [&](const QString& name) { return dir.filePath(name).toStdString(); };
    const QString dead = QStringLiteral("y.npy.tmp-normscope-%1-0").arg(deadPid());
    // PID 1 always runs: its temporary is a write in progress and must stay.
    const QString live = QStringLiteral("z.npy.tmp-normscope-1-0");
    const QString foreign = QStringLiteral("notes.txt.tmp-3");
    for (const QString& name : { dead, live, foreign })
        put(file(name), "partial");
    writeFileAtomically(file(QStringLiteral("other.csv")), bytes("x"));
    QVERIFY2(!fs::exists(file(dead)), "a dead process's temporary was left");
    QVERIFY(fs::exists(file(live)));
    QVERIFY(fs::exists(file(foreign)));
    QCOMPARE(removeStaleTemporaries(dir.path().toStdString()), 0);
}

void TestOutputFile::groupIsAllOrNothing()
{
    QTemporaryDir dir;
    const std::string first = dir.filePath(QStringLiteral("first.npy")).toStdString();
    put(first, "old first");
    const std::string folder = dir.filePath(QStringLiteral("second.npy")).toStdString();
    fs::create_directory(folder);
    const std::vector<float> values { 1.0f };
    QVERIFY_THROWS_EXCEPTION(NormError, writeNpyFiles({ { first, values, { 1 } }, { folder, values, { 1 } } }));
    QCOMPARE(slurp(first), std::string("old first"));
    QCOMPARE(strays(dir, { QStringLiteral("first.npy"), QStringLiteral("second.npy") }), QStringList());
}

QTEST_APPLESS_MAIN(TestOutputFile)
#include "test_outputfile.moc"
