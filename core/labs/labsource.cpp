#include "labs/labsource.h"

#include "norms/normerror.h"
#include "tensor/random.h"

#include <algorithm>
#include <cstring>

namespace normscope {

namespace {

// The stream that picks loaded batch mates: its own tag, so no other draw reuses it.
constexpr uint64_t loadedMateTag = 0x6c616273ULL; // "labs"

// Mean and biased variance of every channel over all loaded batches, two passes in double.
ChannelMoments pooledMoments(const std::vector<std::shared_ptr<const Tensor>>& batches, const Shape& shape)
{
    const auto channels = static_cast<size_t>(shape.c);
    ChannelMoments moments { std::vector<double>(channels, 0.0), std::vector<double>(channels, 0.0) };
    double count = 0.0;
    const auto visit = [&](auto&& fn) {
        for (const auto& batch : batches) {
            const Shape& s = batch->shape();
            const float* data = batch->data().data();
            for (int64_t n = 0; n < s.n; ++n)
                for (int64_t c = 0; c < s.c; ++c) {
                    const float* plane = data + (n * s.c + c) * s.hw();
                    for (int64_t i = 0; i < s.hw(); ++i)
                        fn(static_cast<size_t>(c), static_cast<double>(plane[i]));
                }
        }
    };
    for (const auto& batch : batches)
        count += static_cast<double>(batch->shape().n * batch->shape().hw());
    visit([&](size_t c, double v) { moments.mean[c] += v; });
    for (double& m : moments.mean)
        m /= count;
    visit([&](size_t c, double v) { moments.var[c] += (v - moments.mean[c]) * (v - moments.mean[c]); });
    for (double& v : moments.var)
        v /= count;
    return moments;
}

} // namespace

LabSource::LabSource(const GeneratorSpec& spec)
    : m_population(std::in_place, spec)
    , m_shape(spec.shape)
    , m_moments(m_population->channelMoments())
{
}

LabSource::LabSource(std::vector<std::shared_ptr<const Tensor>> batches)
    : m_batches(std::move(batches))
{
    if (m_batches.empty() || !m_batches.front())
        throw NormError("The labs need at least one batch.");
    m_shape = m_batches.front()->shape();
    for (const auto& batch : m_batches) {
        const Shape& s = batch->shape();
        if (s.c != m_shape.c || s.h != m_shape.h || s.w != m_shape.w)
            throw NormError("The loaded batches differ in shape: " + s.toString() + " and " + m_shape.toString() + ".");
    }
    m_moments = pooledMoments(m_batches, m_shape);
}

bool LabSource::sameAs(const LabSource& other) const
{
    if (generated() != other.generated())
        return false;
    if (generated()) {
        const GeneratorSpec& a = m_population->spec();
        const GeneratorSpec& b = other.m_population->spec();
        return a.kind == b.kind && a.shape == b.shape && a.seed == b.seed && a.params == b.params;
    }
    return m_batches == other.m_batches;
}

Tensor LabSource::screenBatch() const
{
    return generated() ? m_population->batch(0) : *m_batches.front();
}

Tensor LabSource::fedBatch(uint64_t k) const
{
    if (generated())
        return m_population->batch(k);
    return *m_batches[static_cast<size_t>((k - 1) % m_batches.size())];
}

Tensor LabSource::screenSample(int64_t n) const
{
    if (generated())
        return m_population->batchOf({ SampleId { static_cast<uint64_t>(n), 0 } }, 0);
    const Tensor& batch = *m_batches.front();
    Shape shape = batch.shape();
    shape.n = 1;
    const int64_t size = shape.numel();
    const auto begin = batch.values().begin() + static_cast<std::ptrdiff_t>(n * size);
    return Tensor(shape, std::vector<float>(begin, begin + static_cast<std::ptrdiff_t>(size)));
}

Tensor LabSource::mates(uint64_t draw, int64_t count) const
{
    if (generated()) {
        // Member 0 stands for the chosen sample; randomMembers keeps the others independent of it.
        std::vector<SampleId> members = m_population->randomMembers(count + 1, draw, SampleId { 0, 0 });
        members.erase(members.begin());
        return m_population->batchOf(members, 0);
    }
    int64_t pool = 0;
    for (const auto& batch : m_batches)
        pool += batch->shape().n;
    Shape shape = m_shape;
    shape.n = count;
    Tensor out(shape);
    const int64_t size = shape.c * shape.hw();
    for (int64_t i = 0; i < count; ++i) {
        Random random(streamSeed(loadedMateTag, draw, static_cast<uint64_t>(i)));
        int64_t pick = static_cast<int64_t>(random.below(static_cast<uint64_t>(pool)));
        size_t b = 0;
        while (pick >= m_batches[b]->shape().n)
            pick -= m_batches[b++]->shape().n;
        std::memcpy(out.data().data() + i * size, m_batches[b]->data().data() + pick * size,
            static_cast<size_t>(size) * sizeof(float));
    }
    return out;
}

} // namespace normscope
