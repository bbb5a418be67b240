#include "norms/normalize.h"

#include "kernels/parallel.h"
#include "norms/normerror.h"

#include <Eigen/Core>

#include <cmath>

namespace normscope {

namespace {

using ConstRow = Eigen::Map<const Eigen::ArrayXf>;

// Sums per row in double, then per set: two passes, so a large common offset
// (10000 + N(0, 1)) cannot swamp the variance as E[x²] − E[x]² in float would.
std::vector<double> perSet(const ReductionGeometry& geometry, const std::vector<double>& perRow)
{
    std::vector<double> sets(static_cast<size_t>(geometry.setCount()), 0.0);
    for (int64_t row = 0; row < geometry.rowCount(); ++row)
        sets[static_cast<size_t>(geometry.setOfRow(row))] += perRow[static_cast<size_t>(row)];
    return sets;
}

template <typename RowFn>
std::vector<double> rowwise(const Tensor& input, const ReductionGeometry& geometry, int threads, RowFn fn)
{
    const int64_t rows = geometry.rowCount();
    const int64_t len = geometry.rowLength();
    std::vector<double> out(static_cast<size_t>(rows));
    const float* data = input.data().data();
    parallelFor(rows, effectiveThreads(threads, input.numel()), [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row)
            out[static_cast<size_t>(row)] = fn(row, ConstRow(data + row * len, len));
    });
    return out;
}

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

} // namespace

SetStatistics computeSetStatistics(const Tensor& input, const ReductionGeometry& geometry, int threads)
{
    SetStatistics stats;
    stats.setSize = geometry.setSize();
    const double count = static_cast<double>(stats.setSize);

    stats.mean = perSet(geometry,
        rowwise(input, geometry, threads, [](int64_t, const ConstRow& row) { return row.cast<double>().sum(); }));
    for (double& m : stats.mean)
        m /= count;

    stats.var = perSet(geometry, rowwise(input, geometry, threads, [&](int64_t r, const ConstRow& row) {
        const double mean = stats.mean[static_cast<size_t>(geometry.setOfRow(r))];
        return (row.cast<double>() - mean).square().sum();
    }));
    for (double& v : stats.var)
        v /= count;
    return stats;
}

SetStatistics statisticsForForward(const Tensor& input, const ReductionGeometry& geometry, const NormConfig& config,
    const NormParams& params, int threads)
{
    if (config.usesBatchStats())
        return computeSetStatistics(input, geometry, threads);

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

Tensor applyNormalization(const Tensor& input, const ReductionGeometry& geometry, const SetStatistics& stats,
    const NormConfig& config, const NormParams& params, int threads)
{
    Tensor output(input.shape());
    const int64_t len = geometry.rowLength();
    const int64_t affineSize = geometry.affineSize();
    const bool affine = config.affine && (!params.weight.empty() || !params.bias.empty());
    const float* in = input.data().data();
    float* out = output.data().data();

    const bool batchStats = config.usesBatchStats();
    parallelFor(geometry.rowCount(), effectiveThreads(threads, input.numel()), [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row) {
            const auto set = static_cast<size_t>(geometry.setOfRow(row));
            const double mean = stats.mean[set];
            const double invstd = inverseStd(config.kind, batchStats, stats.var[set], config.eps);
            const ConstRow x(in + row * len, len);
            Eigen::Map<Eigen::ArrayXf> y(out + row * len, len);
            if (!std::isfinite(invstd)) {
                // Only var + eps == 0 gets here. PyTorch then computes x·α + (β − mean·α) with
                // α = ∞·γ, which gives its pattern of NaN and ±∞; (x − mean)·α would differ.
                const int64_t channel = config.kind == NormKind::Layer ? -1 : geometry.affineIndex(row * len);
                const double alpha = invstd * (affine && channel >= 0 ? paramOr(params.weight, channel, 1.0f) : 1.0);
                const double beta = (affine && channel >= 0 ? paramOr(params.bias, channel, 0.0f) : 0.0) - mean * alpha;
                y = (x.cast<double>() * alpha + beta).cast<float>();
            } else if (!affine) {
                y = ((x.cast<double>() - mean) * invstd).cast<float>();
            } else if (config.kind != NormKind::Layer) {
                const int64_t channel = geometry.affineIndex(row * len);
                const double scale = invstd * paramOr(params.weight, channel, 1.0f);
                const double shift = paramOr(params.bias, channel, 0.0f);
                y = ((x.cast<double>() - mean) * scale + shift).cast<float>();
            } else {
                const int64_t base = (row * len) % affineSize;
                Eigen::ArrayXd gamma = Eigen::ArrayXd::Ones(len);
                Eigen::ArrayXd beta = Eigen::ArrayXd::Zero(len);
                if (!params.weight.empty())
                    gamma = ConstRow(params.weight.data() + base, len).cast<double>();
                if (!params.bias.empty())
                    beta = ConstRow(params.bias.data() + base, len).cast<double>();
                y = ((x.cast<double>() - mean) * invstd * gamma + beta).cast<float>();
            }
        }
    });
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

Tensor normalize(
    const Tensor& input, const NormConfig& config, NormParams& params, int threads, SetStatistics* usedStats)
{
    const ReductionGeometry geometry(config, input.shape());
    validateParams(config, geometry, params);
    const SetStatistics stats = statisticsForForward(input, geometry, config, params, threads);
    Tensor output = applyNormalization(input, geometry, stats, config, params, threads);
    if (config.usesBatchStats())
        updateRunningStats(geometry, stats, config, params);
    if (usedStats)
        *usedStats = stats;
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
