#include "labs/runningstats.h"

#include "kernels/parallel.h"
#include "norms/normerror.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace normscope {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

NormConfig trainingConfig(const RunningStatsSettings& settings = {})
{
    NormConfig config = NormConfig::defaults(NormKind::Batch);
    config.momentum = settings.momentum;
    config.eps = settings.eps;
    config.training = true;
    return config;
}

double entryOr(const std::vector<float>& values, int64_t c, double fallback)
{
    return values.empty() ? fallback : static_cast<double>(values[static_cast<size_t>(c)]);
}

} // namespace

uint64_t maxLabSteps(int64_t channels)
{
    return static_cast<uint64_t>(std::clamp<int64_t>(1'000'000 / std::max<int64_t>(channels, 1), 50, 2000));
}

double RunningStatsLab::HeldOutChannel::meanAbsFrom(double t) const
{
    // Σ|u − t| = (t·L − Σ_{u≤t} u) + (Σ_{u>t} u − t·(M − L)) with L values at or below t.
    const auto count = static_cast<double>(sorted.size());
    const auto below = static_cast<size_t>(std::upper_bound(sorted.begin(), sorted.end(), t) - sorted.begin());
    const double low = prefix[below];
    const double high = prefix.back() - low;
    const auto l = static_cast<double>(below);
    return ((t * l - low) + (high - t * (count - l))) / count;
}

RunningStatsLab::RunningStatsLab(LabSource source)
    : m_source(std::move(source))
{
    const NormConfig config = trainingConfig();
    // PyTorch's own refusal (one value per channel) before anything is drawn.
    const ReductionGeometry geometry(config, m_source.shape());
    if (!m_source.generated()) {
        for (uint64_t k = 1; k <= 16; ++k) // every loaded batch (they repeat), at most the first 16
            ReductionGeometry(config, m_source.fedBatch(k).shape());
    }

    // The held-out batch: each channel's values, centred and sorted, so the mean |eval − train|
    // after any step costs a binary search instead of a pass over the batch.
    const Tensor held = m_source.screenBatch();
    const SetStatistics stats = computeSetStatistics(held, geometry);
    const Shape& s = held.shape();
    m_heldOut.resize(static_cast<size_t>(s.c));
    for (int64_t c = 0; c < s.c; ++c) {
        HeldOutChannel& channel = m_heldOut[static_cast<size_t>(c)];
        channel.mean = stats.mean[static_cast<size_t>(c)];
        channel.var = stats.var[static_cast<size_t>(c)];
        channel.sorted.reserve(static_cast<size_t>(s.n * s.hw()));
        for (int64_t n = 0; n < s.n; ++n) {
            const float* plane = held.data().data() + (n * s.c + c) * s.hw();
            for (int64_t i = 0; i < s.hw(); ++i)
                channel.sorted.push_back(static_cast<double>(plane[i]) - channel.mean);
        }
        std::sort(channel.sorted.begin(), channel.sorted.end());
        channel.prefix.resize(channel.sorted.size() + 1, 0.0);
        for (size_t i = 0; i < channel.sorted.size(); ++i)
            channel.prefix[i + 1] = channel.prefix[i] + channel.sorted[i];
    }
}

uint64_t RunningStatsLab::feed(uint64_t steps, const LabProgress& progress, int threads)
{
    steps = std::min(steps, maxLabSteps(m_source.shape().c));
    if (steps <= fed())
        return fed();
    const uint64_t first = fed();
    const NormConfig config = trainingConfig();
    const int workers = effectiveThreads(threads, static_cast<int64_t>(steps - first) * m_source.shape().numel());
    while (fed() < steps) {
        if (progress.stop())
            break;
        // A round of one batch per worker: each draws its batch and measures it on one thread.
        const auto round = static_cast<int64_t>(std::min<uint64_t>(static_cast<uint64_t>(workers), steps - fed()));
        std::vector<SetStatistics> measured(static_cast<size_t>(round));
        const uint64_t next = fed() + 1;
        parallelFor(round, workers, [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                const Tensor batch = m_source.fedBatch(next + static_cast<uint64_t>(i));
                measured[static_cast<size_t>(i)]
                    = computeSetStatistics(batch, ReductionGeometry(config, batch.shape()), 1);
            }
        });
        for (SetStatistics& stats : measured)
            m_batches.push_back(std::move(stats));
        progress.done(static_cast<double>(fed() - first) / static_cast<double>(steps - first));
    }
    return fed();
}

RunningStatsHistory RunningStatsLab::history(uint64_t steps, const RunningStatsSettings& settings) const
{
    steps = std::min(steps, fed());
    const Shape& shape = m_source.shape();
    const int64_t channels = shape.c;
    // γ and β of another tensor (the window changed the channel count) would be read past
    // their end: refuse them instead of drawing curves from memory that is not theirs.
    for (const std::vector<float>* v : { &settings.weight, &settings.bias }) {
        if (!v->empty() && std::ssize(*v) != channels)
            throw NormError("the lab got " + std::to_string(v->size()) + " affine values for "
                + std::to_string(channels) + " channels");
    }
    RunningStatsHistory h;
    h.shape = shape;
    h.steps = steps;
    h.settings = settings;
    h.heldOutIsFed = m_source.screenBatchIsFed();
    for (StepSeries* series : { &h.batchMean, &h.batchVar, &h.runningMean, &h.runningVar, &h.trueMean, &h.trueVar,
             &h.evalMean, &h.channelGap }) {
        series->channels = channels;
        series->values.assign(static_cast<size_t>((steps + 1) * channels), nan);
    }
    h.gap.assign(static_cast<size_t>(steps + 1), nan);
    h.trainMean.resize(static_cast<size_t>(channels));
    for (int64_t c = 0; c < channels; ++c)
        h.trainMean[static_cast<size_t>(c)] = entryOr(settings.bias, c, 0.0);

    const NormConfig config = trainingConfig(settings);
    const ReductionGeometry geometry(config, shape);
    NormParams params;
    params.runningMean.assign(static_cast<size_t>(channels), 0.0f); // PyTorch's initial values
    params.runningVar.assign(static_cast<size_t>(channels), 1.0f);
    const ChannelMoments& moments = m_source.moments();

    for (uint64_t k = 0; k <= steps; ++k) {
        const double offset = settings.shift.appliesTo(k) ? settings.shift.amount : 0.0;
        if (k > 0) {
            SetStatistics stats = m_batches[static_cast<size_t>(k - 1)];
            for (double& m : stats.mean)
                m += offset; // every value `offset` higher: the mean moves, the variance stays
            updateRunningStats(geometry, stats, config, params);
            const double bessel = static_cast<double>(stats.setSize) / static_cast<double>(stats.setSize - 1);
            for (int64_t c = 0; c < channels; ++c) {
                const auto i = static_cast<size_t>(k * channels + c);
                h.batchMean.values[i] = stats.mean[static_cast<size_t>(c)];
                h.batchVar.values[i] = stats.var[static_cast<size_t>(c)] * bessel;
            }
        }
        double gapSum = 0.0;
        for (int64_t c = 0; c < channels; ++c) {
            const auto i = static_cast<size_t>(k * channels + c);
            const HeldOutChannel& held = m_heldOut[static_cast<size_t>(c)];
            const double rm = params.runningMean[static_cast<size_t>(c)];
            const double rv = params.runningVar[static_cast<size_t>(c)];
            h.runningMean.values[i] = rm;
            h.runningVar.values[i] = rv;
            h.trueMean.values[i] = moments.mean[static_cast<size_t>(c)] + offset;
            h.trueVar.values[i] = moments.var[static_cast<size_t>(c)];

            // Held-out value x = mean + u (+ offset). Train mode normalizes with the batch's own
            // statistics, which the offset moves along: y_t = γ·u·a_t + β. Eval mode uses the
            // running ones: y_e = γ·(mean + offset + u − rm)·a_e + β. So y_e − y_t = A·u + B.
            const double gamma = entryOr(settings.weight, c, 1.0);
            const double beta = entryOr(settings.bias, c, 0.0);
            const double aEval = 1.0 / std::sqrt(rv + settings.eps);
            // BatchNorm's train kernel: a constant channel with eps = 0 comes out as β.
            const double aTrain
                = held.var == 0.0 && settings.eps == 0.0 ? 0.0 : 1.0 / std::sqrt(held.var + settings.eps);
            const double a = gamma * (aEval - aTrain);
            const double b = gamma * (held.mean + offset - rm) * aEval;
            if (!std::isfinite(a) || !std::isfinite(b)) {
                gapSum = nan; // running_var + eps = 0: PyTorch's eval output is ±inf or NaN
                continue;
            }
            h.evalMean.values[i] = b + beta;
            const double g = a == 0.0 ? std::abs(b) : std::abs(a) * held.meanAbsFrom(-b / a);
            h.channelGap.values[i] = g;
            gapSum += g;
        }
        h.gap[static_cast<size_t>(k)] = gapSum / static_cast<double>(channels);
    }
    h.numBatchesTracked = params.numBatchesTracked;
    return h;
}

NormParams RunningStatsLab::runningAt(const RunningStatsHistory& history, uint64_t steps)
{
    steps = std::min(steps, history.steps);
    NormParams params;
    for (int64_t c = 0; c < history.runningMean.channels; ++c) {
        params.runningMean.push_back(static_cast<float>(history.runningMean.at(steps, c)));
        params.runningVar.push_back(static_cast<float>(history.runningVar.at(steps, c)));
    }
    params.numBatchesTracked = static_cast<int64_t>(steps);
    return params;
}

} // namespace normscope
