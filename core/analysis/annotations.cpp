#include "analysis/annotations.h"

#include "norms/normerror.h"

namespace normscope {

namespace {

std::optional<WorkedExample> exampleAt(const Snapshot& snapshot, const std::optional<ElementIndex>& at)
{
    if (!at)
        return std::nullopt;
    try {
        return workedExample(snapshot, *at);
    } catch (const NormError&) {
        return std::nullopt;
    }
}

// A snapshot without output (the window computes the next result) keeps what the last result
// showed for the same brush, element and cell mode: it is the last setting's, like the histograms
// on screen, and nothing blinks while a slider is dragged on a large tensor.
void keepPrevious(const AnnotationRequest& request, const CubeModel& model, Annotations& result)
{
    const auto& previous = request.previous;
    if (!previous)
        return;
    if (request.brush && previous->brush && previous->brush->brush == *request.brush)
        result.brush = previous->brush;
    if (request.example && previous->example && previous->example->at == *request.example)
        result.example = previous->example;
    if (request.marked && previous->marked && previous->marked->at == *request.marked)
        result.marked = previous->marked;
    const CellValues* cells = previous->cells.get();
    if (request.values == CubeValues::After && previous->values == CubeValues::After && cells
        && cells->bandsN == model.bands(CubeAxis::N).count() && cells->bandsC == model.bands(CubeAxis::C).count()
        && cells->bandsS == model.bands(CubeAxis::S).count())
        result.cells = previous->cells;
}

} // namespace

std::shared_ptr<const Annotations> annotate(const AnnotationRequest& request)
{
    auto result = std::make_shared<Annotations>();
    result->snapshot = request.snapshot;
    result->values = request.values;
    if (!request.snapshot)
        return result;
    const Snapshot& snapshot = *request.snapshot;
    const CubeModel model(snapshot.geometry);
    result->exampleHovered = request.exampleHovered;
    if (!snapshot.output) {
        keepPrevious(request, model, *result);
        if (request.values == CubeValues::Before)
            result->cells = std::make_shared<const CellValues>(cellValues(*snapshot.input, model));
        return result;
    }
    if (request.brush)
        result->brush = brushBin(snapshot, *request.brush, model);
    result->example = exampleAt(snapshot, request.example);
    result->marked = exampleAt(snapshot, request.marked);
    if (request.values != CubeValues::Off) {
        const auto& previous = request.previous;
        if (previous && previous->isFor(request.snapshot) && previous->values == request.values && previous->cells)
            result->cells = previous->cells;
        else
            result->cells = std::make_shared<const CellValues>(
                cellValues(request.values == CubeValues::Before ? *snapshot.input : *snapshot.output, model));
    }
    return result;
}

} // namespace normscope
