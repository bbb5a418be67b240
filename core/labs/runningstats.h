// The running-statistics lab: K batches from one source fed through nn.BatchNorm2d in training
// mode, and what a class should see happen: each batch's channel mean and variance scatter around
// the population's, running_mean and running_var follow them as the momentum rule says, and the
// eval-mode output on a held-out batch approaches the train-mode output.
//
// The batches' statistics are computed once and kept, so a new momentum (or None, the cumulative
// average), eps, γ/β or distribution shift replays the very same batches in a few milliseconds;
// only new steps draw new batches. Every running statistic comes from the kernels'
// updateRunningStats, as `normalize` updates it: the numbers are PyTorch's.
#pragma once

#include "labs/labprogress.h"
#include "labs/labsource.h"
#include "norms/normalize.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace normscope {

struct RunningStatsSettings {
    std::optional<double> momentum = 0.1; // nullopt: momentum=None, the cumulative average
    double eps = 1e-5;
    std::vector<float> weight; // γ per channel (empty: ones), for the held-out batch's outputs
    std::vector<float> bias; // β per channel (empty: zeros)
    // From batch `fromBatch` on, every value of every fed batch, and of the held-out batch as it
    // is evaluated after that step, is `amount` higher: deployment data that differs from the
    // data the running statistics were accumulated on.
    PopulationShift shift;
    bool operator==(const RunningStatsSettings&) const = default;
};

// One number per step (0..K) and channel, step-major.
struct StepSeries {
    int64_t channels = 0;
    std::vector<double> values;

    double at(uint64_t step, int64_t c) const { return values[static_cast<size_t>(step * channels + c)]; }
    std::span<const double> step(uint64_t step) const
    {
        return std::span(values).subspan(static_cast<size_t>(step * channels), static_cast<size_t>(channels));
    }
};

// Everything the lab plots, for steps 0..K (step 0: before any batch was fed).
struct RunningStatsHistory {
    Shape shape; // of the batch on screen
    uint64_t steps = 0;
    RunningStatsSettings settings;
    bool heldOutIsFed = false; // loaded data: the batch on screen is also fed

    StepSeries batchMean; // the mean of the batch fed at each step (NaN at step 0)
    StepSeries batchVar; // its unbiased variance, which running_var takes (NaN at step 0)
    StepSeries runningMean; // running_mean after the step, as PyTorch stores it (float32)
    StepSeries runningVar;
    StepSeries trueMean; // the population's mean and variance of the step's batch (shift included)
    StepSeries trueVar;
    // On the held-out batch as it is at that step (the batch on screen, shifted when the shift
    // applies): the per-channel mean of the eval-mode output (running statistics after the
    // step), and the per-channel mean of |eval output − train output|.
    StepSeries evalMean;
    StepSeries channelGap;
    std::vector<double> gap; // per step: mean |eval − train| over the whole held-out batch
    std::vector<double> trainMean; // per channel: the train-mode output's mean (β)
    int64_t numBatchesTracked = 0;
};

// The most steps the lab keeps for `channels` channels (its history stays under ~100 MB).
uint64_t maxLabSteps(int64_t channels);

class RunningStatsLab {
public:
    // Throws NormError when nn.BatchNorm2d cannot train on the source's batches (one value per
    // channel), with PyTorch's message.
    explicit RunningStatsLab(LabSource source);

    const LabSource& source() const { return m_source; }
    // Batches whose statistics are kept: steps 1..fed().
    uint64_t fed() const { return m_batches.size(); }

    // Draws and measures batches fed() + 1 .. steps (at most maxLabSteps), in parallel. Returns
    // fed() afterwards: fewer than asked when `progress` cancels (the batches done are kept).
    uint64_t feed(uint64_t steps, const LabProgress& progress = {}, int threads = 0);
    // Steps 0..min(steps, fed()) under `settings`: a replay of the kept batch statistics.
    RunningStatsHistory history(uint64_t steps, const RunningStatsSettings& settings) const;

    // The running statistics after `steps` steps, as NormParams (for eval mode elsewhere).
    static NormParams runningAt(const RunningStatsHistory& history, uint64_t steps);

private:
    struct HeldOutChannel {
        double mean = 0.0;
        double var = 0.0; // biased, as the train-mode forward pass uses it
        std::vector<double> sorted; // the channel's values minus its mean, ascending
        std::vector<double> prefix; // prefix[i] = sum of sorted[0..i)
        // mean |x − mean − t| over the channel's values
        double meanAbsFrom(double t) const;
    };

    LabSource m_source;
    std::vector<SetStatistics> m_batches; // step k's batch statistics at [k − 1]
    std::vector<HeldOutChannel> m_heldOut;
};

} // namespace normscope
