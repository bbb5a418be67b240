// The running-statistics lab: its running_mean / running_var after K steps are nn.BatchNorm2d's
// fed the same K batches (PyTorch, from batches exported as .npy here), momentum=None is the plain
// mean of the batch statistics, eval mode approaches train mode with steps, a new momentum
// replays the same batches, and running statistics lag behind a distribution shift as the
// momentum rule says (expectations derived by hand below, never taken from the code).
#include "io/npy.h"
#include "labs/runningstats.h"
#include "norms/normerror.h"
#include "testsupport.h"
#include "torchreference.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace normscope;

class TestLabsRunningStats : public QObject {
    Q_OBJECT
private slots:
    void matchesPyTorch_data();
    void matchesPyTorch();
    void momentumNoneIsThePlainMean();
    void evalApproachesTrain();
    void newMomentumReplaysTheSameBatches();
    void runningStatisticsLagBehindAShift();
    void loadedBatchesAreFedInTurn();
    void refusesOneValuePerChannel();
    void refusesAffineOfAnotherChannelCount();
};

namespace {

GeneratorSpec channelShift(Shape shape, uint64_t seed)
{
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = shape;
    spec.seed = seed;
    return spec;
}

// Mean and unbiased variance of channel c, two passes in double.
std::pair<double, double> channelMeanVar(const Tensor& t, int64_t c)
{
    const Shape& s = t.shape();
    double sum = 0.0;
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t i = 0; i < s.hw(); ++i)
            sum += t.at(n, c, i / s.w, i % s.w);
    const double count = static_cast<double>(s.n * s.hw());
    const double mean = sum / count;
    double sq = 0.0;
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t i = 0; i < s.hw(); ++i) {
            const double d = t.at(n, c, i / s.w, i % s.w) - mean;
            sq += d * d;
        }
    return { mean, sq / (count - 1.0) };
}

// float32's resolution at x: the gap to the next float away from zero.
double ulp32(double x)
{
    const float a = std::abs(static_cast<float>(x));
    return double(std::nextafter(a, std::numeric_limits<float>::infinity())) - double(a);
}

QString momentumKey(const std::optional<double>& m)
{
    return m ? QString::number(*m, 'f', 2)
                   .replace(QStringLiteral("0.10"), QStringLiteral("0.1"))
                   .replace(QStringLiteral("1.00"), QStringLiteral("1.0"))
             : QStringLiteral("none");
}

} // namespace

void TestLabsRunningStats::matchesPyTorch_data()
{
    QTest::addColumn<bool>("shifted");
    QTest::newRow("no shift, no affine") << false;
    QTest::newRow("shift 2.5 from step 12, gamma and beta") << true;
}

void TestLabsRunningStats::matchesPyTorch()
{
    const QString missing = test::missingPython(); // fails naming the package, never skips
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    QFETCH(bool, shifted);
    const GeneratorSpec spec = channelShift({ 4, 3, 5, 5, 4 }, 7);
    constexpr uint64_t steps = 30;
    RunningStatsSettings settings;
    settings.eps = 1e-3;
    if (shifted) {
        settings.shift = { 12, 2.5 };
        settings.weight = { 1.5f, -0.7f, 2.0f };
        settings.bias = { 0.3f, -1.0f, 0.5f };
    }

    // The batches as the population gives them (the shift added to each value before rounding to
    // float32, as Population does), exported for PyTorch.
    QTemporaryDir dir;
    const Population population(spec, settings.shift);
    for (uint64_t k = 1; k <= steps; ++k)
        writeTensor(dir.filePath(QStringLiteral("batch_%1.npy").arg(k)).toStdString(), population.batch(k));
    std::vector<SampleId> screen;
    for (uint64_t n = 0; n < 4; ++n)
        screen.push_back({ n, 0 });
    writeTensor(dir.filePath(QStringLiteral("held_plain.npy")).toStdString(), population.batchOf(screen, 0));
    if (shifted)
        writeTensor(dir.filePath(QStringLiteral("held_shifted.npy")).toStdString(), population.batchOf(screen, 12));
    const std::vector<std::optional<double>> momenta { 0.1, 0.01, 1.0, std::nullopt };
    QJsonObject config { { QStringLiteral("steps"), int(steps) }, { QStringLiteral("eps"), settings.eps },
        { QStringLiteral("momenta"), QJsonArray { 0.1, 0.01, 1.0, QJsonValue::Null } },
        { QStringLiteral("shift_from"), shifted ? QJsonValue(12) : QJsonValue::Null } };
    if (shifted) {
        config[QStringLiteral("weight")] = QJsonArray { 1.5, -0.7, 2.0 };
        config[QStringLiteral("bias")] = QJsonArray { 0.3, -1.0, 0.5 };
    }
    QFile file(dir.filePath(QStringLiteral("config.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(config).toJson());
    file.close();
    QString error;
    const auto torch = test::runLabsTorch(dir.path(), &error);
    QVERIFY2(torch, qPrintable(error));

    RunningStatsLab lab { LabSource(spec) };
    QCOMPARE(lab.feed(steps), steps);
    const ChannelMoments moments = population.channelMoments();
    for (const auto& momentum : momenta) {
        settings.momentum = momentum;
        const RunningStatsHistory h = lab.history(steps, settings);
        const QJsonObject expected = (*torch)[momentumKey(momentum)].toObject();
        QVERIFY2(!expected.isEmpty(), qPrintable(momentumKey(momentum)));
        QCOMPARE(h.numBatchesTracked, expected[QStringLiteral("tracked")].toInteger());
        for (uint64_t k = 0; k <= steps; ++k) {
            const auto rm = expected[QStringLiteral("rm")].toArray()[int(k)].toArray();
            const auto rv = expected[QStringLiteral("rv")].toArray()[int(k)].toArray();
            const auto evalMean = expected[QStringLiteral("eval_mean")].toArray()[int(k)].toArray();
            for (int64_t c = 0; c < 3; ++c) {
                // Scaled to the channel's spread σ_c; the small relative term is float32 storage
                // of running_mean / running_var (NormScope stores them as PyTorch's float32 layer
                // does; the reference runs in float64).
                const double sigma = std::sqrt(moments.var[static_cast<size_t>(c)]);
                const double expectedMean = rm[int(c)].toDouble();
                const double expectedVar = rv[int(c)].toDouble();
                QVERIFY2(
                    std::abs(h.runningMean.at(k, c) - expectedMean) <= 1e-5 * sigma + 1e-6 * std::abs(expectedMean),
                    qPrintable(QStringLiteral("momentum %1 step %2 channel %3: running_mean %4, PyTorch %5")
                                   .arg(momentumKey(momentum))
                                   .arg(k)
                                   .arg(c)
                                   .arg(h.runningMean.at(k, c), 0, 'g', 9)
                                   .arg(expectedMean, 0, 'g', 9)));
                QVERIFY2(
                    std::abs(h.runningVar.at(k, c) - expectedVar) <= 1e-6 * sigma * sigma + 4.0 * ulp32(expectedVar),
                    qPrintable(QStringLiteral("momentum %1 step %2 channel %3: running_var %4, PyTorch %5")
                                   .arg(momentumKey(momentum))
                                   .arg(k)
                                   .arg(c)
                                   .arg(h.runningVar.at(k, c), 0, 'g', 9)
                                   .arg(expectedVar, 0, 'g', 9)));
                // Outputs spread in units of |γ| ≤ 2.
                QVERIFY2(std::abs(h.evalMean.at(k, c) - evalMean[int(c)].toDouble())
                        <= 1e-6 * 2.0 + 4.0 * ulp32(evalMean[int(c)].toDouble()),
                    qPrintable(QStringLiteral("step %1 channel %2: eval mean %3, PyTorch %4")
                                   .arg(k)
                                   .arg(c)
                                   .arg(h.evalMean.at(k, c))
                                   .arg(evalMean[int(c)].toDouble())));
            }
            const double gap = expected[QStringLiteral("gap")].toArray()[int(k)].toDouble();
            QVERIFY2(std::abs(h.gap[k] - gap) <= 1e-6 * 2.0 + 4.0 * ulp32(gap),
                qPrintable(QStringLiteral("momentum %1 step %2: gap %3, PyTorch %4")
                               .arg(momentumKey(momentum))
                               .arg(k)
                               .arg(h.gap[k], 0, 'g', 9)
                               .arg(gap, 0, 'g', 9)));
        }
    }
}

void TestLabsRunningStats::momentumNoneIsThePlainMean()
{
    // momentum=None: running_mean_k = (x̄_1 + ... + x̄_k) / k and running_var_k the mean of the
    // batches' *unbiased* variances (PyTorch's factor 1/k forgets the initial 0 and 1 at once).
    const GeneratorSpec spec = channelShift({ 4, 3, 5, 5, 4 }, 11);
    const Population population(spec);
    RunningStatsLab lab { LabSource(spec) };
    lab.feed(25);
    RunningStatsSettings settings;
    settings.momentum.reset();
    const RunningStatsHistory h = lab.history(25, settings);
    const ChannelMoments moments = population.channelMoments();
    std::vector<double> sumMean(3, 0.0), sumVar(3, 0.0);
    for (uint64_t k = 1; k <= 25; ++k) {
        const Tensor batch = population.batch(k);
        for (int64_t c = 0; c < 3; ++c) {
            const auto [mean, var] = channelMeanVar(batch, c);
            sumMean[size_t(c)] += mean;
            sumVar[size_t(c)] += var;
            const double sigma2 = moments.var[size_t(c)];
            // A biased variance would be 1 % (1/99) smaller: far outside these bounds.
            QVERIFY(std::abs(h.batchVar.at(k, c) - var) <= 1e-9 * sigma2);
            QVERIFY2(std::abs(h.runningMean.at(k, c) - sumMean[size_t(c)] / double(k)) <= 1e-6 * std::sqrt(sigma2),
                qPrintable(QStringLiteral("step %1: %2 vs %3")
                               .arg(k)
                               .arg(h.runningMean.at(k, c))
                               .arg(sumMean[size_t(c)] / double(k))));
            QVERIFY2(std::abs(h.runningVar.at(k, c) - sumVar[size_t(c)] / double(k)) <= 1e-6 * sigma2,
                qPrintable(QStringLiteral("step %1: %2 vs %3")
                               .arg(k)
                               .arg(h.runningVar.at(k, c))
                               .arg(sumVar[size_t(c)] / double(k))));
        }
    }
}

void TestLabsRunningStats::evalApproachesTrain()
{
    // Channel-shift means ~ N(0, 3²): before any step (running 0 and 1) eval is far from train.
    // With momentum 0.1 the running mean's distance decays as 0.9^k, down to the noise of the
    // batches (σ/sqrt(512)·sqrt(0.1/1.9) ≈ 0.01σ), so the gap falls by far more than 20×.
    const GeneratorSpec spec = channelShift({ 8, 6, 8, 8, 4 }, 3);
    RunningStatsLab lab { LabSource(spec) };
    lab.feed(60);
    RunningStatsSettings settings;
    const RunningStatsHistory h = lab.history(60, settings);
    QVERIFY2(h.gap[0] > 0.5, qPrintable(QString::number(h.gap[0])));
    QVERIFY(h.gap[5] < h.gap[0]);
    QVERIFY(h.gap[20] < h.gap[5]);
    QVERIFY(h.gap[60] < h.gap[20]);
    QVERIFY2(h.gap[60] < 0.05 * h.gap[0], qPrintable(QStringLiteral("%1 vs %2").arg(h.gap[60]).arg(h.gap[0])));
    // Train mode's output mean is β = 0; eval's per-channel mean approaches it.
    for (int64_t c = 0; c < 6; ++c)
        QVERIFY(std::abs(h.evalMean.at(60, c)) < 0.1 * std::abs(h.evalMean.at(0, c)) + 0.05);

    // Momentum 0.01 forgets the start slowly: 0.99^60 ≈ 0.55 of the distance is left.
    settings.momentum = 0.01;
    const RunningStatsHistory slow = lab.history(60, settings);
    QVERIFY(slow.gap[60] > 0.3 * slow.gap[0]);
    // Momentum 1.0 and None both take the first batch's statistics whole at step 1.
    settings.momentum = 1.0;
    const RunningStatsHistory whole = lab.history(60, settings);
    settings.momentum.reset();
    const RunningStatsHistory cumulative = lab.history(60, settings);
    QCOMPARE(whole.runningMean.step(1)[2], cumulative.runningMean.step(1)[2]);
    QCOMPARE(whole.gap[1], cumulative.gap[1]);
    QVERIFY(whole.gap[1] < 0.05 * whole.gap[0]);
}

void TestLabsRunningStats::newMomentumReplaysTheSameBatches()
{
    const GeneratorSpec spec = channelShift({ 4, 3, 5, 5, 4 }, 5);
    RunningStatsLab lab { LabSource(spec) };
    lab.feed(40);
    RunningStatsSettings a;
    RunningStatsSettings b;
    b.momentum = 0.5;
    const RunningStatsHistory first = lab.history(40, a);
    const RunningStatsHistory other = lab.history(40, b);
    const RunningStatsHistory again = lab.history(40, a);
    QCOMPARE(lab.fed(), uint64_t(40)); // no new batches were drawn
    QCOMPARE(again.runningMean.values, first.runningMean.values);
    QCOMPARE(again.gap, first.gap);
    // The same batches (step 0 has none: NaN) ...
    QVERIFY(std::equal(other.batchMean.values.begin() + 3, other.batchMean.values.end(),
        first.batchMean.values.begin() + 3, first.batchMean.values.end()));
    QVERIFY(other.runningMean.values != first.runningMean.values); // ... another rule
    for (int64_t c = 0; c < 3; ++c) {
        // One step from running_mean 0 and running_var 1: m·x̄ and (1 − m) + m·s².
        QCOMPARE(other.runningMean.at(1, c), double(float(0.5 * first.batchMean.at(1, c))));
        QCOMPARE(other.runningVar.at(1, c), double(float(0.5 + 0.5 * first.batchVar.at(1, c))));
    }
    // Fewer steps than fed: a prefix of the same history.
    const RunningStatsHistory prefix = lab.history(10, a);
    QCOMPARE(prefix.steps, uint64_t(10));
    QCOMPARE(prefix.runningMean.at(10, 2), first.runningMean.at(10, 2));
}

void TestLabsRunningStats::runningStatisticsLagBehindAShift()
{
    // From step 30 every value is 3 higher. With momentum m = 0.1, by hand:
    //   E[running_mean_k] = (1 − 0.9^k)·μ + 3·(1 − 0.9^(k − 29))      for k ≥ 30
    //   Var[running_mean_k] = m² Σ_i (1 − m)^(2i) · σ² / 512
    // so one step after the shift running_mean has moved only 0.3 of the way, and it lags on.
    const GeneratorSpec spec = channelShift({ 8, 6, 8, 8, 4 }, 3);
    RunningStatsLab lab { LabSource(spec) };
    lab.feed(70);
    RunningStatsSettings settings;
    settings.shift = { 30, 3.0 };
    const RunningStatsHistory h = lab.history(70, settings);
    const ChannelMoments moments = Population(spec).channelMoments();
    double weights = 0.0;
    for (uint64_t k = 1; k <= 70; ++k) {
        weights = weights * 0.81 + 0.01;
        for (int64_t c = 0; c < 6; ++c) {
            const double mu = moments.mean[size_t(c)];
            const double shifted = k >= 30 ? 3.0 * (1.0 - std::pow(0.9, double(k) - 29.0)) : 0.0;
            const double expected = (1.0 - std::pow(0.9, double(k))) * mu + shifted;
            const double sd = std::sqrt(weights * moments.var[size_t(c)] / 512.0);
            QVERIFY2(std::abs(h.runningMean.at(k, c) - expected) < 4.0 * sd + 1e-6,
                qPrintable(QStringLiteral("step %1 channel %2: %3, expected %4 ± %5")
                               .arg(k)
                               .arg(c)
                               .arg(h.runningMean.at(k, c))
                               .arg(expected)
                               .arg(sd)));
            QCOMPARE(h.trueMean.at(k, c), mu + (k >= 30 ? 3.0 : 0.0));
        }
    }
    // The held-out batch is shifted too from step 30: eval suddenly differs from train again.
    QVERIFY2(h.gap[30] > 5.0 * h.gap[29], qPrintable(QStringLiteral("%1 vs %2").arg(h.gap[30]).arg(h.gap[29])));
    QVERIFY(h.gap[70] < 0.1 * h.gap[30]);
}

void TestLabsRunningStats::loadedBatchesAreFedInTurn()
{
    // Two loaded batches: channel 0 is all 1 in the first and all 3 in the second, so the data's
    // channel-0 mean is 2 and its variance 1, and the cumulative average after two steps is 2.
    const Shape shape { 2, 2, 2, 2, 4 };
    std::vector<float> a(16, 1.0f), b(16, 3.0f);
    for (int i = 4; i < 8; ++i)
        a[size_t(i)] = float(i), a[size_t(i + 8)] = float(-i), b[size_t(i)] = 0.5f, b[size_t(i + 8)] = -0.5f;
    const auto first = std::make_shared<const Tensor>(shape, a);
    const auto second = std::make_shared<const Tensor>(shape, b);
    const LabSource source({ first, second });
    QCOMPARE(source.fedBatch(1).values(), a);
    QCOMPARE(source.fedBatch(2).values(), b);
    QCOMPARE(source.fedBatch(3).values(), a);
    QCOMPARE(source.screenBatch().values(), a);
    QVERIFY(source.screenBatchIsFed());
    QCOMPARE(source.moments().mean[0], 2.0);
    QCOMPARE(source.moments().var[0], 1.0);
    RunningStatsLab lab { source };
    lab.feed(2);
    RunningStatsSettings settings;
    settings.momentum.reset();
    const RunningStatsHistory h = lab.history(2, settings);
    QCOMPARE(h.runningMean.at(2, 0), 2.0);
    QCOMPARE(h.runningVar.at(2, 0), 0.0); // both batches are constant in channel 0
    QVERIFY(h.heldOutIsFed);
}

void TestLabsRunningStats::refusesOneValuePerChannel()
{
    // A batch of one (N, C) feature vector: nn.BatchNorm1d refuses to train on it, and so does
    // the lab, with PyTorch's words.
    GeneratorSpec spec;
    spec.shape = Shape::fromDims({ 1, 3 });
    QString message;
    try {
        RunningStatsLab lab { LabSource(spec) };
    } catch (const NormError& e) {
        message = QString::fromStdString(e.what());
    }
    QCOMPARE(message,
        QStringLiteral("Expected more than 1 value per channel when training, got input size torch.Size([1, 3])"));
    const QString missing = test::missingPython(); // fails naming the package, never skips
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    QTemporaryDir dir;
    writeTensor(dir.filePath(QStringLiteral("batch_1.npy")).toStdString(), generateTensor(spec));
    writeTensor(dir.filePath(QStringLiteral("held_plain.npy")).toStdString(), Tensor(Shape { 2, 3, 2, 2, 4 }, 1.0f));
    QFile file(dir.filePath(QStringLiteral("config.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    // A list holding one shape: clang reads QJsonArray { QJsonArray { 1, 3 } } as a copy of [1, 3].
    file.write(QJsonDocument(QJsonObject { { QStringLiteral("steps"), 0 }, { QStringLiteral("eps"), 1e-5 },
                                 { QStringLiteral("momenta"), QJsonArray {} },
                                 { QStringLiteral("error_shapes"), QJsonArray { QJsonValue(QJsonArray { 1, 3 }) } } })
                   .toJson());
    file.close();
    QString error;
    const auto torch = test::runLabsTorch(dir.path(), &error);
    QVERIFY2(torch, qPrintable(error));
    QCOMPARE(message, (*torch)[QStringLiteral("errors")].toArray()[0].toString());
}

void TestLabsRunningStats::refusesAffineOfAnotherChannelCount()
{
    // γ/β left over from a tensor with 2 channels, for one with 5: never read past their end.
    GeneratorSpec spec;
    spec.shape = Shape::fromDims({ 4, 5, 3, 3 });
    RunningStatsLab lab { LabSource(spec) };
    QCOMPARE(lab.feed(3), uint64_t { 3 });
    RunningStatsSettings settings;
    settings.weight = { 1.5f, 2.0f };
    QVERIFY_THROWS_EXCEPTION(NormError, lab.history(3, settings));
    settings.weight.clear();
    settings.bias = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f };
    QVERIFY_THROWS_EXCEPTION(NormError, lab.history(3, settings));
    settings.bias.resize(5);
    settings.weight.assign(5, 2.0f);
    QCOMPARE(lab.history(3, settings).steps, uint64_t { 3 });
}

QTEST_APPLESS_MAIN(TestLabsRunningStats)
#include "test_labs_runningstats.moc"
