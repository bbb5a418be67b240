#include "tensor/population.h"

#include "tensor/random.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace normscope {

namespace {

// Stream tags: the spreads of channels and of sample slots come from streams of their own, so
// the shift of channel c depends neither on the tensor's size nor on the batch.
constexpr uint64_t spreadTag = 0x5851f42d4c957f2dULL;
// randomMembers' draws use noise ids with the top bit set: batch(k) never reaches them.
constexpr uint64_t sampledDrawBit = uint64_t(1) << 63;

} // namespace

Population::Population(const GeneratorSpec& spec, const PopulationShift& shift)
    : m_spec(spec)
    , m_shift(shift)
{
    validateGeneratorSpec(m_spec);
    if (m_spec.kind == GeneratorKind::ChannelShift) {
        // Mean ~ N(0, shift²), std log-uniform in [1/scale, scale].
        Random random(m_spec.seed ^ spreadTag);
        const double shiftParam = m_spec.param(0);
        const double logScale = std::log(m_spec.param(1));
        m_channels.resize(static_cast<size_t>(m_spec.shape.c));
        for (Spread& s : m_channels) {
            s.mean = shiftParam * random.normal();
            s.std = std::exp((2.0 * random.uniform() - 1.0) * logScale);
        }
    }
}

Population::Spread Population::slotSpread(uint64_t slot) const
{
    Random random(streamSeed(m_spec.seed ^ spreadTag, slot));
    Spread s;
    s.mean = m_spec.param(0) * random.normal();
    s.std = std::exp((2.0 * random.uniform() - 1.0) * std::log(m_spec.param(1)));
    return s;
}

void Population::fillSample(float* out, const SampleId& id, double offset) const
{
    const Shape& shape = m_spec.shape;
    const int64_t plane = shape.hw();
    const int64_t count = shape.c * plane;
    Random random(streamSeed(m_spec.seed, id.slot, id.draw));
    const double a = m_spec.param(0);
    const double b = m_spec.param(1);
    switch (m_spec.kind) {
    case GeneratorKind::Normal:
        for (int64_t i = 0; i < count; ++i)
            out[i] = static_cast<float>(offset + a + b * random.normal());
        break;
    case GeneratorKind::Uniform:
        for (int64_t i = 0; i < count; ++i)
            out[i] = static_cast<float>(offset + a + (b - a) * random.uniform());
        break;
    case GeneratorKind::ChannelShift:
        for (int64_t i = 0; i < count; ++i) {
            const Spread& s = m_channels[static_cast<size_t>(i / plane)];
            out[i] = static_cast<float>(offset + s.mean + s.std * random.normal());
        }
        break;
    case GeneratorKind::SampleShift: {
        const Spread s = slotSpread(id.slot);
        for (int64_t i = 0; i < count; ++i)
            out[i] = static_cast<float>(offset + s.mean + s.std * random.normal());
        break;
    }
    case GeneratorKind::HeavyTailed:
        for (int64_t i = 0; i < count; ++i) {
            const double x = random.normal();
            double v = x;
            if (random.uniform() < a) {
                const double sign = random.uniform() < 0.5 ? -1.0 : 1.0;
                v = sign * b * (1.0 + std::abs(x));
            }
            out[i] = static_cast<float>(offset + v);
        }
        break;
    case GeneratorKind::Bimodal:
        for (int64_t i = 0; i < count; ++i) {
            const double mode = random.uniform() < b ? 0.5 * a : -0.5 * a;
            out[i] = static_cast<float>(offset + mode + random.normal());
        }
        break;
    case GeneratorKind::Constant:
        std::fill(out, out + count, static_cast<float>(offset + a));
        break;
    }
}

Tensor Population::batchOf(const std::vector<SampleId>& members, uint64_t k) const
{
    Shape shape = m_spec.shape;
    shape.n = static_cast<int64_t>(members.size());
    Tensor tensor(shape);
    const int64_t sampleSize = shape.c * shape.hw();
    const double offset = m_shift.appliesTo(k) ? m_shift.amount : 0.0;
    float* data = tensor.data().data();
    for (size_t n = 0; n < members.size(); ++n)
        fillSample(data + static_cast<int64_t>(n) * sampleSize, members[n], offset);
    return tensor;
}

Tensor Population::batch(uint64_t k) const
{
    std::vector<SampleId> members(static_cast<size_t>(m_spec.shape.n));
    for (size_t n = 0; n < members.size(); ++n)
        members[n] = { n, k };
    return batchOf(members, k);
}

std::vector<SampleId> Population::randomMembers(int64_t size, uint64_t draw, std::optional<SampleId> first) const
{
    std::vector<SampleId> members;
    members.reserve(static_cast<size_t>(std::max<int64_t>(size, 0)));
    Random random(streamSeed(m_spec.seed ^ sampledDrawBit, draw));
    for (int64_t i = 0; i < size; ++i) {
        if (i == 0 && first) {
            members.push_back(*first);
            continue;
        }
        // Distinct noise for every member of every draw: (draw, i) names it.
        const uint64_t slot = random.below(static_cast<uint64_t>(m_spec.shape.n));
        members.push_back({ slot, sampledDrawBit | mixBits(streamSeed(draw, static_cast<uint64_t>(i))) });
    }
    return members;
}

ChannelMoments Population::channelMoments(uint64_t k) const
{
    const size_t channels = static_cast<size_t>(m_spec.shape.c);
    const double a = m_spec.param(0);
    const double b = m_spec.param(1);
    double mean = 0.0;
    double var = 0.0;
    switch (m_spec.kind) {
    case GeneratorKind::Normal:
        mean = a;
        var = b * b;
        break;
    case GeneratorKind::Uniform:
        mean = 0.5 * (a + b);
        var = (b - a) * (b - a) / 12.0;
        break;
    case GeneratorKind::SampleShift: {
        // A channel of a batch mixes the N samples' distributions equally.
        double sumMean = 0.0;
        double sumSquare = 0.0;
        for (int64_t n = 0; n < m_spec.shape.n; ++n) {
            const Spread s = slotSpread(static_cast<uint64_t>(n));
            sumMean += s.mean;
            sumSquare += s.std * s.std + s.mean * s.mean;
        }
        const auto count = static_cast<double>(m_spec.shape.n);
        mean = sumMean / count;
        var = sumSquare / count - mean * mean;
        break;
    }
    case GeneratorKind::HeavyTailed:
        // An outlier replaces x by ±b(1 + |x|): E[(1 + |x|)²] = 2 + 2·sqrt(2/π).
        mean = 0.0;
        var = (1.0 - a) + a * b * b * (2.0 + 2.0 * std::sqrt(2.0 / std::numbers::pi));
        break;
    case GeneratorKind::Bimodal:
        // ±a/2 with weights b and 1 − b, plus unit noise.
        mean = a * (b - 0.5);
        var = 1.0 + a * a * b * (1.0 - b);
        break;
    case GeneratorKind::Constant:
        mean = a;
        var = 0.0;
        break;
    case GeneratorKind::ChannelShift:
        break;
    }
    ChannelMoments moments { std::vector<double>(channels, mean), std::vector<double>(channels, var) };
    if (m_spec.kind == GeneratorKind::ChannelShift) {
        for (size_t c = 0; c < channels; ++c) {
            moments.mean[c] = m_channels[c].mean;
            moments.var[c] = m_channels[c].std * m_channels[c].std;
        }
    }
    if (m_shift.appliesTo(k)) {
        for (double& m : moments.mean)
            m += m_shift.amount;
    }
    return moments;
}

} // namespace normscope
