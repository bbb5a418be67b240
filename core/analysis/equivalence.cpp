#include "analysis/equivalence.h"

#include "kernels/rows.h"
#include "norms/normalize.h"
#include "norms/normerror.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <span>

namespace normscope {

namespace {

OutputDifference outputDifference(std::span<const float> x, std::span<const float> y)
{
    OutputDifference d;
    const size_t count = std::min(x.size(), y.size());
    d.compared = static_cast<int64_t>(count);
    for (size_t i = 0; i < count; ++i) {
        const bool fx = std::isfinite(x[i]);
        const bool fy = std::isfinite(y[i]);
        if (fx && fy) {
            d.maxAbs = std::max(d.maxAbs, std::abs(static_cast<double>(x[i]) - static_cast<double>(y[i])));
        } else if (fx != fy || !(x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i])))) {
            ++d.nonFiniteMismatches;
        }
    }
    return d;
}

} // namespace

OutputDifference outputDifference(const Tensor& a, const Tensor& b)
{
    return outputDifference(a.data(), b.data());
}

NormConfig layerNormMatching(const NormConfig& group)
{
    NormConfig config = NormConfig::defaults(NormKind::Layer);
    config.eps = group.eps;
    config.affine = group.affine;
    config.normalizedShape.clear(); // (C, H, W): every dimension but N
    return config;
}

NormConfig instanceNormMatching(const NormConfig& group)
{
    NormConfig config = NormConfig::defaults(NormKind::Instance);
    config.eps = group.eps;
    config.affine = group.affine; // nn.InstanceNorm2d's default is False: matched to GroupNorm's
    config.trackRunningStats = false; // GroupNorm has none; IN would otherwise use them in eval
    return config;
}

NormParams layerParamsMatching(const NormParams& group, const Shape& shape)
{
    NormParams params;
    const auto broadcast = [&](const std::vector<float>& perChannel) {
        std::vector<float> out;
        if (perChannel.empty())
            return out;
        out.reserve(static_cast<size_t>(shape.c * shape.hw()));
        for (float v : perChannel)
            out.insert(out.end(), static_cast<size_t>(shape.hw()), v);
        return out;
    };
    params.weight = broadcast(group.weight);
    params.bias = broadcast(group.bias);
    return params;
}

NormParams instanceParamsMatching(const NormParams& group)
{
    NormParams params;
    params.weight = group.weight;
    params.bias = group.bias;
    return params;
}

namespace {

// outputDifference(groupOutput, the other layer's output), the other output computed a piece of a
// row at a time and compared at once: it never exists whole (in the window that would be a
// fourth tensor-sized buffer, 268 MB for the seed's tensor, at G = 1 and G = C).
OutputDifference differenceFromLayer(const Tensor& input, const Tensor& groupOutput, const ReductionGeometry& geometry,
    const SetStatistics& stats, const NormConfig& config, const NormParams& params, int threads)
{
    const OutputMaps maps(geometry, stats, config, params);
    const int64_t len = geometry.rowLength();
    const kernels::RowPieces pieces(geometry.rowCount(), len);
    std::vector<OutputDifference> parts(static_cast<size_t>(pieces.tasks()));
    const float* x = input.data().data();
    const auto y = groupOutput.data();
    pieces.runTasks(threads, [&](int64_t task, int64_t first, int64_t end) {
        OutputDifference& d = parts[static_cast<size_t>(task)];
        // The other output's row, written at [begin, end) only (not initialized: a piece of a
        // long row touches only its own pages).
        const std::unique_ptr<float[]> row(new float[static_cast<size_t>(len)]);
        for (int64_t p = first; p < end; ++p) {
            const int64_t r = pieces.row(p);
            const int64_t begin = pieces.begin(p);
            maps.apply(x + r * len, row.get(), r, begin, pieces.end(p), false);
            const std::span<const float> mine(row.get() + begin, static_cast<size_t>(pieces.end(p) - begin));
            const OutputDifference piece
                = outputDifference(y.subspan(static_cast<size_t>(r * len + begin), mine.size()), mine);
            d.maxAbs = std::max(d.maxAbs, piece.maxAbs);
            d.compared += piece.compared;
            d.nonFiniteMismatches += piece.nonFiniteMismatches;
        }
    });
    OutputDifference total;
    for (const OutputDifference& d : parts) {
        total.maxAbs = std::max(total.maxAbs, d.maxAbs);
        total.compared += d.compared;
        total.nonFiniteMismatches += d.nonFiniteMismatches;
    }
    return total;
}

// The other layer run on the input with its own statistics: computed here, or taken from (and
// left in) `cached` when the caller keeps them for this input.
OutputDifference against(const Tensor& input, const Tensor& groupOutput, const NormConfig& config,
    const NormParams& params, std::shared_ptr<const SetStatistics>* cached, int64_t* computed, int threads)
{
    try {
        const ReductionGeometry geometry(config, input.shape());
        validateParams(config, geometry, params);
        std::shared_ptr<const SetStatistics> stats = cached ? *cached : nullptr;
        if (!stats) {
            stats = std::make_shared<const SetStatistics>(computeSetStatistics(input, geometry, threads));
            if (computed)
                ++*computed;
            if (cached)
                *cached = stats;
        }
        return differenceFromLayer(input, groupOutput, geometry, *stats, config, params, threads);
    } catch (const NormError& e) {
        OutputDifference refused;
        refused.refused = e.what();
        return refused;
    }
}

GroupEquivalence compareWith(const Tensor& input, const Tensor& groupOutput, const NormConfig& groupConfig,
    const NormParams& groupParams, bool always, std::shared_ptr<const SetStatistics>* layerStats,
    std::shared_ptr<const SetStatistics>* instanceStats, int64_t* computed, int threads)
{
    GroupEquivalence eq;
    const Shape& shape = input.shape();
    eq.groups = groupConfig.groups;
    eq.channels = shape.c;
    const NormParams affine = groupConfig.affine ? groupParams : NormParams {};
    if (always || groupConfig.groups == 1)
        eq.layer = against(input, groupOutput, layerNormMatching(groupConfig), layerParamsMatching(affine, shape),
            layerStats, computed, threads);
    if (always || groupConfig.groups == shape.c)
        eq.instance = against(input, groupOutput, instanceNormMatching(groupConfig), instanceParamsMatching(affine),
            instanceStats, computed, threads);
    return eq;
}

} // namespace

GroupEquivalence compareGroupNorm(const Tensor& input, const Tensor& groupOutput, const NormConfig& groupConfig,
    const NormParams& groupParams, bool always, int threads)
{
    return compareWith(input, groupOutput, groupConfig, groupParams, always, nullptr, nullptr, nullptr, threads);
}

GroupEquivalence compareGroupNorm(const Tensor& input, const Tensor& groupOutput, const NormConfig& groupConfig,
    const NormParams& groupParams, std::shared_ptr<const SetStatistics> layerStats,
    std::shared_ptr<const SetStatistics> instanceStats, int threads)
{
    return compareWith(
        input, groupOutput, groupConfig, groupParams, true, &layerStats, &instanceStats, nullptr, threads);
}

GroupEquivalence EquivalenceCache::compare(const std::shared_ptr<const Tensor>& input, const Tensor& groupOutput,
    const NormConfig& groupConfig, const NormParams& groupParams, int threads)
{
    const std::lock_guard lock(m_mutex);
    // weak_ptr: a tensor freed and another allocated at its address is not taken for it.
    if (m_input.lock() != input) {
        m_input = input;
        m_layerStats.reset();
        m_instanceStats.reset();
    }
    return compareWith(*input, groupOutput, groupConfig, groupParams, false, &m_layerStats, &m_instanceStats,
        &m_statisticsComputed, threads);
}

int64_t EquivalenceCache::statisticsComputed() const
{
    const std::lock_guard lock(m_mutex);
    return m_statisticsComputed;
}

} // namespace normscope
