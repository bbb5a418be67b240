// Populations: batch 0 is the generator's tensor, later batches keep the population's means and
// spreads with new noise, and running statistics fed with them converge as the momentum rule
// says they must (expectations derived by hand below, never taken from the code).
#include "analysis/histogram.h"
#include "norms/normalize.h"
#include "tensor/generators.h"
#include "tensor/population.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>

using namespace normscope;

Q_DECLARE_METATYPE(normscope::GeneratorKind)

class TestPopulation : public QObject {
    Q_OBJECT
private slots:
    void batchZeroIsTheGeneratorsTensor_data();
    void batchZeroIsTheGeneratorsTensor();
    void batchesKeepTheMoments_data();
    void batchesKeepTheMoments();
    void channelShiftKeepsEachChannel();
    void sampleShiftKeepsEachSample();
    void runningStatisticsConverge();
    void randomMembersHoldTheFixedSample();
    void shiftMovesChannelMeansFromItsBatch();
};

namespace {

GeneratorSpec specOf(GeneratorKind kind, Shape shape = { 8, 6, 8, 8, 4 }, uint64_t seed = 3)
{
    GeneratorSpec s;
    s.kind = kind;
    s.shape = shape;
    s.seed = seed;
    return s;
}

// Mean and biased variance of channel c of an NCHW tensor, in double.
std::pair<double, double> channelStats(const Tensor& t, int64_t c)
{
    const Shape& s = t.shape();
    double sum = 0.0;
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t i = 0; i < s.hw(); ++i)
            sum += t.data()[static_cast<size_t>((n * s.c + c) * s.hw() + i)];
    const double count = static_cast<double>(s.n * s.hw());
    const double mean = sum / count;
    double sq = 0.0;
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t i = 0; i < s.hw(); ++i) {
            const double d = t.data()[static_cast<size_t>((n * s.c + c) * s.hw() + i)] - mean;
            sq += d * d;
        }
    return { mean, sq / count };
}

double sampleMean(const Tensor& t, int64_t n)
{
    const int64_t size = t.shape().c * t.shape().hw();
    double sum = 0.0;
    for (int64_t i = 0; i < size; ++i)
        sum += t.data()[static_cast<size_t>(n * size + i)];
    return sum / static_cast<double>(size);
}

} // namespace

void TestPopulation::batchZeroIsTheGeneratorsTensor_data()
{
    QTest::addColumn<GeneratorKind>("kind");
    for (const auto& info : generatorCatalog())
        QTest::newRow(info.key.c_str()) << info.kind;
}

void TestPopulation::batchZeroIsTheGeneratorsTensor()
{
    QFETCH(GeneratorKind, kind);
    const GeneratorSpec spec = specOf(kind);
    const Population population(spec);
    QCOMPARE(population.batch(0).values(), generateTensor(spec).values());
    QCOMPARE(population.batch(4).values(), population.batch(4).values()); // reproducible
    if (kind != GeneratorKind::Constant)
        QVERIFY(population.batch(1).values() != population.batch(0).values()); // new noise
}

void TestPopulation::batchesKeepTheMoments_data()
{
    batchZeroIsTheGeneratorsTensor_data();
}

void TestPopulation::batchesKeepTheMoments()
{
    // Pooled over 100 batches, each channel's mean and variance must be the population's. The
    // declared moments of the fixed-parameter generators are checked against their formulas too.
    QFETCH(GeneratorKind, kind);
    const GeneratorSpec spec = specOf(kind);
    const Population population(spec);
    const ChannelMoments declared = population.channelMoments();
    const double a = spec.param(0);
    const double b = spec.param(1);
    switch (kind) {
    case GeneratorKind::Normal: // N(0, 1)
        QCOMPARE(declared.mean[0], 0.0);
        QCOMPARE(declared.var[0], 1.0);
        break;
    case GeneratorKind::Uniform: // U[-1, 1): variance 2² / 12
        QCOMPARE(declared.mean[0], 0.0);
        QVERIFY(std::abs(declared.var[0] - 1.0 / 3.0) < 1e-15);
        break;
    case GeneratorKind::Bimodal: // ±2 with weight 1/2, unit noise: variance 1 + 4
        QCOMPARE(declared.mean[0], 0.0);
        QVERIFY(std::abs(declared.var[0] - 5.0) < 1e-12);
        break;
    case GeneratorKind::HeavyTailed: // 0.99 + 0.01 · 400 · (2 + 2·0.7979) = 15.373...
        QVERIFY(std::abs(declared.var[0] - (0.99 + 4.0 * (2.0 + 2.0 * 0.7978845608028654))) < 1e-9);
        break;
    case GeneratorKind::Constant:
        QCOMPARE(declared.mean[0], a);
        QCOMPARE(declared.var[0], 0.0);
        break;
    default:
        Q_UNUSED(b)
        break;
    }
    constexpr int batches = 100;
    const Shape& shape = spec.shape;
    const auto m = static_cast<double>(shape.n * shape.hw());
    for (int64_t c = 0; c < shape.c; ++c) {
        double sum = 0.0, sumSq = 0.0, sumQuad = 0.0;
        for (int k = 1; k <= batches; ++k) {
            const Tensor t = population.batch(static_cast<uint64_t>(k));
            for (int64_t n = 0; n < shape.n; ++n)
                for (int64_t i = 0; i < shape.hw(); ++i) {
                    const double v = t.data()[static_cast<size_t>((n * shape.c + c) * shape.hw() + i)]
                        - declared.mean[static_cast<size_t>(c)];
                    sum += v, sumSq += v * v, sumQuad += v * v * v * v;
                }
        }
        const double count = m * batches;
        const double mean = sum / count;
        const double var = sumSq / count;
        const double var0 = declared.var[static_cast<size_t>(c)];
        // Standard errors: sqrt(var / count) for the mean, sqrt((E[x⁴] − var²) / count) for
        // the variance. Sample-shift batches hold the same 8 samples each time, so their channel
        // means scatter only with the noise; the pooled check is still exact for them.
        const double meanTol = 5.0 * std::sqrt(var0 / count) + 1e-6;
        const double varTol = 5.0 * std::sqrt(std::max(0.0, sumQuad / count - var * var) / count) + 1e-6;
        QVERIFY2(std::abs(mean) <= meanTol,
            qPrintable(QStringLiteral("channel %1: mean off by %2 (tolerance %3)").arg(c).arg(mean).arg(meanTol)));
        QVERIFY2(std::abs(var - var0) <= varTol,
            qPrintable(QStringLiteral("channel %1: variance %2, population %3 (tolerance %4)")
                           .arg(c)
                           .arg(var)
                           .arg(var0)
                           .arg(varTol)));
    }
}

void TestPopulation::channelShiftKeepsEachChannel()
{
    // Every batch, not only the pool: batch k's channel c has the population's mean to within
    // its standard error σ_c / sqrt(N·H·W). A batch drawn with another seed moves the channel
    // means by their spread (std 3) and fails at once.
    const Population population(specOf(GeneratorKind::ChannelShift));
    const ChannelMoments moments = population.channelMoments();
    double spreadOfMeans = 0.0;
    for (double mu : moments.mean)
        spreadOfMeans = std::max(spreadOfMeans, std::abs(mu));
    QVERIFY2(spreadOfMeans > 1.0, "the channel means should differ from zero");
    for (uint64_t k : { 0, 1, 2, 7, 50 }) {
        const Tensor t = population.batch(k);
        for (int64_t c = 0; c < 6; ++c) {
            const auto [mean, var] = channelStats(t, c);
            const double sigma = std::sqrt(moments.var[static_cast<size_t>(c)]);
            QVERIFY2(std::abs(mean - moments.mean[static_cast<size_t>(c)]) < 4.5 * sigma / std::sqrt(512.0),
                qPrintable(QStringLiteral("batch %1 channel %2: mean %3, population %4")
                               .arg(k)
                               .arg(c)
                               .arg(mean)
                               .arg(moments.mean[static_cast<size_t>(c)])));
            // The sample variance of 512 normals: relative standard error sqrt(2 / 511).
            QVERIFY(std::abs(var / (sigma * sigma) - 1.0) < 4.5 * std::sqrt(2.0 / 511.0));
        }
    }
}

void TestPopulation::sampleShiftKeepsEachSample()
{
    // Sample n keeps its mean from batch to batch (standard error ≤ 3 / sqrt(384) ≈ 0.15), while
    // the 8 samples' means spread with std 3.
    const Population population(specOf(GeneratorKind::SampleShift));
    const Tensor first = population.batch(0);
    const Tensor later = population.batch(9);
    double spread = 0.0;
    for (int64_t n = 0; n < 8; ++n) {
        QVERIFY2(std::abs(sampleMean(first, n) - sampleMean(later, n)) < 4.5 * std::sqrt(2.0) * 3.0 / std::sqrt(384.0),
            qPrintable(
                QStringLiteral("sample %1: %2 then %3").arg(n).arg(sampleMean(first, n)).arg(sampleMean(later, n))));
        spread = std::max(spread, std::abs(sampleMean(first, n) - sampleMean(first, 0)));
    }
    QVERIFY(spread > 1.0);
}

void TestPopulation::runningStatisticsConverge()
{
    // BatchNorm2d(6, momentum=m) fed batches 1..k of the channel-shift population (M = 8·8·8
    // values per channel per batch, channel c ~ N(μ_c, σ_c²)):
    //   running_mean_k = Σ_j m(1−m)^(k−j) x̄_j        E = (1 − (1−m)^k) μ_c
    //                                                  Var = m² Σ_i (1−m)^(2i) · σ_c² / M
    //   running_var_k  = (1−m)^k + Σ_j m(1−m)^(k−j) s²_j (s² unbiased, E[s²] = σ_c²)
    //                                                  E = (1−m)^k + (1 − (1−m)^k) σ_c²
    //                                                  Var = m² Σ_i (1−m)^(2i) · 2σ_c⁴ / (M − 1)
    const Population population(specOf(GeneratorKind::ChannelShift));
    const ChannelMoments moments = population.channelMoments();
    NormConfig config = NormConfig::defaults(NormKind::Batch);
    const double m = 0.1;
    const double count = 512.0;
    NormParams params;
    double weights = 0.0; // m² Σ (1−m)^(2i)
    for (int k = 1; k <= 50; ++k) {
        normalize(population.batch(static_cast<uint64_t>(k)), config, params);
        weights = weights * (1 - m) * (1 - m) + m * m;
        if (k != 1 && k != 5 && k != 20 && k != 50)
            continue;
        const double decay = std::pow(1 - m, k);
        for (size_t c = 0; c < 6; ++c) {
            const double mu = moments.mean[c];
            const double var = moments.var[c];
            const double meanSd = std::sqrt(weights * var / count);
            const double varSd = std::sqrt(weights * 2.0 * var * var / (count - 1));
            QVERIFY2(std::abs(params.runningMean[c] - (1 - decay) * mu) < 4.0 * meanSd,
                qPrintable(QStringLiteral("step %1 channel %2: running_mean %3, expected %4 ± %5")
                               .arg(k)
                               .arg(c)
                               .arg(params.runningMean[c])
                               .arg((1 - decay) * mu)
                               .arg(meanSd)));
            QVERIFY2(std::abs(params.runningVar[c] - (decay + (1 - decay) * var)) < 4.0 * varSd,
                qPrintable(QStringLiteral("step %1 channel %2: running_var %3, expected %4 ± %5")
                               .arg(k)
                               .arg(c)
                               .arg(params.runningVar[c])
                               .arg(decay + (1 - decay) * var)
                               .arg(varSd)));
        }
    }
    QCOMPARE(params.numBatchesTracked, int64_t(50));
}

void TestPopulation::randomMembersHoldTheFixedSample()
{
    const Population population(specOf(GeneratorKind::SampleShift));
    const SampleId fixed { 2, 0 }; // sample 2 of the batch on screen
    const Tensor screen = population.batch(0);
    const int64_t sampleSize = 6 * 64;
    const auto screenSample
        = screen.data().subspan(static_cast<size_t>(2 * sampleSize), static_cast<size_t>(sampleSize));
    std::vector<float> previousOthers;
    for (int64_t size : { 1, 2, 5, 64 }) {
        for (uint64_t draw : { 0, 1, 2 }) {
            const auto members = population.randomMembers(size, draw, fixed);
            QCOMPARE(static_cast<int64_t>(members.size()), size);
            QCOMPARE(members.front(), fixed);
            const Tensor t = population.batchOf(members, 0);
            QCOMPARE(t.shape().n, size);
            QCOMPARE(t.shape().c, int64_t(6));
            const auto held = t.data().subspan(0, static_cast<size_t>(sampleSize));
            QVERIFY(std::equal(held.begin(), held.end(), screenSample.begin()));
            for (const SampleId& id : members) {
                QVERIFY(id.slot < 8); // one of the population's 8 sample distributions
                if (&id != &members.front())
                    QVERIFY(id.draw >= (uint64_t(1) << 63)); // never the noise of a Step's batch
            }
            if (size > 1) {
                const std::vector<float> others(t.data().begin() + sampleSize, t.data().end());
                QVERIFY(others != previousOthers); // each draw and size brings other samples
                previousOthers = others;
            }
        }
    }
}

void TestPopulation::shiftMovesChannelMeansFromItsBatch()
{
    // From batch 10 on every channel's mean is 2.5 higher; before, it is the population's.
    const GeneratorSpec spec = specOf(GeneratorKind::ChannelShift);
    const Population plain(spec);
    const Population shifted(spec, PopulationShift { 10, 2.5 });
    QCOMPARE(shifted.batch(9).values(), plain.batch(9).values());
    const Tensor before = plain.batch(10);
    const Tensor after = shifted.batch(10);
    // Equal up to float rounding (the shift is added before rounding to float32).
    for (int64_t i = 0; i < before.numel(); ++i)
        QVERIFY(std::abs(after.data()[static_cast<size_t>(i)] - (before.data()[static_cast<size_t>(i)] + 2.5)) < 4e-6);
    QCOMPARE(shifted.channelMoments(10).mean[3], plain.channelMoments().mean[3] + 2.5);
    QCOMPARE(shifted.channelMoments(9).mean[3], plain.channelMoments().mean[3]);
}

QTEST_APPLESS_MAIN(TestPopulation)
#include "test_population.moc"
