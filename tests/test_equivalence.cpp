// GroupNorm's limits as numbers: max |GN − LN(C, H, W)| at G = 1 and max |GN − IN| at G = C,
// computed by running the layers, checked against values derived by hand. (PyTorch's own
// numbers for the same question are checked in tests/cli/test_compare_export.py.)
#include "analysis/equivalence.h"
#include "analysis/pipeline.h"
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
    void cacheKeepsOnlyTheInputStatistics();
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

void TestEquivalence::cacheKeepsOnlyTheInputStatistics()
{
    // Slider moves at G = 1 and G = C: each result is exactly the uncached one (the other layer on
    // its own statistics of this input), while those statistics are computed once per tensor and
    // limit, not once per move.
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = Shape { 3, 4, 5, 5, 4 };
    const auto a = std::make_shared<const Tensor>(generateTensor(spec));
    spec.seed = 7;
    const auto b = std::make_shared<const Tensor>(generateTensor(spec)); // same shape, other values
    EquivalenceCache cache;
    const auto check = [&](const std::shared_ptr<const Tensor>& x, int64_t groups, double eps, float gamma, float beta,
                           int64_t expectedStatistics) {
        NormConfig config = groupNorm(groups, eps);
        NormParams params;
        params.weight = { gamma, 1.0f, 2.0f * gamma, 0.5f };
        params.bias = { beta, -beta, 0.0f, 1.0f };
        const Tensor y = normalize(*x, config, params);
        const GroupEquivalence cached = cache.compare(x, y, config, params);
        const GroupEquivalence fresh = compareGroupNorm(*x, y, config, params, false);
        QCOMPARE(cached.layer.has_value(), fresh.layer.has_value());
        QCOMPARE(cached.instance.has_value(), fresh.instance.has_value());
        if (fresh.layer)
            QCOMPARE(cached.layer->maxAbs, fresh.layer->maxAbs);
        if (fresh.instance)
            QCOMPARE(cached.instance->maxAbs, fresh.instance->maxAbs);
        QCOMPARE(cache.statisticsComputed(), expectedStatistics);
    };
    check(a, 1, 1e-5, 1.0f, 0.0f, 1); // LayerNorm's statistics of a
    check(a, 1, 1e-5, 1.5f, 0.3f, 1); // γ, β moved
    check(a, 1, 0.25, 1.5f, 0.3f, 1); // eps moved
    check(a, 2, 0.25, 1.5f, 0.3f, 1); // between the limits nothing is compared
    check(a, 4, 0.25, 1.5f, 0.3f, 2); // InstanceNorm's statistics of a
    check(a, 4, 1e-3, -0.5f, 2.0f, 2);
    check(a, 1, 1e-3, -0.5f, 2.0f, 2); // LayerNorm's still kept
    check(b, 1, 1e-3, -0.5f, 2.0f, 3); // another tensor: computed anew
    check(b, 4, 1e-3, -0.5f, 2.0f, 4);
    check(a, 4, 1e-3, -0.5f, 2.0f, 5); // and back
    // At the limit GroupNorm and LayerNorm agree to rounding: with b's statistics kept for a they
    // would not.
    NormConfig config = groupNorm(1);
    NormParams params;
    const Tensor ya = normalize(*a, config, params);
    QVERIFY(cache.compare(a, ya, config, params).layer->maxAbs < 1e-5);

    // The window's pipeline passes its cache along: after γ and selection moves the limits are
    // still the uncached ones.
    SnapshotPipeline pipeline;
    PipelineInput input;
    input.tensor = a;
    input.config = groupNorm(1);
    const auto first = pipeline.run(input);
    input.affine.gamma = 1.7;
    const auto second = pipeline.run(input);
    input.selectedSet = 2;
    const auto third = pipeline.run(input);
    for (const auto& snap : { first, second, third }) {
        QVERIFY(snap->groupEquivalence && snap->groupEquivalence->layer);
        NormParams p = snap->params;
        QCOMPARE(snap->groupEquivalence->layer->maxAbs,
            compareGroupNorm(*a, *snap->output, snap->config, p, false).layer->maxAbs);
    }
}

QTEST_GUILESS_MAIN(TestEquivalence)
#include "test_equivalence.moc"
