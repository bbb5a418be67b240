// The forward pass of the four norms with PyTorch's semantics, split so that a GUI can keep the
// per-set statistics and re-apply eps, γ and β without recomputing them.
#pragma once

#include "norms/normconfig.h"
#include "norms/reduction.h"
#include "tensor/tensor.h"

#include <vector>

namespace normscope {

// Mean and biased variance of every set, accumulated in double with two passes.
struct SetStatistics {
    std::vector<double> mean;
    std::vector<double> var; // biased (divided by the set size)
    int64_t setSize = 0;
};

SetStatistics computeSetStatistics(const Tensor& input, const ReductionGeometry& geometry, int threads = 0);

// The statistics a forward pass normalizes with: the batch's own, or the running statistics
// (eval mode with track_running_stats), expanded to one entry per set.
SetStatistics statisticsForForward(const Tensor& input, const ReductionGeometry& geometry, const NormConfig& config,
    const NormParams& params, int threads = 0);

// y = (x - mean) / sqrt(var + eps) * γ + β, one mean/var per set.
Tensor applyNormalization(const Tensor& input, const ReductionGeometry& geometry, const SetStatistics& stats,
    const NormConfig& config, const NormParams& params, int threads = 0);

// Updates running_mean / running_var / num_batches_tracked as PyTorch does in training mode.
void updateRunningStats(
    const ReductionGeometry& geometry, const SetStatistics& batchStats, const NormConfig& config, NormParams& params);

// One full forward call, as `layer(input)` in PyTorch: validates, normalizes and, in training,
// updates the running statistics in `params`. Throws NormError on any invalid input.
// `usedStats`, when given, receives the per-set statistics the output was normalized with.
Tensor normalize(const Tensor& input, const NormConfig& config, NormParams& params, int threads = 0,
    SetStatistics* usedStats = nullptr);

// How many sets have zero variance.
int64_t zeroVarianceSets(const SetStatistics& stats);
// How many of the sets `stats` normalizes with give NaN or infinite outputs, as they do in
// PyTorch: var + eps == 0, except for BatchNorm/InstanceNorm on batch statistics (those give β).
int64_t nonFiniteSets(const SetStatistics& stats, const NormConfig& config);

} // namespace normscope
