// Layouts: their names, the reordering between the user's order and the channels-first tensor
// NormScope holds, and the reduction sets of LayerNorm and RMSNorm on (B, T, C) data, checked
// element by element against definitions written out by hand.
#include "cube/cubemodel.h"
#include "norms/normalize.h"
#include "norms/normerror.h"
#include "norms/reduction.h"
#include "tensor/layout.h"
#include "testsupport.h"

#include <QtTest>

#include <map>

using namespace normscope;

class TestLayout : public QObject {
    Q_OBJECT
private slots:
    void namesAndRanks();
    void userDims();
    void arrangeNhwcByHand();
    void arrangeBtcByHand();
    void roundTrip();
    void tokenSetsMatchDefinition_data();
    void tokenSetsMatchDefinition();
    void tokenLabelsAndBoxes();
    void btcNormsSeeTheRightTensor();
};

void TestLayout::namesAndRanks()
{
    QCOMPARE(parseLayout("nchw", 4), Layout::ChannelsFirst);
    QCOMPARE(parseLayout("nhwc", 4), Layout::NHWC);
    QCOMPARE(parseLayout("ncl", 3), Layout::ChannelsFirst);
    QCOMPARE(parseLayout("btc", 3), Layout::BTC);
    QCOMPARE(parseLayout("nc", 2), Layout::ChannelsFirst);
    QCOMPARE(QString::fromStdString(layoutKey(Layout::ChannelsFirst, 3)), QStringLiteral("ncl"));
    QCOMPARE(QString::fromStdString(layoutTitle(Layout::BTC, 3)), QStringLiteral("(B, T, C)"));
    QCOMPARE(QString::fromStdString(layoutTitle(Layout::NHWC, 4)), QStringLiteral("(N, H, W, C)"));
    QCOMPARE(layoutsForRank(2).size(), size_t(1));
    try {
        parseLayout("btc", 4);
        QFAIL("expected NormError");
    } catch (const NormError& e) {
        QCOMPARE(QString::fromUtf8(e.what()),
            QStringLiteral("layout btc is (B, T, C), for rank-3 data; this tensor has rank 4: use nchw or nhwc"));
    }
    QVERIFY_THROWS_EXCEPTION(NormError, parseLayout("nhwc", 3));
    QVERIFY_THROWS_EXCEPTION(NormError, parseLayout("NCHW", 4)); // keys are lower case
    QVERIFY_THROWS_EXCEPTION(NormError, Shape::fromUserDims({ 2, 3, 4, 5 }, Layout::BTC));
    QVERIFY_THROWS_EXCEPTION(NormError, Shape::fromUserDims({ 2, 3, 4 }, Layout::NHWC));
}

void TestLayout::userDims()
{
    const Shape nhwc = Shape::fromUserDims({ 2, 4, 5, 3 }, Layout::NHWC);
    QCOMPARE(nhwc.n, int64_t(2));
    QCOMPARE(nhwc.c, int64_t(3));
    QCOMPARE(nhwc.h, int64_t(4));
    QCOMPARE(nhwc.w, int64_t(5));
    QCOMPARE(nhwc.dims(), (std::vector<int64_t> { 2, 3, 4, 5 }));
    QCOMPARE(nhwc.userDims(), (std::vector<int64_t> { 2, 4, 5, 3 }));
    const Shape btc = Shape::fromUserDims({ 2, 7, 3 }, Layout::BTC); // B = 2, T = 7, C = 3
    QCOMPARE(btc.c, int64_t(3));
    QCOMPARE(btc.w, int64_t(7));
    QCOMPARE(btc.dims(), (std::vector<int64_t> { 2, 3, 7 }));
    QCOMPARE(btc.userDims(), (std::vector<int64_t> { 2, 7, 3 }));
    QVERIFY(!(btc == Shape::fromDims({ 2, 3, 7 }))); // the same numbers, not the same data
}

void TestLayout::arrangeNhwcByHand()
{
    // (N, H, W, C) = (2, 1, 2, 3); value = 100 n + 10 w + c, so each value names its place.
    std::vector<float> file;
    for (int n = 0; n < 2; ++n)
        for (int w = 0; w < 2; ++w)
            for (int c = 0; c < 3; ++c)
                file.push_back(static_cast<float>(100 * n + 10 * w + c));
    const Tensor held = arrangeFrom(Tensor(Shape::fromDims({ 2, 1, 2, 3 }), file), Layout::NHWC);
    QCOMPARE(held.shape().layout, Layout::NHWC);
    QCOMPARE(held.shape().dims(), (std::vector<int64_t> { 2, 3, 1, 2 }));
    for (int n = 0; n < 2; ++n)
        for (int c = 0; c < 3; ++c)
            for (int w = 0; w < 2; ++w)
                QCOMPARE(held.at(n, c, 0, w), static_cast<float>(100 * n + 10 * w + c));
    QCOMPARE(valuesInUserOrder(held), file);
}

void TestLayout::arrangeBtcByHand()
{
    // (B, T, C) = (2, 4, 3): value = 100 b + 10 t + c.
    std::vector<float> file;
    for (int b = 0; b < 2; ++b)
        for (int t = 0; t < 4; ++t)
            for (int c = 0; c < 3; ++c)
                file.push_back(static_cast<float>(100 * b + 10 * t + c));
    const Tensor held = arrangeFrom(Tensor(Shape::fromDims({ 2, 4, 3 }), file), Layout::BTC);
    QCOMPARE(held.shape().userDims(), (std::vector<int64_t> { 2, 4, 3 }));
    // Held as x.transpose(1, 2): (B, C, T).
    for (int b = 0; b < 2; ++b)
        for (int c = 0; c < 3; ++c)
            for (int t = 0; t < 4; ++t)
                QCOMPARE(held.at(b, c, 0, t), static_cast<float>(100 * b + 10 * t + c));
    QCOMPARE(valuesInUserOrder(held), file);
}

void TestLayout::roundTrip()
{
    // Sizes beyond one 32 × 32 tile, and odd ones.
    for (const auto& [dims, layout] : { std::pair { std::vector<int64_t> { 3, 37, 41, 5 }, Layout::NHWC },
             std::pair { std::vector<int64_t> { 2, 70, 33 }, Layout::BTC },
             std::pair { std::vector<int64_t> { 2, 3, 4 }, Layout::ChannelsFirst } }) {
        const Shape asRead = Shape::fromDims(dims);
        std::vector<float> values(static_cast<size_t>(asRead.numel()));
        for (size_t i = 0; i < values.size(); ++i)
            values[i] = static_cast<float>(i);
        const Tensor held = arrangeFrom(Tensor(asRead, values), layout);
        QCOMPARE(held.shape().userDims(), dims);
        QCOMPARE(valuesInUserOrder(held), values);
    }
}

namespace {

// (B, T, C) = (3, 4, 5); the held tensor is (B, C, T).
Shape btcShape()
{
    return Shape::fromUserDims({ 3, 4, 5 }, Layout::BTC);
}

} // namespace

void TestLayout::tokenSetsMatchDefinition_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QList<qint64>>("normalizedShape");
    QTest::addColumn<qint64>("sets");
    for (const NormKind kind : { NormKind::Layer, NormKind::Rms }) {
        const auto name = QByteArray(normTitle(kind).data());
        QTest::newRow(QByteArray(name + " [C]: one set per token").constData())
            << static_cast<int>(kind) << QList<qint64> { 5 } << qint64(12);
        QTest::newRow(QByteArray(name + " [T, C]: one per sequence").constData())
            << static_cast<int>(kind) << QList<qint64> { 4, 5 } << qint64(3);
        QTest::newRow(QByteArray(name + " default: one per sequence").constData())
            << static_cast<int>(kind) << QList<qint64> {} << qint64(3);
        QTest::newRow(QByteArray(name + " [B, T, C]: one set").constData())
            << static_cast<int>(kind) << QList<qint64> { 3, 4, 5 } << qint64(1);
    }
}

void TestLayout::tokenSetsMatchDefinition()
{
    QFETCH(int, kind);
    QFETCH(QList<qint64>, normalizedShape);
    QFETCH(qint64, sets);
    const Shape s = btcShape();
    NormConfig config = NormConfig::defaults(static_cast<NormKind>(kind));
    config.normalizedShape.assign(normalizedShape.begin(), normalizedShape.end());
    const ReductionGeometry g(config, s);
    QVERIFY(g.transposed());
    QCOMPARE(g.setCount(), sets);
    const size_t k = normalizedShape.isEmpty() ? 2 : static_cast<size_t>(normalizedShape.size());
    // Two elements share a set exactly when they agree on the (B, T, C) indices before the
    // normalized dimensions: (b, t) for [C], b for [T, C], nothing for [B, T, C].
    std::map<std::vector<int64_t>, int64_t> keyToSet;
    std::map<int64_t, int64_t> sizes;
    for (int64_t b = 0; b < 3; ++b)
        for (int64_t t = 0; t < 4; ++t)
            for (int64_t c = 0; c < 5; ++c) {
                const std::vector<int64_t> index { b, t, c };
                const std::vector<int64_t> key(index.begin(), index.end() - static_cast<std::ptrdiff_t>(k));
                const int64_t set = g.setOf(b, c, 0, t); // held (B, C, T): h = 0, w = t
                auto [it, inserted] = keyToSet.emplace(key, set);
                QCOMPARE(it->second, set);
                ++sizes[set];
            }
    QCOMPARE(static_cast<qint64>(keyToSet.size()), sets);
    for (const auto& [set, size] : sizes)
        QCOMPARE(size, g.setSize());
    // γ: one value per element of normalized_shape, in (B, T, C) order.
    QCOMPARE(g.affineSize(), g.setSize());
}

void TestLayout::tokenLabelsAndBoxes()
{
    const Shape s = btcShape();
    NormConfig rms = NormConfig::defaults(NormKind::Rms);
    rms.normalizedShape = { 5 };
    const ReductionGeometry g(rms, s);
    QCOMPARE(QString::fromStdString(g.setLabel(2 * 4 + 3)), QStringLiteral("b=2, t=3"));
    QVERIFY(g.setsWithinSample());
    QVERIFY(!g.setsWithinChannel()); // a token spans every feature
    // The cube: token (2, 3) is a line across all of C at n = 2, s = 3.
    const CubeModel model(g);
    const IndexBox box = model.setBox(2 * 4 + 3);
    QCOMPARE(box, (IndexBox { { 2, 0, 3 }, { 3, 5, 4 } }));
    // The same sets as LayerNorm with the same normalized_shape.
    NormConfig ln = NormConfig::defaults(NormKind::Layer);
    ln.normalizedShape = { 5 };
    const CubeModel layer { ReductionGeometry(ln, s) };
    for (int64_t set = 0; set < 12; ++set)
        QCOMPARE(layer.setBox(set), model.setBox(set));

    // BatchNorm on (B, T, C): one set per feature, over B and T; InstanceNorm per (b, c) over T.
    const ReductionGeometry bn(NormConfig::defaults(NormKind::Batch), s);
    QVERIFY(!bn.transposed());
    QCOMPARE(bn.setCount(), int64_t(5));
    QCOMPARE(CubeModel(bn).setBox(4), (IndexBox { { 0, 4, 0 }, { 3, 5, 4 } }));
    const ReductionGeometry in(NormConfig::defaults(NormKind::Instance), s);
    QCOMPARE(QString::fromStdString(in.setLabel(7)), QStringLiteral("b=1, c=2"));
    // The normalized_shape default of LayerNorm on (B, T, C) is (T, C), and its words say so.
    NormConfig wrong = NormConfig::defaults(NormKind::Layer);
    wrong.normalizedShape = { 4 };
    try {
        ReductionGeometry(wrong, s);
        QFAIL("expected NormError");
    } catch (const NormError& e) {
        QCOMPARE(QString::fromUtf8(e.what()),
            QStringLiteral("Given normalized_shape=[4], expected input with shape [*, 4], but got input of "
                           "size[3, 4, 5]"));
    }
    QCOMPARE(normalizedShapeOf(NormConfig::defaults(NormKind::Layer), s), (std::vector<int64_t> { 4, 5 }));
}

void TestLayout::btcNormsSeeTheRightTensor()
{
    // LayerNorm over [C] on (B, T, C) by hand: every token of the output has mean 0 and variance
    // var / (var + eps); the held tensor keeps its (B, C, T) order.
    const Shape asRead = Shape::fromDims({ 2, 3, 4 });
    std::vector<float> file(24);
    for (size_t i = 0; i < file.size(); ++i)
        file[i] = static_cast<float>((i * 7) % 11) + 0.5f * static_cast<float>(i % 4);
    const Tensor x = arrangeFrom(Tensor(asRead, file), Layout::BTC);
    NormConfig ln = NormConfig::defaults(NormKind::Layer);
    ln.normalizedShape = { 4 };
    NormParams params;
    const Tensor y = normalize(x, ln, params);
    QCOMPARE(y.shape(), x.shape());
    const std::vector<float> out = valuesInUserOrder(y);
    for (int token = 0; token < 6; ++token) {
        double mean = 0.0;
        double var = 0.0;
        double inMean = 0.0;
        double inVar = 0.0;
        for (int c = 0; c < 4; ++c) {
            mean += out[static_cast<size_t>(token * 4 + c)] / 4.0;
            inMean += file[static_cast<size_t>(token * 4 + c)] / 4.0;
        }
        for (int c = 0; c < 4; ++c) {
            var += std::pow(out[static_cast<size_t>(token * 4 + c)] - mean, 2) / 4.0;
            inVar += std::pow(file[static_cast<size_t>(token * 4 + c)] - inMean, 2) / 4.0;
        }
        QVERIFY2(std::abs(mean) < 1e-6, qPrintable(QStringLiteral("token %1 mean %2").arg(token).arg(mean)));
        QVERIFY2(std::abs(var - inVar / (inVar + 1e-5)) < 1e-6,
            qPrintable(QStringLiteral("token %1 var %2").arg(token).arg(var)));
    }
}

QTEST_GUILESS_MAIN(TestLayout)
#include "test_layout.moc"
