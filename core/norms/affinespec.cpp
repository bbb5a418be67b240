#include "norms/affinespec.h"

#include <random>

namespace normscope {

std::vector<float> AffineSpec::weights(int64_t size) const
{
    if (!perChannel && gamma == 1.0)
        return {};
    std::vector<float> values(static_cast<size_t>(size), static_cast<float>(gamma));
    if (perChannel) {
        // Spread around the slider's γ so "randomize" still follows the slider.
        std::mt19937_64 random(seed);
        std::uniform_real_distribution<double> spread(0.5, 1.5);
        for (float& v : values)
            v = static_cast<float>(gamma * spread(random));
    }
    return values;
}

std::vector<float> AffineSpec::biases(int64_t size) const
{
    if (!perChannel && beta == 0.0)
        return {};
    std::vector<float> values(static_cast<size_t>(size), static_cast<float>(beta));
    if (perChannel) {
        std::mt19937_64 random(seed ^ 0x9e3779b97f4a7c15ULL);
        std::uniform_real_distribution<double> spread(-1.0, 1.0);
        for (float& v : values)
            v = static_cast<float>(beta + spread(random));
    }
    return values;
}

} // namespace normscope
