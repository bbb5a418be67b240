// SnapshotPipeline: turns the explorer's settings into a Snapshot, keeping what a slider move
// does not change (the generated tensor, the input's analysis) from the last run and recycling
// output buffers. It holds no snapshot itself, so an output nobody shows any more is reused.
// The window's controller runs it off the GUI thread; `normscope bench` (live_update) and
// `normscope export` run the very same code.
#pragma once

#include "analysis/snapshot.h"
#include "norms/affinespec.h"
#include "tensor/generators.h"

#include <functional>
#include <memory>
#include <optional>

namespace normscope {

struct PipelineInput {
    std::optional<GeneratorSpec> generator; // either a generator ...
    std::shared_ptr<const Tensor> tensor; // ... or a loaded tensor
    NormConfig config;
    AffineSpec affine;
    NormParams running; // running statistics accumulated so far (weight/bias are ignored)
    // γ/β given explicitly (e.g. from files); when non-empty they replace `affine`.
    std::vector<float> weight;
    std::vector<float> bias;
    int64_t selectedSet = 0;
    int bins = 60;
};

class SnapshotPipeline {
public:
    // Throws NormError for settings that do not fit, SnapshotCancelled when `cancelled` fires.
    std::shared_ptr<const Snapshot> run(
        const PipelineInput& input, const std::function<bool()>& cancelled = {}, int threads = 0);

    // The tensor for the input's source (generated once per generator spec).
    std::shared_ptr<const Tensor> tensorFor(const PipelineInput& input);

    const kernels::BufferPool& outputBuffers() const { return *m_outputs; }
    // Frees the output buffers kept for reuse (safe from any thread).
    void freeIdleOutputs() { m_outputs->trim(); }

private:
    std::optional<GeneratorSpec> m_generatedSpec;
    std::shared_ptr<const Tensor> m_generated;
    // GroupNorm's limit check: LayerNorm's and InstanceNorm's statistics of the tensor.
    std::shared_ptr<EquivalenceCache> m_equivalence = std::make_shared<EquivalenceCache>();

    // What does not change with eps, γ, β: the input's analysis for the last tensor and geometry,
    // and the selected set's view in it.
    std::shared_ptr<const InputAnalysis> m_analysis;
    std::optional<std::pair<int64_t, SetView>> m_selection;
    // Output buffers, recycled: a slider move reuses the memory of an output no longer shown.
    std::shared_ptr<kernels::BufferPool> m_outputs = kernels::BufferPool::create();
};

bool sameGenerator(const GeneratorSpec& a, const GeneratorSpec& b);
// Whether a and b differ at most in what a slider or a switch of the layer changes (eps, γ, β,
// momentum, mode, affine, running statistics, the selected set): the same tensor, reduction sets
// and bins. A result for a then shows b's tensor and sets one step behind, not another picture.
bool sameInputSide(const PipelineInput& a, const PipelineInput& b);
NormParams paramsFor(const PipelineInput& input, const ReductionGeometry& geometry);

} // namespace normscope
