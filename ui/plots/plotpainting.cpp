#include "plots/plotpainting.h"

#include "plots/qcustomplotinclude.h"

#include <QPainter>
#include <QPicture>

namespace normscope {

void paintPlotInto(QPainter& painter, QCustomPlot& plot, const QRectF& target)
{
    QPicture picture;
    {
        QCPPainter plotPainter(&picture);
        plot.toPainter(&plotPainter, static_cast<int>(target.width()), static_cast<int>(target.height()));
    }
    // QPicture replays scaled by the ratio of the devices' resolutions; undo that so the plot
    // fills exactly `target` on images, SVG and PDF alike.
    const double ratioX = static_cast<double>(picture.logicalDpiX()) / painter.device()->logicalDpiX();
    const double ratioY = static_cast<double>(picture.logicalDpiY()) / painter.device()->logicalDpiY();
    painter.save();
    painter.translate(target.topLeft());
    painter.scale(ratioX, ratioY);
    painter.drawPicture(QPointF(0, 0), picture);
    painter.restore();
}

} // namespace normscope
