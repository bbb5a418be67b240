#include "norms/normalize.h"

#include "kernels/rows.h"
#include "norms/normerror.h"
#include "norms/tokentiles.h"

#include <algorithm>
#include <cmath>

namespace normscope {

namespace {

float paramOr(const std::vector<float>& values, int64_t i, float fallback)
{
    return values.empty() ? fallback : values[static_cast<size_t>(i)];
}

// PyTorch's 1 / sqrt(var + eps), with the exception of its batch_norm kernels (BatchNorm, and
// InstanceNorm, which runs through them) for batch statistics: there var == 0 with eps == 0
// gives 0, not ∞, so a constant channel comes out as β rather than NaN.
double inverseStd(NormKind kind, bool batchStats, double var, double eps)
{
    const bool batchKernel = kind == NormKind::Batch || kind == NormKind::Instance;
    if (batchKernel && batchStats && var == 0.0 && eps == 0.0)
        return 0.0;
    return 1.0 / std::sqrt(var + eps);
}

// Sets this small are normalized right after their statistics, while their values are still in
// cache, so the input is read from memory once (BatchNorm's channels, InstanceNorm, GroupNorm on
// the seed tensor; LayerNorm's 16 MB samples take two passes).
constexpr int64_t kInCacheSetBytes = int64_t(8) << 20;

void prepareOutput(const Tensor& input, Tensor& output)
{
    if (output.numel() == input.numel())
        output = Tensor(input.shape(), output.releaseValues());
    else
        output = Tensor(input.shape());
}

} // namespace

OutputMaps::OutputMaps(
    const ReductionGeometry& geometry, const SetStatistics& used, const NormConfig& config, const NormParams& params)
    : m_geometry(geometry)
    , m_used(used)
    , m_params(params)
    , m_kind(config.kind)
    , m_batchStats(config.usesBatchStats())
    , m_affine(config.affine && (!params.weight.empty() || !params.bias.empty()))
    , m_elementwise(m_affine && usesNormalizedShape(config.kind))
    , m_eps(config.eps)
{
    for (double v : used.var)
        m_anyNonFinite = m_anyNonFinite || !std::isfinite(inverseStd(m_kind, m_batchStats, v, m_eps));
    const auto uniform = [](const std::vector<float>& v) {
        return std::all_of(v.begin(), v.end(), [&](float x) { return x == v.front(); });
    };
    if (m_elementwise && uniform(params.weight) && uniform(params.bias)) {
        m_uniformLayer = true;
        m_elementwise = false;
    }
}

kernels::AffineMap OutputMaps::map(int64_t row) const
{
    const auto set = static_cast<size_t>(m_geometry.setOfRow(row));
    const double mean = m_used.mean[set];
    const double invstd = inverseStd(m_kind, m_batchStats, m_used.var[set], m_eps);
    const int64_t channel = usesNormalizedShape(m_kind) ? -1 : m_geometry.affineIndex(row * m_geometry.rowLength());
    if (!std::isfinite(invstd)) {
        // Only var + eps == 0 gets here: x·α + (β − mean·α), as PyTorch; (x − mean)·α would differ.
        const double alpha = invstd * (m_affine && channel >= 0 ? paramOr(m_params.weight, channel, 1.0f) : 1.0);
        const double beta = (m_affine && channel >= 0 ? paramOr(m_params.bias, channel, 0.0f) : 0.0) - mean * alpha;
        return { 0.0, alpha, beta, true };
    }
    if (!m_affine)
        return { mean, invstd, 0.0, false };
    if (m_uniformLayer) {
        // The elementwise order, ((x - mean) · invstd) · γ + β, with γ skipped when absent.
        // RMSNorm has no β: no addition, so -0.0 stays -0.0 as in x * rsqrt(...) * weight.
        kernels::AffineMap map { mean, invstd, paramOr(m_params.bias, 0, 0.0f), !m_params.bias.empty() };
        map.hasGamma = !m_params.weight.empty();
        map.gamma = paramOr(m_params.weight, 0, 1.0f);
        return map;
    }
    return { mean, invstd * paramOr(m_params.weight, channel, 1.0f), paramOr(m_params.bias, channel, 0.0f), true };
}

void OutputMaps::apply(const float* x, float* y, int64_t row, int64_t begin, int64_t end, bool stream) const
{
    const auto set = static_cast<size_t>(m_geometry.setOfRow(row));
    const double invstd = inverseStd(m_kind, m_batchStats, m_used.var[set], m_eps);
    if (m_elementwise && std::isfinite(invstd)) {
        const int64_t base = (row * m_geometry.rowLength()) % m_geometry.affineSize() + begin;
        kernels::applyElementwise(x + begin, y + begin, end - begin, m_used.mean[set], invstd,
            m_params.weight.empty() ? nullptr : m_params.weight.data() + base,
            m_params.bias.empty() ? nullptr : m_params.bias.data() + base, stream);
        return;
    }
    kernels::applyMap(x + begin, y + begin, end - begin, map(row), stream);
}

SetStatistics computeSetStatistics(const Tensor& input, const ReductionGeometry& geometry, int threads)
{
    std::vector<kernels::Moments> rows;
    rowMomentsOf(input, geometry, threads, rows);
    return statisticsOf(setMoments(rows, geometry), geometry.setSize());
}

SetStatistics rmsStatistics(const SetStatistics& batch)
{
    SetStatistics stats;
    stats.setSize = batch.setSize;
    stats.mean.assign(batch.mean.size(), 0.0);
    stats.var.resize(batch.var.size());
    // mean(x²) = var + mean²: both terms are non-negative, so nothing cancels, and var comes from
    // the two-pass sums, so a large offset keeps its precision.
    for (size_t i = 0; i < batch.var.size(); ++i)
        stats.var[i] = batch.var[i] + batch.mean[i] * batch.mean[i];
    return stats;
}

SetStatistics forwardStatistics(const SetStatistics& inputStats, const ReductionGeometry& geometry,
    const NormConfig& config, const NormParams& params)
{
    if (config.kind == NormKind::Rms)
        return rmsStatistics(inputStats);
    if (config.usesBatchStats())
        return inputStats;
    return runningStatistics(geometry, params);
}

SetStatistics statisticsForForward(const Tensor& input, const ReductionGeometry& geometry, const NormConfig& config,
    const NormParams& params, int threads)
{
    if (!config.usesBatchStats())
        return runningStatistics(geometry, params);
    return forwardStatistics(computeSetStatistics(input, geometry, threads), geometry, config, params);
}

SetStatistics runningStatistics(const ReductionGeometry& geometry, const NormParams& params)
{
    SetStatistics stats;
    stats.setSize = geometry.setSize();
    stats.mean.resize(static_cast<size_t>(geometry.setCount()));
    stats.var.resize(stats.mean.size());
    for (int64_t set = 0; set < geometry.setCount(); ++set) {
        const int64_t channel = geometry.channelOfSet(set);
        stats.mean[static_cast<size_t>(set)] = paramOr(params.runningMean, channel, 0.0f);
        stats.var[static_cast<size_t>(set)] = paramOr(params.runningVar, channel, 1.0f);
    }
    return stats;
}

bool applyNormalizationInto(const Tensor& input, Tensor& output, const ReductionGeometry& geometry,
    const SetStatistics& stats, const NormConfig& config, const NormParams& params, int threads,
    const kernels::Cancelled& cancelled)
{
    prepareOutput(input, output);
    const OutputMaps maps(geometry, stats, config, params);
    const int64_t len = geometry.rowLength();
    const bool stream = input.numel() * 4 >= kStreamBytes;
    const float* x = input.data().data();
    float* y = output.data().data();
    if (geometry.transposed()) {
        const TokenTiles tiles(geometry);
        return tiles.run(
            threads, x, y,
            [&](int64_t tile, const float* xs, float* ys) {
                const int64_t first = tiles.firstRow(tile);
                for (int64_t j = 0; j < tiles.rows(tile); ++j)
                    maps.apply(xs + j * len, ys + j * len, first + j, 0, len, false);
            },
            cancelled);
    }
    const kernels::RowPieces pieces(geometry.rowCount(), len);
    return pieces.run(
        threads,
        [&](int64_t p) {
            const int64_t row = pieces.row(p);
            maps.apply(x + row * len, y + row * len, row, pieces.begin(p), pieces.end(p), stream);
        },
        cancelled);
}

Tensor applyNormalization(const Tensor& input, const ReductionGeometry& geometry, const SetStatistics& stats,
    const NormConfig& config, const NormParams& params, int threads)
{
    Tensor output;
    applyNormalizationInto(input, output, geometry, stats, config, params, threads);
    return output;
}

void updateRunningStats(
    const ReductionGeometry& geometry, const SetStatistics& batchStats, const NormConfig& config, NormParams& params)
{
    if (!config.training || !config.hasRunningStats())
        return;
    const int64_t channels = geometry.shape().c;
    if (params.runningMean.empty())
        params.runningMean.assign(static_cast<size_t>(channels), 0.0f);
    if (params.runningVar.empty())
        params.runningVar.assign(static_cast<size_t>(channels), 1.0f);

    double factor = 0.0;
    if (config.kind == NormKind::Batch) {
        ++params.numBatchesTracked;
        factor = config.momentum ? *config.momentum : 1.0 / static_cast<double>(params.numBatchesTracked);
    } else {
        // F.instance_norm receives momentum=None as 0.0: the running statistics stay as they are.
        factor = config.momentum.value_or(0.0);
    }

    // PyTorch's running_var takes the unbiased variance. InstanceNorm updates each channel with
    // the average over the batch of its per-instance statistics.
    const double n = static_cast<double>(batchStats.setSize);
    const double bessel = n / (n - 1.0);
    const int64_t perChannel = geometry.setCount() / channels;
    for (int64_t c = 0; c < channels; ++c) {
        double mean = 0.0;
        double var = 0.0;
        for (int64_t set = 0; set < geometry.setCount(); ++set) {
            if (geometry.channelOfSet(set) == c) {
                mean += batchStats.mean[static_cast<size_t>(set)];
                var += batchStats.var[static_cast<size_t>(set)] * bessel;
            }
        }
        mean /= static_cast<double>(perChannel);
        var /= static_cast<double>(perChannel);
        auto& rm = params.runningMean[static_cast<size_t>(c)];
        auto& rv = params.runningVar[static_cast<size_t>(c)];
        rm = static_cast<float>(factor * mean + (1.0 - factor) * rm);
        rv = static_cast<float>(factor * var + (1.0 - factor) * rv);
    }
}

namespace {

// The statistics set `set` is normalized with, from its moments: mean and variance, or for
// RMSNorm mean 0 and the mean square (as rmsStatistics).
void storeUsed(SetStatistics& stats, int64_t set, const kernels::Moments& m, NormKind kind)
{
    const double mean = m.mean();
    const double var = m.variance();
    const bool rms = kind == NormKind::Rms;
    stats.mean[static_cast<size_t>(set)] = rms ? 0.0 : mean;
    stats.var[static_cast<size_t>(set)] = rms ? var + mean * mean : var;
}

// Batch statistics and output one set at a time: the set's rows are read from memory for their
// moments and normalized while still in cache. Gives the same statistics as computeSetStatistics
// (same row moments, same merge) and the same output as applyNormalizationInto.
SetStatistics normalizeSetBySet(const Tensor& input, Tensor& output, const ReductionGeometry& geometry,
    const NormConfig& config, const NormParams& params, int threads)
{
    prepareOutput(input, output);
    const SetRows sets(geometry);
    const int64_t len = geometry.rowLength();
    const float* x = input.data().data();
    float* y = output.data().data();
    std::vector<kernels::Moments> rows(static_cast<size_t>(geometry.rowCount()));
    SetStatistics stats;
    stats.setSize = geometry.setSize();
    stats.mean.assign(static_cast<size_t>(geometry.setCount()), 0.0);
    stats.var.assign(stats.mean.size(), 0.0);
    const OutputMaps maps(geometry, stats, config, params);
    const bool stream = input.numel() * 4 >= kStreamBytes;
    // Small sets go several to a task (about kTaskValues values), so that a 1M-value GroupNorm's
    // 256 sets cost 16 task dispatches, not 256.
    const int64_t setsPerTask = std::max<int64_t>(1, kernels::kTaskValues / std::max<int64_t>(1, geometry.setSize()));
    const int64_t setCount = geometry.setCount();
    kernels::parallelTasks((setCount + setsPerTask - 1) / setsPerTask, threads, [&](int64_t task) {
        for (int64_t set = task * setsPerTask; set < std::min(setCount, (task + 1) * setsPerTask); ++set) {
            const auto members = sets.rowsOf(set);
            for (int64_t r : members)
                rows[static_cast<size_t>(r)] = kernels::rowSumsOf(x + r * len, len);
            storeUsed(stats, set, kernels::mergeMoments(rows, members), config.kind);
            for (int64_t r : members)
                maps.apply(x + r * len, y + r * len, r, 0, len, stream);
        }
    });
    return stats;
}

// The same for (B, T, C) data with one set per token (LayerNorm and RMSNorm over C): a tile of
// tokens is gathered, each token's statistics computed and the token normalized while in cache.
SetStatistics normalizeTokenByToken(const Tensor& input, Tensor& output, const ReductionGeometry& geometry,
    const NormConfig& config, const NormParams& params, int threads)
{
    prepareOutput(input, output);
    const TokenTiles tiles(geometry);
    const int64_t len = geometry.rowLength();
    SetStatistics stats;
    stats.setSize = geometry.setSize();
    stats.mean.assign(static_cast<size_t>(geometry.setCount()), 0.0);
    stats.var.assign(stats.mean.size(), 0.0);
    const OutputMaps maps(geometry, stats, config, params);
    tiles.run(threads, input.data().data(), output.data().data(), [&](int64_t tile, const float* xs, float* ys) {
        const int64_t first = tiles.firstRow(tile);
        for (int64_t j = 0; j < tiles.rows(tile); ++j) {
            storeUsed(stats, first + j, kernels::rowSumsOf(xs + j * len, len), config.kind);
            maps.apply(xs + j * len, ys + j * len, first + j, 0, len, false);
        }
    });
    return stats;
}

} // namespace

void normalizeInto(const Tensor& input, Tensor& output, const NormConfig& config, NormParams& params, int threads,
    SetStatistics* usedStats)
{
    const ReductionGeometry geometry(config, input.shape());
    validateParams(config, geometry, params);
    SetStatistics stats;
    if (config.usesBatchStats() && geometry.transposed() && geometry.setCount() == geometry.rowCount()) {
        stats = normalizeTokenByToken(input, output, geometry, config, params, threads);
    } else if (config.usesBatchStats() && !geometry.transposed() && geometry.setSize() * 4 <= kInCacheSetBytes
        && geometry.setCount() >= 2 * kernels::threadCount(threads)) {
        stats = normalizeSetBySet(input, output, geometry, config, params, threads);
    } else {
        stats = statisticsForForward(input, geometry, config, params, threads);
        applyNormalizationInto(input, output, geometry, stats, config, params, threads);
    }
    if (config.usesBatchStats())
        updateRunningStats(geometry, stats, config, params);
    if (usedStats)
        *usedStats = std::move(stats);
}

Tensor normalize(
    const Tensor& input, const NormConfig& config, NormParams& params, int threads, SetStatistics* usedStats)
{
    Tensor output;
    normalizeInto(input, output, config, params, threads, usedStats);
    return output;
}

int64_t zeroVarianceSets(const SetStatistics& stats)
{
    int64_t count = 0;
    for (double v : stats.var)
        count += v == 0.0 ? 1 : 0;
    return count;
}

int64_t nonFiniteSets(const SetStatistics& stats, const NormConfig& config)
{
    int64_t count = 0;
    for (double v : stats.var)
        count += std::isfinite(inverseStd(config.kind, config.usesBatchStats(), v, config.eps)) ? 0 : 1;
    return count;
}

} // namespace normscope
