#include "figureexport.h"

#include "cubepainter.h"
#include "histogrampanel.h"

#include "qcustomplotinclude.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QPicture>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cmath>

namespace normscope {

// Translation context for the free functions below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
class FigureExport {
    Q_DECLARE_TR_FUNCTIONS(FigureExport)
};

namespace {

QString num(double v)
{
    if (std::abs(v) < 5e-5)
        v = 0.0; // no "-0.0000" on a slide
    return QString::number(v, 'f', std::abs(v) >= 100.0 ? 1 : 4);
}

// Both histograms drawn by an offscreen HistogramPanel, recorded as vector commands so SVG and
// PDF keep text as text.
void paintHistograms(
    QPainter& painter, const QRectF& rect, const Snapshot& snapshot, const FigureOptions& options, double fontScale)
{
    HistogramPanel panel;
    panel.setTheme(options.theme);
    panel.setOverlay(options.overlay);
    panel.setLogY(options.logY);
    panel.setFontScale(fontScale);
    panel.setSnapshot(std::make_shared<const Snapshot>(snapshot));
    const bool both = !options.overlay;
    const double gap = both ? rect.width() * 0.02 : 0.0;
    const double w = both ? (rect.width() - gap) / 2.0 : rect.width();
    QList<QPair<QCustomPlot*, QRectF>> plots;
    if (both)
        plots.append({ panel.beforePlot(), QRectF(rect.left(), rect.top(), w, rect.height()) });
    plots.append({ panel.afterPlot(), QRectF(rect.right() - w, rect.top(), w, rect.height()) });
    for (const auto& [plot, target] : plots) {
        QPicture picture;
        {
            QCPPainter plotPainter(&picture);
            plot->toPainter(&plotPainter, static_cast<int>(target.width()), static_cast<int>(target.height()));
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
}

QStringList statsLines(const Snapshot& s)
{
    const QString label = QString::fromStdString(s.geometry.setLabel(s.selectedSet));
    return {
        FigureExport::tr("Selected set (%1), %2 values").arg(label).arg(s.geometry.setSize()),
        FigureExport::tr("    mean %1 → %2,   std %3 → %4")
            .arg(num(s.selectedBefore.mean), num(s.selectedAfter.mean), num(s.selectedBefore.std),
                num(s.selectedAfter.std)),
        FigureExport::tr("All %1 sets: mean in [%2, %3] → [%4, %5]")
            .arg(s.geometry.setCount())
            .arg(num(s.spreadBefore.mean.min), num(s.spreadBefore.mean.max), num(s.spreadAfter.mean.min),
                num(s.spreadAfter.mean.max)),
        FigureExport::tr("    std in [%1, %2] → [%3, %4]")
            .arg(num(s.spreadBefore.std.min), num(s.spreadBefore.std.max), num(s.spreadAfter.std.min),
                num(s.spreadAfter.std.max)),
        FigureExport::tr("Not equalised: per-sample means after in [%1, %2]")
            .arg(num(s.perSampleAfter.mean.min), num(s.perSampleAfter.mean.max)),
        FigureExport::tr("    per-channel means after in [%1, %2]")
            .arg(num(s.perChannelAfter.mean.min), num(s.perChannelAfter.mean.max)),
    };
}

QString normTitleText(const Snapshot& s)
{
    switch (s.config.kind) {
    case NormKind::Batch:
        return FigureExport::tr("BatchNorm");
    case NormKind::Layer:
        return FigureExport::tr("LayerNorm");
    case NormKind::Instance:
        return FigureExport::tr("InstanceNorm");
    case NormKind::Group:
        return FigureExport::tr("GroupNorm");
    }
    return {};
}

void paintSlide(QPainter& painter, const QRectF& rect, const Snapshot& snapshot, const FigureOptions& options)
{
    const double unit = rect.height() / 100.0; // layout in percent of the slide height
    const double scale = rect.height() / 720.0;
    painter.fillRect(rect, options.theme.background);
    const QRectF inner = rect.adjusted(4 * unit, 3 * unit, -4 * unit, -3 * unit);

    QFont title = painter.font();
    title.setPixelSize(std::max(8, static_cast<int>(std::lround(30 * scale))));
    title.setBold(true);
    painter.setFont(title);
    painter.setPen(options.theme.foreground);
    const QRectF titleRect(inner.left(), inner.top(), inner.width(), 7 * unit);
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        FigureExport::tr("%1: what each set becomes").arg(normTitleText(snapshot)));
    QFont sub = title;
    sub.setBold(false);
    sub.setPixelSize(std::max(7, static_cast<int>(std::lround(16 * scale))));
    painter.setFont(sub);
    painter.setPen(options.theme.muted);
    painter.drawText(QRectF(inner.left(), titleRect.bottom(), inner.width(), 4 * unit),
        Qt::AlignLeft | Qt::AlignVCenter,
        FigureExport::tr("input %1 · %2")
            .arg(QString::fromStdString(snapshot.input->shape().toString()), options.sourceText));

    const double top = titleRect.bottom() + 6 * unit;
    const QRectF left(inner.left(), top, inner.width() * 0.44, inner.bottom() - top);
    const QRectF right(left.right() + 2 * unit, top, inner.right() - left.right() - 2 * unit, inner.bottom() - top);

    CubeModel model(snapshot.geometry);
    CubePaintOptions cube;
    cube.camera = options.camera;
    cube.allSets = options.allSets;
    cube.theme = options.theme;
    cube.fontScale = scale;
    paintCube(painter, left, model, snapshot, cube);

    const QRectF hist(right.left(), right.top(), right.width(), right.height() * 0.47);
    paintHistograms(painter, hist, snapshot, options, scale * 1.45);

    QFont body = sub;
    body.setPixelSize(std::max(7, static_cast<int>(std::lround(13.5 * scale))));
    painter.setFont(body);
    painter.setPen(options.theme.foreground);
    const QFontMetricsF metrics(body);
    double y = hist.bottom() + 2 * unit;
    for (const QString& line : statsLines(snapshot)) {
        painter.drawText(QPointF(right.left(), y + metrics.ascent()), line);
        y += metrics.lineSpacing();
    }
    if (!options.code.isEmpty()) {
        QFont mono(QStringLiteral("DejaVu Sans Mono"));
        mono.setStyleHint(QFont::Monospace);
        mono.setPixelSize(std::max(6, static_cast<int>(std::lround(10.5 * scale))));
        const QFontMetricsF monoMetrics(mono);
        const QRectF codeRect(right.left(), y + unit, right.width(), right.bottom() - y - unit);
        painter.setPen(Qt::NoPen);
        QColor box = options.theme.cell;
        painter.setBrush(box);
        painter.drawRoundedRect(codeRect, unit, unit);
        painter.setFont(mono);
        painter.setPen(options.theme.foreground);
        double cy = codeRect.top() + unit;
        for (const QString& line : options.code.split(QLatin1Char('\n'))) {
            if (cy + monoMetrics.lineSpacing() > codeRect.bottom())
                break;
            painter.drawText(QPointF(codeRect.left() + unit, cy + monoMetrics.ascent()),
                monoMetrics.elidedText(line, Qt::ElideRight, codeRect.width() - 2 * unit));
            cy += monoMetrics.lineSpacing();
        }
    }
}

} // namespace

std::optional<FigureKind> parseFigureKind(const QString& key)
{
    if (key == QLatin1String("cube"))
        return FigureKind::Cube;
    if (key == QLatin1String("histogram"))
        return FigureKind::Histogram;
    if (key == QLatin1String("slide"))
        return FigureKind::Slide;
    return std::nullopt;
}

void paintFigure(
    QPainter& painter, const QRectF& rect, FigureKind kind, const Snapshot& snapshot, const FigureOptions& options)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    const double scale = std::min(rect.width() / 1000.0, rect.height() / 640.0);
    switch (kind) {
    case FigureKind::Cube: {
        painter.fillRect(rect, options.theme.background);
        CubeModel model(snapshot.geometry);
        CubePaintOptions cube;
        cube.camera = options.camera;
        cube.allSets = options.allSets;
        cube.theme = options.theme;
        cube.fontScale = scale;
        paintCube(painter, rect, model, snapshot, cube);
        break;
    }
    case FigureKind::Histogram:
        painter.fillRect(rect, options.theme.background);
        paintHistograms(painter, rect, snapshot, options, scale);
        break;
    case FigureKind::Slide:
        paintSlide(painter, rect, snapshot, options);
        break;
    }
    painter.restore();
}

QImage renderFigureImage(FigureKind kind, const Snapshot& snapshot, const FigureOptions& options)
{
    QImage image(options.width, options.height, QImage::Format_ARGB32_Premultiplied);
    image.setDotsPerMeterX(static_cast<int>(std::lround(options.dpi / 0.0254)));
    image.setDotsPerMeterY(static_cast<int>(std::lround(options.dpi / 0.0254)));
    image.fill(options.theme.background);
    QPainter painter(&image);
    paintFigure(painter, QRectF(0, 0, options.width, options.height), kind, snapshot, options);
    painter.end();
    return image;
}

QString exportFigure(const QString& path, FigureKind kind, const Snapshot& snapshot, const FigureOptions& options)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        return FigureExport::tr("Unknown figure format '.%1': use .png, .svg or .pdf.").arg(suffix);
    if (options.width < 16 || options.height < 16 || options.width > 16384 || options.height > 16384)
        return FigureExport::tr("Figure size %1×%2 is out of range (16 to 16384 pixels).")
            .arg(options.width)
            .arg(options.height);
    if (!(options.dpi >= 10.0 && options.dpi <= 2400.0))
        return FigureExport::tr("DPI %1 is out of range (10 to 2400).").arg(options.dpi);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return FigureExport::tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), file.errorString());

    const QRectF rect(0, 0, options.width, options.height);
    if (suffix == QLatin1String("png")) {
        const QImage image = renderFigureImage(kind, snapshot, options);
        if (!image.save(&file, "PNG")) {
            file.cancelWriting();
            return FigureExport::tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
        }
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(QSize(options.width, options.height));
        svg.setViewBox(rect);
        svg.setResolution(static_cast<int>(std::lround(options.dpi)));
        svg.setTitle(FigureExport::tr("NormScope figure"));
        QPainter painter(&svg);
        paintFigure(painter, rect, kind, snapshot, options);
        painter.end();
    } else {
        QPdfWriter pdf(&file);
        pdf.setResolution(static_cast<int>(std::lround(options.dpi)));
        const QSizeF points(options.width * 72.0 / options.dpi, options.height * 72.0 / options.dpi);
        pdf.setPageSize(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(FigureExport::tr("NormScope figure"));
        pdf.setCreator(QStringLiteral("NormScope"));
        QPainter painter(&pdf);
        const QRect page = painter.viewport();
        painter.setWindow(0, 0, options.width, options.height);
        painter.setViewport(page);
        paintFigure(painter, rect, kind, snapshot, options);
        painter.end();
    }
    if (!file.commit())
        return FigureExport::tr("Cannot write %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
    return {};
}

} // namespace normscope
