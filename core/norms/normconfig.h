// The settings of one normalization layer, mirroring the constructor arguments and mode of
// torch.nn.BatchNorm2d, LayerNorm, InstanceNorm2d, GroupNorm and RMSNorm, and their
// learnable/running state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace normscope {

// The order is stable (settings, sessions and switch statements rely on it): new kinds go last.
enum class NormKind { Batch, Layer, Instance, Group, Rms };

inline constexpr NormKind allNormKinds[]
    = { NormKind::Batch, NormKind::Layer, NormKind::Instance, NormKind::Group, NormKind::Rms };

// "batch", "layer", "instance", "group", "rms"
std::string_view normKey(NormKind kind);
// "BatchNorm", "LayerNorm", ..., "RMSNorm"
std::string_view normTitle(NormKind kind);
std::optional<NormKind> parseNormKind(std::string_view key);

// LayerNorm and RMSNorm: the sets are the trailing normalized_shape of each position, and γ (and
// LayerNorm's β) has one value per element of normalized_shape rather than one per channel.
constexpr bool usesNormalizedShape(NormKind kind)
{
    return kind == NormKind::Layer || kind == NormKind::Rms;
}
// RMSNorm has a weight but no bias.
constexpr bool hasBias(NormKind kind)
{
    return kind != NormKind::Rms;
}
// RMSNorm divides by the root mean square and does not subtract the mean.
constexpr bool subtractsMean(NormKind kind)
{
    return kind != NormKind::Rms;
}

// torch.finfo(torch.float32).eps = 2^-23: what RMSNorm's eps=None means for float32 input, the
// dtype NormScope computes for (PyTorch takes the epsilon of the input's computation type).
inline constexpr double float32Eps = 1.1920928955078125e-07;

struct NormConfig {
    NormKind kind = NormKind::Batch;
    double eps = 1e-5;
    // RMSNorm's eps=None. `eps` then holds float32Eps, the value PyTorch adds, so the numerics
    // read `eps` alone; the flag says how the code box and the panel write it.
    bool epsNone = false;
    std::optional<double> momentum = 0.1; // nullopt: PyTorch's momentum=None
    bool affine = true; // LayerNorm's and RMSNorm's elementwise_affine
    bool trackRunningStats = true; // BatchNorm and InstanceNorm only
    bool training = true;
    int64_t groups = 1; // GroupNorm only
    // LayerNorm and RMSNorm: a suffix of the input's dimensions; empty means every dimension but N.
    std::vector<int64_t> normalizedShape;

    // PyTorch's defaults for each layer (affine off and no running statistics for InstanceNorm;
    // eps=None for RMSNorm).
    static NormConfig defaults(NormKind kind);

    // Whether this layer has running statistics at all.
    bool hasRunningStats() const
    {
        return (kind == NormKind::Batch || kind == NormKind::Instance) && trackRunningStats;
    }
    // Whether the forward pass normalizes with the statistics of the input itself.
    bool usesBatchStats() const { return training || !hasRunningStats(); }
};

// Learnable parameters and running statistics. Empty vectors take PyTorch's initial values
// (weight ones, bias zeros, running mean zeros, running variance ones).
struct NormParams {
    std::vector<float> weight;
    std::vector<float> bias;
    std::vector<float> runningMean;
    std::vector<float> runningVar;
    int64_t numBatchesTracked = 0;
    // The shapes γ and β had in their files, when they came from files (empty: a plain vector).
    // LayerNorm and RMSNorm want exactly normalized_shape and GroupNorm a vector, as PyTorch checks.
    std::vector<int64_t> weightShape;
    std::vector<int64_t> biasShape;
};

} // namespace normscope
