#include "analysis/snapshot.h"

#include "analysis/outputpass.h"
#include "kernels/rows.h"
#include "norms/tokentiles.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace normscope {

std::vector<float> setValues(const Tensor& tensor, const ReductionGeometry& geometry, int64_t set)
{
    std::vector<float> values;
    values.reserve(static_cast<size_t>(geometry.setSize()));
    const int64_t len = geometry.rowLength();
    for (int64_t row = 0; row < geometry.rowCount(); ++row) {
        if (geometry.setOfRow(row) == set) {
            values.resize(values.size() + static_cast<size_t>(len));
            copyRow(tensor.data().data(), geometry, row, values.data() + values.size() - len);
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
    spread.rms = { std::numeric_limits<double>::infinity(), 0.0 };
    for (size_t i = 0; i < stats.mean.size(); ++i) {
        const double rms = std::sqrt(stats.var[i] + stats.mean[i] * stats.mean[i]);
        spread.rms = { std::min(spread.rms.min, rms), std::max(spread.rms.max, rms) };
    }
    return spread;
}

namespace {

SetSpread spreadOfGroups(const std::vector<kernels::Moments>& groups)
{
    return spreadOf(statisticsOf(groups, groups.empty() ? 0 : groups.front().count));
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
    const int bins = std::max(1, request.bins);

    // Input side: computed once per tensor, geometry and bin count.
    std::shared_ptr<const InputAnalysis> analysis = request.cachedInput;
    if (!analysis || !analysis->matches(request.input, geometry, bins))
        analysis = analyzeInput(request.input, geometry, bins, threads, request.cancelled);
    if (!analysis)
        throw SnapshotCancelled {};
    snap->inputAnalysis = analysis;
    snap->inputStats = analysis->stats;
    snap->inputSummary = analysis->summary;
    snap->histBefore = analysis->histogram;
    snap->spreadBefore = spreadOf(*snap->inputStats);
    snap->zeroVarianceSets = zeroVarianceSets(*snap->inputStats);
    const SetView before = request.cachedInput == analysis && request.cachedSelection
            && request.cachedSelection->first == snap->selectedSet
        ? request.cachedSelection->second
        : viewOfSet(input, geometry, analysis->rows, snap->selectedSet, analysis->histogram);
    snap->selectedBefore = before.summary;
    snap->histBeforeSelected = before.histogram;
    checkpoint();

    // Output side: one pass over the output for every slider move.
    snap->usedStats = forwardStatistics(*snap->inputStats, geometry, request.config, request.params);
    snap->nonFiniteSets = nonFiniteSets(snap->usedStats, request.config);
    auto out = computeOutputSide(*analysis, snap->usedStats, request.config, request.params, snap->selectedSet,
        request.outputs.get(), threads, request.cancelled);
    if (!out)
        throw SnapshotCancelled {};
    snap->output = out->output;
    snap->outputStats = statisticsOf(setMoments(out->rows, geometry), geometry.setSize());
    snap->outputSummary = summaryOf(kernels::mergeMoments(out->rows));
    snap->selectedAfter = summaryOf(kernels::mergeMoments(out->rows, rowsOfSet(geometry, snap->selectedSet)));
    if (request.config.kind == NormKind::Group) {
        checkpoint();
        snap->groupEquivalence = request.equivalence
            ? request.equivalence->compare(request.input, *snap->output, request.config, request.params, threads)
            : compareGroupNorm(input, *snap->output, request.config, request.params, false, threads);
    }
    snap->spreadAfter = spreadOf(snap->outputStats);
    // What the norm does not equalise: per-sample and per-channel statistics of the output.
    const Shape& shape = input.shape();
    if (geometry.transposed()) {
        // The rows are tokens: a sample's are consecutive, but every token spans all channels, so
        // the channels' moments come from the output's channel rows (one more pass, only here).
        snap->perSampleAfter
            = spreadOfGroups(groupMoments(out->rows, shape.n, [&](int64_t r) { return r / shape.hw(); }));
        std::vector<kernels::Moments> channelRows;
        if (!kernels::rowMoments(
                snap->output->data().data(), shape.n * shape.c, shape.hw(), threads, channelRows, request.cancelled))
            throw SnapshotCancelled {};
        snap->perChannelAfter
            = spreadOfGroups(groupMoments(channelRows, shape.c, [&](int64_t r) { return r % shape.c; }));
    } else {
        const int64_t rowsPerPlane = shape.hw() / geometry.rowLength();
        snap->perSampleAfter
            = spreadOfGroups(groupMoments(out->rows, shape.n, [&](int64_t r) { return r / rowsPerPlane / shape.c; }));
        snap->perChannelAfter
            = spreadOfGroups(groupMoments(out->rows, shape.c, [&](int64_t r) { return (r / rowsPerPlane) % shape.c; }));
    }
    snap->histAfter = std::move(out->histogram);
    snap->histAfterSelected = std::move(out->selectedHistogram);
    return snap;
}

std::shared_ptr<const Snapshot> withoutOutput(const Snapshot& snapshot)
{
    auto lean = std::make_shared<Snapshot>(snapshot);
    lean->output.reset();
    return lean;
}

std::optional<float> outputValue(const Snapshot& snapshot, int64_t n, int64_t c, int64_t h, int64_t w)
{
    if (snapshot.output)
        return snapshot.output->at(n, c, h, w);
    const ReductionGeometry& g = snapshot.geometry;
    if (g.transposed() || g.rowLength() == 0)
        return std::nullopt;
    const int64_t flat = snapshot.input->index(n, c, h, w);
    const int64_t len = g.rowLength();
    const int64_t row = flat / len;
    const int64_t at = flat % len;
    const OutputMaps maps(g, snapshot.usedStats, snapshot.config, snapshot.params);
    // apply() writes [at, at + 1) of a row buffer indexed from the row's start.
    std::vector<float> y(static_cast<size_t>(at + 1));
    maps.apply(snapshot.input->data().data() + row * len, y.data(), row, at, at + 1, false);
    return y.back();
}

std::shared_ptr<const Tensor> outputOf(const Snapshot& snapshot, int threads)
{
    if (snapshot.output)
        return snapshot.output;
    return std::make_shared<const Tensor>(applyNormalization(
        *snapshot.input, snapshot.geometry, snapshot.usedStats, snapshot.config, snapshot.params, threads));
}

std::shared_ptr<const Snapshot> withOutput(std::shared_ptr<const Snapshot> snapshot, int threads)
{
    if (!snapshot || snapshot->output)
        return snapshot;
    auto full = std::make_shared<Snapshot>(*snapshot);
    full->output = outputOf(*snapshot, threads);
    return full;
}

} // namespace normscope
