// GroupNorm's two limits, computed rather than asserted: with one group it is LayerNorm over
// (C, H, W), with C groups InstanceNorm (given the same eps and the same γ, β per channel). The
// numbers here come from running those layers on the same input and comparing whole outputs, so
// the window, the compare view and their exports show max |GN − LN| and max |GN − IN| as measured.
#pragma once

#include "norms/normalize.h"
#include "norms/normconfig.h"
#include "tensor/tensor.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace normscope {

// How far apart two outputs of the same shape are.
struct OutputDifference {
    double maxAbs = 0.0; // over the positions where both are finite
    int64_t compared = 0; // positions compared
    // Positions where one output is NaN or infinite and the other is not, or they differ there
    // (eps = 0 on a constant set: LayerNorm and GroupNorm give NaN, InstanceNorm β, as in PyTorch).
    int64_t nonFiniteMismatches = 0;
    // Non-empty when the other layer refuses this input (PyTorch's message); the rest is then unset.
    std::string refused;
};

OutputDifference outputDifference(const Tensor& a, const Tensor& b);

struct GroupEquivalence {
    int64_t groups = 0;
    int64_t channels = 0;
    std::optional<OutputDifference> layer; // against LayerNorm over (C, H, W), γ/β broadcast over H, W
    std::optional<OutputDifference> instance; // against InstanceNorm2d(affine=True, the same γ/β)
};

// LayerNorm over every dimension but N, and InstanceNorm without running statistics, with
// GroupNorm's eps and affine and its per-channel γ, β (broadcast over H, W for LayerNorm).
NormConfig layerNormMatching(const NormConfig& group);
NormConfig instanceNormMatching(const NormConfig& group);
NormParams layerParamsMatching(const NormParams& group, const Shape& shape);
NormParams instanceParamsMatching(const NormParams& group);

// Compares a GroupNorm output with LayerNorm (when G = 1, or `always`) and InstanceNorm (when
// G = C, or `always`) on the same input.
GroupEquivalence compareGroupNorm(const Tensor& input, const Tensor& groupOutput, const NormConfig& groupConfig,
    const NormParams& groupParams, bool always, int threads = 0);
// Against both layers, with their statistics of `input` when already known (null: computed here).
GroupEquivalence compareGroupNorm(const Tensor& input, const Tensor& groupOutput, const NormConfig& groupConfig,
    const NormParams& groupParams, std::shared_ptr<const SetStatistics> layerStats,
    std::shared_ptr<const SetStatistics> instanceStats, int threads = 0);

// What GroupNorm's limit check keeps between two snapshots of one tensor (the window's slider
// moves): LayerNorm's and InstanceNorm's statistics of the input, which depend on the tensor
// alone. A move of γ, β, eps or the selection at G = 1 or G = C then costs the other layer's
// normalization and the comparison, not also its two statistics passes over the input. Nothing
// else is kept, so the result is always the other layer's own output (its own sets and
// statistics) against the GroupNorm output given. Safe to share between threads.
class EquivalenceCache {
public:
    // As compareGroupNorm(*input, groupOutput, groupConfig, groupParams, false, threads).
    GroupEquivalence compare(const std::shared_ptr<const Tensor>& input, const Tensor& groupOutput,
        const NormConfig& groupConfig, const NormParams& groupParams, int threads = 0);

    // How many times LayerNorm's or InstanceNorm's statistics of an input were computed.
    int64_t statisticsComputed() const;

private:
    mutable std::mutex m_mutex;
    std::weak_ptr<const Tensor> m_input; // what the statistics below describe (not kept alive)
    std::shared_ptr<const SetStatistics> m_layerStats;
    std::shared_ptr<const SetStatistics> m_instanceStats;
    int64_t m_statisticsComputed = 0;
};

} // namespace normscope
