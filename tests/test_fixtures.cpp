// NormScope against PyTorch: every case of tests/data/fixtures/manifest.json (written by
// tests/reference/make_fixtures.py with real torch.nn layers) run through the core.
#include "io/npy.h"
#include "norms/normalize.h"
#include "norms/normerror.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace normscope;

class TestFixtures : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void matchesPyTorch_data();
    void matchesPyTorch();

private:
    QJsonArray m_cases;
};

namespace {

std::string fixture(const QJsonValue& name)
{
    return test::dataPath("fixtures/" + name.toString().toStdString());
}

NormConfig configFor(const QJsonObject& c)
{
    const auto kind = parseNormKind(c[QStringLiteral("norm")].toString().toStdString());
    NormConfig config = NormConfig::defaults(kind.value());
    config.eps = c[QStringLiteral("eps")].toDouble();
    if (c.contains(QStringLiteral("momentum"))) {
        const QJsonValue m = c[QStringLiteral("momentum")];
        config.momentum = m.isNull() ? std::optional<double> {} : std::optional<double> { m.toDouble() };
    }
    if (c.contains(QStringLiteral("affine")))
        config.affine = c[QStringLiteral("affine")].toBool();
    if (c.contains(QStringLiteral("track_running_stats")))
        config.trackRunningStats = c[QStringLiteral("track_running_stats")].toBool();
    config.training = !c[QStringLiteral("eval")].toBool();
    if (c.contains(QStringLiteral("groups")))
        config.groups = c[QStringLiteral("groups")].toInt();
    for (const QJsonValue d : c[QStringLiteral("normalized_shape")].toArray())
        config.normalizedShape.push_back(d.toInt());
    return config;
}

} // namespace

void TestFixtures::initTestCase()
{
    QFile file(QString::fromStdString(test::dataPath("fixtures/manifest.json")));
    QVERIFY2(file.open(QIODevice::ReadOnly), "run tests/reference/make_fixtures.py");
    m_cases = QJsonDocument::fromJson(file.readAll()).object()[QStringLiteral("cases")].toArray();
    QVERIFY(m_cases.size() > 50);
}

void TestFixtures::matchesPyTorch_data()
{
    QTest::addColumn<QJsonObject>("c");
    QFile file(QString::fromStdString(test::dataPath("fixtures/manifest.json")));
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonArray cases = QJsonDocument::fromJson(file.readAll()).object()[QStringLiteral("cases")].toArray();
    for (const QJsonValue c : cases)
        QTest::newRow(qPrintable(c[QStringLiteral("name")].toString())) << c.toObject();
}

void TestFixtures::matchesPyTorch()
{
    QFETCH(QJsonObject, c);
    NormParams params;
    const auto load = [&](const char* key) {
        return c.contains(QLatin1String(key)) ? readVector(fixture(c[QLatin1String(key)])) : std::vector<float> {};
    };
    params.weight = load("weight");
    params.bias = load("bias");
    params.runningMean = load("running_mean");
    params.runningVar = load("running_var");

    Tensor output;
    try {
        const NormConfig config = configFor(c);
        for (const QJsonValue input : c[QStringLiteral("inputs")].toArray())
            output = normalize(readTensor(fixture(input)), config, params);
    } catch (const NormError& e) {
        QVERIFY2(c.contains(QStringLiteral("error")), e.what());
        const QString expected = c[QStringLiteral("error")].toString();
        QVERIFY2(QString::fromUtf8(e.what()).contains(expected),
            qPrintable(QStringLiteral("got '%1', PyTorch says '%2'").arg(QString::fromUtf8(e.what()), expected)));
        return;
    }
    QVERIFY2(!c.contains(QStringLiteral("error")),
        qPrintable(QStringLiteral("PyTorch refuses this: ") + c[QStringLiteral("error")].toString()));

    // readNpy, not readTensor: PyTorch's expected output may hold NaN (eps = 0), which
    // readTensor refuses as input.
    const NpyArray expected = readNpy(fixture(c[QStringLiteral("output")]));
    QCOMPARE(output.shape().dims(), expected.shape);
    NS_COMPARE_CLOSE(output.data(), std::span<const float>(expected.data));
    if (c.contains(QStringLiteral("expected_running_mean"))) {
        // Empty running statistics mean PyTorch's initial values: zeros and ones.
        if (params.runningMean.empty())
            params.runningMean.assign(static_cast<size_t>(output.shape().c), 0.0f);
        if (params.runningVar.empty())
            params.runningVar.assign(static_cast<size_t>(output.shape().c), 1.0f);
        NS_COMPARE_CLOSE(std::span<const float>(params.runningMean),
            readVector(fixture(c[QStringLiteral("expected_running_mean")])));
        NS_COMPARE_CLOSE(
            std::span<const float>(params.runningVar), readVector(fixture(c[QStringLiteral("expected_running_var")])));
    }
    if (c.contains(QStringLiteral("expected_num_batches_tracked")))
        QCOMPARE(
            params.numBatchesTracked, static_cast<int64_t>(c[QStringLiteral("expected_num_batches_tracked")].toInt()));
}

QTEST_GUILESS_MAIN(TestFixtures)
#include "test_fixtures.moc"
