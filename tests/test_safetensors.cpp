// The .safetensors reader against files written by hand from the format's definition
// (tests/reference/make_archive_samples.py: no safetensors package is in Debian) and against
// headers built here, one per refusal: size limits, JSON, keys twice, offsets outside the file,
// overlaps, gaps, sizes that do not match shape × dtype.
#include "io/safetensors.h"
#include "io/tensorfile.h"
#include "norms/normerror.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <fstream>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace normscope;

class TestSafetensors : public QObject {
    Q_OBJECT
private slots:
    void listsEveryTensor();
    void readsEveryDtypeExactly_data();
    void readsEveryDtypeExactly();
    void halfAndBfloatBitPatterns();
    void chosenByName();
    void malformedHeaders_data();
    void malformedHeaders();
    void unknownKeysSkipped();
    void hugeDeclaredSizes();
    void fifoRefused();
};

namespace {

std::string sample(const char* name)
{
    return test::dataPath(std::string("safetensors/") + name);
}

std::vector<float> base()
{
    std::vector<float> v(24);
    for (int i = 0; i < 24; ++i)
        v[static_cast<size_t>(i)] = static_cast<float>(i * 0.5 - 3.0);
    return v;
}

// A file from a header text and `dataBytes` zero bytes of data.
QByteArray file(const std::string& header, size_t dataBytes)
{
    QByteArray out(8, '\0');
    const uint64_t n = header.size();
    for (int i = 0; i < 8; ++i)
        out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    out.append(header.data(), static_cast<qsizetype>(header.size()));
    out.append(QByteArray(static_cast<qsizetype>(dataBytes), '\0'));
    return out;
}

// {a,b,...}; built with append, which GCC 12 does not mistake for an overlapping copy.
std::string object(std::initializer_list<std::string> parts)
{
    std::string text("{");
    for (const std::string& part : parts) {
        if (text.size() > 1)
            text.append(",");
        text.append(part);
    }
    return text.append("}");
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

NpyArray readBytes(const QByteArray& bytes, const std::string& name)
{
    const MemorySource source(
        std::span<const char>(bytes.constData(), static_cast<size_t>(bytes.size())), "t.safetensors");
    return readSafetensors(source, name);
}

} // namespace

void TestSafetensors::listsEveryTensor()
{
    const auto entries = listArrays(sample("all_dtypes.safetensors"));
    QCOMPARE(entries.size(), size_t(15));
    // In the order of their data.
    QCOMPARE(entries[0].name, std::string("f64"));
    QCOMPARE(entries[0].dtype, std::string("float64"));
    QCOMPARE(entries[3].name, std::string("bf16"));
    QCOMPARE(entries[3].dtype, std::string("bfloat16"));
    QCOMPARE(entries[3].shape, (std::vector<int64_t> { 2, 3, 4 }));
    QCOMPARE(entries[12].dtype, std::string("bool"));
    // F8 is recognised (its bytes are checked) but not read: listed with the reason.
    QCOMPARE(entries[13].name, std::string("f8"));
    QCOMPARE(entries[13].dtype, std::string("F8_E4M3"));
    QVERIFY2(
        QString::fromStdString(entries[13].problem).contains(QStringLiteral("F8_E4M3, which NormScope does not read")),
        entries[13].problem.c_str());
    for (size_t i = 0; i < 13; ++i)
        QVERIFY(entries[i].problem.empty());
    const SafetensorsHeader header = readSafetensorsHeader(InputFile(sample("all_dtypes.safetensors")));
    QCOMPARE(header.metadata.at("format"), std::string("pt"));
}

void TestSafetensors::readsEveryDtypeExactly_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("kind"); // 0: arange * 0.5 - 3; 1: arange - 12; 2: arange; 3: % 3 == 0
    for (const char* n : { "f64", "f32", "f16", "bf16" })
        QTest::newRow(n) << QString::fromLatin1(n) << 0;
    for (const char* n : { "i64", "i32", "i16", "i8" })
        QTest::newRow(n) << QString::fromLatin1(n) << 1;
    for (const char* n : { "u64", "u32", "u16", "u8" })
        QTest::newRow(n) << QString::fromLatin1(n) << 2;
    QTest::newRow("bool") << QStringLiteral("bool") << 3;
}

void TestSafetensors::readsEveryDtypeExactly()
{
    QFETCH(QString, name);
    QFETCH(int, kind);
    const Tensor t = readTensorFile(sample("all_dtypes.safetensors") + ":" + name.toStdString());
    QCOMPARE(t.shape().dims(), (std::vector<int64_t> { 2, 3, 4 }));
    for (size_t i = 0; i < 24; ++i) {
        const float expected = kind == 0 ? base()[i]
            : kind == 1                  ? static_cast<float>(i) - 12.0f
            : kind == 2                  ? static_cast<float>(i)
                                         : ((static_cast<int>(i) - 12) % 3 == 0 ? 1.0f : 0.0f);
        // Exactly: QCOMPARE would compare floats with a relative tolerance.
        QVERIFY2(t.data()[i] == expected,
            qPrintable(QStringLiteral("%1 != %2").arg(t.data()[i], 0, 'g', 9).arg(expected, 0, 'g', 9)));
    }
}

void TestSafetensors::halfAndBfloatBitPatterns()
{
    // Bit patterns whose values are derived by hand: float16 0x3c01 = 1 + 2^-10, 0x0001 = 2^-24
    // (subnormal), 0xfbff = -65504; bfloat16 0x3f81 = 1 + 2^-7, 0x0001 = 2^-133 (a float32
    // subnormal), 0xff7f = -(2 - 2^-7) * 2^127 (bfloat16's lowest), 0x7f80 = inf.
    const std::string header = R"({"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},)"
                               R"("b":{"dtype":"BF16","shape":[4],"data_offsets":[6,14]}})";
    QByteArray bytes = file(header, 14);
    const uint16_t values[] = { 0x3c01, 0x0001, 0xfbff, 0x3f81, 0x0001, 0xff7f, 0x7f80 };
    for (size_t i = 0; i < 7; ++i) {
        bytes[static_cast<qsizetype>(8 + header.size() + 2 * i)] = static_cast<char>(values[i] & 0xff);
        bytes[static_cast<qsizetype>(8 + header.size() + 2 * i + 1)] = static_cast<char>(values[i] >> 8);
    }
    const NpyArray h = readBytes(bytes, "h");
    QCOMPARE(h.data, (std::vector<float> { 1.0f + std::ldexp(1.0f, -10), std::ldexp(1.0f, -24), -65504.0f }));
    const NpyArray b = readBytes(bytes, "b");
    // Vectors compare exactly (QCOMPARE on two floats would allow a relative 1e-5).
    QCOMPARE(std::vector<float>(b.data.begin(), b.data.begin() + 3),
        (std::vector<float> { 1.0f + std::ldexp(1.0f, -7), std::ldexp(1.0f, -133),
            -(2.0f - std::ldexp(1.0f, -7)) * std::ldexp(1.0f, 127) }));
    QVERIFY(std::isinf(b.data[3]));
    QCOMPARE(b.nonFinite, uint64_t(1)); // so a tensor with it is refused by name
}

void TestSafetensors::chosenByName()
{
    const std::string path = sample("all_dtypes.safetensors");
    const QString wrong = message([&] { readTensorFile(path + ":nope"); });
    QVERIFY2(wrong.startsWith(QStringLiteral(
                 "all_dtypes.safetensors has no array named 'nope'; it holds 'f64' [2, 3, 4] float64, 'f32'")),
        qPrintable(wrong));
    const QString missing = message([&] { readTensorFile(path); });
    QVERIFY2(missing.contains(QStringLiteral("holds 15 arrays: name one, as all_dtypes.safetensors:NAME")),
        qPrintable(missing));
    QCOMPARE(message([&] { readTensorFile(path + ":f8"); }),
        QStringLiteral("all_dtypes.safetensors:f8: F8_E4M3, which NormScope does not read (it reads F16, BF16, F32, "
                       "F64, integers and BOOL)"));
    // Dotted names, as models have them; a rank-1 weight as a vector.
    QCOMPARE(readVectorFile(path + ":model.layers.0.input_layernorm.weight"), (std::vector<float>(4, 1.0f)));
    QCOMPARE(readTensorFile(sample("single.safetensors")).shape().dims(), (std::vector<int64_t> { 2, 3, 4 }));
}

void TestSafetensors::malformedHeaders_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const auto t = [](const char* name, const char* dtype, const char* shape, const char* offsets) {
        return std::string("\"") + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
            + ",\"data_offsets\":" + offsets + "}";
    };
    const std::string a = t("a", "F32", "[2,3]", "[0,24]");
    QTest::newRow("too short") << QByteArray("\x02\0\0", 3) << QStringLiteral("too short for its header");
    QByteArray claim = file("{}", 0);
    claim[0] = '\0';
    claim[3] = '\x10'; // 2^28 bytes: beyond the 100 MB limit
    QTest::newRow("header over the limit") << claim << QStringLiteral("more than the format's limit of 100 MB");
    QByteArray longer = file("{}", 0);
    longer[0] = '\x40';
    QTest::newRow("header beyond the file") << longer << QStringLiteral("truncated inside the header (64 header bytes");
    QTest::newRow("not an object") << file("[1,2]", 0) << QStringLiteral("does not start with '{'");
    QTest::newRow("broken json") << file("{\"a\":{\"dtype\":\"F32\",", 0)
                                 << QStringLiteral("not well-formed JSON (at byte");
    QTest::newRow("trailing garbage") << file("{}xyz", 0) << QStringLiteral("not well-formed JSON");
    QTest::newRow("invalid utf-8") << file("{\"\xff\":1}", 0) << QStringLiteral("not well-formed JSON");
    QTest::newRow("tensor twice") << file(object({ a, a }), 24) << QStringLiteral("names 'a' twice");
    QTest::newRow("field twice") << file(R"({"a":{"dtype":"F32","dtype":"F64","shape":[2],"data_offsets":[0,8]}})", 8)
                                 << QStringLiteral("'a' gives 'dtype' twice");
    QTest::newRow("no dtype") << file(R"({"a":{"shape":[2],"data_offsets":[0,8]}})", 8)
                              << QStringLiteral("'a' has no dtype");
    QTest::newRow("no offsets") << file(R"({"a":{"dtype":"F32","shape":[2]}})", 8)
                                << QStringLiteral("'a' has no data_offsets");
    QTest::newRow("entry not an object") << file(R"({"a":3})", 0) << QStringLiteral("'a' is a number, not an object");
    QTest::newRow("dtype not a string") << file(R"({"a":{"dtype":32,"shape":[2],"data_offsets":[0,8]}})", 8)
                                        << QStringLiteral("the dtype of 'a' is a number");
    QTest::newRow("negative dimension") << file(object({ t("a", "F32", "[-2]", "[0,8]") }), 8)
                                        << QStringLiteral("negative dimension");
    QTest::newRow("fractional dimension") << file(object({ t("a", "F32", "[2.5]", "[0,8]") }), 8)
                                          << QStringLiteral("holds 2.5, which is not a whole number");
    QTest::newRow("dimension beyond 64 bits") << file(object({ t("a", "F32", "[18446744073709551616]", "[0,8]") }), 8)
                                              << QStringLiteral("not a whole number");
    QTest::newRow("three offsets") << file(object({ t("a", "F32", "[2]", "[0,4,8]") }), 8)
                                   << QStringLiteral("not two numbers [begin, end]");
    QTest::newRow("offsets backwards") << file(object({ t("a", "F32", "[0]", "[8,0]") }), 8)
                                       << QStringLiteral("end before they begin");
    QTest::newRow("offsets beyond the file") << file(object({ t("a", "F32", "[2,3]", "[0,24]") }), 20)
                                             << QStringLiteral("lies beyond the end of the file (20 data bytes)");
    QTest::newRow("size not shape x dtype") << file(object({ t("a", "F32", "[2,3]", "[0,20]") }), 20)
                                            << QStringLiteral("'a' has shape [2, 3] of F32, which needs 24 bytes, but "
                                                              "its data_offsets give 20");
    QTest::newRow("overlap") << file(object({ a, t("b", "F32", "[2]", "[16,24]") }), 24)
                             << QStringLiteral("overlaps that of 'a'");
    QTest::newRow("gap") << file(object({ t("a", "F32", "[2]", "[0,8]"), t("b", "F32", "[2]", "[12,20]") }), 20)
                         << QStringLiteral("bytes 8–12 of the data belong to no tensor");
    QTest::newRow("bytes after the data")
        << file(object({ a }), 30) << QStringLiteral("6 bytes after the last tensor's data");
    QTest::newRow("absurd shape") << file(object({ t("a", "F32", "[4294967296,4294967296]", "[0,8]") }), 8)
                                  << QStringLiteral("is absurdly large");
    QTest::newRow("metadata not strings") << file(R"({"__metadata__":{"x":1}})", 0)
                                          << QStringLiteral("__metadata__ maps names to strings, but 'x' is a number");
    QTest::newRow("deep nesting in an unknown key") << file(
        R"({"a":{"dtype":"F32","shape":[],"data_offsets":[0,4],"x":)" + std::string(70, '[') + std::string(70, ']')
            + "}}",
        4) << QStringLiteral("nests deeper than 64 levels");
    QTest::newRow("unknown dtype read") << file(object({ t("a", "Q7", "[2]", "[0,8]") }),
        8) << QStringLiteral("t.safetensors:a: the dtype 'Q7' is not one the format defines");
}

void TestSafetensors::malformedHeaders()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const QString text = message([&] { readBytes(bytes, "a"); });
    QVERIFY2(text.startsWith(QStringLiteral("t.safetensors")), qPrintable(text));
    QVERIFY2(text.contains(expected), qPrintable(text));
}

void TestSafetensors::unknownKeysSkipped()
{
    // Keys the format does not define inside a tensor's entry are skipped, as the reference
    // reader skips them; padding spaces after the JSON are allowed.
    const std::string header
        = R"({"a":{"dtype":"F32","note":{"x":[1,{"y":null}]},"shape":[1],"data_offsets":[0,4]}}    )";
    QByteArray bytes = file(header, 4);
    const float one = 1.5f;
    std::memcpy(bytes.data() + 8 + header.size(), &one, 4);
    QCOMPARE(readBytes(bytes, "a").data, std::vector<float> { 1.5f });
    // Zero-element tensors take no bytes and may sit at the same offset.
    const std::string empty = R"({"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},)"
                              R"("a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
    QCOMPARE(readBytes(file(empty, 4), "a").data, std::vector<float> { 0.0f });
}

void TestSafetensors::hugeDeclaredSizes()
{
    // A valid header announcing 100 GB of F32 on a sparse file: refused from the sizes, with no
    // allocation, at once.
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("big.safetensors")).toStdString();
    const std::string header = R"({"x":{"dtype":"F32","shape":[25000000000],"data_offsets":[0,100000000000]}})";
    const QByteArray start = file(header, 0);
    std::ofstream(path, std::ios::binary).write(start.constData(), start.size());
    QCOMPARE(::truncate(path.c_str(), static_cast<off_t>(start.size() + 100000000000LL)), 0);
    struct rusage before { };
    ::getrusage(RUSAGE_SELF, &before);
    QElapsedTimer timer;
    timer.start();
    const QString text = message([&] { readTensorFile(path); });
    QVERIFY2(text.startsWith(QStringLiteral("big.safetensors is too large: it needs 93.1 GiB")), qPrintable(text));
    QVERIFY(timer.elapsed() < 1000);
    struct rusage after { };
    ::getrusage(RUSAGE_SELF, &after);
    QVERIFY(after.ru_maxrss - before.ru_maxrss < 50 * 1024);
    // A header length near 2^64 is refused before reading it.
    QByteArray wild = file("{}", 0);
    for (int i = 0; i < 8; ++i)
        wild[i] = '\xff';
    QVERIFY(message([&] { readBytes(wild, "x"); }).contains(QStringLiteral("limit of 100 MB")));
}

void TestSafetensors::fifoRefused()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("pipe.safetensors")).toStdString();
    QCOMPARE(::mkfifo(path.c_str(), 0644), 0);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(message([&] { readTensorFile(path + ":x"); }).contains(QStringLiteral("named pipe (FIFO)")));
    QVERIFY(timer.elapsed() < 2000);
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
