#include "analysis/pipeline.h"

#include <tuple>

namespace normscope {

bool sameGenerator(const GeneratorSpec& a, const GeneratorSpec& b)
{
    return a.kind == b.kind && a.shape == b.shape && a.seed == b.seed && a.params == b.params;
}

bool sameInputSide(const PipelineInput& a, const PipelineInput& b)
{
    const bool sameSource = a.generator.has_value() == b.generator.has_value()
        && (a.generator ? sameGenerator(*a.generator, *b.generator) : a.tensor == b.tensor);
    // What decides the sets (eps, momentum, mode and affine do not); the layout is in the shape.
    const auto sets = [](const NormConfig& c) { return std::tie(c.kind, c.groups, c.normalizedShape); };
    return sameSource && sets(a.config) == sets(b.config) && a.bins == b.bins;
}

NormParams paramsFor(const PipelineInput& input, const ReductionGeometry& geometry)
{
    NormParams params = input.running;
    params.weight.clear();
    params.bias.clear();
    if (input.config.affine) {
        params.weight = input.weight.empty() ? input.affine.weights(geometry.affineSize()) : input.weight;
        params.bias = input.bias.empty() ? input.affine.biases(geometry.affineSize()) : input.bias;
        if (!hasBias(input.config.kind))
            params.bias.clear(); // RMSNorm: γ only, whatever the β slider says
    }
    if (!input.config.hasRunningStats()) {
        params.runningMean.clear();
        params.runningVar.clear();
    }
    return params;
}

std::shared_ptr<const Tensor> SnapshotPipeline::tensorFor(const PipelineInput& input)
{
    if (!input.generator)
        return input.tensor;
    if (!m_generated || !m_generatedSpec || !sameGenerator(*m_generatedSpec, *input.generator)) {
        m_generated = std::make_shared<const Tensor>(generateTensor(*input.generator));
        m_generatedSpec = input.generator;
    }
    return m_generated;
}

std::shared_ptr<const Snapshot> SnapshotPipeline::run(
    const PipelineInput& input, const std::function<bool()>& cancelled, int threads)
{
    SnapshotRequest request;
    request.input = tensorFor(input);
    request.config = input.config;
    request.selectedSet = input.selectedSet;
    request.bins = input.bins;
    request.cancelled = cancelled;
    request.equivalence = m_equivalence;

    const ReductionGeometry geometry(input.config, request.input->shape());
    request.params = paramsFor(input, geometry);
    request.cachedInput = m_analysis;
    request.cachedSelection = m_selection;
    request.outputs = m_outputs;

    auto snapshot = computeSnapshot(request, threads);
    m_analysis = snapshot->inputAnalysis;
    m_selection.emplace(snapshot->selectedSet, SetView { snapshot->selectedBefore, snapshot->histBeforeSelected });
    return snapshot;
}

} // namespace normscope
