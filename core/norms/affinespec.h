// How the explorer sets γ and β: one value for every channel, or drawn per channel (per
// element of normalized_shape for LayerNorm) around it.
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
    // Drawn: γ_i = γ · (0.5 + u_i), β_i = β + (2 u'_i − 1), rounded to float32, with u from
    // affineDraw(gammaStream(), i) and u' from affineDraw(betaStream(), i).
    std::vector<float> weights(int64_t size) const;
    std::vector<float> biases(int64_t size) const;
    uint64_t gammaStream() const;
    uint64_t betaStream() const;
};

// The modulus of affineDraw, the prime 2^31 − 1.
inline constexpr uint64_t affineDrawModulus = 2147483647;

// A number in [0, 1) for element i of `stream` (< affineDrawModulus). Integer arithmetic
// modulo a prime and one division, all exact, so the PyTorch code box reproduces the very same
// γ and β in a few lines of torch (a library generator such as mt19937 could not be followed):
//   h = (i · 48271 + stream) mod p;  three times h = (h² + 12345) mod p;  u = h / p.
double affineDraw(uint64_t stream, int64_t i);

} // namespace normscope
