// Paints the cube figure (block, reduction sets, axis labels, caption) with QPainter from a
// CubeModel and a Snapshot. Pure painting on any device (widget, QImage, SVG, PDF): the
// window and the exported figures share it.
#pragma once

#include "analysis/snapshot.h"
#include "cube/cubemodel.h"
#include "look/theme.h"

#include <QRectF>

#include <optional>

class QPainter;

namespace normscope {

struct CubePaintOptions {
    CameraState camera;
    bool allSets = false;
    Theme theme = Theme::light();
    double fontScale = 1.0; // 1 = a 1000×640 figure; presentation mode and exports scale it
    std::optional<CubeCell> hovered;
};

// The part of `rect` the block is drawn in (the rest holds labels and the caption); picking in
// the view uses the same rectangle.
QRectF cubeArea(const QRectF& rect, double fontScale);

void paintCube(QPainter& painter, const QRectF& rect, const CubeModel& model, const Snapshot& snapshot,
    const CubePaintOptions& options);

// The caption under the cube, e.g. "BatchNorm · set c=2: mean and variance over N, H, W (512 values)".
QString cubeCaption(const CubeModel& model, const Snapshot& snapshot, bool allSets);

} // namespace normscope
