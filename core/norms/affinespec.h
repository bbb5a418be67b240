// How the explorer sets γ and β: one value for every channel, or drawn per channel around it.
#pragma once

#include <cstdint>
#include <vector>

namespace normscope {

struct AffineSpec {
    double gamma = 1.0;
    double beta = 0.0;
    bool perChannel = false;
    uint64_t seed = 0; // for the per-channel draw

    bool operator==(const AffineSpec&) const = default;
    bool uniform() const { return !perChannel; }
    // γ/β vectors of `size` entries (empty when they are PyTorch's initial 1 and 0).
    std::vector<float> weights(int64_t size) const;
    std::vector<float> biases(int64_t size) const;
};

} // namespace normscope
