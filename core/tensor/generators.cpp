#include "tensor/generators.h"

#include "norms/normerror.h"
#include "tensor/population.h"

#include <cmath>
#include <sstream>

namespace normscope {

namespace {

constexpr int64_t maxElements = int64_t(1) << 28; // 1 GiB of float32

std::string formatNumber(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

} // namespace

const std::vector<GeneratorInfo>& generatorCatalog()
{
    static const std::vector<GeneratorInfo> catalog = {
        { GeneratorKind::Normal, "normal", "Normal", "Independent normal values, N(mean, std²).",
            { { "mean", "Mean of every value.", 0.0, -1e4, 1e4 }, { "std", "Standard deviation.", 1.0, 0.0, 1e4 } } },
        { GeneratorKind::Uniform, "uniform", "Uniform", "Independent values uniform in [low, high).",
            { { "low", "Lower bound.", -1.0, -1e4, 1e4 }, { "high", "Upper bound.", 1.0, -1e4, 1e4 } } },
        { GeneratorKind::ChannelShift, "channel-shift", "Per-channel shift and scale",
            "Each channel has its own mean and spread: what BatchNorm removes.",
            { { "shift", "Standard deviation of the channel means.", 3.0, 0.0, 1e4 },
                { "scale", "Channel stds are drawn log-uniformly in [1/scale, scale].", 3.0, 1.0, 1e3 } } },
        { GeneratorKind::SampleShift, "sample-shift", "Per-sample shift and scale",
            "Each sample has its own mean and spread: what LayerNorm and InstanceNorm remove.",
            { { "shift", "Standard deviation of the sample means.", 3.0, 0.0, 1e4 },
                { "scale", "Sample stds are drawn log-uniformly in [1/scale, scale].", 3.0, 1.0, 1e3 } } },
        { GeneratorKind::HeavyTailed, "heavy-tailed", "Heavy-tailed with outliers",
            "Standard normal values, a fraction of them replaced by large outliers.",
            { { "fraction", "Share of values that are outliers.", 0.01, 0.0, 1.0 },
                { "magnitude", "Typical size of an outlier.", 20.0, 0.0, 1e4 } } },
        { GeneratorKind::Bimodal, "bimodal", "Bimodal", "A mixture of two unit normals.",
            { { "separation", "Distance between the two modes.", 4.0, 0.0, 1e4 },
                { "weight", "Share of values in the upper mode.", 0.5, 0.0, 1.0 } } },
        { GeneratorKind::Constant, "constant", "Constant", "Every value the same: zero variance in every set.",
            { { "value", "The value.", 1.0, -1e4, 1e4 } } },
    };
    return catalog;
}

const GeneratorInfo& generatorInfo(GeneratorKind kind)
{
    for (const auto& info : generatorCatalog()) {
        if (info.kind == kind)
            return info;
    }
    return generatorCatalog().front();
}

std::optional<GeneratorKind> parseGeneratorKind(std::string_view key)
{
    for (const auto& info : generatorCatalog()) {
        if (info.key == key)
            return info.kind;
    }
    return std::nullopt;
}

double GeneratorSpec::param(size_t i) const
{
    const auto& infos = generatorInfo(kind).params;
    if (i < params.size())
        return params[i];
    return i < infos.size() ? infos[i].defaultValue : 0.0;
}

void validateGeneratorSpec(const GeneratorSpec& spec)
{
    const Shape& shape = spec.shape;
    if (shape.n <= 0 || shape.c <= 0 || shape.h <= 0 || shape.w <= 0)
        throw NormError("every dimension of the shape must be at least 1, got " + shape.toString());
    if (shape.n > maxElements || shape.c > maxElements || shape.h > maxElements || shape.w > maxElements
        || shape.numel() > maxElements)
        throw NormError(
            "shape " + shape.toString() + " is too large (at most " + std::to_string(maxElements) + " elements)");
    const GeneratorInfo& info = generatorInfo(spec.kind);
    if (spec.params.size() > info.params.size())
        throw NormError("the " + info.key + " generator takes " + std::to_string(info.params.size())
            + " parameter(s), got " + std::to_string(spec.params.size()));
    for (size_t i = 0; i < info.params.size(); ++i) {
        const double v = spec.param(i);
        const auto& p = info.params[i];
        if (!std::isfinite(v) || v < p.minimum || v > p.maximum)
            throw NormError("the " + info.key + " generator's " + p.key + " must be between " + formatNumber(p.minimum)
                + " and " + formatNumber(p.maximum) + ", got " + formatNumber(v));
    }
}

Tensor generateTensor(const GeneratorSpec& spec)
{
    // Batch 0 of the spec's population: a Step in the window draws batches 1, 2, ... of the same one.
    return Population(spec).batch(0);
}

} // namespace normscope
