// The forward pass of the five norms with PyTorch's semantics, split so that a GUI can keep the
// per-set statistics and re-apply eps, γ and β without recomputing them.
#pragma once

#include "kernels/parallel.h"
#include "kernels/rowkernels.h"
#include "norms/normconfig.h"
#include "norms/reduction.h"
#include "norms/setstatistics.h"
#include "tensor/tensor.h"

#include <vector>

namespace normscope {

SetStatistics computeSetStatistics(const Tensor& input, const ReductionGeometry& geometry, int threads = 0);

// The statistics a forward pass normalizes with: the batch's own, or the running statistics
// (eval mode with track_running_stats), expanded to one entry per set. RMSNorm's are mean 0 and,
// in place of the variance, the mean square: y = x / sqrt(mean(x²) + eps) · γ is then the same
// map as every other norm's, y = (x − mean) / sqrt(var + eps) · γ + β.
SetStatistics statisticsForForward(const Tensor& input, const ReductionGeometry& geometry, const NormConfig& config,
    const NormParams& params, int threads = 0);

// The same, from the input's own per-set statistics when a caller has them (they are not read in
// eval mode with running statistics).
SetStatistics forwardStatistics(const SetStatistics& inputStats, const ReductionGeometry& geometry,
    const NormConfig& config, const NormParams& params);
// The running statistics (PyTorch's initial 0 and 1 where there are none yet), one entry per set.
SetStatistics runningStatistics(const ReductionGeometry& geometry, const NormParams& params);
// RMSNorm's statistics from a set's mean and variance: mean 0, "variance" mean(x²) = var + mean².
SetStatistics rmsStatistics(const SetStatistics& batch);

// How each row's output is computed from its input and the statistics it is normalized with:
// y = float((double(x) - mean) * scale + shift), scale = γ / sqrt(var + eps), all in double and
// rounded once; LayerNorm's γ and β (RMSNorm's γ) are per element instead. Where var + eps == 0, PyTorch
// computes x·α + (β − mean·α) with α = ∞·γ (its pattern of NaN and ±∞), and so does this.
class OutputMaps {
public:
    OutputMaps(const ReductionGeometry& geometry, const SetStatistics& used, const NormConfig& config,
        const NormParams& params);

    // LayerNorm or RMSNorm with γ or β that differ between elements: map() does not describe the row.
    // (When every element has the same γ and β, as the window's sliders give, map() does.)
    bool elementwise() const { return m_elementwise; }
    // Some set's 1 / sqrt(var + eps) is infinite (eps == 0 on a constant set).
    bool anyNonFinite() const { return m_anyNonFinite; }
    // The map of `row` (not for elementwise rows whose set is finite).
    kernels::AffineMap map(int64_t row) const;
    // y = the output of values [begin, end) of `row`, from x and y at the row's start.
    void apply(const float* x, float* y, int64_t row, int64_t begin, int64_t end, bool stream) const;

private:
    const ReductionGeometry& m_geometry;
    const SetStatistics& m_used;
    const NormParams& m_params;
    NormKind m_kind;
    bool m_batchStats;
    bool m_affine;
    bool m_elementwise;
    bool m_uniformLayer = false; // LayerNorm (RMSNorm) with one γ and one β (none) for all elements
    bool m_anyNonFinite = false;
    double m_eps;
};

// Outputs at least this big are written with non-temporal stores: they cannot stay in cache.
inline constexpr int64_t kStreamBytes = int64_t(32) << 20;

// y = (x - mean) / sqrt(var + eps) * γ + β, one mean/var per set, into `output` (its storage is
// reused when it has the input's size). Transposed geometries run on token tiles (tokentiles.h).
// False when cancelled.
bool applyNormalizationInto(const Tensor& input, Tensor& output, const ReductionGeometry& geometry,
    const SetStatistics& stats, const NormConfig& config, const NormParams& params, int threads = 0,
    const kernels::Cancelled& cancelled = {});
Tensor applyNormalization(const Tensor& input, const ReductionGeometry& geometry, const SetStatistics& stats,
    const NormConfig& config, const NormParams& params, int threads = 0);

// Updates running_mean / running_var / num_batches_tracked as PyTorch does in training mode.
void updateRunningStats(
    const ReductionGeometry& geometry, const SetStatistics& batchStats, const NormConfig& config, NormParams& params);

// One full forward call, as `layer(input)` in PyTorch: validates, normalizes and, in training,
// updates the running statistics in `params`. Throws NormError on any invalid input.
// `usedStats`, when given, receives the per-set statistics the output was normalized with.
// normalizeInto writes into `output`, reusing its storage when it has the input's size.
void normalizeInto(const Tensor& input, Tensor& output, const NormConfig& config, NormParams& params, int threads = 0,
    SetStatistics* usedStats = nullptr);
Tensor normalize(const Tensor& input, const NormConfig& config, NormParams& params, int threads = 0,
    SetStatistics* usedStats = nullptr);

// How many sets have zero variance.
int64_t zeroVarianceSets(const SetStatistics& stats);
// How many of the sets `stats` normalizes with give NaN or infinite outputs, as they do in
// PyTorch: var + eps == 0, except for BatchNorm/InstanceNorm on batch statistics (those give β).
int64_t nonFiniteSets(const SetStatistics& stats, const NormConfig& config);

} // namespace normscope
