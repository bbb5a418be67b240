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
    if (request.brush)
        result->brush = brushBin(snapshot, *request.brush, model);
    result->example = exampleAt(snapshot, request.example);
    result->exampleHovered = request.exampleHovered;
    result->marked = exampleAt(snapshot, request.marked);
    if (request.values != CubeValues::Off) {
        const auto& previous = request.previous;
        if (previous && previous->snapshot == request.snapshot && previous->values == request.values && previous->cells)
            result->cells = previous->cells;
        else
            result->cells = std::make_shared<const CellValues>(
                cellValues(request.values == CubeValues::Before ? *snapshot.input : *snapshot.output, model));
    }
    return result;
}

} // namespace normscope
