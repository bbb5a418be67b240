// The "images" figure: a 16:9 slide of every shown image of the batch before and after the norm,
// with the title, the input's shape and source, and the caption saying how values became pixels
// (see images/imagetiles.h). The window's export, `normscope export --figure images` and the
// tests draw it through paintFigure.
#pragma once

#include "export/figureexport.h"

namespace normscope {

void paintImagesFigure(QPainter& painter, const QRectF& rect, const Snapshot& snapshot, const FigureOptions& options);

// The slide's title, e.g. "InstanceNorm on 3 images: before and after".
QString imagesFigureTitle(const Snapshot& snapshot, const FigureOptions& options);

} // namespace normscope
