#include "export/comparefigure.h"

#include "compare/comparepainter.h"

#include <QPainter>

namespace normscope {

void paintCompareFigure(
    QPainter& painter, const QRectF& rect, const Comparison& comparison, const FigureOptions& options)
{
    painter.fillRect(rect, options.theme.background);
    const QRectF slide = slideArea(rect);
    CompareOptions compare;
    compare.theme = options.theme;
    compare.camera = options.camera;
    compare.fontScale = slide.height() / 900.0;
    compare.title = true;
    compare.sourceText = options.sourceText;
    paintComparison(painter, slide, comparison, compare);
}

QImage renderCompareImage(const Comparison& comparison, const FigureOptions& options)
{
    return renderPaintedImage(options,
        [&](QPainter& painter, const QRectF& rect) { paintCompareFigure(painter, rect, comparison, options); });
}

QString exportCompareFigure(const QString& path, const Comparison& comparison, const FigureOptions& options)
{
    return exportPaintedFigure(path, options,
        [&](QPainter& painter, const QRectF& rect) { paintCompareFigure(painter, rect, comparison, options); });
}

} // namespace normscope
