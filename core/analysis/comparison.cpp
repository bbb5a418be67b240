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

    // One output buffer serves the four in turn: each column keeps its snapshot without output
    // (withoutOutput: statistics, spreads, its own histograms; single values are recomputed on
    // demand), so the tab never holds more than one tensor-sized output (four would be 1 GiB on
    // the seed's 16×64×256×256 tensor).
    const auto outputs = kernels::BufferPool::create(1);
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
            snap.outputs = outputs;
            const ReductionGeometry geometry(snap.config, shape);
            snap.selectedSet
                = geometry.setOf(cmp.anchor[0], cmp.anchor[1], cmp.anchor[2] / shape.w, cmp.anchor[2] % shape.w);
            const auto full = computeSnapshot(snap, threads);
            if (kind == NormKind::Group) {
                // GroupNorm against the LayerNorm and InstanceNorm columns (comparedConfig gives
                // them GroupNorm's eps, γ and β): their outputs computed a piece at a time against
                // this one, at every G, from the statistics those columns already have.
                checkpoint();
                const auto statsOf = [&](NormKind other) {
                    const auto& s = cmp.norm(other).snapshot;
                    return s ? s->inputStats : nullptr;
                };
                cmp.group = compareGroupNorm(*request.input, *full->output, full->config, full->params,
                    statsOf(NormKind::Layer), statsOf(NormKind::Instance), threads);
            }
            column.snapshot = withoutOutput(*full);
        } catch (const NormError& e) {
            column.error = e.what();
        }
    }
    checkpoint();

    // One set of bin edges for the four outputs, so equal bars mean equal densities; each output
    // computed again into the one buffer to be binned on them.
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
        checkpoint();
        const Snapshot& s = *column.snapshot;
        const auto output = outputs->take(shape);
        if (!applyNormalizationInto(
                *s.input, *output, s.geometry, s.usedStats, s.config, s.params, threads, request.cancelled))
            throw SnapshotCancelled {};
        column.after = makeHistogram(output->data(), request.bins, lo, hi);
        column.afterSelected = makeHistogram(setValues(*output, s.geometry, s.selectedSet), request.bins, lo, hi);
    }
    cmp.before = makeHistogram(request.input->data(), request.bins);
    cmp.group.groups = request.groups;
    cmp.group.channels = shape.c;
    const ComparedNorm& gn = cmp.norm(NormKind::Group);
    if (gn.snapshot) {
        // A column that refused the input: its message, as PyTorch gives it.
        for (NormKind kind : { NormKind::Layer, NormKind::Instance }) {
            const ComparedNorm& other = cmp.norm(kind);
            auto& distance = kind == NormKind::Layer ? cmp.group.layer : cmp.group.instance;
            if (!other.snapshot) {
                distance.emplace();
                distance->refused = other.error;
            }
        }
    }
    return result;
}

} // namespace normscope
