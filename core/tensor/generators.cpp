#include "tensor/generators.h"

#include "norms/normerror.h"

#include <cmath>
#include <numbers>
#include <sstream>

namespace normscope {

namespace {

// xoshiro256** seeded through splitmix64: small, fast and identical on every platform.
class Random {
public:
    explicit Random(uint64_t seed)
    {
        for (auto& s : m_state) {
            seed += 0x9e3779b97f4a7c15ULL;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            s = z ^ (z >> 31);
        }
    }

    uint64_t next()
    {
        const uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    // Standard normal by Box-Muller; the second value of each pair is kept for the next call.
    double normal()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double u1 = 1.0 - uniform(); // (0, 1]: log stays finite
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        m_spare = r * std::sin(2.0 * std::numbers::pi * u2);
        m_hasSpare = true;
        return r * std::cos(2.0 * std::numbers::pi * u2);
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_state[4] {};
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

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
    validateGeneratorSpec(spec);
    const Shape& shape = spec.shape;

    Tensor tensor(shape);
    auto data = tensor.data();
    Random random(spec.seed);
    const double a = spec.param(0);
    const double b = spec.param(1);
    const int64_t plane = shape.hw();

    // Per-group (channel or sample) mean and std, drawn from their own stream so the shift of
    // channel c does not depend on the tensor's size.
    const auto groupParams = [&](int64_t count) {
        Random groupRandom(spec.seed ^ 0x5851f42d4c957f2dULL);
        std::vector<std::pair<double, double>> out(static_cast<size_t>(count));
        for (auto& [mean, std] : out) {
            mean = a * groupRandom.normal();
            std = std::exp((2.0 * groupRandom.uniform() - 1.0) * std::log(b));
        }
        return out;
    };

    switch (spec.kind) {
    case GeneratorKind::Normal:
        for (float& v : data)
            v = static_cast<float>(a + b * random.normal());
        break;
    case GeneratorKind::Uniform:
        for (float& v : data)
            v = static_cast<float>(a + (b - a) * random.uniform());
        break;
    case GeneratorKind::ChannelShift: {
        const auto groups = groupParams(shape.c);
        for (int64_t i = 0; i < shape.numel(); ++i) {
            const auto& [mean, std] = groups[static_cast<size_t>((i / plane) % shape.c)];
            data[static_cast<size_t>(i)] = static_cast<float>(mean + std * random.normal());
        }
        break;
    }
    case GeneratorKind::SampleShift: {
        const auto groups = groupParams(shape.n);
        const int64_t sample = shape.c * plane;
        for (int64_t i = 0; i < shape.numel(); ++i) {
            const auto& [mean, std] = groups[static_cast<size_t>(i / sample)];
            data[static_cast<size_t>(i)] = static_cast<float>(mean + std * random.normal());
        }
        break;
    }
    case GeneratorKind::HeavyTailed:
        for (float& v : data) {
            const double x = random.normal();
            if (random.uniform() < a) {
                const double sign = random.uniform() < 0.5 ? -1.0 : 1.0;
                v = static_cast<float>(sign * b * (1.0 + std::abs(x)));
            } else {
                v = static_cast<float>(x);
            }
        }
        break;
    case GeneratorKind::Bimodal:
        for (float& v : data) {
            const double mode = random.uniform() < b ? 0.5 * a : -0.5 * a;
            v = static_cast<float>(mode + random.normal());
        }
        break;
    case GeneratorKind::Constant:
        for (float& v : data)
            v = static_cast<float>(a);
        break;
    }
    return tensor;
}

} // namespace normscope
