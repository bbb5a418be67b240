// The .npz reader against archives NumPy wrote (np.savez, np.savez_compressed) and against
// archives damaged on purpose (tests/reference/make_archive_samples.py): streams longer or
// shorter than declared, a 100 GB declared member, a bad CRC, encryption, duplicate names,
// truncation, a FIFO.
#include "io/npz.h"
#include "io/tensorfile.h"
#include "norms/normerror.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <iterator>

#include <sys/resource.h>
#include <sys/stat.h>

using namespace normscope;

class TestNpz : public QObject {
    Q_OBJECT
private slots:
    void listsNamesShapesAndDtypes_data();
    void listsNamesShapesAndDtypes();
    void readsEveryMemberExactly_data();
    void readsEveryMemberExactly();
    void chosenByName();
    void otherMembersIgnored();
    void damagedArchivesRefused_data();
    void damagedArchivesRefused();
    void hugeDeclaredSizeRefusedBeforeAllocating();
    void fifoRefused();
    void memoryBytesAsFile();
};

namespace {

std::string sample(const char* name)
{
    return test::dataPath(std::string("npz/") + name);
}

std::vector<float> base()
{
    std::vector<float> v(24);
    for (int i = 0; i < 24; ++i)
        v[static_cast<size_t>(i)] = static_cast<float>(i * 0.5 - 3.0);
    return v;
}

QString message(const std::function<void()>& f)
{
    try {
        f();
    } catch (const NormError& e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("(no error)");
}

} // namespace

void TestNpz::listsNamesShapesAndDtypes_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("np.savez") << QStringLiteral("savez.npz");
    QTest::newRow("np.savez_compressed") << QStringLiteral("savez_compressed.npz");
}

void TestNpz::listsNamesShapesAndDtypes()
{
    QFETCH(QString, file);
    const auto entries = listArrays(sample(file.toLatin1().constData()));
    QCOMPARE(entries.size(), size_t(6));
    // np.savez's order: the keywords as given, then the positional arrays (arr_0).
    const std::vector<std::tuple<std::string, std::vector<int64_t>, std::string>> expected {
        { "x", { 2, 3, 4 }, "float32" },
        { "half", { 1, 2, 3, 4 }, "float16" },
        { "counts", { 2, 3, 4 }, "int64" },
        { "fortran", { 2, 3, 4 }, "float64" },
        { "flags", { 2, 3, 4 }, "bool" },
        { "arr_0", { 2, 3, 4 }, "float32" },
    };
    for (size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(entries[i].name, std::get<0>(expected[i]));
        QCOMPARE(entries[i].shape, std::get<1>(expected[i]));
        QCOMPARE(entries[i].dtype, std::get<2>(expected[i]));
        QVERIFY2(entries[i].problem.empty(), entries[i].problem.c_str());
    }
}

void TestNpz::readsEveryMemberExactly_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("np.savez") << QStringLiteral("savez.npz");
    QTest::newRow("np.savez_compressed") << QStringLiteral("savez_compressed.npz");
}

void TestNpz::readsEveryMemberExactly()
{
    // The values NumPy stored: arange(24) * 0.5 - 3 in float32, float16 and big-endian Fortran
    // float64; arange(24) - 12 as int64; % 3 == 0 as bool.
    QFETCH(QString, file);
    const std::string path = sample(file.toLatin1().constData());
    const InputFile source(path);
    for (const char* name : { "arr_0", "x", "half", "fortran" })
        QCOMPARE(readNpz(source, name).data, base());
    const NpyArray counts = readNpz(source, "counts");
    const NpyArray flags = readNpz(source, "flags");
    std::vector<float> expectedCounts, expectedFlags;
    for (int i = 0; i < 24; ++i) {
        expectedCounts.push_back(static_cast<float>(i - 12));
        expectedFlags.push_back((i - 12) % 3 == 0 ? 1.0f : 0.0f);
    }
    // Vectors compare exactly (QCOMPARE on two floats would allow a relative 1e-5).
    QCOMPARE(counts.data, expectedCounts);
    QCOMPARE(flags.data, expectedFlags);
    // Through the entry point the command line and the window use, as a tensor.
    const Tensor t = readTensorFile(path + ":half");
    QCOMPARE(t.shape(), (Shape { 1, 2, 3, 4, 4 }));
    QCOMPARE(std::vector<float>(t.data().begin(), t.data().end()), base());
}

void TestNpz::chosenByName()
{
    const std::string path = sample("savez.npz");
    // A missing name, when there are several arrays, is answered with every name, shape and dtype.
    const QString missing = message([&] { readTensorFile(path); });
    QVERIFY2(
        missing.contains(QStringLiteral("savez.npz holds 6 arrays: name one, as savez.npz:NAME")), qPrintable(missing));
    QVERIFY2(missing.contains(QStringLiteral("'half' [1, 2, 3, 4] float16")), qPrintable(missing));
    const QString wrong = message([&] { readTensorFile(path + ":nope"); });
    QVERIFY2(
        wrong.contains(QStringLiteral("savez.npz has no array named 'nope'; it holds 'x' [2, 3, 4] float32, 'half'")),
        qPrintable(wrong));
    // One array needs no name.
    QCOMPARE(readTensorFile(sample("single.npz")).shape(), (Shape { 2, 3, 1, 4, 3 }));
    // The split is after ".npz:", so names may hold dots and colons.
    QCOMPARE(parseInputSpec("/a/b.c/acts.NPZ:layer.0:x").path, std::string("/a/b.c/acts.NPZ"));
    QCOMPARE(parseInputSpec("/a/b.c/acts.NPZ:layer.0:x").array, std::string("layer.0:x"));
    QCOMPARE(parseInputSpec("m.safetensors:h.0.ln_1.weight").array, std::string("h.0.ln_1.weight"));
    QCOMPARE(parseInputSpec("plain.npy").array, std::string());
}

void TestNpz::otherMembersIgnored()
{
    // README.txt is no array; bad.npy is listed with its problem, and only it is refused.
    const auto entries = listArrays(sample("mixed.npz"));
    QCOMPARE(entries.size(), size_t(2));
    QCOMPARE(entries[0].name, std::string("good"));
    QVERIFY(entries[0].problem.empty());
    QCOMPARE(entries[1].name, std::string("bad"));
    QVERIFY2(QString::fromStdString(entries[1].problem).startsWith(QStringLiteral("is not a NumPy .npy file")),
        entries[1].problem.c_str());
    const Tensor good = readTensorFile(sample("mixed.npz") + ":good");
    QCOMPARE(std::vector<float>(good.data().begin(), good.data().end()), base());
    QVERIFY(message([] {
        readTensorFile(sample("mixed.npz") + ":bad");
    }).startsWith(QStringLiteral("mixed.npz:bad: is not a NumPy .npy file (bad magic bytes)")));
    QCOMPARE(message([] { readTensorFile(sample("empty.npz")); }), QStringLiteral("empty.npz holds no arrays"));
}

void TestNpz::damagedArchivesRefused_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::newRow("stream longer than declared, deflated")
        << QStringLiteral("longer_than_declared_deflated.npz:x")
        << QStringLiteral("longer_than_declared_deflated.npz:x: the member holds more data than the 224 bytes its "
                          "archive declares");
    QTest::newRow("stream longer than declared, stored")
        << QStringLiteral("longer_than_declared_stored.npz:x") << QStringLiteral("holds more data than the 224 bytes");
    QTest::newRow("stream shorter than declared")
        << QStringLiteral("shorter_than_declared.npz:x")
        << QStringLiteral("shorter_than_declared.npz:x: the member's data ends before the 228 bytes its archive "
                          "declares");
    QTest::newRow("declared size disagrees with the .npy header")
        << QStringLiteral("declared_size_disagrees.npz:x")
        << QStringLiteral("declared_size_disagrees.npz:x: the file has 4 bytes after the data");
    QTest::newRow("bad crc") << QStringLiteral("bad_crc.npz:x") << QStringLiteral("fails its checksum (CRC)");
    QTest::newRow("encrypted") << QStringLiteral("encrypted.npz:x")
                               << QStringLiteral("encrypted.npz:x: it is encrypted");
    QTest::newRow("duplicate names") << QStringLiteral("duplicate.npz:a")
                                     << QStringLiteral("duplicate.npz: the archive holds two members of the same name");
    QTest::newRow("truncated") << QStringLiteral("truncated.npz:x")
                               << QStringLiteral("truncated.npz: is not a zip archive");
}

void TestNpz::damagedArchivesRefused()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    const std::string spec = sample(file.toLatin1().constData());
    const QString text = message([&] { readTensorFile(spec); });
    QVERIFY2(text.contains(expected), qPrintable(text));
}

void TestNpz::hugeDeclaredSizeRefusedBeforeAllocating()
{
    // A member declaring 100 GB (ZIP64) whose header agrees: refused from the sizes alone, with
    // no allocation (the process's peak memory stays far below the array) and no inflating.
    struct rusage before { };
    ::getrusage(RUSAGE_SELF, &before);
    QElapsedTimer timer;
    timer.start();
    const QString text = message([] { readTensorFile(sample("huge_declared.npz")); });
    QVERIFY2(
        text.startsWith(QStringLiteral("huge_declared.npz:huge is too large: it needs 93.1 GiB")), qPrintable(text));
    QVERIFY(timer.elapsed() < 1000);
    struct rusage after { };
    ::getrusage(RUSAGE_SELF, &after);
    QVERIFY2(after.ru_maxrss - before.ru_maxrss < 50 * 1024, "the peak RSS grew by more than 50 MB");
    // Listing reads the header only.
    const auto entries = listArrays(sample("huge_declared.npz"));
    QCOMPARE(entries.at(0).shape, std::vector<int64_t> { 25000000000 });
}

void TestNpz::fifoRefused()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("pipe.npz")).toStdString();
    QCOMPARE(::mkfifo(path.c_str(), 0644), 0);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(message([&] { readTensorFile(path + ":x"); }).contains(QStringLiteral("named pipe (FIFO)")));
    QVERIFY(message([&] { listArrays(path); }).contains(QStringLiteral("not a regular file")));
    QVERIFY(timer.elapsed() < 2000);
}

void TestNpz::memoryBytesAsFile()
{
    // What the fuzzer feeds: the same archive as bytes in memory reads the same.
    std::ifstream in(sample("savez_compressed.npz"), std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const MemorySource source(bytes, "mem.npz");
    QCOMPARE(listNpz(source).size(), size_t(6));
    QCOMPARE(readNpz(source, "fortran").data, base());
    // Any prefix is refused with a message, never a crash.
    for (size_t cut = 0; cut < bytes.size(); cut += 7) {
        const MemorySource part(std::span<const char>(bytes.data(), cut), "cut.npz");
        QVERIFY(message([&] { readNpz(part, "x"); }) != QLatin1String("(no error)"));
    }
}

QTEST_GUILESS_MAIN(TestNpz)
#include "test_npz.moc"
