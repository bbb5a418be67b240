// Paints the cube figure (block, reduction sets, axis labels, caption) with QPainter from a
// CubeModel and a Snapshot. Pure painting on any device (widget, QImage, SVG, PDF): the
// window and the exported figures share it.
#pragma once

#include "analysis/brushing.h"
#include "analysis/cellvalues.h"
#include "analysis/snapshot.h"
#include "cube/cubemodel.h"
#include "look/theme.h"

#include <QRectF>

#include <memory>
#include <optional>

class QPainter;

namespace normscope {

// A box of fractional element indices (n, c, h·w), [begin, end) per axis: the highlighted set
// while GroupNorm's groups morph from one G to the next.
struct IndexBoxF {
    std::array<double, 3> begin {};
    std::array<double, 3> end {};
    bool operator==(const IndexBoxF&) const = default;
};
IndexBoxF toBoxF(const IndexBox& box);
IndexBoxF lerp(const IndexBoxF& a, const IndexBoxF& b, double t);

struct CubePaintOptions {
    CameraState camera;
    bool allSets = false;
    Theme theme = Theme::light();
    double fontScale = 1.0; // 1 = a 1000×640 figure; presentation mode and exports scale it
    std::optional<CubeCell> hovered;
    // Values on the cube: each cell in the viridis colour of its value (its mean when the cell
    // holds a band of values), with a colour bar; the selected set stays outlined.
    std::shared_ptr<const CellValues> values;
    bool valuesAfter = false; // the colour bar names input or output values
    // Brushing: the cells holding a histogram bin's values, solid inside a clearer glass block.
    std::shared_ptr<const BrushResult> brush;
    std::optional<CubeCell> marked; // the clicked cell, whose value the histograms mark
    std::optional<IndexBoxF> highlightBox; // overrides the selected set's box (GroupNorm morph)
    bool caption = true; // the compare view writes its own
};

// The part of `rect` the block is drawn in (the rest holds labels, the caption and, with values
// on the cube, the colour bar); picking in the view uses the same rectangle.
QRectF cubeArea(const QRectF& rect, double fontScale, bool colourBar = false, bool caption = true);
QRectF cubeArea(const QRectF& rect, const CubePaintOptions& options);

void paintCube(QPainter& painter, const QRectF& rect, const CubeModel& model, const Snapshot& snapshot,
    const CubePaintOptions& options);

// The caption under the cube, e.g. "BatchNorm · set c=2: mean and variance over N, H, W (512 values)".
QString cubeCaption(const CubeModel& model, const Snapshot& snapshot, bool allSets);

} // namespace normscope
