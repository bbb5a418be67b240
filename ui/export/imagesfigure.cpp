#include "export/imagesfigure.h"

#include "images/imagegrid.h"
#include "look/normtexts.h"

#include <QCoreApplication>
#include <QPainter>

#include <cmath>

namespace normscope {

// Translation context for the free functions below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
class ImagesFigure {
    Q_DECLARE_TR_FUNCTIONS(ImagesFigure)
};

QString imagesFigureTitle(const Snapshot& snapshot, const FigureOptions& options)
{
    const QString norm = normHeading(snapshot.geometry);
    if (options.pictures.photos && snapshot.input->shape().n == 1)
        return ImagesFigure::tr("%1 on one image: before and after").arg(norm);
    if (options.pictures.photos)
        return ImagesFigure::tr("%1 on %2 images: before and after").arg(norm).arg(snapshot.input->shape().n);
    return ImagesFigure::tr("%1: the tensor as pictures, before and after").arg(norm);
}

void paintImagesFigure(
    QPainter& painter, const QRectF& fullRect, const Snapshot& snapshot, const FigureOptions& options)
{
    painter.fillRect(fullRect, options.theme.background);
    const QRectF rect = slideArea(fullRect);
    const double unit = rect.height() / 100.0; // layout in percent of the slide height, as the slide
    const QRectF inner = rect.adjusted(4 * unit, 3 * unit, -4 * unit, -3 * unit);

    QFont title = painter.font();
    title.setPixelSize(std::max(8, static_cast<int>(std::lround(5.2 * unit))));
    title.setBold(true);
    painter.setFont(title);
    painter.setPen(options.theme.foreground);
    const QRectF titleRect(inner.left(), inner.top(), inner.width(), 7 * unit);
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(title).elidedText(imagesFigureTitle(snapshot, options), Qt::ElideRight, titleRect.width()));
    QFont sub = title;
    sub.setBold(false);
    sub.setPixelSize(std::max(7, static_cast<int>(std::lround(2.8 * unit))));
    painter.setFont(sub);
    painter.setPen(options.theme.muted);
    const QRectF subRect(inner.left(), titleRect.bottom(), inner.width(), 4.5 * unit);
    painter.drawText(subRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(sub).elidedText(
            ImagesFigure::tr("input %1 · %2")
                .arg(QString::fromStdString(snapshot.input->shape().toString()), options.sourceText),
            Qt::ElideRight, subRect.width()));

    const QRectF body(
        inner.left(), subRect.bottom() + 2 * unit, inner.width(), inner.bottom() - subRect.bottom() - 2 * unit);
    const QString reason = imagesUnavailableReason(snapshot);
    if (!reason.isEmpty()) {
        painter.setFont(sub);
        painter.drawText(body, Qt::AlignCenter | Qt::TextWordWrap, reason);
        return;
    }
    ImageGridStyle style;
    style.theme = options.theme;
    style.font = painter.font();
    // The grid's 15 px headers and 12.5 px text at 1×: about 3 % and 2.5 % of the slide's height.
    style.fontScale = 1.45 * rect.height() / 720.0;
    paintImageGrid(painter, body, makeImageTiles(snapshot, options.pictures), style);
}

} // namespace normscope
