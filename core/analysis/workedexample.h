// One value through the layer, step by step, with the numbers PyTorch uses: x, the mean and
// variance it is normalized with (its set's, or the running statistics in eval mode),
// x̂ = (x − μ) / √(σ² + ε), γ, β and y = γ·x̂ + β (RMSNorm: x̂ = x / √(mean(x²) + ε), y = γ·x̂). The window shows it for
// the hovered or clicked cell; `normscope normalize --explain` prints it; tests check it against torch.nn.
#pragma once

#include "analysis/snapshot.h"

#include <cstdint>
#include <string>

namespace normscope {

struct ElementIndex {
    int64_t n = 0;
    int64_t c = 0;
    int64_t h = 0;
    int64_t w = 0;
    bool operator==(const ElementIndex&) const = default;
};

struct WorkedExample {
    ElementIndex at;
    int64_t set = 0;
    std::string setLabel; // "n=0, g=1"
    int64_t setSize = 0;
    // Eval mode with running statistics: mean and var are channel c's running_mean and
    // running_var (after numBatchesTracked batches), not statistics of this input.
    bool runningStats = false;
    int64_t numBatchesTracked = 0;
    double x = 0.0;
    double mean = 0.0;
    double var = 0.0; // biased variance of the set, or running_var; RMSNorm: the set's mean(x²)
    // RMSNorm: mean is 0 (nothing is subtracted) and var holds the mean square, so the same
    // x̂ = (x − mean) / √(var + eps) is x / √(mean(x²) + eps); the texts then say so.
    bool rms = false;
    double eps = 0.0;
    double invStd = 0.0; // 1 / √(var + eps); 0 where PyTorch's batch_norm kernel uses 0 (var = eps = 0)
    double xhat = 0.0;
    bool affine = false;
    double gamma = 1.0;
    double beta = 0.0;
    double y = 0.0; // γ·x̂ + β, in double
    float output = 0.0f; // what the layer returned (float32)
};

// Throws NormError when the index is outside the tensor.
WorkedExample workedExample(const Tensor& input, const Tensor& output, const ReductionGeometry& geometry,
    const SetStatistics& usedStats, const NormConfig& config, const NormParams& params, const ElementIndex& at);
WorkedExample workedExample(const Snapshot& snapshot, const ElementIndex& at);

} // namespace normscope
