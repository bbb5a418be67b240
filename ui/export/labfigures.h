// The labs' figures: 16:9 slides of the running-statistics lab (four plots) and the batch-size
// lab (two plots), each with its title, where the data came from and the caption the window
// shows. The window's export, `normscope export --figure running-stats|batch-size` and the tests
// draw them through paintFigure with FigureOptions::labs filled in.
#pragma once

#include "export/figureexport.h"

namespace normscope {

void paintLabFigure(QPainter& painter, const QRectF& rect, FigureKind kind, const FigureOptions& options);

// Empty when `kind` can be drawn from `data`, else why not (the lab has not computed yet).
QString labFigureUnavailableReason(FigureKind kind, const LabFigureData& data);

} // namespace normscope
