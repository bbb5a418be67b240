// NormScope's own random streams: xoshiro256** seeded through splitmix64, and Box-Muller
// normals. Small, fast and identical on every platform and standard library, so a seed gives
// the same tensor everywhere.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace normscope {

// splitmix64's finaliser: spreads any 64-bit value over all 64 bits.
constexpr uint64_t mixBits(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// The seed of an independent stream named by (seed, a, b): e.g. the noise of sample a in batch b.
constexpr uint64_t streamSeed(uint64_t seed, uint64_t a, uint64_t b = 0)
{
    return mixBits(mixBits(mixBits(seed) ^ a) ^ (b * 0xd1b54a32d192ed03ULL));
}

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

    // Uniform integer in [0, bound), bound > 0 (the tiny modulo bias of 64-bit draws is irrelevant here).
    uint64_t below(uint64_t bound) { return next() % bound; }

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

} // namespace normscope
