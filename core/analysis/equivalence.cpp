#include "analysis/equivalence.h"

#include "norms/normalize.h"
#include "norms/normerror.h"

#include <algorithm>
#include <cmath>

namespace normscope {

OutputDifference outputDifference(const Tensor& a, const Tensor& b)
{
    OutputDifference d;
    const auto x = a.data();
    const auto y = b.data();
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

OutputDifference against(
    const Tensor& input, const Tensor& groupOutput, const NormConfig& config, NormParams params, int threads)
{
    try {
        const Tensor other = normalize(input, config, params, threads);
        return outputDifference(groupOutput, other);
    } catch (const NormError& e) {
        OutputDifference refused;
        refused.refused = e.what();
        return refused;
    }
}

} // namespace

GroupEquivalence compareGroupNorm(const Tensor& input, const Tensor& groupOutput, const NormConfig& groupConfig,
    const NormParams& groupParams, bool always, int threads)
{
    GroupEquivalence eq;
    const Shape& shape = input.shape();
    eq.groups = groupConfig.groups;
    eq.channels = shape.c;
    const NormParams affine = groupConfig.affine ? groupParams : NormParams {};
    if (always || groupConfig.groups == 1)
        eq.layer
            = against(input, groupOutput, layerNormMatching(groupConfig), layerParamsMatching(affine, shape), threads);
    if (always || groupConfig.groups == shape.c)
        eq.instance
            = against(input, groupOutput, instanceNormMatching(groupConfig), instanceParamsMatching(affine), threads);
    return eq;
}

} // namespace normscope
