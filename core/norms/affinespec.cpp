#include "norms/affinespec.h"

#include <cstddef>

namespace normscope {

double affineDraw(uint64_t stream, int64_t i)
{
    constexpr uint64_t p = affineDrawModulus;
    // i < 2^28 and h < 2^31: every product stays below 2^63, as in torch's int64.
    uint64_t h = (static_cast<uint64_t>(i) * 48271 + stream % p) % p;
    for (int round = 0; round < 3; ++round)
        h = (h * h + 12345) % p;
    return static_cast<double>(h) / static_cast<double>(p);
}

uint64_t AffineSpec::gammaStream() const
{
    return seed % affineDrawModulus;
}

uint64_t AffineSpec::betaStream() const
{
    return (seed ^ 0x9e3779b97f4a7c15ULL) % affineDrawModulus;
}

std::vector<float> AffineSpec::weights(int64_t size) const
{
    if (!perChannel && gamma == 1.0)
        return {};
    std::vector<float> values(static_cast<size_t>(size), static_cast<float>(gamma));
    if (perChannel) {
        // Spread around the slider's γ so "randomize" still follows the slider.
        const uint64_t stream = gammaStream();
        for (int64_t i = 0; i < size; ++i)
            values[static_cast<size_t>(i)] = static_cast<float>(gamma * (0.5 + affineDraw(stream, i)));
    }
    return values;
}

std::vector<float> AffineSpec::biases(int64_t size) const
{
    if (!perChannel && beta == 0.0)
        return {};
    std::vector<float> values(static_cast<size_t>(size), static_cast<float>(beta));
    if (perChannel) {
        const uint64_t stream = betaStream();
        for (int64_t i = 0; i < size; ++i)
            values[static_cast<size_t>(i)] = static_cast<float>(beta + (2.0 * affineDraw(stream, i) - 1.0));
    }
    return values;
}

} // namespace normscope
