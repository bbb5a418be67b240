// The .npy reader and writer against files NumPy wrote (tests/reference/make_npy_samples.py) and
// against malformed bytes built here, one per refusal.
#include "io/npy.h"
#include "norms/normerror.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace normscope;

class TestNpy : public QObject {
    Q_OBJECT
private slots:
    void numpySamples_data();
    void numpySamples();
    void integerSamples_data();
    void integerSamples();
    void signedIntegers_data();
    void signedIntegers();
    void halfSpecialValues();
    void refusedSamples_data();
    void refusedSamples();
    void malformedBytes_data();
    void malformedBytes();
    void hugeShapeRefusedBeforeAllocating();
    void roundTripAndHeader();
    void writeIsAtomic();
    void tensorRanks();
    void nonRegularFilesRefused_data();
    void nonRegularFilesRefused();
    void tooLargeForMemory();
    void beyondFloat32();
    void fortranAcrossChunks();
    void cancelStopsReading();
};

namespace {

std::vector<float> base()
{
    std::vector<float> v(24);
    for (int i = 0; i < 24; ++i)
        v[static_cast<size_t>(i)] = static_cast<float>(i * 0.5 - 3.0);
    return v;
}

std::string sample(const QString& name)
{
    return test::dataPath("npy/" + name.toStdString());
}

// A .npy file from a header dict text and raw data bytes (header version 1.0).
std::vector<char> npyBytes(const std::string& dict, size_t dataBytes, char major = 1)
{
    std::vector<char> out { '\x93', 'N', 'U', 'M', 'P', 'Y', major, 0 };
    std::string header = dict;
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    out.push_back(static_cast<char>(header.size() & 0xff));
    out.push_back(static_cast<char>(header.size() >> 8));
    out.insert(out.end(), header.begin(), header.end());
    out.resize(out.size() + dataBytes, 0);
    return out;
}

} // namespace

void TestNpy::numpySamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QVector<qint64>>("shape");
    const QVector<qint64> s { 2, 3, 4 };
    for (const char* f : { "base_lef4.npy", "base_bef4.npy", "base_lef8.npy", "base_bef8.npy", "base_lef2.npy",
             "base_bef2.npy", "fortran_f4.npy", "fortran_be_f8.npy", "v2.npy", "v3.npy" })
        QTest::newRow(f) << QString::fromLatin1(f) << s;
    QTest::newRow("rank2") << QStringLiteral("rank2.npy") << QVector<qint64> { 6, 4 };
    QTest::newRow("rank4") << QStringLiteral("rank4.npy") << QVector<qint64> { 1, 2, 3, 4 };
}

void TestNpy::numpySamples()
{
    QFETCH(QString, file);
    QFETCH(QVector<qint64>, shape);
    const NpyArray a = readNpy(sample(file));
    QCOMPARE(a.shape, std::vector<int64_t>(shape.begin(), shape.end()));
    // arange * 0.5 - 3 is exact in float16 too (halves up to 8.5).
    QCOMPARE(a.data, base());
}

void TestNpy::integerSamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<float>("factor");
    for (const char* f :
        { "int_bei2.npy", "int_lei8.npy", "int_lei4.npy", "int_i1.npy", "int_leu2.npy", "int_beu4.npy" })
        QTest::newRow(f) << QString::fromLatin1(f) << 1.0f;
    QTest::newRow("uint8") << QStringLiteral("uint8.npy") << 10.0f;
}

void TestNpy::integerSamples()
{
    QFETCH(QString, file);
    QFETCH(float, factor);
    const NpyArray a = readNpy(sample(file));
    for (size_t i = 0; i < 24; ++i)
        QCOMPARE(a.data[i], static_cast<float>(i) * factor);
    const NpyArray b = readNpy(sample(QStringLiteral("bool.npy")));
    for (size_t i = 0; i < 24; ++i)
        QCOMPARE(b.data[i], i % 3 == 0 ? 1.0f : 0.0f);
}

void TestNpy::signedIntegers_data()
{
    QTest::addColumn<QString>("file");
    for (const char* f : { "signed_i1.npy", "signed_bei2.npy", "signed_lei4.npy", "signed_lei8.npy" })
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestNpy::signedIntegers()
{
    // NumPy's arange(24) - 12: the negative half needs sign extension from 8, 16 and 32 bits.
    QFETCH(QString, file);
    const NpyArray a = readNpy(sample(file));
    QCOMPARE(a.data.size(), size_t(24));
    for (size_t i = 0; i < 24; ++i)
        QCOMPARE(a.data[i], static_cast<float>(i) - 12.0f);
}

void TestNpy::halfSpecialValues()
{
    const NpyArray a = readNpy(sample(QStringLiteral("half_special.npy")));
    QCOMPARE(a.data.size(), size_t(8));
    QCOMPARE(a.data[0], 0.0f);
    QVERIFY(std::signbit(a.data[1]));
    // 6.1e-05 is below float16's smallest normal 2^-14: it rounds to the subnormal 1023 * 2^-24.
    QCOMPARE(a.data[2], 1023.0f * std::ldexp(1.0f, -24));
    QCOMPARE(a.data[3], std::ldexp(1.0f, -24)); // smallest subnormal
    QCOMPARE(a.data[4], 65504.0f);
    QVERIFY(std::isinf(a.data[5]) && a.data[5] > 0);
    QVERIFY(std::isinf(a.data[6]) && a.data[6] < 0);
    QVERIFY(std::isnan(a.data[7]));
}

void TestNpy::refusedSamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");
    QTest::newRow("complex") << QStringLiteral("complex64.npy") << QStringLiteral("complex data");
    QTest::newRow("object") << QStringLiteral("object.npy") << QStringLiteral("object arrays");
    QTest::newRow("structured") << QStringLiteral("structured.npy") << QStringLiteral("structured arrays");
    QTest::newRow("unicode") << QStringLiteral("unicode.npy") << QStringLiteral("string");
    QTest::newRow("missing") << QStringLiteral("no_such_file.npy") << QStringLiteral("cannot open");
}

void TestNpy::refusedSamples()
{
    QFETCH(QString, file);
    QFETCH(QString, message);
    try {
        readNpy(sample(file));
        QFAIL("expected NormError");
    } catch (const NormError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        QVERIFY2(QString::fromUtf8(e.what()).contains(file), e.what());
    }
}

void TestNpy::malformedBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    const auto qb = [](const std::vector<char>& v) { return QByteArray(v.data(), static_cast<qsizetype>(v.size())); };
    const std::string good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    QTest::newRow("empty file") << QByteArray() << QStringLiteral("not a NumPy .npy file");
    QTest::newRow("bad magic") << QByteArray("\x93NUMPX\x01\x00", 8) << QStringLiteral("not a NumPy .npy file");
    QTest::newRow("version 9") << qb(npyBytes(good, 24, 9)) << QStringLiteral("unsupported .npy format version 9.0");
    QTest::newRow("no header length") << QByteArray("\x93NUMPY\x01\x00\x10", 9)
                                      << QStringLiteral("truncated inside the header");
    QByteArray cut = qb(npyBytes(good, 24));
    cut.truncate(30);
    QTest::newRow("header cut") << cut << QStringLiteral("truncated inside the header");
    QTest::newRow("not a dict") << qb(npyBytes("[1, 2, 3]", 0)) << QStringLiteral("not a NumPy header dict");
    QTest::newRow("garbage in dict") << qb(npyBytes("{'descr': <f4}", 0)) << QStringLiteral("not a NumPy header dict");
    // Found by fuzz_npy_norms: NumPy refuses text after the dict (it is one Python literal).
    QTest::newRow("text after dict") << qb(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } (", 8))
                                     << QStringLiteral("text after the dict");
    QTest::newRow("no descr") << qb(npyBytes("{'fortran_order': False, 'shape': (2,), }", 8))
                              << QStringLiteral("no 'descr'");
    QTest::newRow("no shape") << qb(npyBytes("{'descr': '<f4', 'fortran_order': False}", 8))
                              << QStringLiteral("no 'shape'");
    QTest::newRow("no fortran_order") << qb(npyBytes("{'descr': '<f4', 'shape': (2,)}", 8))
                                      << QStringLiteral("no 'fortran_order'");
    QTest::newRow("extra key") << qb(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': True}", 8))
                               << QStringLiteral("unexpected key 'x'");
    QTest::newRow("negative dim") << qb(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", 24))
                                  << QStringLiteral("negative dimension");
    QTest::newRow("overflow") << qb(
        npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 4), }", 8))
                              << QStringLiteral("absurdly large");
    QTest::newRow("dim not representable")
        << qb(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", 8))
        << QStringLiteral("too large");
    QTest::newRow("larger than file") << qb(
        npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 1000), }", 64))
                                      << QStringLiteral("needs 8000000 bytes, the file has 64");
    QTest::newRow("truncated data") << qb(npyBytes(good, 20)) << QStringLiteral("data is truncated");
    QTest::newRow("bytes after the data") << qb(npyBytes(good, 25)) << QStringLiteral("1 bytes after the data");
    QTest::newRow("unknown dtype") << qb(npyBytes("{'descr': '<f3', 'fortran_order': False, 'shape': (2,), }", 8))
                                   << QStringLiteral("unsupported float size");
    QTest::newRow("dtype nonsense") << qb(npyBytes("{'descr': 'hello', 'fortran_order': False, 'shape': (2,), }", 8))
                                    << QStringLiteral("unknown dtype");
    QTest::newRow("shape not tuple") << qb(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': 'x', }", 8))
                                     << QStringLiteral("'shape' is not a tuple");
}

void TestNpy::malformedBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    try {
        parseNpy(std::span<const char>(bytes.constData(), static_cast<size_t>(bytes.size())), "bad.npy");
        QFAIL("expected NormError");
    } catch (const NormError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(QStringLiteral("bad.npy")), e.what());
    }
}

void TestNpy::hugeShapeRefusedBeforeAllocating()
{
    // 10^20 bytes announced in a 128-byte file: refused from the header, nothing allocated.
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("huge.npy")).toStdString();
    const auto bytes
        = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000, 100000), }", 64);
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    QVERIFY_THROWS_EXCEPTION(NormError, readNpy(path));
}

void TestNpy::roundTripAndHeader()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("rt.npy")).toStdString();
    const std::vector<float> values { 1.5f, -2.25f, 0.0f, 1e-30f, -1e30f, 3.0f };
    writeNpy(path, values, { 2, 3 });
    const NpyArray back = readNpy(path);
    QCOMPARE(back.shape, (std::vector<int64_t> { 2, 3 }));
    QCOMPARE(back.data, values);
    // Header as NumPy writes it: dict text, padded so the data starts at a multiple of 64.
    const auto bytes = encodeNpy(values, { 5 });
    const std::string text(bytes.begin(), bytes.end());
    QVERIFY(text.find("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }") != std::string::npos);
    const size_t headerLength = static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8;
    QCOMPARE((10 + headerLength) % 64, size_t(0));
    QCOMPARE(bytes[9 + headerLength], '\n');
}

void TestNpy::writeIsAtomic()
{
    QTemporaryDir dir;
    namespace fs = std::filesystem;
    const std::string existing = dir.filePath(QStringLiteral("keep.npy")).toStdString();
    writeNpy(existing, std::vector<float> { 1.0f }, { 1 });
    const auto before = fs::file_size(existing);
    // Writing into a folder that does not exist, and over a folder, fails and leaves nothing.
    QVERIFY_THROWS_EXCEPTION(NormError,
        writeNpy(dir.filePath(QStringLiteral("no/such/x.npy")).toStdString(), std::vector<float> { 1.0f }, { 1 }));
    QVERIFY_THROWS_EXCEPTION(NormError, writeNpy(dir.path().toStdString(), std::vector<float> { 1.0f }, { 1 }));
    QCOMPARE(fs::file_size(existing), before);
    int entries = 0;
    for (const auto& entry : fs::directory_iterator(dir.path().toStdString())) {
        QVERIFY2(entry.path().string().find(".tmp-") == std::string::npos, "temporary file left behind");
        ++entries;
    }
    QCOMPARE(entries, 1);
}

void TestNpy::tensorRanks()
{
    const Tensor t2 = readTensor(sample(QStringLiteral("rank2.npy")));
    QCOMPARE(t2.shape(), (Shape { 6, 4, 1, 1, 2 }));
    QCOMPARE(t2.shape().dims(), (std::vector<int64_t> { 6, 4 }));
    const Tensor t3 = readTensor(sample(QStringLiteral("base_lef4.npy")));
    QCOMPARE(t3.shape(), (Shape { 2, 3, 1, 4, 3 }));
    QCOMPARE(t3.at(1, 2, 0, 3), base()[23]);
    const Tensor t4 = readTensor(sample(QStringLiteral("rank4.npy")));
    QCOMPARE(t4.shape(), (Shape { 1, 2, 3, 4, 4 }));
    for (const char* refused : { "rank1.npy", "rank5.npy" }) {
        try {
            readTensor(sample(QString::fromLatin1(refused)));
            QFAIL("expected NormError");
        } catch (const NormError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("rank")), e.what());
        }
    }
    try {
        readTensor(sample(QStringLiteral("empty.npy")));
        QFAIL("expected NormError");
    } catch (const NormError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("no elements")), e.what());
    }
}

void TestNpy::nonRegularFilesRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("fifo") << QStringLiteral("fifo") << QStringLiteral("named pipe (FIFO)");
    QTest::newRow("folder") << QStringLiteral("folder") << QStringLiteral("folder");
    QTest::newRow("endless device") << QStringLiteral("/dev/zero") << QStringLiteral("character device");
}

void TestNpy::nonRegularFilesRefused()
{
    // A FIFO with no writer would block an open() forever and /dev/zero never ends: both are
    // refused at once, before a byte is read.
    QFETCH(QString, kind);
    QFETCH(QString, message);
    QTemporaryDir dir;
    std::string path = dir.filePath(QStringLiteral("x.npy")).toStdString();
    if (kind == QLatin1String("fifo"))
        QCOMPARE(::mkfifo(path.c_str(), 0644), 0);
    else if (kind == QLatin1String("folder"))
        std::filesystem::create_directory(path);
    else
        path = kind.toStdString();
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 3; ++i) {
        try {
            if (i == 0)
                readTensor(path);
            else if (i == 1)
                readVector(path);
            else
                readNpy(path);
            QFAIL("read");
        } catch (const NormError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("not a regular file")), e.what());
        }
    }
    QVERIFY(timer.elapsed() < 2000);
}

void TestNpy::tooLargeForMemory()
{
    // A valid header and exactly the bytes it announces, 100 GB of them (sparse, so the disk
    // holds nothing): the reader must refuse from the sizes, not be killed trying.
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("big.npy")).toStdString();
    const auto header = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (25000000000,), }", 0);
    std::ofstream(path, std::ios::binary).write(header.data(), static_cast<std::streamsize>(header.size()));
    QCOMPARE(::truncate(path.c_str(), static_cast<off_t>(header.size() + 100000000000ULL)), 0);
    try {
        readTensor(path);
        QFAIL("read");
    } catch (const NormError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(QStringLiteral("big.npy is too large: it needs 93.1 GiB")),
            e.what());
    }
    // The caller says how many arrays of this size it will hold (a norm's input and output):
    // 20 MB fits once, not a million times.
    const auto header20 = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (5000000,), }", 0);
    std::ofstream(path, std::ios::binary).write(header20.data(), static_cast<std::streamsize>(header20.size()));
    QCOMPARE(::truncate(path.c_str(), static_cast<off_t>(header20.size() + 20000000)), 0);
    QCOMPARE(readNpy(path, ReadOptions::holding(1)).data.size(), size_t(5000000));
    QVERIFY_THROWS_EXCEPTION(NormError, readNpy(path, ReadOptions::holding(1000000)));
}

void TestNpy::beyondFloat32()
{
    // float64 values a float32 tensor cannot hold are named as such, not as "NaN or infinite".
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("wide.npy")).toStdString();
    auto bytes = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 4), }", 32);
    const double values[] = { 1.0, 1e300, -1e39, 3.4028234663852886e38 }; // the last is FLT_MAX
    std::memcpy(bytes.data() + bytes.size() - 32, values, 32);
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    const NpyArray array = readNpy(path);
    QCOMPARE(array.beyondFloat32, uint64_t(2));
    QCOMPARE(array.nonFinite, uint64_t(0));
    QCOMPARE(array.data[3], std::numeric_limits<float>::max());
    try {
        readTensor(path);
        QFAIL("read");
    } catch (const NormError& e) {
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.contains(QStringLiteral("2 value(s) beyond float32's range")), e.what());
        QVERIFY2(text.contains(QStringLiteral("1e+300")), e.what());
        QVERIFY2(!text.contains(QStringLiteral("NaN")), e.what());
    }
    // A real NaN is still called one.
    const double nan[] = { 1.0, std::nan(""), 2.0, 3.0 };
    std::memcpy(bytes.data() + bytes.size() - 32, nan, 32);
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    QVERIFY_THROWS_EXCEPTION(NormError, readVector(path));
    try {
        readVector(path);
    } catch (const NormError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("1 NaN or infinite")), e.what());
    }
}

void TestNpy::fortranAcrossChunks()
{
    // Fortran order over several 1 MiB chunks: value (i, j, k) = i + 10 j + 1000 k, stored with
    // i fastest, must land at C index (i * J + j) * K + k.
    const int64_t I = 3, J = 7, K = 40000; // 840000 float32 values, 3.2 MB
    auto bytes = npyBytes(
        "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 7, 40000), }", static_cast<size_t>(I * J * K * 4));
    float* data = reinterpret_cast<float*>(bytes.data() + bytes.size() - static_cast<size_t>(I * J * K * 4));
    for (int64_t k = 0; k < K; ++k)
        for (int64_t j = 0; j < J; ++j)
            for (int64_t i = 0; i < I; ++i)
                data[(k * J + j) * I + i] = static_cast<float>(i + 10 * j + 1000 * k);
    const NpyArray a = parseNpy(bytes, "f.npy");
    QCOMPARE(a.shape, (std::vector<int64_t> { I, J, K }));
    for (int64_t i = 0; i < I; ++i)
        for (int64_t j = 0; j < J; ++j)
            for (int64_t k : { int64_t(0), int64_t(1), K / 2, K - 1 })
                QCOMPARE(a.data[static_cast<size_t>((i * J + j) * K + k)], static_cast<float>(i + 10 * j + 1000 * k));
}

void TestNpy::cancelStopsReading()
{
    const auto bytes = npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24);
    std::stop_source stop;
    stop.request_stop();
    ReadOptions stopped;
    stopped.stop = stop.get_token();
    QVERIFY_THROWS_EXCEPTION(ReadCancelled, readNpy(MemorySource(bytes, "c.npy"), stopped));
    QCOMPARE(readNpy(MemorySource(bytes, "c.npy")).data.size(), size_t(6));
}

QTEST_APPLESS_MAIN(TestNpy)
#include "test_npy.moc"
