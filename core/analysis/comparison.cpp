#include "analysis/comparison.h"

#include "norms/normerror.h"

#include <algorithm>

namespace normscope {

NormConfig comparedConfig(NormKind kind, const ComparisonRequest& request)
{
    NormConfig group = NormConfig::defaults(NormKind::Group);
    group.eps = request.eps;
    group.affine = request.affine;
    group.groups = request.groups;
    if (kind == NormKind::Group)
        return group;
    if (kind == NormKind::Layer)
        return layerNormMatching(group);
    if (kind == NormKind::Instance)
        return instanceNormMatching(group);
    NormConfig batch = NormConfig::defaults(NormKind::Batch);
    batch.eps = request.eps;
    batch.affine = request.affine;
    batch.trackRunningStats = false; // batch statistics, as in training
    return batch;
}

NormParams comparedParams(NormKind kind, const ComparisonRequest& request, const Shape& shape)
{
    NormParams perChannel;
    if (request.affine) {
        perChannel.weight = request.weight;
        perChannel.bias = request.bias;
    }
    return kind == NormKind::Layer ? layerParamsMatching(perChannel, shape) : perChannel;
}

std::shared_ptr<const Comparison> computeComparison(const ComparisonRequest& request, int threads)
{
    const auto checkpoint = [&] {
        if (request.cancelled && request.cancelled())
            throw SnapshotCancelled {};
    };
    auto result = std::make_shared<Comparison>();
    Comparison& cmp = *result;
    cmp.input = request.input;
    cmp.eps = request.eps;
    cmp.affine = request.affine;
    cmp.weight = request.weight;
    cmp.bias = request.bias;
    cmp.groups = request.groups;
    const Shape& shape = request.input->shape();
    cmp.anchor = { std::clamp<int64_t>(request.anchor[0], 0, shape.n - 1),
        std::clamp<int64_t>(request.anchor[1], 0, shape.c - 1),
        std::clamp<int64_t>(request.anchor[2], 0, shape.hw() - 1) };

    for (NormKind kind : comparedKinds) {
        checkpoint();
        ComparedNorm& column = cmp.norms[static_cast<size_t>(kind)];
        column.kind = kind;
        try {
            SnapshotRequest snap;
            snap.input = request.input;
            snap.config = comparedConfig(kind, request);
            snap.params = comparedParams(kind, request, shape);
            snap.bins = request.bins;
            snap.cancelled = request.cancelled;
            const ReductionGeometry geometry(snap.config, shape);
            snap.selectedSet
                = geometry.setOf(cmp.anchor[0], cmp.anchor[1], cmp.anchor[2] / shape.w, cmp.anchor[2] % shape.w);
            column.snapshot = computeSnapshot(snap, threads);
        } catch (const NormError& e) {
            column.error = e.what();
        }
    }
    checkpoint();

    // One set of bin edges for the four outputs, so equal bars mean equal densities.
    double lo = 0.0;
    double hi = 0.0;
    bool any = false;
    for (const ComparedNorm& column : cmp.norms) {
        if (!column.snapshot)
            continue;
        const Histogram& h = column.snapshot->histAfter;
        lo = any ? std::min(lo, h.lo) : h.lo;
        hi = any ? std::max(hi, h.hi) : h.hi;
        any = true;
    }
    for (ComparedNorm& column : cmp.norms) {
        if (!column.snapshot)
            continue;
        const Snapshot& s = *column.snapshot;
        column.after = makeHistogram(s.output->data(), request.bins, lo, hi);
        column.afterSelected = makeHistogram(setValues(*s.output, s.geometry, s.selectedSet), request.bins, lo, hi);
    }
    cmp.before = makeHistogram(request.input->data(), request.bins);

    // GroupNorm against the LayerNorm and InstanceNorm columns, which were run with GroupNorm's
    // eps, γ and β (comparedConfig), so no further forward pass is needed.
    cmp.group.groups = request.groups;
    cmp.group.channels = shape.c;
    const ComparedNorm& gn = cmp.norm(NormKind::Group);
    const auto distance = [&](NormKind kind) {
        const ComparedNorm& other = cmp.norm(kind);
        if (!other.snapshot) {
            OutputDifference refused;
            refused.refused = other.error;
            return refused;
        }
        return outputDifference(*gn.snapshot->output, *other.snapshot->output);
    };
    if (gn.snapshot) {
        cmp.group.layer = distance(NormKind::Layer);
        cmp.group.instance = distance(NormKind::Instance);
    }
    return result;
}

} // namespace normscope
