#include "analysis/snapshot.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace normscope {

std::vector<float> setValues(const Tensor& tensor, const ReductionGeometry& geometry, int64_t set)
{
    std::vector<float> values;
    values.reserve(static_cast<size_t>(geometry.setSize()));
    const int64_t len = geometry.rowLength();
    const auto data = tensor.data();
    for (int64_t row = 0; row < geometry.rowCount(); ++row) {
        if (geometry.setOfRow(row) == set) {
            const auto begin = data.begin() + row * len;
            values.insert(values.end(), begin, begin + len);
        }
    }
    return values;
}

SetSpread spreadOf(const SetStatistics& stats)
{
    SetSpread spread;
    if (stats.mean.empty())
        return spread;
    const auto [minMean, maxMean] = std::minmax_element(stats.mean.begin(), stats.mean.end());
    const auto [minVar, maxVar] = std::minmax_element(stats.var.begin(), stats.var.end());
    spread.mean = { *minMean, *maxMean };
    spread.std = { std::sqrt(*minVar), std::sqrt(*maxVar) };
    return spread;
}

namespace {

// Per-sample or per-channel statistics of a tensor, through the geometry of the norm that
// reduces over exactly those sets (LayerNorm over C, H, W; BatchNorm).
SetSpread spreadAlong(const Tensor& tensor, NormKind kind, int threads)
{
    // Eval mode with running statistics: the geometry then skips the training-only checks
    // (one value per channel is fine for describing a tensor).
    NormConfig config = NormConfig::defaults(kind);
    config.training = false;
    config.trackRunningStats = true;
    const ReductionGeometry geometry(config, tensor.shape());
    return spreadOf(computeSetStatistics(tensor, geometry, threads));
}

Histogram withEdges(std::span<const float> values, const Histogram& edges)
{
    return makeHistogram(values, static_cast<int>(edges.counts.size()), edges.lo, edges.hi);
}

} // namespace

std::shared_ptr<const Snapshot> computeSnapshot(const SnapshotRequest& request, int threads)
{
    const auto checkpoint = [&] {
        if (request.cancelled && request.cancelled())
            throw SnapshotCancelled {};
    };
    auto snap = std::make_shared<Snapshot>();
    const Tensor& input = *request.input;
    snap->input = request.input;
    snap->config = request.config;
    snap->params = request.params;
    snap->geometry = ReductionGeometry(request.config, input.shape());
    validateParams(request.config, snap->geometry, request.params);
    const ReductionGeometry& geometry = snap->geometry;
    snap->selectedSet = std::clamp<int64_t>(request.selectedSet, 0, geometry.setCount() - 1);

    snap->inputStats = request.cachedInputStats
        ? request.cachedInputStats
        : std::make_shared<const SetStatistics>(computeSetStatistics(input, geometry, threads));
    checkpoint();
    snap->usedStats = request.config.usesBatchStats()
        ? *snap->inputStats
        : statisticsForForward(input, geometry, request.config, request.params, threads);
    auto output = std::make_shared<Tensor>(
        applyNormalization(input, geometry, snap->usedStats, request.config, request.params, threads));
    snap->output = output;
    checkpoint();
    snap->outputStats = computeSetStatistics(*output, geometry, threads);
    snap->zeroVarianceSets = zeroVarianceSets(*snap->inputStats);
    snap->nonFiniteSets = nonFiniteSets(snap->usedStats, request.config);
    if (request.config.kind == NormKind::Group) {
        checkpoint();
        snap->groupEquivalence = request.equivalence
            ? request.equivalence->compare(request.input, *output, request.config, request.params, threads)
            : compareGroupNorm(input, *output, request.config, request.params, false, threads);
    }

    checkpoint();
    snap->inputSummary = summarize(input.data());
    snap->outputSummary = summarize(output->data());
    const std::vector<float> before = setValues(input, geometry, snap->selectedSet);
    const std::vector<float> after = setValues(*output, geometry, snap->selectedSet);
    snap->selectedBefore = summarize(before);
    snap->selectedAfter = summarize(after);
    checkpoint();
    snap->spreadBefore = spreadOf(*snap->inputStats);
    snap->spreadAfter = spreadOf(snap->outputStats);
    snap->perSampleAfter = spreadAlong(*output, NormKind::Layer, threads);
    snap->perChannelAfter = spreadAlong(*output, NormKind::Batch, threads);

    checkpoint();
    snap->histBefore = makeHistogram(input.data(), request.bins);
    snap->histAfter = makeHistogram(output->data(), request.bins);
    snap->histBeforeSelected = withEdges(before, snap->histBefore);
    snap->histAfterSelected = withEdges(after, snap->histAfter);
    return snap;
}

} // namespace normscope
