// Everything the explorer shows for one setting, computed in one place: the normalized output,
// per-set statistics before and after, histograms of the whole tensor and of the selected set.
// The window, `normscope export`, `normscope bench` (live_update) and the tests all draw or
// check this same immutable value; views never compute.
#pragma once

#include "analysis/equivalence.h"
#include "analysis/histogram.h"
#include "analysis/inputanalysis.h"
#include "kernels/bufferpool.h"
#include "norms/normalize.h"
#include "norms/reduction.h"
#include "tensor/tensor.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace normscope {

struct SnapshotRequest {
    std::shared_ptr<const Tensor> input;
    NormConfig config;
    NormParams params; // running statistics as accumulated so far (eval mode reads them)
    // GroupNorm's limit check keeps LayerNorm's and InstanceNorm's statistics of `input` here
    // between snapshots (see EquivalenceCache). May be null.
    std::shared_ptr<EquivalenceCache> equivalence;
    int64_t selectedSet = 0; // clamped to the geometry's set count
    int bins = 60;
    // What the last snapshot learnt about `input` (it does not depend on eps, γ, β or the
    // selection); used when it matches this tensor, geometry and bin count. May be null.
    std::shared_ptr<const InputAnalysis> cachedInput;
    // The selected set's input view for `cachedInput`, when the selection has not changed.
    std::optional<std::pair<int64_t, SetView>> cachedSelection;
    // Where output tensors come from (recycled between slider moves). May be null.
    std::shared_ptr<kernels::BufferPool> outputs;
    // Polled between the steps of the computation and between the pieces of each parallel loop,
    // from worker threads; returning true abandons it (computeSnapshot then throws
    // SnapshotCancelled). Lets a newer slider value replace a stale computation.
    std::function<bool()> cancelled;
};

struct SnapshotCancelled { };

// The range over sets of a per-set quantity.
struct Range {
    double min = 0.0;
    double max = 0.0;
};

struct SetSpread {
    Range mean;
    Range std;
    Range rms; // root mean square, sqrt(mean(x²)): what RMSNorm makes 1 (before γ)
};

struct Snapshot {
    std::shared_ptr<const Tensor> input;
    // Null in a copy made by withoutOutput(): the window's result while it computes the next one
    // on a large tensor. Everything else is still the shown setting's; only what needs each
    // output value (hover values, the worked example, brushing, image tiles, the .npy export)
    // waits for the next result.
    std::shared_ptr<const Tensor> output;
    NormConfig config;
    NormParams params;
    ReductionGeometry geometry;
    int64_t selectedSet = 0;

    std::shared_ptr<const InputAnalysis> inputAnalysis; // row moments etc. of the input, reusable
    std::shared_ptr<const SetStatistics> inputStats; // per set, of the input (batch statistics)
    SetStatistics usedStats; // what the output was normalized with (running statistics in eval)
    SetStatistics outputStats; // per set, of the output

    Summary inputSummary;
    Summary outputSummary;
    Summary selectedBefore; // the selected set's values, before and after
    Summary selectedAfter;
    SetSpread spreadBefore; // across all sets
    SetSpread spreadAfter;
    // What a norm does not equalise: the spread of per-sample (n) and per-channel (c) statistics
    // of the output, e.g. per-sample means under BatchNorm.
    SetSpread perSampleAfter;
    SetSpread perChannelAfter;

    Histogram histBefore; // whole tensor
    Histogram histAfter;
    Histogram histBeforeSelected; // selected set, same bin edges as the whole-tensor histograms
    Histogram histAfterSelected;

    int64_t zeroVarianceSets = 0; // sets of the input with zero variance
    int64_t nonFiniteSets = 0; // sets whose output is NaN or infinite (var + eps == 0, see nonFiniteSets)

    // GroupNorm at G = 1 and G = C only: the LayerNorm / InstanceNorm it equals, run on the same
    // input and compared (compareGroupNorm).
    std::optional<GroupEquivalence> groupEquivalence;
};

// Throws NormError when the configuration does not fit the tensor.
std::shared_ptr<const Snapshot> computeSnapshot(const SnapshotRequest& request, int threads = 0);

// The same snapshot without its output tensor, so the output's memory can be reused for the next
// result while this one stays on screen (the window never holds two outputs of a large tensor).
std::shared_ptr<const Snapshot> withoutOutput(const Snapshot& snapshot);

// The output at (n, c, h, w): read from the output, or without one recomputed for that element
// alone with the map the kernels apply (the same float, bit for bit). Nullopt only without output
// on (B, T, C) data, whose rows are strided tokens.
std::optional<float> outputValue(const Snapshot& snapshot, int64_t n, int64_t c, int64_t h, int64_t w);
// The output: the snapshot's, or without one computed again from its statistics (a new tensor).
std::shared_ptr<const Tensor> outputOf(const Snapshot& snapshot, int threads = 0);
// `snapshot` itself when it has its output, else a copy with the output computed again: for
// exports, which need every value.
std::shared_ptr<const Snapshot> withOutput(std::shared_ptr<const Snapshot> snapshot, int threads = 0);

// The values of one set, in the order of the geometry's rows (NCHW, or (B, T, C) for LayerNorm
// and RMSNorm on (B, T, C) data).
std::vector<float> setValues(const Tensor& tensor, const ReductionGeometry& geometry, int64_t set);

SetSpread spreadOf(const SetStatistics& stats);

} // namespace normscope
