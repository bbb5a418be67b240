#include "export/labfigures.h"

#include "labs/labplots.h"
#include "plots/plotpainting.h"

#include "plots/qcustomplotinclude.h"

#include <QCoreApplication>
#include <QPainter>
#include <QTextDocument>

#include <cmath>

namespace normscope {

class LabFigures {
    Q_DECLARE_TR_FUNCTIONS(LabFigures)
};

namespace {

// Plain text wrapped in `rect`, the font shrunk until it fits (to 60 %).
void drawFittedText(QPainter& painter, const QRectF& rect, const QString& text, QFont font, const QColor& colour)
{
    QTextDocument doc;
    doc.setDocumentMargin(0);
    doc.setDefaultStyleSheet(QStringLiteral("body { color: %1; }").arg(colour.name()));
    doc.setHtml(QStringLiteral("<body>%1</body>").arg(text.toHtmlEscaped()));
    doc.setTextWidth(rect.width());
    const double full = font.pixelSize();
    for (double size = full; size >= 0.6 * full; size *= 0.92) {
        font.setPixelSize(std::max(6, static_cast<int>(std::lround(size))));
        doc.setDefaultFont(font);
        if (doc.size().height() <= rect.height())
            break;
    }
    painter.save();
    painter.translate(rect.topLeft());
    doc.drawContents(&painter, QRectF(0, 0, rect.width(), rect.height()));
    painter.restore();
}

// Title, subtitle and caption around the plots' area, which is returned.
QRectF paintFrame(QPainter& painter, const QRectF& fullRect, const QString& title, const QString& subtitle,
    const QString& caption, const FigureOptions& options)
{
    painter.fillRect(fullRect, options.theme.background);
    const QRectF rect = slideArea(fullRect);
    const double unit = rect.height() / 100.0; // layout in percent of the slide height, as the slide
    const QRectF inner = rect.adjusted(4 * unit, 3 * unit, -4 * unit, -3 * unit);

    QFont titleFont = painter.font();
    titleFont.setPixelSize(std::max(8, static_cast<int>(std::lround(4.6 * unit))));
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(options.theme.foreground);
    const QRectF titleRect(inner.left(), inner.top(), inner.width(), 6.5 * unit);
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(titleFont).elidedText(title, Qt::ElideRight, titleRect.width()));
    QFont sub = titleFont;
    sub.setBold(false);
    sub.setPixelSize(std::max(7, static_cast<int>(std::lround(2.5 * unit))));
    painter.setFont(sub);
    painter.setPen(options.theme.muted);
    const QRectF subRect(inner.left(), titleRect.bottom(), inner.width(), 4.0 * unit);
    painter.drawText(subRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(sub).elidedText(subtitle, Qt::ElideRight, subRect.width()));

    QFont body = sub;
    body.setPixelSize(std::max(7, static_cast<int>(std::lround(2.3 * unit))));
    const double captionHeight = 11.0 * unit;
    const QRectF captionRect(inner.left(), inner.bottom() - captionHeight, inner.width(), captionHeight);
    drawFittedText(painter, captionRect, caption, body, options.theme.foreground);
    return QRectF(inner.left(), subRect.bottom() + 1.5 * unit, inner.width(),
        captionRect.top() - 1.5 * unit - subRect.bottom() - 1.5 * unit);
}

LabPlotStyle plotStyle(const QRectF& fullRect, const FigureOptions& options)
{
    LabPlotStyle style;
    style.theme = options.theme;
    // As the slide's histograms: 1.3× the window's text at 720 lines, in proportion above.
    style.fontScale = 1.3 * slideArea(fullRect).height() / 720.0;
    style.channel = options.labs.channel;
    return style;
}

} // namespace

QString labFigureUnavailableReason(FigureKind kind, const LabFigureData& data)
{
    if (kind == FigureKind::RunningStats && !data.runningStats)
        return LabFigures::tr("The running-statistics lab has nothing to show yet: open its tab first.");
    if (kind == FigureKind::BatchSize && !data.batchSize)
        return LabFigures::tr("The batch-size lab has nothing to show yet: open its tab first.");
    return {};
}

void paintLabFigure(QPainter& painter, const QRectF& fullRect, FigureKind kind, const FigureOptions& options)
{
    const QString reason = labFigureUnavailableReason(kind, options.labs);
    if (!reason.isEmpty()) {
        painter.fillRect(fullRect, options.theme.background);
        painter.setPen(options.theme.foreground);
        painter.drawText(fullRect, Qt::AlignCenter | Qt::TextWordWrap, reason);
        return;
    }
    const LabPlotStyle style = plotStyle(fullRect, options);
    const double gap = slideArea(fullRect).height() / 100.0 * 1.5;
    if (kind == FigureKind::RunningStats) {
        const RunningStatsHistory& h = *options.labs.runningStats;
        const QRectF area = paintFrame(painter, fullRect, runningStatsTitle(h),
            runningStatsSubtitle(h, options.sourceText), runningStatsCaption(h, style.channel), options);
        const double w = (area.width() - gap) / 2.0;
        const double ht = (area.height() - gap) / 2.0;
        const RunningStatsPlot order[]
            = { RunningStatsPlot::Mean, RunningStatsPlot::Variance, RunningStatsPlot::Gap, RunningStatsPlot::EvalMean };
        for (int i = 0; i < 4; ++i) {
            QCustomPlot plot;
            setUpLabPlot(plot);
            drawRunningStatsPlot(plot, order[i], h, style);
            paintPlotInto(
                painter, plot, QRectF(area.left() + (i % 2) * (w + gap), area.top() + (i / 2) * (ht + gap), w, ht));
        }
        return;
    }
    const BatchSizeResult& r = *options.labs.batchSize;
    const QRectF area = paintFrame(painter, fullRect, batchSizeTitle(r), batchSizeSubtitle(r, options.sourceText),
        batchSizeCaption(r, style.channel), options);
    const double w = (area.width() - gap) / 2.0;
    const BatchSizePlot order[] = { BatchSizePlot::Draws, BatchSizePlot::Spread };
    for (int i = 0; i < 2; ++i) {
        QCustomPlot plot;
        setUpLabPlot(plot);
        drawBatchSizePlot(plot, order[i], r, style);
        paintPlotInto(painter, plot, QRectF(area.left() + i * (w + gap), area.top(), w, area.height()));
    }
}

} // namespace normscope
