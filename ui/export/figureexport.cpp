#include "export/figureexport.h"

#include "cube/cubepainter.h"
#include "export/filewriting.h"
#include "export/imagesfigure.h"
#include "export/labfigures.h"
#include "look/normtexts.h"
#include "plots/histogrampanel.h"
#include "plots/plotpainting.h"
#include "tensor/layout.h"
#include "text/pytorchsnippet.h"

#include "plots/qcustomplotinclude.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QTextDocument>

#include <cmath>

namespace normscope {

// Translation context for the free functions below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
class FigureExport {
    Q_DECLARE_TR_FUNCTIONS(FigureExport)
};

namespace {

// The text of an SVG is laid out for the face Qt drew it with; a viewer without that face takes
// its default one (often DejaVu Sans, ~20 % wider) and labels run into each other. Offer faces
// with the same widths as fallbacks (WenQuanYi Micro Hei's Latin letters are Droid Sans').
QByteArray withFallbackFonts(QByteArray svg)
{
    const QByteArray family = QGuiApplication::font().family().toUtf8();
    if (family.isEmpty() || family.contains('"') || family.contains('\''))
        return svg;
    const QByteArray named = QByteArray("font-family=\"") + family + '"';
    const QByteArray offered
        = QByteArray("font-family=\"'") + family + "', 'Droid Sans', 'Noto Sans', 'Open Sans', sans-serif\"";
    return svg.replace(named, offered);
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
    for (const auto& [plot, target] : plots)
        paintPlotInto(painter, *plot, target);
}

QString num(double v, int decimals)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::abs(v) < 0.5 * std::pow(10.0, -decimals))
        v = 0.0; // no "-0.00" on a slide
    return QString::number(v, 'f', std::abs(v) >= 100.0 ? 1 : decimals);
}

// The statistics paragraph of the slide: the selected set, the spread over all sets, and what
// the norm leaves free. Rich text, so it wraps inside the column.
QString statsHtml(const Snapshot& s, const Theme& theme)
{
    const auto f = [](double v) { return num(v, 2); };
    const auto range = [&](const Range& r) { return QStringLiteral("[%1, %2]").arg(f(r.min), f(r.max)); };
    const QString label = QString::fromStdString(s.geometry.setLabel(s.selectedSet)).toHtmlEscaped();
    QString html = QStringLiteral("<p style='margin:0'><b>%1</b> %2<br>")
                       .arg(FigureExport::tr("Selected set (%1):").arg(label),
                           FigureExport::tr("mean %1 → %2, std %3 → %4")
                               .arg(f(s.selectedBefore.mean), f(s.selectedAfter.mean), f(s.selectedBefore.std),
                                   f(s.selectedAfter.std)));
    html += QStringLiteral("<b>%1</b> %2")
                .arg(s.geometry.setCount() == 1 ? FigureExport::tr("The one set:")
                                                : FigureExport::tr("All %1 sets:").arg(s.geometry.setCount()),
                    FigureExport::tr("means %1 → %2, stds %3 → %4")
                        .arg(range(s.spreadBefore.mean), range(s.spreadAfter.mean), range(s.spreadBefore.std),
                            range(s.spreadAfter.std)));
    if (s.config.kind == NormKind::Rms) {
        // What RMSNorm equalises: the root mean square of each set.
        const auto rms = [](const Summary& v) { return std::sqrt(v.std * v.std + v.mean * v.mean); };
        html += QStringLiteral("<br><b>%1</b> %2")
                    .arg(FigureExport::tr("Root mean square:"),
                        FigureExport::tr("selected set %1 → %2, all sets %3 → %4")
                            .arg(f(rms(s.selectedBefore)), f(rms(s.selectedAfter)), range(s.spreadBefore.rms),
                                range(s.spreadAfter.rms)));
    }
    html += QStringLiteral("</p>");
    // The window's sentences, derived from the same setting and numbers (look/normtexts.h).
    html += QStringLiteral("<p style='margin-top:0.4em; margin-bottom:0'>");
    if (const auto paragraph = standardisedParagraph(s, range))
        html += QStringLiteral("<b>%1</b> %2<br>")
                    .arg(FigureExport::tr("%1:").arg(paragraph->heading),
                        paragraph->lines.join(QStringLiteral("; ")).toHtmlEscaped());
    html += QStringLiteral("<span style='color:%1'>%2</span></p>").arg(theme.muted.name(), normNote(s).toHtmlEscaped());
    for (const QString& warning : numberWarnings(s))
        html += QStringLiteral("<p style='margin:0; color:%1'>%2</p>")
                    .arg(theme.warning.name(), warning.toHtmlEscaped());
    return html;
}

// The slide's code: the layer exactly as constructed, and the call. The window's PyTorch box
// has the full runnable script; a slide keeps what an audience can read.
QString slideCode(const Snapshot& s)
{
    QString code
        = QStringLiteral("m = %1\n").arg(QString::fromStdString(pytorchConstructor(s.config, s.input->shape())));
    if (!s.config.training)
        code += QStringLiteral("m.eval()\n");
    // x as the user holds it (NHWC, (B, T, C)); the call permutes or transposes it for the layer,
    // too long to share a line with the shape.
    const Shape& shape = s.input->shape();
    const std::string call = pytorchCall(s.config, shape);
    if (call == "y = m(x)")
        code += QStringLiteral("y = m(x)  # x.shape = %1").arg(QString::fromStdString(dimsToString(shape.userDims())));
    else
        code += QStringLiteral("# x.shape = %1, %2\n%3")
                    .arg(QString::fromStdString(dimsToString(shape.userDims())),
                        QString::fromStdString(layoutTitle(shape.layout, shape.rank)), QString::fromStdString(call));
    return code;
}

// Python lines too wide for `width` broken after ", " inside the call, the continuation aligned
// under the opening parenthesis as a person would write it.
QStringList wrapCode(const QString& code, const QFontMetricsF& metrics, double width)
{
    QStringList out;
    for (QString line : code.split(QLatin1Char('\n'))) {
        const qsizetype paren = line.indexOf(QLatin1Char('('));
        const QString indent(paren + 1, QLatin1Char(' '));
        while (metrics.horizontalAdvance(line) > width && paren >= 0) {
            qsizetype cut = -1;
            for (qsizetype at = line.indexOf(QLatin1String(", "), paren); at >= 0;
                 at = line.indexOf(QLatin1String(", "), at + 1)) {
                if (metrics.horizontalAdvance(line.left(at + 1)) > width && cut >= 0)
                    break;
                cut = at;
            }
            if (cut < 0 || line.mid(cut + 2).trimmed().isEmpty())
                break;
            out << line.left(cut + 1);
            line = indent + line.mid(cut + 2);
            if (metrics.horizontalAdvance(indent) >= width / 2)
                break;
        }
        out << line;
    }
    return out;
}

// Rich text laid out in `width`, shrunk until it fits `height` (to 60 % of the font).
void drawRichText(QPainter& painter, const QRectF& rect, const QString& html, QFont font, const QColor& colour)
{
    QTextDocument doc;
    doc.setDocumentMargin(0);
    doc.setDefaultStyleSheet(QStringLiteral("body { color: %1; }").arg(colour.name()));
    doc.setHtml(QStringLiteral("<body>%1</body>").arg(html));
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

void paintSlide(QPainter& painter, const QRectF& fullRect, const Snapshot& snapshot, const FigureOptions& options)
{
    painter.fillRect(fullRect, options.theme.background);
    const QRectF rect = slideArea(fullRect);
    const double unit = rect.height() / 100.0; // layout in percent of the slide height
    const double scale = rect.height() / 720.0;
    const QRectF inner = rect.adjusted(4 * unit, 3 * unit, -4 * unit, -3 * unit);

    QFont title = painter.font();
    title.setPixelSize(std::max(8, static_cast<int>(std::lround(5.2 * unit))));
    title.setBold(true);
    painter.setFont(title);
    painter.setPen(options.theme.foreground);
    const QRectF titleRect(inner.left(), inner.top(), inner.width(), 7 * unit);
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(title).elidedText(
            FigureExport::tr("%1: what each set becomes").arg(normHeading(snapshot.geometry)), Qt::ElideRight,
            titleRect.width()));
    QFont sub = title;
    sub.setBold(false);
    sub.setPixelSize(std::max(7, static_cast<int>(std::lround(2.8 * unit))));
    painter.setFont(sub);
    painter.setPen(options.theme.muted);
    painter.drawText(QRectF(inner.left(), titleRect.bottom(), inner.width(), 4.5 * unit),
        Qt::AlignLeft | Qt::AlignVCenter,
        FigureExport::tr("input %1 · %2")
            .arg(QString::fromStdString(shapeWithLayout(snapshot.input->shape())), options.sourceText));

    const double top = titleRect.bottom() + 6.5 * unit;
    const QRectF left(inner.left(), top, inner.width() * 0.42, inner.bottom() - top);
    const QRectF right(left.right() + 2.5 * unit, top, inner.right() - left.right() - 2.5 * unit, inner.bottom() - top);

    CubeModel model(snapshot.geometry);
    CubePaintOptions cube;
    cube.camera = options.camera;
    cube.allSets = options.allSets;
    cube.theme = options.theme;
    cube.fontScale = scale * 1.3;
    paintCube(painter, left, model, snapshot, cube);

    const QRectF hist(right.left(), right.top(), right.width(), right.height() * 0.54);
    paintHistograms(painter, hist, snapshot, options, scale * 1.35);

    QFont mono(QStringLiteral("DejaVu Sans Mono"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPixelSize(std::max(6, static_cast<int>(std::lround(2.3 * unit))));
    const double codeBoxWidth = right.width() - 2 * unit;
    const QStringList codeLines = wrapCode(slideCode(snapshot), QFontMetricsF(mono), codeBoxWidth);
    const QFontMetricsF monoMetrics(mono);
    double codeWidth = 0.0;
    for (const QString& line : codeLines)
        codeWidth = std::max(codeWidth, monoMetrics.horizontalAdvance(line));
    // The constructor line is the point of the box: shrink the font rather than cut it.
    if (codeWidth > codeBoxWidth) {
        mono.setPixelSize(std::max(6, static_cast<int>(mono.pixelSize() * codeBoxWidth / codeWidth)));
    }
    const QFontMetricsF fitted(mono);
    const double codeHeight = fitted.lineSpacing() * codeLines.size() + 2 * unit;
    const QRectF codeRect(right.left(), right.bottom() - codeHeight, right.width(), codeHeight);

    QFont body = sub;
    body.setPixelSize(std::max(7, static_cast<int>(std::lround(2.6 * unit))));
    const QRectF statsRect(right.left(), hist.bottom() + 2.5 * unit, right.width(),
        codeRect.top() - 2 * unit - hist.bottom() - 2.5 * unit);
    drawRichText(painter, statsRect, statsHtml(snapshot, options.theme), body, options.theme.foreground);

    painter.setPen(Qt::NoPen);
    painter.setBrush(options.theme.cell);
    painter.drawRoundedRect(codeRect, unit, unit);
    painter.setFont(mono);
    painter.setPen(options.theme.foreground);
    double cy = codeRect.top() + unit;
    for (const QString& line : codeLines) {
        painter.drawText(QPointF(codeRect.left() + unit, cy + fitted.ascent()), line);
        cy += fitted.lineSpacing();
    }
}

} // namespace

QRectF slideArea(const QRectF& rect)
{
    const double w = std::min(rect.width(), rect.height() * 16.0 / 9.0);
    const double h = w * 9.0 / 16.0;
    return QRectF(rect.center().x() - w / 2.0, rect.center().y() - h / 2.0, w, h);
}

QString figureUnavailableReason(FigureKind kind, const Snapshot& snapshot)
{
    return kind == FigureKind::Images ? imagesUnavailableReason(snapshot) : QString();
}

bool isLabFigure(FigureKind kind)
{
    return kind == FigureKind::RunningStats || kind == FigureKind::BatchSize;
}

std::optional<FigureKind> parseFigureKind(const QString& key)
{
    if (key == QLatin1String("cube"))
        return FigureKind::Cube;
    if (key == QLatin1String("histogram"))
        return FigureKind::Histogram;
    if (key == QLatin1String("slide"))
        return FigureKind::Slide;
    if (key == QLatin1String("images"))
        return FigureKind::Images;
    if (key == QLatin1String("running-stats"))
        return FigureKind::RunningStats;
    if (key == QLatin1String("batch-size"))
        return FigureKind::BatchSize;
    return std::nullopt;
}

void paintFigure(
    QPainter& painter, const QRectF& rect, FigureKind kind, const Snapshot& snapshot, const FigureOptions& options)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    // Text grows with the figure, so a small export placed full-width on a slide stays legible.
    const double scale = std::min(rect.width() / 800.0, rect.height() / 480.0);
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
        paintHistograms(painter, rect, snapshot, options, scale * 1.3);
        break;
    case FigureKind::Slide:
        paintSlide(painter, rect, snapshot, options);
        break;
    case FigureKind::Images:
        paintImagesFigure(painter, rect, snapshot, options);
        break;
    case FigureKind::RunningStats:
    case FigureKind::BatchSize:
        paintLabFigure(painter, rect, kind, options);
        break;
    }
    painter.restore();
}

QImage renderFigureImage(FigureKind kind, const Snapshot& snapshot, const FigureOptions& options)
{
    return renderPaintedImage(
        options, [&](QPainter& painter, const QRectF& rect) { paintFigure(painter, rect, kind, snapshot, options); });
}

QImage renderPaintedImage(const FigureOptions& options, const FigurePainter& paint)
{
    QImage image(options.width, options.height, QImage::Format_ARGB32_Premultiplied);
    image.setDotsPerMeterX(static_cast<int>(std::lround(options.dpi / 0.0254)));
    image.setDotsPerMeterY(static_cast<int>(std::lround(options.dpi / 0.0254)));
    image.fill(options.theme.background);
    QPainter painter(&image);
    paint(painter, QRectF(0, 0, options.width, options.height));
    painter.end();
    return image;
}

QString exportFigure(const QString& path, FigureKind kind, const Snapshot& snapshot, const FigureOptions& options)
{
    return exportPaintedFigure(path, options,
        [&](QPainter& painter, const QRectF& rect) { paintFigure(painter, rect, kind, snapshot, options); });
}

QString exportPaintedFigure(const QString& path, const FigureOptions& options, const FigurePainter& paint)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix.isEmpty())
        return FigureExport::tr("%1 has no file extension: end it in .png, .svg or .pdf.")
            .arg(QDir::toNativeSeparators(path));
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        return FigureExport::tr("Unknown figure format '.%1': use .png, .svg or .pdf.").arg(suffix);
    if (options.width < 16 || options.height < 16 || options.width > 16384 || options.height > 16384)
        return FigureExport::tr("Figure size %1×%2 is out of range (16 to 16384 pixels).")
            .arg(options.width)
            .arg(options.height);
    if (!(options.dpi >= 10.0 && options.dpi <= 2400.0))
        return FigureExport::tr("DPI %1 is out of range (10 to 2400).").arg(options.dpi);

    // The figure is rendered in memory and written in one piece, so a full disk or a missing
    // folder gives one message in our words (not libpng's), and the old file stays as it was.
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QRectF rect(0, 0, options.width, options.height);
    if (suffix == QLatin1String("png")) {
        const QImage image = renderPaintedImage(options, paint);
        if (!image.save(&buffer, "PNG"))
            return FigureExport::tr("Cannot encode the figure as PNG (%1×%2).").arg(options.width).arg(options.height);
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(QSize(options.width, options.height));
        svg.setViewBox(rect);
        svg.setResolution(static_cast<int>(std::lround(options.dpi)));
        svg.setTitle(FigureExport::tr("NormScope figure"));
        QPainter painter(&svg);
        paint(painter, rect);
        painter.end();
    } else {
        QPdfWriter pdf(&buffer);
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
        paint(painter, rect);
        painter.end();
    }
    buffer.close();
    if (suffix == QLatin1String("svg"))
        bytes = withFallbackFonts(bytes);
    return writeExportFile(path, bytes);
}

} // namespace normscope
