// Which elements each norm reduces over, checked against the definitions written out by hand,
// and every parameter check with PyTorch's wording.
#include "norms/normerror.h"
#include "norms/reduction.h"
#include "testsupport.h"

#include <QtTest>

using namespace normscope;

Q_DECLARE_METATYPE(normscope::NormKind)

class TestReduction : public QObject {
    Q_OBJECT
private slots:
    void setsMatchDefinitions_data();
    void setsMatchDefinitions();
    void labelsAndAffineIndex();
    void refusals_data();
    void refusals();
    void paramShapes();
    void whatSetsStayInside_data();
    void whatSetsStayInside();
};

namespace {

Shape shape4(int64_t n, int64_t c, int64_t h, int64_t w)
{
    return Shape { n, c, h, w, 4 };
}

// The set key of element (n, c, h, w) straight from each norm's definition: two elements share
// a set exactly when their keys are equal.
std::vector<int64_t> definitionKey(
    NormKind kind, int layerDims, int64_t groups, const Shape& s, int64_t n, int64_t c, int64_t h, int64_t)
{
    switch (kind) {
    case NormKind::Batch:
        return { c }; // mean over N, H, W
    case NormKind::Instance:
        return { n, c }; // mean over H, W
    case NormKind::Group:
        return { n, c / (s.c / groups) }; // mean over C/G, H, W
    case NormKind::Layer:
    case NormKind::Rms: // the same sets as LayerNorm with the same normalized_shape
        if (layerDims == 1)
            return { n, c, h }; // over W
        if (layerDims == 2)
            return { n, c }; // over H, W
        return { n }; // over C, H, W
    }
    return {};
}

} // namespace

void TestReduction::setsMatchDefinitions_data()
{
    QTest::addColumn<NormKind>("kind");
    QTest::addColumn<int>("layerDims");
    QTest::addColumn<qint64>("groups");
    QTest::addColumn<qint64>("expectedSets");
    // shape 3x6x4x5
    QTest::newRow("batch") << NormKind::Batch << 0 << qint64(1) << qint64(6);
    QTest::newRow("instance") << NormKind::Instance << 0 << qint64(1) << qint64(18);
    QTest::newRow("group G=1") << NormKind::Group << 0 << qint64(1) << qint64(3);
    QTest::newRow("group G=2") << NormKind::Group << 0 << qint64(2) << qint64(6);
    QTest::newRow("group G=3") << NormKind::Group << 0 << qint64(3) << qint64(9);
    QTest::newRow("group G=C") << NormKind::Group << 0 << qint64(6) << qint64(18);
    QTest::newRow("layer (W)") << NormKind::Layer << 1 << qint64(1) << qint64(3 * 6 * 4);
    QTest::newRow("layer (H,W)") << NormKind::Layer << 2 << qint64(1) << qint64(18);
    QTest::newRow("layer (C,H,W)") << NormKind::Layer << 3 << qint64(1) << qint64(3);
    QTest::newRow("rms (W)") << NormKind::Rms << 1 << qint64(1) << qint64(3 * 6 * 4);
    QTest::newRow("rms (H,W)") << NormKind::Rms << 2 << qint64(1) << qint64(18);
    QTest::newRow("rms (C,H,W)") << NormKind::Rms << 3 << qint64(1) << qint64(3);
}

void TestReduction::setsMatchDefinitions()
{
    QFETCH(NormKind, kind);
    QFETCH(int, layerDims);
    QFETCH(qint64, groups);
    QFETCH(qint64, expectedSets);
    const Shape s = shape4(3, 6, 4, 5);
    NormConfig config = NormConfig::defaults(kind);
    config.groups = groups;
    if (usesNormalizedShape(kind) && layerDims < 3)
        config.normalizedShape = layerDims == 1 ? std::vector<int64_t> { 5 } : std::vector<int64_t> { 4, 5 };
    const ReductionGeometry g(config, s);
    QCOMPARE(g.setCount(), expectedSets);
    QCOMPARE(g.setSize() * g.setCount(), s.numel());

    // Same set <=> same definition key, for every pair of elements.
    std::map<std::vector<int64_t>, int64_t> keyToSet;
    std::map<int64_t, int64_t> setSizes;
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t c = 0; c < s.c; ++c)
            for (int64_t h = 0; h < s.h; ++h)
                for (int64_t w = 0; w < s.w; ++w) {
                    const auto key = definitionKey(kind, layerDims, groups, s, n, c, h, w);
                    const int64_t set = g.setOf(n, c, h, w);
                    QVERIFY(set >= 0 && set < g.setCount());
                    auto [it, inserted] = keyToSet.emplace(key, set);
                    QCOMPARE(it->second, set);
                    ++setSizes[set];
                }
    QCOMPARE(static_cast<int64_t>(keyToSet.size()), expectedSets);
    for (const auto& [set, size] : setSizes)
        QCOMPARE(size, g.setSize());
}

void TestReduction::labelsAndAffineIndex()
{
    const Shape s = shape4(2, 6, 3, 4);
    NormConfig gn = NormConfig::defaults(NormKind::Group);
    gn.groups = 3;
    const ReductionGeometry g(gn, s);
    QCOMPARE(QString::fromStdString(g.setLabel(4)), QStringLiteral("n=1, g=1"));
    // channel of flat index: (flat / (H*W)) % C
    QCOMPARE(g.affineIndex(((1 * 6 + 5) * 3 + 2) * 4 + 3), int64_t(5));
    QCOMPARE(g.affineSize(), int64_t(6));

    NormConfig ln = NormConfig::defaults(NormKind::Layer);
    ln.normalizedShape = { 3, 4 };
    const ReductionGeometry l(ln, s);
    QCOMPARE(l.affineSize(), int64_t(12));
    QCOMPARE(l.affineIndex(((1 * 6 + 5) * 3 + 2) * 4 + 3), int64_t(2 * 4 + 3));
    QCOMPARE(QString::fromStdString(l.setLabel(7)), QStringLiteral("n=1, c=1"));
    // LayerNorm over W: a set is one row (n, c, h); (N, C, L) data has no h to name.
    ln.normalizedShape = { 4 };
    QCOMPARE(QString::fromStdString(ReductionGeometry(ln, s).setLabel(2 * 3 + 2)), QStringLiteral("n=0, c=2, h=2"));
    const ReductionGeometry rank3(ln, Shape::fromDims({ 2, 6, 4 }));
    QCOMPARE(QString::fromStdString(rank3.setLabel(6 + 2)), QStringLiteral("n=1, c=2"));

    NormConfig in = NormConfig::defaults(NormKind::Instance);
    const ReductionGeometry i(in, s);
    QCOMPARE(i.channelOfSet(7), int64_t(1));

    // Rank-3 input (N, C, L): normalized_shape (C, L) covers a whole sample.
    NormConfig ln3 = NormConfig::defaults(NormKind::Layer);
    ln3.normalizedShape = { 6, 4 };
    const ReductionGeometry l3(ln3, Shape::fromDims({ 2, 6, 4 }));
    QCOMPARE(l3.setCount(), int64_t(2));
    QCOMPARE(l3.affineSize(), int64_t(24));
}

void TestReduction::refusals_data()
{
    QTest::addColumn<NormKind>("kind");
    QTest::addColumn<QString>("field");
    QTest::addColumn<double>("value");
    QTest::addColumn<QVector<qint64>>("dims");
    QTest::addColumn<bool>("eval");
    QTest::addColumn<QString>("message");
    const QVector<qint64> ok { 2, 6, 3, 4 };
    QTest::newRow("eps negative") << NormKind::Batch << "eps" << -1e-5 << ok << false
                                  << "eps must be a finite number >= 0";
    QTest::newRow("eps nan") << NormKind::Layer << "eps" << qQNaN() << ok << false << "eps must be a finite number";
    QTest::newRow("eps inf") << NormKind::Group << "eps" << qInf() << ok << false << "eps must be a finite number";
    QTest::newRow("momentum > 1") << NormKind::Batch << "momentum" << 1.5 << ok << false
                                  << "momentum must be between 0 and 1";
    QTest::newRow("momentum < 0") << NormKind::Instance << "momentum" << -0.1 << ok << false
                                  << "momentum must be between 0 and 1";
    QTest::newRow("momentum nan") << NormKind::Batch << "momentum" << qQNaN() << ok << false
                                  << "momentum must be between 0 and 1";
    QTest::newRow("groups 0") << NormKind::Group << "groups" << 0.0 << ok << false
                              << "num_groups must be a positive number";
    QTest::newRow("groups -2") << NormKind::Group << "groups" << -2.0 << ok << false
                               << "num_groups must be a positive number";
    QTest::newRow("groups 4 of 6") << NormKind::Group << "groups" << 4.0 << ok << false
                                   << "num_channels must be divisible by num_groups";
    QTest::newRow("bn one value per channel")
        << NormKind::Batch << "" << 0.0 << QVector<qint64> { 1, 3, 1, 1 } << false
        << "Expected more than 1 value per channel when training, got input size torch.Size([1, 3, 1, 1])";
    QTest::newRow("bn rank-2 one sample")
        << NormKind::Batch << "" << 0.0 << QVector<qint64> { 1, 3 } << false << "got input size torch.Size([1, 3])";
    QTest::newRow("in one spatial element")
        << NormKind::Instance << "" << 0.0 << QVector<qint64> { 4, 3, 1, 1 } << false
        << "Expected more than 1 spatial element when training, got input size torch.Size([4, 3, 1, 1])";
    QTest::newRow("ln not a suffix")
        << NormKind::Layer << "ns" << 0.0 << ok << false
        << "Given normalized_shape=[3, 5], expected input with shape [*, 3, 5], but got input of size[2, 6, 3, 4]";
    QTest::newRow("ln too long") << NormKind::Layer << "ns5" << 0.0 << ok << false
                                 << "expected input with shape [*, 1, 2, 6, 3, 4]";
    // RMSNorm checks its input exactly as LayerNorm does, in the same words.
    QTest::newRow("rms not a suffix")
        << NormKind::Rms << "ns" << 0.0 << ok << false
        << "Given normalized_shape=[3, 5], expected input with shape [*, 3, 5], but got input of size[2, 6, 3, 4]";
    QTest::newRow("rms eps negative") << NormKind::Rms << "eps" << -1.0 << ok << false
                                      << "eps must be a finite number >= 0";
    QTest::newRow("eps None on LayerNorm")
        << NormKind::Layer << "epsNone" << 0.0 << ok << false << "eps=None is RMSNorm's; LayerNorm needs a number";
    QTest::newRow("eps None with another value")
        << NormKind::Rms << "epsNone" << 1e-5 << ok << false << "eps=None stands for torch.finfo(torch.float32).eps";
}

void TestReduction::refusals()
{
    QFETCH(NormKind, kind);
    QFETCH(QString, field);
    QFETCH(double, value);
    QFETCH(QVector<qint64>, dims);
    QFETCH(bool, eval);
    QFETCH(QString, message);
    NormConfig config = NormConfig::defaults(kind);
    config.training = !eval;
    if (kind == NormKind::Group)
        config.groups = 3;
    if (field == QLatin1String("eps")) {
        config.eps = value;
        config.epsNone = false;
    } else if (field == QLatin1String("epsNone")) {
        config.epsNone = true;
        config.eps = value != 0.0 ? value : float32Eps;
    } else if (field == QLatin1String("momentum"))
        config.momentum = value;
    else if (field == QLatin1String("groups"))
        config.groups = static_cast<int64_t>(value);
    else if (field == QLatin1String("ns"))
        config.normalizedShape = { 3, 5 };
    else if (field == QLatin1String("ns5"))
        config.normalizedShape = { 1, 2, 6, 3, 4 };
    const Shape s = Shape::fromDims(std::vector<int64_t>(dims.begin(), dims.end()));
    try {
        ReductionGeometry g(config, s);
        QFAIL("expected NormError");
    } catch (const NormError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
    }
}

void TestReduction::paramShapes()
{
    const Shape s = shape4(2, 6, 3, 4);
    NormConfig bn = NormConfig::defaults(NormKind::Batch);
    const ReductionGeometry g(bn, s);
    NormParams p;
    p.weight.assign(5, 1.0f);
    QVERIFY_THROWS_EXCEPTION(NormError, validateParams(bn, g, p));
    p.weight.assign(6, 1.0f);
    validateParams(bn, g, p);
    p.runningVar.assign(7, 1.0f);
    try {
        validateParams(bn, g, p);
        QFAIL("expected NormError");
    } catch (const NormError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("running_var has 7 elements")), e.what());
    }
    // RMSNorm: γ of normalized_shape's shape, and no β at all.
    NormConfig rms = NormConfig::defaults(NormKind::Rms);
    rms.normalizedShape = { 3, 4 };
    const ReductionGeometry r(rms, s);
    NormParams rp;
    rp.weight.assign(12, 2.0f);
    rp.weightShape = { 3, 4 };
    validateParams(rms, r, rp);
    rp.weightShape = { 12 };
    try {
        validateParams(rms, r, rp);
        QFAIL("expected NormError");
    } catch (const NormError& e) {
        QCOMPARE(QString::fromUtf8(e.what()),
            QStringLiteral("Expected weight to be of same shape as normalized_shape, but got weight of shape [12] and "
                           "normalized_shape = [3, 4]"));
    }
    rp.weightShape = { 3, 4 };
    rp.bias.assign(12, 0.0f);
    try {
        validateParams(rms, r, rp);
        QFAIL("expected NormError");
    } catch (const NormError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("RMSNorm has no bias")), e.what());
    }
    QCOMPARE(NormConfig::defaults(NormKind::Rms).eps, 1.1920928955078125e-07); // torch.finfo(torch.float32).eps
    QVERIFY(NormConfig::defaults(NormKind::Rms).epsNone);
    QVERIFY(NormConfig::defaults(NormKind::Rms).affine);
    QVERIFY(!NormConfig::defaults(NormKind::Rms).hasRunningStats());

    // Eval with running statistics: one value per channel is fine (no batch statistics needed).
    bn.training = false;
    const ReductionGeometry single(bn, shape4(1, 3, 1, 1));
    QCOMPARE(single.setCount(), int64_t(3));
}

void TestReduction::whatSetsStayInside_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QList<qint64>>("shape");
    QTest::addColumn<qint64>("groups");
    QTest::addColumn<QList<qint64>>("normalizedShape");
    QTest::addColumn<bool>("withinSample");
    QTest::addColumn<bool>("withinChannel");
    const QList<qint64> s { 4, 6, 3, 5 };
    const auto row
        = [&](const char* name, NormKind k, QList<qint64> shape, qint64 g, QList<qint64> ns, bool sample,
              bool channel) { QTest::newRow(name) << static_cast<int>(k) << shape << g << ns << sample << channel; };
    // A channel of BN spans every sample; a sample of LN(C,H,W) spans every channel.
    row("batch", NormKind::Batch, s, 1, {}, false, true);
    row("batch, N=1", NormKind::Batch, { 1, 6, 3, 5 }, 1, {}, true, true);
    row("layer CHW", NormKind::Layer, s, 1, {}, true, false);
    row("layer HW", NormKind::Layer, s, 1, { 3, 5 }, true, true);
    row("layer W", NormKind::Layer, s, 1, { 5 }, true, true);
    row("layer NCHW", NormKind::Layer, s, 1, { 4, 6, 3, 5 }, false, false);
    row("rms CHW", NormKind::Rms, s, 1, {}, true, false);
    row("rms W", NormKind::Rms, s, 1, { 5 }, true, true);
    row("instance", NormKind::Instance, s, 1, {}, true, true);
    row("group G=3", NormKind::Group, s, 3, {}, true, false);
    row("group G=C", NormKind::Group, s, 6, {}, true, true);
    row("group, C=1", NormKind::Group, { 4, 1, 3, 5 }, 1, {}, true, true);
}

void TestReduction::whatSetsStayInside()
{
    QFETCH(int, kind);
    QFETCH(QList<qint64>, shape);
    QFETCH(qint64, groups);
    QFETCH(QList<qint64>, normalizedShape);
    QFETCH(bool, withinSample);
    QFETCH(bool, withinChannel);
    NormConfig config = NormConfig::defaults(static_cast<NormKind>(kind));
    config.groups = groups;
    config.normalizedShape.assign(normalizedShape.begin(), normalizedShape.end());
    const ReductionGeometry g(config, Shape::fromDims({ shape.begin(), shape.end() }));
    QCOMPARE(g.setsWithinSample(), withinSample);
    QCOMPARE(g.setsWithinChannel(), withinChannel);
}

QTEST_APPLESS_MAIN(TestReduction)
#include "test_reduction.moc"
