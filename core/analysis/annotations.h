// What the linked views add on top of a Snapshot: the brushed histogram bin and where its values
// sit, the worked example of the hovered or clicked value, and the cube's cells coloured by value.
// Computed together off the GUI thread from one request, carried as one immutable value.
#pragma once

#include "analysis/brushing.h"
#include "analysis/cellvalues.h"
#include "analysis/workedexample.h"

#include <memory>
#include <optional>

namespace normscope {

enum class CubeValues { Off, Before, After };

struct Annotations;

struct AnnotationRequest {
    std::shared_ptr<const Snapshot> snapshot;
    std::optional<BinBrush> brush;
    std::optional<ElementIndex> example; // the hovered or clicked element
    bool exampleHovered = false; // `example` is under the pointer (not clicked)
    std::optional<ElementIndex> marked; // the clicked element, marked in both histograms
    CubeValues values = CubeValues::Off;
    // The last result, whose cell values are reused when the snapshot and mode are the same.
    std::shared_ptr<const Annotations> previous;
};

struct Annotations {
    // What these annotate; views ignore others (isFor(): not owned, so annotations kept on screen
    // never keep a replaced snapshot's output alive).
    std::weak_ptr<const Snapshot> snapshot;
    std::optional<BrushResult> brush;
    std::optional<WorkedExample> example;
    bool exampleHovered = false;
    std::optional<WorkedExample> marked;
    CubeValues values = CubeValues::Off;
    std::shared_ptr<const CellValues> cells; // for `values` Before / After

    // Whether these annotate `s` (and not an earlier or later snapshot).
    bool isFor(const std::shared_ptr<const Snapshot>& s) const
    {
        return s && !snapshot.owner_before(s) && !s.owner_before(snapshot);
    }
};

// An element outside the snapshot's tensor (a stale hover) gives no example rather than an error.
// A snapshot without output (see withoutOutput) cannot give the brush, the examples or the output's
// cell values: it keeps `previous`'s where they answer the same request, else leaves them out.
std::shared_ptr<const Annotations> annotate(const AnnotationRequest& request);

} // namespace normscope
