// The settings of one normalization layer, mirroring the constructor arguments and mode of
// torch.nn.BatchNorm2d, LayerNorm, InstanceNorm2d and GroupNorm, and their learnable/running state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace normscope {

enum class NormKind { Batch, Layer, Instance, Group };

inline constexpr NormKind allNormKinds[] = { NormKind::Batch, NormKind::Layer, NormKind::Instance, NormKind::Group };

// "batch", "layer", "instance", "group"
std::string_view normKey(NormKind kind);
// "BatchNorm", "LayerNorm", ...
std::string_view normTitle(NormKind kind);
std::optional<NormKind> parseNormKind(std::string_view key);

struct NormConfig {
    NormKind kind = NormKind::Batch;
    double eps = 1e-5;
    std::optional<double> momentum = 0.1; // nullopt: PyTorch's momentum=None
    bool affine = true; // LayerNorm's elementwise_affine
    bool trackRunningStats = true; // BatchNorm and InstanceNorm only
    bool training = true;
    int64_t groups = 1; // GroupNorm only
    // LayerNorm only: a suffix of the input's dimensions; empty means every dimension but N.
    std::vector<int64_t> normalizedShape;

    // PyTorch's defaults for each layer (affine off and no running statistics for InstanceNorm).
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
    // LayerNorm wants exactly normalized_shape and GroupNorm a vector, as PyTorch checks.
    std::vector<int64_t> weightShape;
    std::vector<int64_t> biasShape;
};

} // namespace normscope
