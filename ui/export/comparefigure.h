// The compare figure: the four norms side by side (paintComparison) as a 16:9 slide, written as
// PNG, SVG or PDF like every other figure (exportPaintedFigure), or rendered for the clipboard.
#pragma once

#include "analysis/comparison.h"
#include "export/figureexport.h"

namespace normscope {

// Paints the slide into `rect`: the largest 16:9 area in it, the rest background.
void paintCompareFigure(
    QPainter& painter, const QRectF& rect, const Comparison& comparison, const FigureOptions& options);
QImage renderCompareImage(const Comparison& comparison, const FigureOptions& options);
// Atomic, as exportFigure; returns an error message, empty on success.
QString exportCompareFigure(const QString& path, const Comparison& comparison, const FigureOptions& options);

} // namespace normscope
