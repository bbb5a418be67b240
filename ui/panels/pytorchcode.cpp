#include "panels/pytorchcode.h"

#include "analysis/pipeline.h"
#include "norms/normerror.h"

#include <QFileInfo>

#include <algorithm>

namespace normscope {

SnippetSource snippetSourceFor(const TensorSource& source, const Shape& shape, ImageScale scale)
{
    SnippetSource snippet;
    snippet.shape = shape;
    if (source.kind == TensorSource::Kind::Generated) {
        snippet.kind = SnippetSource::Generated;
        snippet.generatorKey = generatorInfo(source.generator.kind).key;
        snippet.seed = source.generator.seed;
        snippet.params = source.generator.params;
        return snippet;
    }
    snippet.kind = SnippetSource::File;
    // Full paths, so the copied code runs from any folder.
    for (const QString& file : source.files)
        snippet.files.push_back(QFileInfo(file).absoluteFilePath().toStdString());
    snippet.image = !source.files.isEmpty()
        && std::all_of(source.files.begin(), source.files.end(), [](const QString& f) { return isImageFile(f); });
    snippet.imageScale = scale == ImageScale::Byte ? 255.0 : 1.0;
    return snippet;
}

QString pytorchCodeFor(const ExplorerState& state, ImageScale scale, const Snapshot* snapshot, const QString& error)
{
    SnippetOptions options;
    options.affine = state.affine();
    options.steps = state.batchesFed();
    if (snapshot) {
        options.selectedSet = snapshot->selectedSet;
        const Shape shape = snapshot->input->shape();
        return QString::fromStdString(pytorchSnippet(
            snapshot->config, shape, snippetSourceFor(state.source(), shape, scale), snapshot->params, options));
    }
    // No result: the code for the state as it is, which fails where NormScope does.
    options.error = error.toStdString();
    const Shape shape = state.shape();
    PipelineInput input;
    input.config = state.config();
    input.affine = state.affine();
    input.running = state.running();
    NormParams params = state.running();
    try {
        params = paramsFor(input, ReductionGeometry(input.config, shape));
    } catch (const NormError&) {
        // γ and β need the geometry; the constructor and the call still show the failing setting.
    }
    return QString::fromStdString(
        pytorchSnippet(state.config(), shape, snippetSourceFor(state.source(), shape, scale), params, options));
}

} // namespace normscope
