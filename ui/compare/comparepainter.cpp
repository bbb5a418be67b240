#include "compare/comparepainter.h"

#include "look/equivalencetext.h"
#include "look/normtexts.h"
#include "plots/histogrampanel.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace normscope {

// Translation context for the free functions below.
class ComparePainter {
    Q_DECLARE_TR_FUNCTIONS(ComparePainter)
};

namespace {

constexpr double subtitleFontPixels = 15.0; // on a 1600×900 slide

QFont pixelFont(const QPainter& painter, double pixels, bool bold = false)
{
    QFont f = painter.font();
    f.setPixelSize(std::max(7, static_cast<int>(std::lround(pixels))));
    f.setBold(bold);
    return f;
}

QString number(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::abs(v) < 0.005)
        v = 0.0; // no "-0.00"
    return QString::number(v, 'f', std::abs(v) >= 100.0 ? 0 : 2);
}

QString range(const Range& r)
{
    // A no-break space: a range wrapped after its comma read as two numbers on a slide.
    return QStringLiteral("[%1,\u00a0%2]").arg(number(r.min), number(r.max));
}

// γ and β as the subtitle names them: one value each, or "per channel".
QString affineText(const Comparison& c)
{
    if (!c.affine)
        return ComparePainter::tr("no affine (γ = 1, β = 0)");
    const auto uniform = [](const std::vector<float>& v) {
        return std::all_of(v.begin(), v.end(), [&](float x) { return x == v.front(); });
    };
    if (!uniform(c.weight) || !uniform(c.bias))
        return ComparePainter::tr("γ, β per channel");
    return ComparePainter::tr("γ = %1, β = %2")
        .arg(c.weight.empty() ? 1.0 : c.weight.front(), 0, 'g', 3)
        .arg(c.bias.empty() ? 0.0 : c.bias.front(), 0, 'g', 3);
}

double niceStep(double span)
{
    const double raw = span / 4.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        if (raw <= m * magnitude)
            return m * magnitude;
    }
    return 10.0 * magnitude;
}

double densityOf(const Histogram& h, size_t i)
{
    return h.density(i);
}

double peakDensity(const Histogram& h)
{
    double peak = 0.0;
    for (size_t i = 0; i < h.counts.size(); ++i)
        peak = std::max(peak, densityOf(h, i));
    return peak;
}

// One after-histogram: the whole output as bars, the outlined set as a line, the normal the
// sets follow dashed; x and y shared with the other three columns.
void paintHistogram(
    QPainter& painter, const QRectF& rect, const ComparedNorm& column, double yMax, const Theme& theme, double scale)
{
    const Histogram& all = column.after;
    const Histogram& set = column.afterSelected;
    painter.setFont(pixelFont(painter, 13.5 * scale));
    const QFontMetricsF metrics(painter.font());
    const QRectF plot = rect.adjusted(4 * scale, 4 * scale, -4 * scale, -metrics.height() - 6 * scale);
    const double lo = all.lo;
    const double hi = all.hi;
    const auto xOf = [&](double v) { return plot.left() + (v - lo) / (hi - lo) * plot.width(); };
    const auto yOf = [&](double d) { return plot.bottom() - std::min(d / yMax, 1.0) * plot.height(); };

    QColor bar = theme.after;
    bar.setAlpha(120);
    painter.setPen(Qt::NoPen);
    painter.setBrush(bar);
    for (size_t i = 0; i < all.counts.size(); ++i) {
        const double d = densityOf(all, i);
        if (d <= 0.0)
            continue;
        const double x0 = xOf(all.lo + static_cast<double>(i) * all.binWidth());
        const double x1 = xOf(all.lo + static_cast<double>(i + 1) * all.binWidth());
        painter.drawRect(QRectF(QPointF(x0, yOf(d)), QPointF(x1, plot.bottom())));
    }
    QPainterPath step;
    step.moveTo(plot.left(), plot.bottom());
    for (size_t i = 0; i < set.counts.size(); ++i) {
        const double y = yOf(densityOf(set, i));
        step.lineTo(xOf(set.lo + static_cast<double>(i) * set.binWidth()), y);
        step.lineTo(xOf(set.lo + static_cast<double>(i + 1) * set.binWidth()), y);
    }
    step.lineTo(plot.right(), plot.bottom());
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(theme.highlight, 1.8 * scale));
    painter.drawPath(step);

    if (const auto reference = outputReference(*column.snapshot)) {
        const auto [mean, std] = *reference;
        QPainterPath curve;
        for (int i = 0; i <= 160; ++i) {
            const double v = lo + (hi - lo) * i / 160.0;
            const double z = (v - mean) / std;
            const QPointF p(xOf(v), yOf(std::exp(-0.5 * z * z) / (std * std::sqrt(2.0 * std::numbers::pi))));
            i == 0 ? curve.moveTo(p) : curve.lineTo(p);
        }
        painter.setPen(QPen(theme.reference, 1.2 * scale, Qt::DashLine));
        painter.drawPath(curve);
    }

    painter.setPen(QPen(theme.foreground, 1.0));
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()));
    const double tickStep = niceStep(hi - lo);
    for (double t = std::ceil(lo / tickStep) * tickStep; t <= hi + 1e-9 * tickStep; t += tickStep) {
        const double x = xOf(t);
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3 * scale));
        const QString label = QString::number(std::abs(t) < 1e-9 * tickStep ? 0.0 : t, 'g', 3);
        const double w = metrics.horizontalAdvance(label);
        painter.drawText(QPointF(x - w / 2.0, plot.bottom() + 4 * scale + metrics.ascent()), label);
    }
}

void drawLines(QPainter& painter, const QRectF& rect, const QStringList& lines, const QColor& colour, double pixels,
    bool firstBold = false)
{
    double y = rect.top();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        painter.setFont(pixelFont(painter, pixels, firstBold && i == 0));
        painter.setPen(colour);
        const QRectF box(rect.left(), y, rect.width(), rect.bottom() - y);
        QRectF used;
        painter.drawText(box, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, lines[i], &used);
        y += used.height() + 0.25 * pixels;
        if (y >= rect.bottom())
            break;
    }
}

} // namespace

QFont compareHeadingFont(const QFont& base, const QString& heading, double width, double scale)
{
    // 20 px on a 1600×900 slide; a long heading ("LayerNorm over (C, H, W)") in a narrow column
    // shrinks to fit, down to the size of the text under it, rather than losing its end.
    QFont font = base;
    font.setBold(true);
    for (double pixels = 20.0; pixels >= 13.0; pixels -= 0.5) {
        font.setPixelSize(std::max(7, static_cast<int>(std::lround(pixels * scale))));
        if (QFontMetricsF(font).horizontalAdvance(heading) <= width)
            break;
    }
    return font;
}

QString compareTitle()
{
    return ComparePainter::tr("BatchNorm, LayerNorm, InstanceNorm and GroupNorm on one tensor");
}

QString compareSubtitle(const Comparison& c, const QString& sourceText)
{
    const Shape& s = c.input->shape();
    const int64_t h = s.w ? c.anchor[2] / s.w : 0;
    const int64_t w = s.w ? c.anchor[2] % s.w : 0;
    QString anchor = s.rank == 4
        ? ComparePainter::tr("n=%1, c=%2, h=%3, w=%4").arg(c.anchor[0]).arg(c.anchor[1]).arg(h).arg(w)
        : ComparePainter::tr("n=%1, c=%2, l=%3").arg(c.anchor[0]).arg(c.anchor[1]).arg(w);
    QString text = ComparePainter::tr("input %1").arg(QString::fromStdString(s.toString()));
    if (!sourceText.isEmpty())
        text += QStringLiteral(" · ") + sourceText;
    text += QStringLiteral(" · ")
        + ComparePainter::tr("shared: eps = %1, %2, G = %3").arg(c.eps, 0, 'g', 3).arg(affineText(c)).arg(c.groups);
    text += QStringLiteral(" · ") + ComparePainter::tr("training mode: each norm with this batch's statistics");
    text += QStringLiteral("\n")
        + ComparePainter::tr("Outlined in each cube: the set holding the element %1. Bars: each norm's whole output "
                             "(axes shared by the four); line: that set; dashed: the normal each set follows.")
              .arg(anchor);
    return forRank(text, s);
}

QString compareHeading(const ComparedNorm& column)
{
    if (column.snapshot)
        return normHeading(column.snapshot->geometry);
    return normName(column.kind);
}

QString compareSetLine(const ComparedNorm& column)
{
    if (!column.snapshot)
        return ComparePainter::tr("refuses this input: %1").arg(QString::fromStdString(column.error));
    const ReductionGeometry& g = column.snapshot->geometry;
    return forRank(ComparePainter::tr("over %1 · set %2 of %3 · %4 values")
                       .arg(reducedOver(g), QString::fromStdString(g.setLabel(column.snapshot->selectedSet)))
                       .arg(g.setCount())
                       .arg(g.setSize()),
        g.shape());
}

QStringList compareSpreadLines(const ComparedNorm& column)
{
    if (!column.snapshot)
        return {};
    const Snapshot& s = *column.snapshot;
    QStringList lines;
    lines << ComparePainter::tr("Per-set means %1, stds %2").arg(range(s.spreadAfter.mean), range(s.spreadAfter.std));
    const QStringList free = notGuaranteedLines(s, range);
    if (free.isEmpty())
        lines << ComparePainter::tr("Also standardised: every sample and every channel.");
    else
        lines << ComparePainter::tr("Leaves unequalised: %1").arg(free.join(QStringLiteral("; ")));
    return lines;
}

QStringList compareLimitLines(const Comparison& c)
{
    const ComparedNorm& gn = c.norm(NormKind::Group);
    if (!gn.snapshot || !c.group.layer || !c.group.instance)
        return {};
    const double scale = std::max(std::abs(gn.snapshot->outputSummary.min), std::abs(gn.snapshot->outputSummary.max));
    QStringList lines;
    lines << ComparePainter::tr("GroupNorm (G = %1) against LayerNorm over (C, H, W): %2")
                 .arg(c.groups)
                 .arg(layerDistanceText(*c.group.layer, scale));
    lines << ComparePainter::tr("GroupNorm (G = %1) against InstanceNorm (affine as GroupNorm's): %2")
                 .arg(c.groups)
                 .arg(instanceDistanceText(*c.group.instance, scale));
    lines << ComparePainter::tr(
        "Measured on these outputs with the same eps, γ and β: GroupNorm meets LayerNorm at G = "
        "1 and InstanceNorm at G = C = %1.")
                 .arg(c.group.channels);
    return lines;
}

CompareLayout compareLayout(const QRectF& rect, const CompareOptions& options, const Comparison* comparison)
{
    CompareLayout l;
    const double s = options.fontScale;
    const QRectF inner = rect.adjusted(24 * s, 14 * s, -24 * s, -12 * s);
    double top = inner.top();
    if (options.title) {
        l.title = QRectF(inner.left(), top, inner.width(), 44 * s);
        top = l.title.bottom();
    }
    // As many lines as the subtitle wraps to at this width (two on a slide, three in a narrow
    // window), so its last line is never cut off by the headings.
    double subtitleHeight = 46 * s;
    if (comparison) {
        QFont font;
        font.setPixelSize(std::max(7, static_cast<int>(std::lround(subtitleFontPixels * s))));
        const QFontMetricsF metrics(font);
        subtitleHeight = 0.0;
        for (const QString& line : compareSubtitle(*comparison, options.sourceText).split(QLatin1Char('\n')))
            subtitleHeight
                += metrics.boundingRect(QRectF(0, 0, inner.width(), 1e6), Qt::AlignLeft | Qt::TextWordWrap, line)
                       .height()
                + 0.25 * subtitleFontPixels * s;
    }
    l.subtitle = QRectF(inner.left(), top, inner.width(), subtitleHeight);
    top = l.subtitle.bottom() + 8 * s;
    l.limits = QRectF(inner.left(), inner.bottom() - 84 * s, inner.width(), 84 * s);
    const double bottom = l.limits.top() - 8 * s;
    const double gap = 18 * s;
    const double width = (inner.width() - 3 * gap) / 4.0;
    const double height = bottom - top;
    // The norm's name, then its set line in up to two lines (a narrow window, or 简体中文).
    const double headingHeight = 70 * s;
    const double textHeight = std::min(124 * s, height * 0.28);
    const double histHeight = std::min(150 * s, (height - headingHeight - textHeight) * 0.42);
    for (size_t i = 0; i < 4; ++i) {
        const double x = inner.left() + static_cast<double>(i) * (width + gap);
        l.heading[i] = QRectF(x, top, width, headingHeight);
        l.text[i] = QRectF(x, bottom - textHeight, width, textHeight);
        l.histogram[i] = QRectF(x, l.text[i].top() - histHeight - 4 * s, width, histHeight);
        l.cube[i] = QRectF(x, l.heading[i].bottom(), width, l.histogram[i].top() - l.heading[i].bottom());
    }
    return l;
}

CubePaintOptions compareCubeOptions(const CompareOptions& options, int column, const Comparison& comparison)
{
    CubePaintOptions cube;
    cube.camera = options.camera;
    cube.theme = options.theme;
    cube.caption = false;
    cube.fontScale = 0.72 * options.fontScale;
    if (column == static_cast<int>(NormKind::Group))
        cube.highlightBox = options.groupBox;
    if (column == options.hoveredColumn)
        cube.hovered = options.hovered;
    (void)comparison;
    return cube;
}

void paintComparison(QPainter& painter, const QRectF& rect, const Comparison& c, const CompareOptions& options)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    const Theme& theme = options.theme;
    const double s = options.fontScale;
    painter.fillRect(rect, theme.background);
    const CompareLayout l = compareLayout(rect, options, &c);

    if (options.title) {
        painter.setFont(pixelFont(painter, 30 * s, true));
        painter.setPen(theme.foreground);
        painter.drawText(l.title, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(painter.font()).elidedText(compareTitle(), Qt::ElideRight, l.title.width()));
    }
    drawLines(painter, l.subtitle, compareSubtitle(c, options.sourceText).split(QLatin1Char('\n')), theme.muted,
        subtitleFontPixels * s);

    // One y scale for the four histograms, so equal heights mean equal densities.
    double yMax = 0.0;
    for (const ComparedNorm& column : c.norms) {
        if (!column.snapshot)
            continue;
        yMax = std::max({ yMax, peakDensity(column.after), peakDensity(column.afterSelected) });
        if (const auto reference = outputReference(*column.snapshot))
            yMax = std::max(yMax, 1.0 / (reference->second * std::sqrt(2.0 * std::numbers::pi)));
    }
    yMax = yMax > 0.0 ? yMax * 1.05 : 1.0;

    for (size_t i = 0; i < 4; ++i) {
        const ComparedNorm& column = c.norms[i];
        const QRectF head = l.heading[i];
        const QString heading = compareHeading(column);
        painter.setFont(compareHeadingFont(painter.font(), heading, head.width(), s));
        painter.setPen(theme.foreground);
        const double nameHeight = 28 * s;
        painter.drawText(QRectF(head.left(), head.top(), head.width(), nameHeight), Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(painter.font()).elidedText(heading, Qt::ElideRight, head.width()));
        painter.setFont(pixelFont(painter, 14 * s));
        painter.setPen(column.snapshot ? theme.muted : QColor(0xd1242f));
        painter.drawText(QRectF(head.left(), head.top() + nameHeight, head.width(), head.height() - nameHeight),
            Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, compareSetLine(column));
        if (!column.snapshot)
            continue;
        const CubeModel model(column.snapshot->geometry);
        paintCube(painter, l.cube[i], model, *column.snapshot, compareCubeOptions(options, static_cast<int>(i), c));
        paintHistogram(painter, l.histogram[i], column, yMax, theme, s);
        drawLines(painter, l.text[i], compareSpreadLines(column), theme.foreground, 15.5 * s);
    }

    // GroupNorm's limits, measured.
    const QStringList limits = compareLimitLines(c);
    if (!limits.isEmpty()) {
        painter.setPen(Qt::NoPen);
        QColor band = theme.cell;
        painter.setBrush(band);
        painter.drawRoundedRect(l.limits, 6 * s, 6 * s);
        drawLines(painter, l.limits.adjusted(12 * s, 6 * s, -12 * s, -4 * s), limits, theme.foreground, 16 * s);
    }
    painter.restore();
}

} // namespace normscope
