// GroupNorm's limits as numbers: max |GN − LN(C, H, W)| at G = 1 and max |GN − IN| at G = C,
// computed by running the layers, checked against values derived by hand. (PyTorch's own
// numbers for the same question are checked in tests/cli/test_compare_export.py.)
#include "analysis/equivalence.h"
#include "analysis/snapshot.h"
#include "norms/normalize.h"
#include "tensor/generators.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace normscope;

class TestEquivalence : public QObject {
    Q_OBJECT
private slots:
    void groupsAgainstLayerByHand();
    void oneGroupIsLayerNormWithAffine();
    void channelGroupsAreInstanceNormWithAffine();
    void instanceRefusesOneSpatialValue();
    void epsZeroConstantDiffers();
    void snapshotCarriesTheLimitsOnly();
};

namespace {

NormConfig groupNorm(int64_t groups, double eps = 1e-5)
{
    NormConfig config = NormConfig::defaults(NormKind::Group);
    config.groups = groups;
    config.eps = eps;
    return config;
}

} // namespace

void TestEquivalence::groupsAgainstLayerByHand()
{
    // One sample, channels [0, 2] and [4, 6]. GroupNorm with 2 groups makes each channel [-1, 1]
    // (mean 1 and 5, variance 1); LayerNorm uses mean 3, variance 5 for all four. The value 2
    // becomes 1/√(1+ε) under GN and -1/√(5+ε) under LN: they are 1/√(1+ε) + 1/√(5+ε) apart, the
    // largest difference of the four.
    const Tensor x(Shape { 1, 2, 1, 2, 4 }, std::vector<float> { 0, 2, 4, 6 });
    const double eps = 1e-5;
    NormConfig config = groupNorm(2, eps);
    NormParams params;
    const Tensor y = normalize(x, config, params);
    const GroupEquivalence eq = compareGroupNorm(x, y, config, params, true);
    QVERIFY(eq.layer && eq.instance);
    const double expected = 1.0 / std::sqrt(1.0 + eps) + 1.0 / std::sqrt(5.0 + eps);
    QVERIFY2(std::abs(eq.layer->maxAbs - expected) < 1e-6, qPrintable(QString::number(eq.layer->maxAbs, 'g', 9)));
    QCOMPARE(eq.layer->compared, 4);
    // G = C: the same sets as InstanceNorm.
    QVERIFY(eq.instance->maxAbs < 1e-6);
    QCOMPARE(eq.instance->nonFiniteMismatches, 0);

    // Without `always`, G = 2 = C computes the InstanceNorm side only.
    const GroupEquivalence limit = compareGroupNorm(x, y, config, params, false);
    QVERIFY(!limit.layer);
    QVERIFY(limit.instance);
}

void TestEquivalence::oneGroupIsLayerNormWithAffine()
{
    // γ, β per channel must reach LayerNorm as one value per (c, h, w), repeated over H·W:
    // tiling them instead ([γ0, γ1, γ0, γ1]) would show up as a difference of order 1.
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = Shape { 3, 2, 1, 2, 4 };
    const Tensor x = generateTensor(spec);
    NormConfig config = groupNorm(1);
    NormParams params;
    params.weight = { 2.0f, -1.0f };
    params.bias = { 0.5f, 3.0f };
    const Tensor y = normalize(x, config, params);
    const GroupEquivalence eq = compareGroupNorm(x, y, config, params, false);
    QVERIFY(eq.layer);
    QVERIFY(!eq.instance);
    const Summary s = summarize(y.data());
    // Both compute in double and round once to float32: at most one float32 step apart.
    QVERIFY2(eq.layer->maxAbs <= 1e-6 * (s.max - s.min),
        qPrintable(QStringLiteral("max |GN - LN| = %1").arg(eq.layer->maxAbs, 0, 'g', 6)));
    QCOMPARE(eq.layer->compared, x.numel());
    const NormParams ln = layerParamsMatching(params, x.shape());
    QCOMPARE(ln.weight, (std::vector<float> { 2, 2, -1, -1 }));
    QCOMPARE(ln.bias, (std::vector<float> { 0.5, 0.5, 3, 3 }));
}

void TestEquivalence::channelGroupsAreInstanceNormWithAffine()
{
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = Shape { 4, 6, 5, 5, 4 };
    const Tensor x = generateTensor(spec);
    NormConfig config = groupNorm(6, 1e-3);
    NormParams params;
    params.weight = { 1.5f, 0.5f, -2.0f, 1.0f, 3.0f, 0.25f };
    params.bias = { 0.0f, 1.0f, -1.0f, 2.0f, 0.5f, -3.0f };
    const Tensor y = normalize(x, config, params);
    const GroupEquivalence eq = compareGroupNorm(x, y, config, params, true);
    const Summary s = summarize(y.data());
    QVERIFY(eq.instance && eq.instance->refused.empty());
    QVERIFY(eq.instance->maxAbs <= 1e-6 * (s.max - s.min));
    // InstanceNorm's default affine=False would leave γ and β out: then they differ by about γ, β.
    NormConfig bare = instanceNormMatching(config);
    QVERIFY(bare.affine);
    QVERIFY(!bare.trackRunningStats);
    QCOMPARE(bare.eps, 1e-3);
    // And with 6 groups GroupNorm is far from LayerNorm on per-channel shifted data.
    QVERIFY(eq.layer && eq.layer->maxAbs > 0.5);
}

void TestEquivalence::instanceRefusesOneSpatialValue()
{
    // (2, 3, 1, 1): GroupNorm with 3 groups accepts it (2 values per "channel" as F.group_norm
    // sees it) but InstanceNorm2d refuses one spatial element, as PyTorch does.
    const Tensor x(Shape { 2, 3, 1, 1, 4 }, std::vector<float> { 1, 2, 3, 4, 5, 7 });
    NormConfig config = groupNorm(3);
    NormParams params;
    const Tensor y = normalize(x, config, params);
    const GroupEquivalence eq = compareGroupNorm(x, y, config, params, false);
    QVERIFY(eq.instance);
    QVERIFY2(
        QString::fromStdString(eq.instance->refused).contains(QStringLiteral("spatial")), eq.instance->refused.c_str());
}

void TestEquivalence::epsZeroConstantDiffers()
{
    // eps = 0 on constant channels: GroupNorm divides 0 by 0 (NaN), InstanceNorm's batch_norm
    // kernel gives β. The equivalence fails there and the numbers must say so.
    const Tensor x(Shape { 2, 2, 2, 2, 4 }, 1.5f);
    NormConfig config = groupNorm(2, 0.0);
    NormParams params;
    const Tensor y = normalize(x, config, params);
    const GroupEquivalence eq = compareGroupNorm(x, y, config, params, false);
    QVERIFY(eq.instance);
    QCOMPARE(eq.instance->nonFiniteMismatches, x.numel());
    QCOMPARE(eq.instance->maxAbs, 0.0);
}

void TestEquivalence::snapshotCarriesTheLimitsOnly()
{
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = Shape { 2, 6, 4, 4, 4 };
    SnapshotRequest request;
    request.input = std::make_shared<const Tensor>(generateTensor(spec));
    for (int64_t groups : { 1, 2, 3, 6 }) {
        request.config = groupNorm(groups);
        const auto snap = computeSnapshot(request);
        QVERIFY(snap->groupEquivalence);
        QCOMPARE(snap->groupEquivalence->groups, groups);
        QCOMPARE(snap->groupEquivalence->layer.has_value(), groups == 1);
        QCOMPARE(snap->groupEquivalence->instance.has_value(), groups == 6);
    }
    request.config = NormConfig::defaults(NormKind::Layer);
    QVERIFY(!computeSnapshot(request)->groupEquivalence);
}

QTEST_GUILESS_MAIN(TestEquivalence)
#include "test_equivalence.moc"
