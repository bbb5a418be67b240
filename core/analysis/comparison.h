// The four norms side by side on one tensor, as in Figure 2 of Wu & He's "Group Normalization":
// BatchNorm, LayerNorm (over C, H, W), InstanceNorm and GroupNorm with the same eps, the same γ and
// β per channel and the sets that hold one anchor element. Each gets a full Snapshot (output,
// per-set spread, what it leaves unequalised); their after-histograms share bin edges so the
// four can be read against each other; and GroupNorm's distance to LayerNorm and to InstanceNorm
// is measured at every G, so morphing G shows it reach 0 at G = 1 and at G = C.
#pragma once

#include "analysis/equivalence.h"
#include "analysis/snapshot.h"

#include <array>
#include <functional>
#include <memory>
#include <string>

namespace normscope {

// The figure's four, in its order. Not allNormKinds: that list grows with the norms NormScope
// knows, while the comparison is Figure 2's.
inline constexpr std::array<NormKind, 4> comparedKinds { NormKind::Batch, NormKind::Layer, NormKind::Instance,
    NormKind::Group };

struct ComparisonRequest {
    std::shared_ptr<const Tensor> input;
    double eps = 1e-5;
    bool affine = true;
    std::vector<float> weight; // per channel, shared by the four (broadcast over H, W for LayerNorm);
    std::vector<float> bias; // empty: PyTorch's initial 1 and 0
    int64_t groups = 1; // GroupNorm's G, a divisor of C
    std::array<int64_t, 3> anchor { 0, 0, 0 }; // n, c, h·w: each norm shows the set holding it
    int bins = 40;
    std::function<bool()> cancelled; // polled between the norms; see SnapshotRequest
};

struct ComparedNorm {
    NormKind kind = NormKind::Batch;
    std::shared_ptr<const Snapshot> snapshot; // null when the layer refuses the input
    std::string error; // then: PyTorch's message
    Histogram after; // the output on the edges the four share
    Histogram afterSelected; // the anchor's set, same edges
};

struct Comparison {
    std::shared_ptr<const Tensor> input;
    double eps = 1e-5;
    bool affine = true;
    std::vector<float> weight;
    std::vector<float> bias;
    int64_t groups = 1;
    std::array<int64_t, 3> anchor { 0, 0, 0 };
    std::array<ComparedNorm, comparedKinds.size()> norms; // in comparedKinds order: BN, LN, IN, GN
    Histogram before; // the input, shared by the four
    // GroupNorm against the LayerNorm and InstanceNorm columns (which use GroupNorm's eps, γ and
    // β): both distances at every G.
    GroupEquivalence group;

    const ComparedNorm& norm(NormKind kind) const { return norms[static_cast<size_t>(kind)]; }
};

// The configuration each column runs: training mode (each norm with the statistics of this
// input), no running statistics, the shared eps and affine; LayerNorm over (C, H, W).
NormConfig comparedConfig(NormKind kind, const ComparisonRequest& request);
NormParams comparedParams(NormKind kind, const ComparisonRequest& request, const Shape& shape);

// Throws SnapshotCancelled when `cancelled` fires. A norm that refuses the input (BatchNorm on one
// value per channel, InstanceNorm on one position) leaves its column with the message.
std::shared_ptr<const Comparison> computeComparison(const ComparisonRequest& request, int threads = 0);

} // namespace normscope
