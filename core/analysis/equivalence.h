// GroupNorm's two limits, computed rather than asserted: with one group it is LayerNorm over
// (C, H, W), with C groups InstanceNorm (given the same eps and the same γ, β per channel). The
// numbers here come from running those layers on the same input and comparing whole outputs, so
// the window, the compare view and their exports show max |GN − LN| and max |GN − IN| as measured.
#pragma once

#include "norms/normconfig.h"
#include "tensor/tensor.h"

#include <cstdint>
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

} // namespace normscope
