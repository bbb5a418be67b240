// The batch-size lab: the fixed sample's outputs are what the norms' forward pass gives on the
// very batches drawn (checked against `normalize` on Population::batchOf), BatchNorm's spread over
// draws shrinks as the batch grows while LayerNorm, InstanceNorm, GroupNorm and BatchNorm in eval
// mode do not move at all, and a batch of one feature vector gets PyTorch's own refusal.
#include "io/npy.h"
#include "labs/batchsize.h"
#include "norms/normalize.h"
#include "norms/normerror.h"
#include "testsupport.h"
#include "torchreference.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace normscope;

class TestLabsBatchSize : public QObject {
    Q_OBJECT
private slots:
    void matchesTheForwardPass_data();
    void matchesTheForwardPass();
    void spreadShrinksAndOtherNormsStayPut();
    void anotherSampleNeedsNoNewDraws();
    void oneSampleBatches();
    void refusesBadSettings_data();
    void refusesBadSettings();
};

namespace {

GeneratorSpec sampleShift(Shape shape, uint64_t seed)
{
    GeneratorSpec spec;
    spec.kind = GeneratorKind::SampleShift;
    spec.shape = shape;
    spec.seed = seed;
    return spec;
}

NormConfig configFor(BatchSizeNorm norm, int64_t groups)
{
    switch (norm) {
    case BatchSizeNorm::BatchTrain:
        return NormConfig::defaults(NormKind::Batch);
    case BatchSizeNorm::BatchEval: {
        NormConfig c = NormConfig::defaults(NormKind::Batch);
        c.training = false;
        return c;
    }
    case BatchSizeNorm::Layer:
        return NormConfig::defaults(NormKind::Layer);
    case BatchSizeNorm::Instance:
        return NormConfig::defaults(NormKind::Instance);
    case BatchSizeNorm::Group: {
        NormConfig c = NormConfig::defaults(NormKind::Group);
        c.groups = groups;
        return c;
    }
    }
    return {};
}

Tensor concat(const Tensor& first, const Tensor& rest)
{
    Shape shape = first.shape();
    shape.n += rest.empty() ? 0 : rest.shape().n;
    std::vector<float> values = first.values();
    values.insert(values.end(), rest.values().begin(), rest.values().end());
    return Tensor(shape, std::move(values));
}

} // namespace

void TestLabsBatchSize::matchesTheForwardPass_data()
{
    QTest::addColumn<bool>("loaded");
    QTest::newRow("population") << false;
    QTest::newRow("loaded batches") << true;
}

void TestLabsBatchSize::matchesTheForwardPass()
{
    QFETCH(bool, loaded);
    const Shape shape { 8, 4, 3, 3, 4 };
    const GeneratorSpec spec = sampleShift(shape, 2);
    std::vector<std::shared_ptr<const Tensor>> batches;
    if (loaded) {
        GeneratorSpec other = spec;
        other.kind = GeneratorKind::ChannelShift;
        other.shape.n = 3;
        batches = { std::make_shared<const Tensor>(generateTensor(spec)),
            std::make_shared<const Tensor>(generateTensor(other)) };
    }
    const LabSource source = loaded ? LabSource(batches) : LabSource(spec);
    BatchSizeLab lab { source };
    BatchSizeSettings settings;
    settings.sizes = { 1, 2, 3, 8 };
    settings.draws = 4;
    settings.sample = 2;
    settings.eps = 1e-3;
    settings.groups = 2;
    settings.running.runningMean = { 0.5f, -1.0f, 2.0f, 0.0f };
    settings.running.runningVar = { 2.0f, 0.5f, 1.0f, 4.0f };
    QCOMPARE(lab.draw(4, 8), 4);
    const BatchSizeResult result = lab.evaluate(settings);
    const Population population(spec);
    for (size_t s = 0; s < settings.sizes.size(); ++s) {
        const int64_t size = settings.sizes[s];
        for (int r = 0; r < 4; ++r) {
            // The batch the lab means: the sample on screen and this draw's first N − 1 mates.
            Tensor batch;
            if (loaded) {
                const Tensor mates = size > 1 ? source.mates(uint64_t(r), size - 1) : Tensor();
                batch = concat(source.screenSample(2), mates);
                // Every loaded mate is one of the loaded samples.
                for (int64_t i = 0; i + 1 < size; ++i) {
                    const auto mate = mates.values().begin() + i * 36;
                    bool found = false;
                    for (const auto& b : batches)
                        for (int64_t n = 0; n < b->shape().n; ++n)
                            found = found || std::equal(mate, mate + 36, b->values().begin() + n * 36);
                    QVERIFY(found);
                }
            } else {
                batch = population.batchOf(population.randomMembers(size, uint64_t(r), SampleId { 2, 0 }), 0);
            }
            for (BatchSizeNorm norm : allBatchSizeNorms) {
                const BatchSizePoint& point = result.point(norm, s);
                NormConfig config = configFor(norm, 2);
                config.eps = 1e-3;
                NormParams params = settings.running;
                Tensor out;
                SetStatistics used;
                try {
                    out = normalize(batch, config, params, 0, &used);
                } catch (const NormError& e) {
                    QCOMPARE(QString::fromStdString(point.error), QString::fromStdString(e.what()));
                    continue;
                }
                QVERIFY2(point.error.empty(), point.error.c_str());
                const ReductionGeometry geometry(config, batch.shape());
                for (int64_t c = 0; c < 4; ++c) {
                    double sum = 0.0;
                    for (int64_t i = 0; i < 9; ++i)
                        sum += out.at(0, c, i / 3, i % 3);
                    const size_t at = size_t(r) * 4 + size_t(c);
                    // 1e-6 of the outputs' unit spread: float32 rounding of each output is ~1e-7.
                    QVERIFY2(std::abs(point.outputMean[at] - sum / 9.0) < 1e-6,
                        qPrintable(QStringLiteral("%1 N=%2 draw %3 channel %4: %5, forward pass %6")
                                       .arg(QString::fromStdString(batchSizeNormKey(norm)))
                                       .arg(size)
                                       .arg(r)
                                       .arg(c)
                                       .arg(point.outputMean[at])
                                       .arg(sum / 9.0)));
                    const auto set = size_t(geometry.setOf(0, c, 0, 0));
                    QVERIFY(std::abs(point.setMean[at] - used.mean[set]) < 1e-9 * (1.0 + std::abs(used.mean[set])));
                    QVERIFY(std::abs(point.setVar[at] - used.var[set]) < 1e-9 * (1.0 + used.var[set]));
                }
            }
        }
    }
}

void TestLabsBatchSize::spreadShrinksAndOtherNormsStayPut()
{
    // Sample-shift: every sample has its own mean (std 3 across samples). Under BatchNorm the
    // sample's channel output mean is (m₀ − μ_B)/σ_B, and μ_B averages N − 1 random mates, so its
    // spread over draws falls roughly as sqrt(N − 1)/N: from N = 4 to N = 64 by about 3.5.
    const GeneratorSpec spec = sampleShift({ 16, 4, 4, 4, 4 }, 1);
    BatchSizeLab lab { LabSource(spec) };
    BatchSizeSettings settings;
    settings.groups = 2;
    settings.running.runningMean = { 1.0f, 2.0f, 3.0f, 4.0f };
    lab.draw(settings.draws, 64);
    const BatchSizeResult result = lab.evaluate(settings);
    const auto spread = [&](size_t s) { return result.point(BatchSizeNorm::BatchTrain, s).meanSpread; };
    QVERIFY2(spread(2) > spread(4) && spread(4) > spread(6),
        qPrintable(QStringLiteral("%1 %2 %3").arg(spread(2)).arg(spread(4)).arg(spread(6))));
    QVERIFY2(spread(2) > 2.0 * spread(6), qPrintable(QStringLiteral("%1 vs %2").arg(spread(2)).arg(spread(6))));
    QVERIFY(spread(1) > 0.1);
    // A batch of one sample with 16 values per channel: BatchNorm normalizes it by its own channel
    // statistics (PyTorch trains on it), so its channel means come out 0 whatever the draw.
    const BatchSizePoint& one = result.point(BatchSizeNorm::BatchTrain, 0);
    QVERIFY(one.error.empty());
    for (double m : one.outputMean)
        QCOMPARE(m, 0.0);
    for (BatchSizeNorm norm :
        { BatchSizeNorm::BatchEval, BatchSizeNorm::Layer, BatchSizeNorm::Instance, BatchSizeNorm::Group }) {
        for (size_t s = 0; s < settings.sizes.size(); ++s) {
            const BatchSizePoint& p = result.point(norm, s);
            QVERIFY(p.error.empty());
            for (double x : p.spread)
                QCOMPARE(x, 0.0); // exactly: the mates never enter
            QCOMPARE(p.meanSpread, 0.0);
        }
    }
}

void TestLabsBatchSize::anotherSampleNeedsNoNewDraws()
{
    // The mates do not depend on the fixed sample: BatchNorm's channel mean for a batch of N is
    // (m_sample + Σ mates)/N, so two samples' set means differ by exactly (m_a − m_b)/N.
    const GeneratorSpec spec = sampleShift({ 8, 3, 4, 4, 4 }, 9);
    BatchSizeLab lab { LabSource(spec) };
    lab.draw(5, 16);
    BatchSizeSettings settings;
    settings.sizes = { 2, 16 };
    settings.draws = 5;
    settings.sample = 0;
    const BatchSizeResult a = lab.evaluate(settings);
    settings.sample = 5;
    const BatchSizeResult b = lab.evaluate(settings);
    QCOMPARE(lab.drawn(), 5);
    for (size_t s = 0; s < 2; ++s) {
        const double n = double(settings.sizes[s]);
        for (size_t i = 0; i < 15; ++i) {
            const size_t c = i % 3;
            const double expected = (a.sampleMean[c] - b.sampleMean[c]) / n;
            const double got
                = a.point(BatchSizeNorm::BatchTrain, s).setMean[i] - b.point(BatchSizeNorm::BatchTrain, s).setMean[i];
            QVERIFY2(std::abs(got - expected) < 1e-12 * (1.0 + std::abs(a.sampleMean[c])),
                qPrintable(QStringLiteral("%1 vs %2").arg(got).arg(expected)));
        }
    }
}

void TestLabsBatchSize::oneSampleBatches()
{
    // (N, C) features: a batch of one has one value per channel, and PyTorch refuses to train
    // BatchNorm on it; in eval mode it is fine. (N, C, H, W) with H·W > 1 trains at N = 1.
    GeneratorSpec features = sampleShift(Shape::fromDims({ 8, 6 }), 4);
    BatchSizeLab lab { LabSource(features) };
    BatchSizeSettings settings;
    settings.sizes = { 1, 2, 4 };
    settings.draws = 3;
    settings.groups = 3;
    lab.draw(3, 4);
    const BatchSizeResult result = lab.evaluate(settings);
    const QString refusal = QString::fromStdString(result.point(BatchSizeNorm::BatchTrain, 0).error);
    QCOMPARE(refusal,
        QStringLiteral("Expected more than 1 value per channel when training, got input size torch.Size([1, 6])"));
    QVERIFY(result.point(BatchSizeNorm::BatchTrain, 1).error.empty());
    QVERIFY(result.point(BatchSizeNorm::BatchEval, 0).error.empty());

    BatchSizeLab images { LabSource(sampleShift({ 8, 6, 8, 8, 4 }, 4)) };
    images.draw(3, 4);
    QVERIFY(images.evaluate(settings).point(BatchSizeNorm::BatchTrain, 0).error.empty());

    const QString missing = test::missingPython(); // fails naming the package, never skips
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    QTemporaryDir dir;
    writeTensor(dir.filePath(QStringLiteral("held_plain.npy")).toStdString(), Tensor(Shape { 2, 3, 2, 2, 4 }, 1.0f));
    QFile file(dir.filePath(QStringLiteral("config.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(
        QJsonObject { { QStringLiteral("steps"), 0 }, { QStringLiteral("eps"), 1e-5 },
            { QStringLiteral("momenta"), QJsonArray {} },
            { QStringLiteral("error_shapes"), QJsonArray { QJsonArray { 1, 6 }, QJsonArray { 1, 6, 8, 8 } } } })
                   .toJson());
    file.close();
    QString error;
    const auto torch = test::runLabsTorch(dir.path(), &error);
    QVERIFY2(torch, qPrintable(error));
    const QJsonArray errors = (*torch)[QStringLiteral("errors")].toArray();
    QCOMPARE(refusal, errors[0].toString());
    QCOMPARE(errors[1].toString(), QString()); // PyTorch trains on (1, 6, 8, 8)
}

void TestLabsBatchSize::refusesBadSettings_data()
{
    QTest::addColumn<QVector<qint64>>("sizes");
    QTest::addColumn<int>("draws");
    QTest::addColumn<qint64>("sample");
    QTest::addColumn<qint64>("groups");
    QTest::addColumn<QString>("words");
    QTest::newRow("descending") << QVector<qint64> { 4, 2 } << 10 << qint64(0) << qint64(1)
                                << QStringLiteral("ascending");
    QTest::newRow("zero") << QVector<qint64> { 0, 2 } << 10 << qint64(0) << qint64(1)
                          << QStringLiteral("between 1 and 1024");
    QTest::newRow("one draw") << QVector<qint64> { 2 } << 1 << qint64(0) << qint64(1) << QStringLiteral("draws");
    QTest::newRow("sample") << QVector<qint64> { 2 } << 5 << qint64(8) << qint64(1) << QStringLiteral("fixed sample");
    QTest::newRow("groups") << QVector<qint64> { 2 } << 5 << qint64(0) << qint64(4) << QStringLiteral("divide");
    QTest::newRow("too much") << QVector<qint64> { 2, 1024 } << 1000 << qint64(0) << qint64(1)
                              << QStringLiteral("too long");
}

void TestLabsBatchSize::refusesBadSettings()
{
    QFETCH(QVector<qint64>, sizes);
    QFETCH(int, draws);
    QFETCH(qint64, sample);
    QFETCH(qint64, groups);
    QFETCH(QString, words);
    BatchSizeSettings settings;
    settings.sizes.assign(sizes.begin(), sizes.end());
    settings.draws = draws;
    settings.sample = sample;
    settings.groups = groups;
    QString message;
    try {
        validateBatchSizeSettings(settings, Shape { 8, 6, 8, 8, 4 });
    } catch (const NormError& e) {
        message = QString::fromStdString(e.what());
    }
    QVERIFY2(message.contains(words), qPrintable(message));
}

QTEST_APPLESS_MAIN(TestLabsBatchSize)
#include "test_labs_batchsize.moc"
