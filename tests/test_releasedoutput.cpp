// A snapshot whose output was released (withoutOutput: the window computing its next result, the
// comparison tab's columns) still answers for any single value and for the whole output, computed
// again from its statistics: the very floats the layer returned, bit for bit, for every norm.
#include "analysis/snapshot.h"
#include "tensor/generators.h"

#include <QtTest>

#include <cstring>
#include <random>

using namespace normscope;

Q_DECLARE_METATYPE(normscope::Shape)

class TestReleasedOutput : public QObject {
    Q_OBJECT
private slots:
    void recomputedBitForBit_data();
    void recomputedBitForBit();
    void tokensOfBtcAreNotRecomputedOneByOne();
};

namespace {

bool sameBits(float a, float b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

std::vector<float> randomValues(size_t count, float lo, float hi, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(count);
    for (float& x : v)
        x = d(rng);
    return v;
}

} // namespace

void TestReleasedOutput::recomputedBitForBit_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<bool>("eval");
    QTest::addColumn<int>("layerDims");
    // Small sets, sets of several rows, rows longer than the kernels' blocks, an offset of 1e4.
    QTest::newRow("BN train") << int(NormKind::Batch) << Shape { 3, 5, 7, 9, 4 } << false << 3;
    QTest::newRow("BN eval, running statistics") << int(NormKind::Batch) << Shape { 3, 5, 7, 9, 4 } << true << 3;
    QTest::newRow("LN (C,H,W), γ per element") << int(NormKind::Layer) << Shape { 2, 3, 17, 19, 4 } << false << 3;
    QTest::newRow("LN over W") << int(NormKind::Layer) << Shape { 2, 3, 5, 11, 4 } << false << 1;
    QTest::newRow("IN, long rows") << int(NormKind::Instance) << Shape { 2, 3, 64, 67, 4 } << false << 3;
    QTest::newRow("GN G=2") << int(NormKind::Group) << Shape { 2, 4, 9, 13, 4 } << false << 3;
    QTest::newRow("RMSNorm (C,H,W)") << int(NormKind::Rms) << Shape { 2, 3, 17, 19, 4 } << false << 3;
}

void TestReleasedOutput::recomputedBitForBit()
{
    QFETCH(int, kind);
    QFETCH(Shape, shape);
    QFETCH(bool, eval);
    QFETCH(int, layerDims);
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = shape;
    spec.seed = 3;
    Tensor input = generateTensor(spec);
    for (float& x : input.data())
        x += 1e4f; // far from 0: the mean's rounding matters
    SnapshotRequest request;
    request.input = std::make_shared<const Tensor>(std::move(input));
    request.config = NormConfig::defaults(static_cast<NormKind>(kind));
    request.config.groups = 2;
    if (layerDims < 3)
        request.config.normalizedShape = { shape.w };
    const int64_t perSet = request.config.kind == NormKind::Layer || request.config.kind == NormKind::Rms
        ? (layerDims == 3 ? shape.c * shape.hw() : shape.w)
        : shape.c;
    request.params.weight = randomValues(static_cast<size_t>(perSet), -2.0f, 2.0f, 1);
    if (request.config.kind != NormKind::Rms)
        request.params.bias = randomValues(static_cast<size_t>(perSet), -1.0f, 1.0f, 2);
    if (eval) {
        request.config.training = false;
        request.params.runningMean = randomValues(static_cast<size_t>(shape.c), 9999.0f, 10001.0f, 3);
        request.params.runningVar = randomValues(static_cast<size_t>(shape.c), 0.5f, 2.0f, 4);
    }
    const auto full = computeSnapshot(request);
    const auto lean = withoutOutput(*full);
    QVERIFY(!lean->output);
    int64_t checked = 0;
    for (int64_t n = 0; n < shape.n; ++n)
        for (int64_t c = 0; c < shape.c; ++c)
            for (int64_t h = 0; h < shape.h; ++h)
                for (int64_t w = 0; w < shape.w; ++w) {
                    const std::optional<float> y = outputValue(*lean, n, c, h, w);
                    QVERIFY(y);
                    if (!sameBits(*y, full->output->at(n, c, h, w)))
                        QFAIL(qPrintable(QStringLiteral("(%1, %2, %3, %4): %5 recomputed, %6 returned")
                                             .arg(n)
                                             .arg(c)
                                             .arg(h)
                                             .arg(w)
                                             .arg(static_cast<double>(*y), 0, 'g', 9)
                                             .arg(static_cast<double>(full->output->at(n, c, h, w)), 0, 'g', 9)));
                    ++checked;
                }
    QCOMPARE(checked, shape.numel());
    const auto again = withOutput(lean);
    QVERIFY(again != lean && again->output);
    QCOMPARE(std::memcmp(again->output->data().data(), full->output->data().data(),
                 static_cast<size_t>(shape.numel()) * sizeof(float)),
        0);
    QCOMPARE(withOutput(full), full); // nothing computed when the output is there
}

void TestReleasedOutput::tokensOfBtcAreNotRecomputedOneByOne()
{
    // (B, T, C) data is held as (B, C, T): a token's values are strided, so a single value is not
    // recomputed (the window says "computing…"); the whole output still is.
    Tensor held(Shape::fromUserDims({ 2, 5, 6 }, Layout::BTC), randomValues(60, -3.0f, 3.0f, 7)); // B, T, C
    SnapshotRequest request;
    request.input = std::make_shared<const Tensor>(std::move(held));
    request.config = NormConfig::defaults(NormKind::Layer);
    request.config.normalizedShape = { 6 };
    const auto full = computeSnapshot(request);
    QVERIFY(full->geometry.transposed());
    const auto lean = withoutOutput(*full);
    QVERIFY(!outputValue(*lean, 1, 2, 0, 3));
    QCOMPARE(*outputValue(*full, 1, 2, 0, 3), full->output->at(1, 2, 0, 3));
    QCOMPARE(std::memcmp(outputOf(*lean)->data().data(), full->output->data().data(), 60 * sizeof(float)), 0);
}

QTEST_GUILESS_MAIN(TestReleasedOutput)
#include "test_releasedoutput.moc"
