// Seeded generators: reproducible, and each draws the distribution it names.
#include "analysis/histogram.h"
#include "norms/normerror.h"
#include "tensor/generators.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>

using namespace normscope;

Q_DECLARE_METATYPE(normscope::GeneratorKind)

class TestGenerators : public QObject {
    Q_OBJECT
private slots:
    void reproducible_data();
    void reproducible();
    void normalMoments();
    void uniformRange();
    void channelShiftSeparatesChannels();
    void sampleShiftSeparatesSamples();
    void heavyTailHasOutliers();
    void bimodalModes();
    void constant();
    void refusals();
};

static GeneratorSpec spec(GeneratorKind kind, Shape shape = { 4, 6, 16, 16, 4 }, uint64_t seed = 7)
{
    GeneratorSpec s;
    s.kind = kind;
    s.shape = shape;
    s.seed = seed;
    return s;
}

void TestGenerators::reproducible_data()
{
    QTest::addColumn<GeneratorKind>("kind");
    for (const auto& info : generatorCatalog())
        QTest::newRow(info.key.c_str()) << info.kind;
}

void TestGenerators::reproducible()
{
    QFETCH(GeneratorKind, kind);
    const Tensor a = generateTensor(spec(kind));
    const Tensor b = generateTensor(spec(kind));
    QCOMPARE(a.values(), b.values());
    if (kind != GeneratorKind::Constant)
        QVERIFY(generateTensor(spec(kind, { 4, 6, 16, 16, 4 }, 8)).values() != a.values());
    QVERIFY(parseGeneratorKind(generatorInfo(kind).key) == kind);
}

void TestGenerators::normalMoments()
{
    GeneratorSpec s = spec(GeneratorKind::Normal, { 16, 16, 32, 32, 4 });
    s.params = { 2.0, 3.0 };
    const Summary sum = summarize(generateTensor(s).data());
    // 262144 draws: standard error of the mean 3/512 ≈ 0.006, of the std ≈ 0.004.
    QVERIFY2(std::abs(sum.mean - 2.0) < 0.03, qPrintable(QString::number(sum.mean)));
    QVERIFY2(std::abs(sum.std - 3.0) < 0.03, qPrintable(QString::number(sum.std)));
}

void TestGenerators::uniformRange()
{
    GeneratorSpec s = spec(GeneratorKind::Uniform, { 8, 8, 32, 32, 4 });
    s.params = { -2.0, 4.0 };
    const Summary sum = summarize(generateTensor(s).data());
    QVERIFY(sum.min >= -2.0 && sum.max < 4.0);
    QVERIFY(std::abs(sum.mean - 1.0) < 0.05);
    QVERIFY(std::abs(sum.std - 6.0 / std::sqrt(12.0)) < 0.05); // uniform std = width / sqrt(12)
}

void TestGenerators::channelShiftSeparatesChannels()
{
    const Tensor t = generateTensor(spec(GeneratorKind::ChannelShift, { 8, 6, 16, 16, 4 }));
    // Channel means spread by the shift (std 3); within a channel the std is in [1/3, 3].
    std::vector<double> means;
    for (int64_t c = 0; c < 6; ++c) {
        std::vector<float> values;
        for (int64_t n = 0; n < 8; ++n)
            for (int64_t i = 0; i < 256; ++i)
                values.push_back(t.data()[static_cast<size_t>((n * 6 + c) * 256 + i)]);
        const Summary s = summarize(values);
        QVERIFY(s.std > 1.0 / 3.0 - 0.05 && s.std < 3.05);
        means.push_back(s.mean);
    }
    const auto [lo, hi] = std::minmax_element(means.begin(), means.end());
    QVERIFY2(*hi - *lo > 1.0, "channel means should differ");
}

void TestGenerators::sampleShiftSeparatesSamples()
{
    const Tensor t = generateTensor(spec(GeneratorKind::SampleShift, { 6, 4, 16, 16, 4 }));
    std::vector<double> means;
    for (int64_t n = 0; n < 6; ++n)
        means.push_back(summarize(t.data().subspan(static_cast<size_t>(n * 1024), 1024)).mean);
    const auto [lo, hi] = std::minmax_element(means.begin(), means.end());
    QVERIFY(*hi - *lo > 1.0);
}

void TestGenerators::heavyTailHasOutliers()
{
    GeneratorSpec s = spec(GeneratorKind::HeavyTailed, { 8, 8, 32, 32, 4 });
    s.params = { 0.01, 20.0 };
    const Tensor t = generateTensor(s);
    int64_t outliers = 0;
    for (float v : t.data())
        outliers += std::abs(v) >= 20.0f ? 1 : 0;
    // 1% of 65536 = 655 expected; binomial std ≈ 25.
    QVERIFY2(outliers > 500 && outliers < 800, qPrintable(QString::number(outliers)));
}

void TestGenerators::bimodalModes()
{
    GeneratorSpec s = spec(GeneratorKind::Bimodal, { 8, 8, 32, 32, 4 });
    s.params = { 8.0, 0.25 };
    const Tensor t = generateTensor(s);
    int64_t upper = 0;
    for (float v : t.data())
        upper += v > 0.0f ? 1 : 0;
    // Modes at ±4 with unit spread: the sign tells the mode (P(cross) ≈ 3e-5); 25% upper.
    QVERIFY(std::abs(static_cast<double>(upper) / t.numel() - 0.25) < 0.01);
}

void TestGenerators::constant()
{
    GeneratorSpec s = spec(GeneratorKind::Constant);
    s.params = { 2.5 };
    const Tensor t = generateTensor(s);
    for (float v : t.data())
        QCOMPARE(v, 2.5f);
}

void TestGenerators::refusals()
{
    QVERIFY_THROWS_EXCEPTION(NormError, generateTensor(spec(GeneratorKind::Normal, { 0, 3, 4, 4, 4 })));
    QVERIFY_THROWS_EXCEPTION(NormError, generateTensor(spec(GeneratorKind::Normal, { 4096, 4096, 4096, 4096, 4 })));
    GeneratorSpec s = spec(GeneratorKind::HeavyTailed);
    s.params = { 1.5 }; // fraction above 1
    QVERIFY_THROWS_EXCEPTION(NormError, generateTensor(s));
    s.params = { 0.1, 1.0, 3.0 }; // too many
    QVERIFY_THROWS_EXCEPTION(NormError, generateTensor(s));
}

QTEST_APPLESS_MAIN(TestGenerators)
#include "test_generators.moc"
