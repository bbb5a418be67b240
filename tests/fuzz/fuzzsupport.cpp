#include "fuzzsupport.h"

#include "norms/normalize.h"
#include "norms/normerror.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace normscope::fuzz {

void require(bool ok, const char* what)
{
    if (!ok) {
        std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
        std::abort();
    }
}

namespace {

// Reads the next choice byte, cycling; 0 when there are none.
class Choices {
public:
    explicit Choices(std::span<const uint8_t> bytes)
        : m_bytes(bytes)
    {
    }
    uint8_t next() { return m_bytes.empty() ? 0 : m_bytes[m_pos++ % m_bytes.size()]; }

private:
    std::span<const uint8_t> m_bytes;
    size_t m_pos = 0;
};

bool allFinite(std::span<const float> values)
{
    for (float v : values) {
        if (!std::isfinite(v))
            return false;
    }
    return true;
}

NormConfig configFor(NormKind kind, const Shape& shape, Choices& choice)
{
    NormConfig config = NormConfig::defaults(kind);
    const double epsChoices[] = { 1e-5, 1e-3, 1e-12, 0.1, 1.0, 1e-30 };
    config.eps = epsChoices[choice.next() % 6];
    const uint8_t flags = choice.next();
    config.training = (flags & 1) == 0;
    config.affine = (flags & 2) != 0;
    config.trackRunningStats = (flags & 4) != 0 || kind == NormKind::Batch;
    if ((flags & 8) != 0)
        config.momentum.reset();
    else
        config.momentum = (choice.next() % 11) / 10.0;
    if (kind == NormKind::Group) {
        // A divisor of C, so the run reaches the arithmetic rather than the refusal.
        std::vector<int64_t> divisors;
        for (int64_t g = 1; g <= shape.c && divisors.size() < 16; ++g) {
            if (shape.c % g == 0)
                divisors.push_back(g);
        }
        config.groups = divisors[choice.next() % divisors.size()];
    }
    if (kind == NormKind::Layer) {
        const std::vector<int64_t> dims = shape.dims();
        const size_t k = 1 + choice.next() % (dims.size() - 1); // trailing dimensions, not N alone
        config.normalizedShape.assign(dims.end() - static_cast<std::ptrdiff_t>(k), dims.end());
    }
    return config;
}

} // namespace

void exerciseNorms(const Tensor& tensor, std::span<const uint8_t> bytes, int64_t maxValues)
{
    if (tensor.numel() > maxValues)
        return;
    // The running variance is a float32 buffer, in PyTorch too: data spread over more than about
    // 1e19 has a variance beyond float32's range, and the buffer becomes inf there as in PyTorch.
    // (normalize refuses to save such statistics.) Below that it must stay finite.
    float largest = 0.0f;
    for (float v : tensor.data())
        largest = std::max(largest, std::fabs(v));
    const bool runningFits = largest <= 1e18f;
    Choices choice(bytes);
    for (NormKind kind : allNormKinds) {
        const NormConfig config = configFor(kind, tensor.shape(), choice);
        NormParams params;
        for (int step = 0; step < 2; ++step) { // twice: the second pass uses updated running statistics
            Tensor output;
            try {
                output = normalize(tensor, config, params, 1 + choice.next() % 3);
            } catch (const NormError&) {
                break; // refused as PyTorch refuses it (one value per channel, ...): fine
            }
            require(output.shape() == tensor.shape(), "the output has the input's shape");
            require(allFinite(output.data()), "eps > 0 and finite input give finite outputs");
            require(allFinite(params.runningMean), "the running mean stays finite");
            require(!runningFits || allFinite(params.runningVar), "the running variance stays finite");
        }
    }
}

} // namespace normscope::fuzz
