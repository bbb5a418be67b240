// Session files (core/session): a session written and read back is the same session, value for
// value (64-bit seeds, float32 running statistics and doubles exact); a session from a newer
// NormScope is refused; unknown keys are ignored with a warning naming them; malformed files and
// wrong values are refused in one sentence; the JSON a person reads has the documented keys.
#include "norms/normerror.h"
#include "session/session.h"

#include <QTemporaryDir>
#include <QtTest>

#include <limits>

using namespace normscope;

class TestSession : public QObject {
    Q_OBJECT
private slots:
    void roundTripGenerated();
    void roundTripFiles();
    void roundTripLayoutAndRms();
    void layoutForFiles();
    void newerVersionRefused();
    void unknownKeysWarned();
    void refusals_data();
    void refusals();
    void fileRoundTrip();
};

namespace {

Session generatedSession()
{
    Session s;
    GeneratorSpec g;
    g.kind = GeneratorKind::ChannelShift;
    g.shape = Shape::fromDims({ 4, 6, 3, 5 });
    g.seed = std::numeric_limits<uint64_t>::max() - 2; // beyond a double's 53 bits
    g.params = { 2.5, 3.0 };
    s.generator = g;
    s.config = NormConfig::defaults(NormKind::Group);
    s.config.groups = 3;
    s.config.eps = 1.0e-3;
    s.config.momentum.reset();
    s.affine = { 1.5, -0.25, true, 77 };
    s.weight = s.affine.weights(6);
    s.bias = s.affine.biases(6);
    s.runningMean = { 0.1f, -2.0f / 3.0f, 1e-30f, 3.4e38f, 0.0f, -0.0f };
    s.runningVar = { 1.0f, 1.0f / 3.0f, 7e-45f, 2.0f, 0.5f, 9.0f };
    s.batchesFed = 7;
    s.sourceSteps = 4;
    s.selectedSet = 5;
    s.camera = { 12.345678901234567, -33.3, 1.7 };
    s.theme = "dark";
    s.language = "zh_CN";
    s.bins = 137;
    s.allSets = true;
    s.overlay = true;
    s.logY = true;
    return s;
}

QString message(const std::string& text)
{
    try {
        sessionFromJson(text);
    } catch (const NormError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

void TestSession::roundTripGenerated()
{
    const Session s = generatedSession();
    std::vector<std::string> warnings;
    const Session back = sessionFromJson(sessionToJson(s), &warnings);
    QVERIFY(warnings.empty());
    QVERIFY(back == s);
    QCOMPARE(back.generator->seed, std::numeric_limits<uint64_t>::max() - 2);
    QCOMPARE(back.runningVar[2], 7e-45f); // a float32 subnormal survives
    QVERIFY(!back.config.momentum);
    // Readable: the keys a person edits are there by name.
    const QString json = QString::fromStdString(sessionToJson(s));
    for (const char* key : { "\"normscope_session\": 1", "\"kind\": \"channel-shift\"", "\"norm\": \"group\"",
             "\"momentum\": null", "\"groups\": 3", "\"theme\": \"dark\"", "\"selected_set\": 5" })
        QVERIFY2(json.contains(QLatin1String(key)), key);
}

void TestSession::roundTripFiles()
{
    Session s;
    s.files = { { "/data/acts.npz:layer3", 12345, std::string(64, 'a') },
        { "/data/b.npy", 99, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" } };
    s.imageValues = "0-255";
    s.config = NormConfig::defaults(NormKind::Layer);
    s.config.normalizedShape = { 5, 7 };
    const Session back = sessionFromJson(sessionToJson(s));
    QVERIFY(back == s);
    QVERIFY(!back.generator);
}

void TestSession::roundTripLayoutAndRms()
{
    // A (B, T, C) generator with RMSNorm at eps=None: the shape is written in the layout's order
    // (B = 2, T = 16, C = 8), as --shape reads it, and eps as PyTorch's None.
    Session s;
    GeneratorSpec g;
    g.kind = GeneratorKind::Normal;
    g.shape = Shape::fromUserDims({ 2, 16, 8 }, Layout::BTC);
    g.params = { 0.5, 2.0 };
    s.generator = g;
    s.layout = "BTC";
    s.config = NormConfig::defaults(NormKind::Rms);
    s.config.normalizedShape = { 8 };
    s.config.affine = false;
    const std::string json = sessionToJson(s);
    for (const char* key : { "\"layout\": \"BTC\"", "\"norm\": \"rms\"", "\"eps\": null" })
        QVERIFY2(QString::fromStdString(json).contains(QLatin1String(key)), key);
    QVERIFY2(
        QString::fromStdString(json).simplified().contains(QStringLiteral("\"shape\": [ 2, 16, 8 ]")), json.c_str());
    const Session back = sessionFromJson(json);
    QVERIFY(back == s);
    QCOMPARE(back.generator->shape.layout, Layout::BTC);
    QCOMPARE(back.generator->shape.c, int64_t(8));
    QCOMPARE(back.generator->shape.w, int64_t(16));
    QVERIFY(back.config.epsNone);
    QCOMPARE(back.config.eps, 1.1920928955078125e-07); // torch.finfo(torch.float32).eps

    // A number typed for RMSNorm's eps is that number, not None.
    s.config.eps = 1e-6;
    s.config.epsNone = false;
    const Session typed = sessionFromJson(sessionToJson(s));
    QVERIFY(!typed.config.epsNone);
    QCOMPARE(typed.config.eps, 1e-6);

    // NHWC: [N, H, W, C] in the file.
    s.generator->shape = Shape::fromUserDims({ 3, 5, 7, 4 }, Layout::NHWC);
    const Session nhwc = sessionFromJson(sessionToJson(s));
    QCOMPARE(nhwc.layout, std::string("NHWC"));
    QCOMPARE(nhwc.generator->shape.userDims(), (std::vector<int64_t> { 3, 5, 7, 4 }));
    QCOMPARE(nhwc.generator->shape.c, int64_t(4));
}

void TestSession::layoutForFiles()
{
    Session s;
    s.files = { { "/data/acts.npy", 10, std::string(64, 'b') } };
    s.layout = "BTC";
    const Session back = sessionFromJson(sessionToJson(s));
    QCOMPARE(back.layout, std::string("BTC"));
    QCOMPARE(sessionLayout(back, 3), Layout::BTC);
    // The file became 4-D since: one sentence, no guess.
    try {
        sessionLayout(back, 4);
        QFAIL("a (B, T, C) session read a 4-D file");
    } catch (const NormError& e) {
        QCOMPARE(QString::fromStdString(e.what()),
            QStringLiteral("the session reads its tensor as (B, T, C), which needs a 3-D array, but the file holds a "
                           "4-D one"));
    }
    s.layout = "NHWC";
    QCOMPARE(sessionLayout(sessionFromJson(sessionToJson(s)), 4), Layout::NHWC);
    // Version 1 wrote NCHW for every rank: channels first.
    s.layout = "NCHW";
    QCOMPARE(sessionLayout(sessionFromJson(sessionToJson(s)), 3), Layout::ChannelsFirst);
    QCOMPARE(sessionLayout(sessionFromJson(sessionToJson(s)), 2), Layout::ChannelsFirst);
}

void TestSession::newerVersionRefused()
{
    std::string text = sessionToJson(generatedSession());
    text.replace(text.find("\"normscope_session\": 1"), 22, "\"normscope_session\": 2");
    QCOMPARE(message(text),
        QStringLiteral("this session was saved by a newer NormScope (session version 2); this one reads version 1 "
                       "and older"));
}

void TestSession::unknownKeysWarned()
{
    std::string text = sessionToJson(generatedSession());
    text.replace(text.find("\"layout\""), 8, "\"colour\": \"teal\",\n  \"layout\"");
    text.replace(text.find("\"bins\""), 6, "\"sparkle\": true, \"bins\"");
    std::vector<std::string> warnings;
    const Session back = sessionFromJson(text, &warnings);
    QVERIFY(back == generatedSession());
    QCOMPARE(warnings.size(), size_t(2));
    QCOMPARE(QString::fromStdString(warnings[0]), QStringLiteral("ignored the unknown key 'view.sparkle'"));
    QCOMPARE(QString::fromStdString(warnings[1]), QStringLiteral("ignored the unknown key 'colour'"));
}

void TestSession::refusals_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QStringLiteral("{") << QStringLiteral("{{") << QStringLiteral("is not valid JSON");
    QTest::newRow("no version") << QStringLiteral("\"normscope_session\"") << QStringLiteral("\"version\"")
                                << QStringLiteral("has no 'normscope_session' version");
    QTest::newRow("eps text") << QStringLiteral("\"eps\": 0.001") << QStringLiteral("\"eps\": \"small\"")
                              << QStringLiteral("'layer.eps' is not a finite number");
    QTest::newRow("negative eps") << QStringLiteral("\"eps\": 0.001") << QStringLiteral("\"eps\": -1")
                                  << QStringLiteral("'layer.eps' is negative");
    QTest::newRow("unknown norm") << QStringLiteral("\"norm\": \"group\"") << QStringLiteral("\"norm\": \"rms2\"")
                                  << QStringLiteral("'layer.norm' is 'rms2'");
    QTest::newRow("bins") << QStringLiteral("\"bins\": 137") << QStringLiteral("\"bins\": 100000")
                          << QStringLiteral("'view.bins' is above 200");
    QTest::newRow("theme") << QStringLiteral("\"theme\": \"dark\"") << QStringLiteral("\"theme\": \"pink\"")
                           << QStringLiteral("'view.theme' is 'pink', not light or dark");
    QTest::newRow("negative var") << QStringLiteral("0.5,") << QStringLiteral("-0.5,")
                                  << QStringLiteral("'running.var' holds a negative variance");
    QTest::newRow("shape") << QStringLiteral("\"shape\": [") << QStringLiteral("\"shape\": [0, 0, ")
                           << QStringLiteral("'source.generator.shape'");
    QTest::newRow("layout") << QStringLiteral("\"layout\": \"NCHW\"") << QStringLiteral("\"layout\": \"NWHC\"")
                            << QStringLiteral("'layout' is 'NWHC', not NCHW, NHWC, NCL, BTC or NC");
    QTest::newRow("layout rank") << QStringLiteral("\"layout\": \"NCHW\"") << QStringLiteral("\"layout\": \"BTC\"")
                                 << QStringLiteral("'source.generator.shape': the layout (B, T, C) needs a tensor of "
                                                   "rank 3, got rank 4");
    QTest::newRow("eps None") << QStringLiteral("\"eps\": 0.001") << QStringLiteral("\"eps\": null")
                              << QStringLiteral("'layer.eps' is null, which only RMSNorm allows (eps=None)");
}

void TestSession::refusals()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, expected);
    QString text = QString::fromStdString(sessionToJson(generatedSession()));
    const auto at = text.indexOf(from);
    QVERIFY2(at >= 0, qPrintable(from));
    text.replace(at, from.size(), to);
    const QString got = message(text.toStdString());
    QVERIFY2(got.contains(expected), qPrintable(got));
    QVERIFY2(!got.contains(QLatin1Char('\n')), qPrintable(got));
}

void TestSession::fileRoundTrip()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("lecture.normscope.json")).toStdString();
    writeSessionFile(path, generatedSession());
    QVERIFY(readSessionFile(path) == generatedSession());
    try {
        readSessionFile(dir.path().toStdString());
        QFAIL("a folder was read as a session");
    } catch (const NormError& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("folder")), e.what());
    }
}

QTEST_GUILESS_MAIN(TestSession)
#include "test_session.moc"
