// The PyTorch box: constructor lines exactly as PyTorch's signatures (written from the docs and
// the seed tutorial), and snippets that really run in Debian's python3-torch (without it the test
// fails by name: CI runs everything).
#include "io/npy.h"
#include "tensor/generators.h"
#include "testsupport.h"
#include "text/pytorchsnippet.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace normscope;

Q_DECLARE_METATYPE(normscope::NormConfig)

class TestPytorchSnippet : public QObject {
    Q_OBJECT
private slots:
    void pythonFloats();
    void pythonFloat32s();
    void constructors_data();
    void constructors();
    void layoutCalls_data();
    void layoutCalls();
    void snippetsRunInPyTorch();
};

void TestPytorchSnippet::pythonFloats()
{
    // Python: repr(1e-5) == '1e-05', repr(0.001) == '0.001', repr(0.1) == '0.1', repr(0.0) == '0.0'
    QCOMPARE(pythonFloat(1e-5), std::string("1e-05"));
    QCOMPARE(pythonFloat(0.001), std::string("0.001"));
    QCOMPARE(pythonFloat(0.1), std::string("0.1"));
    QCOMPARE(pythonFloat(0.0), std::string("0.0"));
    QCOMPARE(pythonFloat(1.0), std::string("1.0"));
    QCOMPARE(pythonFloat(2.5e-8), std::string("2.5e-08"));
    QCOMPARE(pythonFloat(0.0001), std::string("0.0001"));
    QCOMPARE(pythonFloat(-3.0), std::string("-3.0"));
}

void TestPytorchSnippet::pythonFloat32s()
{
    // The shortest literal torch rounds back to the same float32 (written from Python's
    // repr(numpy.float32(x)) rules): the slider's 1.77 is 1.77, not 1.7699999809265137.
    QCOMPARE(pythonFloat32(1.77f), std::string("1.77"));
    QCOMPARE(pythonFloat32(0.1f), std::string("0.1"));
    QCOMPARE(pythonFloat32(-0.5052637f), std::string("-0.5052637"));
    QCOMPARE(pythonFloat32(1e-5f), std::string("1e-05"));
    QCOMPARE(pythonFloat32(16777216.0f), std::string("16777216.0"));
    QCOMPARE(pythonFloat32(3.4028235e38f), std::string("3.4028235e+38"));
    QCOMPARE(pythonFloat32(0.0f), std::string("0.0"));
    // Python's repr switches to exponents from 1e16 and below 1e-4.
    QCOMPARE(pythonFloat(1e16), std::string("1e+16"));
    QCOMPARE(pythonFloat(123456789.0), std::string("123456789.0"));
    QCOMPARE(pythonFloat(0.00012), std::string("0.00012"));
    QCOMPARE(pythonFloat(1.7699999809265137), std::string("1.7699999809265137"));
    // Every float32 round-trips through its literal.
    for (float v : { 1.77f, 0.3f, -2.5e-7f, 123.456f, 7e20f, 1.0f / 3.0f })
        QCOMPARE(std::strtof(pythonFloat32(v).c_str(), nullptr), v);
}

void TestPytorchSnippet::constructors_data()
{
    QTest::addColumn<NormConfig>("config");
    QTest::addColumn<QVector<qint64>>("dims");
    QTest::addColumn<QString>("expected");
    const QVector<qint64> seed { 20, 6, 10, 10 }; // the tutorial's torch.randn(20, 6, 10, 10)
    NormConfig gn = NormConfig::defaults(NormKind::Group);
    gn.groups = 3;
    QTest::newRow("GroupNorm(3, 6)") << gn << seed << "nn.GroupNorm(3, 6, eps=1e-05, affine=True)";
    QTest::newRow("BatchNorm2d(6)") << NormConfig::defaults(
        NormKind::Batch) << seed << "nn.BatchNorm2d(6, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)";
    QTest::newRow("InstanceNorm2d(100)")
        << NormConfig::defaults(NormKind::Instance) << QVector<qint64> { 20, 100, 35, 45 }
        << "nn.InstanceNorm2d(100, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)";
    QTest::newRow("LayerNorm([64, 256, 256])")
        << NormConfig::defaults(NormKind::Layer) << QVector<qint64> { 16, 64, 256, 256 }
        << "nn.LayerNorm([64, 256, 256], eps=1e-05, elementwise_affine=True)";
    NormConfig ln = NormConfig::defaults(NormKind::Layer);
    ln.normalizedShape = { 10 };
    ln.affine = false;
    ln.eps = 0.001;
    QTest::newRow("LayerNorm (W)") << ln << seed << "nn.LayerNorm([10], eps=0.001, elementwise_affine=False)";
    NormConfig bn = NormConfig::defaults(NormKind::Batch);
    bn.momentum.reset();
    bn.trackRunningStats = false;
    QTest::newRow("BatchNorm1d momentum None")
        << bn << QVector<qint64> { 4, 3, 7 }
        << "nn.BatchNorm1d(3, eps=1e-05, momentum=None, affine=True, track_running_stats=False)";
    // RMSNorm's eps=None is written as None, not as the float32 epsilon it stands for.
    QTest::newRow("RMSNorm eps=None") << NormConfig::defaults(NormKind::Rms) << seed
                                      << "nn.RMSNorm([6, 10, 10], eps=None, elementwise_affine=True)";
    NormConfig rms = NormConfig::defaults(NormKind::Rms);
    rms.epsNone = false;
    rms.eps = 1e-6;
    rms.normalizedShape = { 10, 10 };
    rms.affine = false;
    QTest::newRow("RMSNorm (H, W) eps=1e-6")
        << rms << seed << "nn.RMSNorm([10, 10], eps=1e-06, elementwise_affine=False)";
}

void TestPytorchSnippet::layoutCalls_data()
{
    QTest::addColumn<NormConfig>("config");
    QTest::addColumn<QVector<qint64>>("userDims");
    QTest::addColumn<int>("layout");
    QTest::addColumn<QString>("constructor");
    QTest::addColumn<QString>("call");
    const QVector<qint64> btc { 2, 5, 8 }; // B = 2 sequences of T = 5 tokens with C = 8 features
    const QVector<qint64> nhwc { 2, 4, 3, 6 }; // N = 2, H = 4, W = 3, C = 6
    const auto layout = [](Layout l) { return static_cast<int>(l); };
    NormConfig perToken = NormConfig::defaults(NormKind::Layer);
    perToken.normalizedShape = { 8 };
    QTest::newRow("(B, T, C) LayerNorm per token")
        << perToken << btc << layout(Layout::BTC) << "nn.LayerNorm([8], eps=1e-05, elementwise_affine=True)"
        << "y = m(x)";
    QTest::newRow("(B, T, C) LayerNorm default: (T, C)")
        << NormConfig::defaults(NormKind::Layer) << btc << layout(Layout::BTC)
        << "nn.LayerNorm([5, 8], eps=1e-05, elementwise_affine=True)"
        << "y = m(x)";
    NormConfig rmsToken = NormConfig::defaults(NormKind::Rms);
    rmsToken.normalizedShape = { 8 };
    QTest::newRow("(B, T, C) RMSNorm per token")
        << rmsToken << btc << layout(Layout::BTC) << "nn.RMSNorm([8], eps=None, elementwise_affine=True)"
        << "y = m(x)";
    QTest::newRow("(B, T, C) BatchNorm1d over features")
        << NormConfig::defaults(NormKind::Batch) << btc << layout(Layout::BTC)
        << "nn.BatchNorm1d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)"
        << "y = m(x.transpose(1, 2)).transpose(1, 2)";
    NormConfig gn = NormConfig::defaults(NormKind::Group);
    gn.groups = 4;
    QTest::newRow("(B, T, C) GroupNorm") << gn << btc << layout(Layout::BTC)
                                         << "nn.GroupNorm(4, 8, eps=1e-05, affine=True)"
                                         << "y = m(x.transpose(1, 2)).transpose(1, 2)";
    QTest::newRow("(B, T, C) InstanceNorm1d")
        << NormConfig::defaults(NormKind::Instance) << btc << layout(Layout::BTC)
        << "nn.InstanceNorm1d(8, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)"
        << "y = m(x.transpose(1, 2)).transpose(1, 2)";
    QTest::newRow("NHWC BatchNorm2d")
        << NormConfig::defaults(NormKind::Batch) << nhwc << layout(Layout::NHWC)
        << "nn.BatchNorm2d(6, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)"
        << "y = m(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)";
    QTest::newRow("NHWC LayerNorm over (C, H, W)")
        << NormConfig::defaults(NormKind::Layer) << nhwc << layout(Layout::NHWC)
        << "nn.LayerNorm([6, 4, 3], eps=1e-05, elementwise_affine=True)"
        << "y = m(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)";
    QTest::newRow("(N, C, L) BatchNorm1d")
        << NormConfig::defaults(NormKind::Batch) << QVector<qint64> { 2, 5, 8 } << layout(Layout::ChannelsFirst)
        << "nn.BatchNorm1d(5, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)"
        << "y = m(x)";
}

void TestPytorchSnippet::layoutCalls()
{
    QFETCH(NormConfig, config);
    QFETCH(QVector<qint64>, userDims);
    QFETCH(int, layout);
    QFETCH(QString, constructor);
    QFETCH(QString, call);
    const Shape shape
        = Shape::fromUserDims(std::vector<int64_t>(userDims.begin(), userDims.end()), static_cast<Layout>(layout));
    QCOMPARE(QString::fromStdString(pytorchConstructor(config, shape)), constructor);
    QCOMPARE(QString::fromStdString(pytorchCall(config, shape)), call);
    SnippetSource source;
    source.generatorKey = "normal";
    const QString code = QString::fromStdString(pytorchSnippet(config, shape, source, {}));
    QVERIFY(code.contains(QStringLiteral("\n") + call));
    // The commented-out torch.randn draws x in the user's order, as the file holds it.
    QStringList dims;
    for (const qint64 d : userDims)
        dims << QString::number(d);
    QVERIFY(code.contains(QStringLiteral("torch.randn(") + dims.join(QStringLiteral(", ")) + u')'));
}

void TestPytorchSnippet::constructors()
{
    QFETCH(NormConfig, config);
    QFETCH(QVector<qint64>, dims);
    QFETCH(QString, expected);
    const Shape shape = Shape::fromDims(std::vector<int64_t>(dims.begin(), dims.end()));
    QCOMPARE(QString::fromStdString(pytorchConstructor(config, shape)), expected);
    SnippetSource source;
    source.generatorKey = "normal";
    const QString code = QString::fromStdString(pytorchSnippet(config, shape, source, {}));
    QVERIFY(code.contains(QStringLiteral("m = ") + expected));
    QVERIFY(code.contains(QStringLiteral("y = m(x)")));
}

void TestPytorchSnippet::snippetsRunInPyTorch()
{
    // A missing PyTorch fails the test by name: a skip would show as "Passed" in ctest.
    const QString missing = test::missingPython();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));

    // Every norm with every generator, and files of rank 4 and 3: one Python process runs them
    // all (importing torch once), each snippet exec'd in a fresh namespace.
    QTemporaryDir dir;
    int index = 0;
    for (const char* norm : { "batch", "layer", "instance", "group", "rms" }) {
        for (const char* gen :
            { "normal", "uniform", "channel-shift", "sample-shift", "heavy-tailed", "bimodal", "constant", "file" }) {
            NormConfig config = NormConfig::defaults(*parseNormKind(norm));
            config.groups = 2;
            config.training = std::strcmp(norm, "instance") != 0;
            config.trackRunningStats = true;
            const bool file = std::strcmp(gen, "file") == 0;
            const bool layerLike = usesNormalizedShape(config.kind);
            const bool rank3 = file && layerLike;
            const Shape shape = rank3 ? Shape::fromDims({ 3, 4, 6 }) : Shape { 3, 4, 5, 6, 4 };
            NormParams params;
            params.weight.assign(4, 1.5f);
            params.bias = { 0.1f, 0.2f, 0.3f, 0.4f };
            if (layerLike) {
                config.normalizedShape = rank3 ? std::vector<int64_t> { 4, 6 } : std::vector<int64_t> { 5, 6 };
                params.weight.assign(rank3 ? 24 : 30, 2.0f);
                params.bias.clear();
            }
            SnippetSource source;
            source.generatorKey = gen;
            if (file) {
                source.kind = SnippetSource::File;
                // An absolute path with a space, a quote and a backslash: the snippet must quote it.
                source.files
                    = { dir.filePath(QStringLiteral("x \"%1\"\\.npy").arg(QLatin1String(norm))).toStdString() };
                writeTensor(source.files.front(), Tensor(shape, 1.25f));
            }
            if (!file) {
                // The code loads the values File > Export > Input tensor saved.
                source.inputFile = QStringLiteral("input_%1.npy").arg(index, 2, 10, QLatin1Char('0')).toStdString();
                GeneratorSpec spec;
                spec.kind = *parseGeneratorKind(gen);
                spec.shape = shape;
                writeTensor(dir.filePath(QString::fromStdString(source.inputFile)).toStdString(), generateTensor(spec));
            }
            QFile out(dir.filePath(QStringLiteral("snippet_%1.py").arg(index++, 2, 10, QLatin1Char('0'))));
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QByteArray::fromStdString(pytorchSnippet(config, shape, source, params)));
        }
    }
    const QString driver = QStringLiteral("import glob, sys\n"
                                          "failed = 0\n"
                                          "for path in sorted(glob.glob('snippet_*.py')):\n"
                                          "    code = open(path).read()\n"
                                          "    try:\n"
                                          "        exec(compile(code, path, 'exec'), {})\n"
                                          "    except Exception as e:\n"
                                          "        failed += 1\n"
                                          "        print(path, 'FAILED:', repr(e), '\\n' + code, file=sys.stderr)\n"
                                          "sys.exit(1 if failed else 0)\n");
    QProcess python;
    python.setWorkingDirectory(dir.path());
    python.start(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), driver });
    QVERIFY(python.waitForFinished(300000));
    QVERIFY2(python.exitCode() == 0, qPrintable(QString::fromUtf8(python.readAllStandardError())));
}

QTEST_GUILESS_MAIN(TestPytorchSnippet)
#include "test_pytorchsnippet.moc"
