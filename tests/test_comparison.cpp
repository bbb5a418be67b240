// The four norms side by side: each column's configuration (shared eps, γ, β, G; LayerNorm over
// C, H, W; InstanceNorm with GroupNorm's affine), the sets holding the anchor, histograms on
// shared edges, GroupNorm's distance to LN and IN at every G, and a refusing norm.
#include "analysis/comparison.h"
#include "norms/normalize.h"
#include "tensor/generators.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>

using namespace normscope;

class TestComparison : public QObject {
    Q_OBJECT
private slots:
    void fourColumnsAroundTheAnchor();
    void columnsMatchTheLayersRunAlone();
    void groupMorphsFromLayerToInstance();
    void refusingNormKeepsTheOthers();
};

namespace {

ComparisonRequest request(Shape shape, int64_t groups)
{
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = shape;
    spec.seed = 5;
    ComparisonRequest r;
    r.input = std::make_shared<const Tensor>(generateTensor(spec));
    r.groups = groups;
    return r;
}

} // namespace

void TestComparison::fourColumnsAroundTheAnchor()
{
    ComparisonRequest r = request({ 4, 6, 8, 8, 4 }, 3);
    r.anchor = { 1, 4, 10 };
    const auto cmp = computeComparison(r);
    const char* labels[] = { "c=4", "n=1", "n=1, c=4", "n=1, g=2" };
    for (NormKind kind : comparedKinds) {
        const ComparedNorm& column = cmp->norm(kind);
        QCOMPARE(column.kind, kind);
        QVERIFY(column.snapshot);
        const Snapshot& s = *column.snapshot;
        QCOMPARE(QString::fromStdString(s.geometry.setLabel(s.selectedSet)),
            QString::fromLatin1(labels[static_cast<int>(kind)]));
        // Shared edges: the four after-histograms can be read against each other.
        QCOMPARE(column.after.lo, cmp->norm(NormKind::Batch).after.lo);
        QCOMPARE(column.after.hi, cmp->norm(NormKind::Batch).after.hi);
        QCOMPARE(column.after.total, s.input->numel());
        // The tab holds no output of its own: one buffer served the four in turn.
        QVERIFY(!s.output);
        QCOMPARE(column.afterSelected.total, s.geometry.setSize());
        QVERIFY(column.after.lo <= s.outputSummary.min && column.after.hi >= s.outputSummary.max);
    }
    // What each leaves unequalised: BN keeps per-sample means apart, LN per-channel means.
    QVERIFY(cmp->norm(NormKind::Batch).snapshot->perSampleAfter.mean.max
            - cmp->norm(NormKind::Batch).snapshot->perSampleAfter.mean.min
        > 1e-3);
    QVERIFY(cmp->norm(NormKind::Layer).snapshot->perChannelAfter.mean.max
            - cmp->norm(NormKind::Layer).snapshot->perChannelAfter.mean.min
        > 0.5);
}

void TestComparison::columnsMatchTheLayersRunAlone()
{
    ComparisonRequest r = request({ 3, 4, 5, 5, 4 }, 2);
    r.eps = 0.1;
    r.weight = { 1.5f, -0.5f, 2.0f, 1.0f };
    r.bias = { 0.0f, 1.0f, -2.0f, 0.25f };
    const auto cmp = computeComparison(r);
    std::array<Tensor, comparedKinds.size()> outputs;
    // Each column is the PyTorch layer a user would build with these shared settings.
    for (NormKind kind : comparedKinds) {
        NormConfig config = NormConfig::defaults(kind);
        config.eps = 0.1;
        config.affine = true;
        config.groups = 2;
        config.trackRunningStats = false;
        NormParams params;
        params.weight = r.weight;
        params.bias = r.bias;
        if (kind == NormKind::Layer) {
            params.weight.clear();
            params.bias.clear();
            for (int c = 0; c < 4; ++c)
                for (int i = 0; i < 25; ++i) {
                    params.weight.push_back(r.weight[static_cast<size_t>(c)]);
                    params.bias.push_back(r.bias[static_cast<size_t>(c)]);
                }
        }
        const Tensor alone = normalize(*r.input, config, params);
        const ComparedNorm& column = cmp->norm(kind);
        NS_COMPARE_CLOSE(outputOf(*column.snapshot)->data(), alone.data());
        QCOMPARE(column.snapshot->config.eps, 0.1);
        // Its bars: the layer's output binned on the edges the four share.
        QCOMPARE(column.after.counts, makeHistogram(alone.data(), r.bins, column.after.lo, column.after.hi).counts);
        QCOMPARE(column.afterSelected.counts,
            makeHistogram(setValues(alone, column.snapshot->geometry, column.snapshot->selectedSet), r.bins,
                column.after.lo, column.after.hi)
                .counts);
        outputs[static_cast<size_t>(kind)] = alone;
    }
    // GroupNorm's distance to each: the largest |difference| between the layers run alone.
    for (NormKind kind : { NormKind::Layer, NormKind::Instance }) {
        double maxAbs = 0.0;
        const auto gn = outputs[static_cast<size_t>(NormKind::Group)].data();
        const auto other = outputs[static_cast<size_t>(kind)].data();
        for (size_t i = 0; i < gn.size(); ++i)
            maxAbs = std::max(maxAbs, std::abs(static_cast<double>(gn[i]) - static_cast<double>(other[i])));
        const auto& distance = kind == NormKind::Layer ? cmp->group.layer : cmp->group.instance;
        QVERIFY(distance && distance->refused.empty());
        QVERIFY2(std::abs(distance->maxAbs - maxAbs) <= 1e-6 * maxAbs,
            qPrintable(QStringLiteral("%1 against %2").arg(distance->maxAbs).arg(maxAbs)));
        QCOMPARE(distance->compared, r.input->numel());
    }
}

void TestComparison::groupMorphsFromLayerToInstance()
{
    // The distance to LayerNorm is 0 at G = 1 only, the distance to InstanceNorm 0 at G = C only
    // (on per-channel shifted data every other G is far from both).
    for (int64_t groups : { 1, 2, 3, 6 }) {
        const auto cmp = computeComparison(request({ 4, 6, 6, 6, 4 }, groups));
        QVERIFY(cmp->group.layer && cmp->group.instance);
        const Summary s = cmp->norm(NormKind::Group).snapshot->outputSummary;
        const double rounding = 1e-6 * (s.max - s.min);
        if (groups == 1)
            QVERIFY(cmp->group.layer->maxAbs <= rounding);
        else
            QVERIFY(cmp->group.layer->maxAbs > 0.1);
        if (groups == 6)
            QVERIFY(cmp->group.instance->maxAbs <= rounding);
        else
            QVERIFY(cmp->group.instance->maxAbs > 0.1);
        QCOMPARE(cmp->group.groups, groups);
    }
}

void TestComparison::refusingNormKeepsTheOthers()
{
    // (3, 2, 1, 1): InstanceNorm refuses one position per channel; the other three still run.
    ComparisonRequest r;
    r.input = std::make_shared<const Tensor>(Shape { 3, 2, 1, 1, 4 }, std::vector<float> { 1, 2, 4, 3, 9, 5 });
    r.groups = 2;
    const auto cmp = computeComparison(r);
    QVERIFY(!cmp->norm(NormKind::Instance).snapshot);
    QVERIFY(QString::fromStdString(cmp->norm(NormKind::Instance).error).contains(QStringLiteral("spatial")));
    QVERIFY(cmp->norm(NormKind::Batch).snapshot);
    QVERIFY(cmp->norm(NormKind::Group).snapshot);
    QVERIFY(cmp->group.instance && !cmp->group.instance->refused.empty());
}

QTEST_GUILESS_MAIN(TestComparison)
#include "test_comparison.moc"
