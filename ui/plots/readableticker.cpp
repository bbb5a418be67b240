#include "plots/readableticker.h"

#include <QFontMetricsF>

#include <array>
#include <cmath>

namespace normscope {

namespace {

// Never a tick closer than this many pixels, whatever the labels: bounds the search below.
constexpr double densestTickPixels = 12.0;

} // namespace

ReadableTicker::ReadableTicker(QCPAxis* axis)
    : m_axis(axis)
{
}

void ReadableTicker::install(QCPAxis* axis)
{
    if (axis->ticker().dynamicCast<ReadableTicker>())
        return; // keep the viewport it has seen
    axis->setTicker(QSharedPointer<QCPAxisTicker>(new ReadableTicker(axis)));
}

double ReadableTicker::labelExtent(const QFontMetricsF& metrics, double step, const QCPRange& range,
    const QLocale& locale, QChar formatChar, int precision)
{
    const bool horizontal = m_axis->orientation() == Qt::Horizontal;
    double extent = 0.0;
    const double first = std::ceil((range.lower - tickOrigin()) / step) * step + tickOrigin();
    // Every label the step prints (they differ in width: "-7.5" is wider than "-10"), at most 64.
    int count = 0;
    for (double tick = first; tick <= range.upper + 1e-9 * step && count < 64; tick += step, ++count) {
        const double value = std::abs(tick) < 1e-12 * step ? 0.0 : tick; // no "-0" or "1e-17"
        const QString label = getTickLabel(value, locale, formatChar, precision);
        extent = std::max(extent, horizontal ? metrics.horizontalAdvance(label) : metrics.height());
    }
    return extent;
}

double ReadableTicker::readableStep(
    const QCPRange& range, double pixels, const QLocale& locale, QChar formatChar, int precision)
{
    const double size = range.size();
    if (!(size > 0.0) || !std::isfinite(size) || !(pixels > 0.0))
        return QCPAxisTicker::getTickStep(range);
    const QFontMetricsF metrics(m_axis->tickLabelFont());
    const bool horizontal = m_axis->orientation() == Qt::Horizontal;
    // Room between two labels: an "m" across; up the side, a line and a half, so a tall plot
    // gets a handful of labels rather than one per line.
    const double gap = horizontal ? metrics.horizontalAdvance(QLatin1Char('m')) : 1.5 * metrics.height();
    const double smallest = size * densestTickPixels / pixels;
    double magnitude = std::pow(10.0, std::floor(std::log10(smallest)));
    static constexpr std::array<double, 4> mantissas { 1.0, 2.0, 2.5, 5.0 };
    for (int decade = 0; decade < 40; ++decade, magnitude *= 10.0) {
        for (double mantissa : mantissas) {
            const double step = mantissa * magnitude;
            if (step < smallest)
                continue;
            const double spacing = step / size * pixels;
            if (spacing >= labelExtent(metrics, step, range, locale, formatChar, precision) + gap || step >= size)
                return step;
        }
    }
    return size;
}

void ReadableTicker::generate(const QCPRange& range, const QLocale& locale, QChar formatChar, int precision,
    QVector<double>& ticks, QVector<double>* subTicks, QVector<QString>* tickLabels)
{
    // Ticks are made before the layout that places the axis, so the axis rect still has the size
    // of the previous layout, made in the viewport recorded then. Scale it to today's viewport:
    // an export draws the same plot at another size in a single layout pass.
    const bool horizontal = m_axis->orientation() == Qt::Horizontal;
    const QRect viewport = m_axis->parentPlot()->viewport();
    const QRect rect = m_axis->axisRect()->rect();
    const double now = horizontal ? viewport.width() : viewport.height();
    const double then = horizontal ? m_layoutViewport.width() : m_layoutViewport.height();
    double pixels = horizontal ? rect.width() : rect.height();
    if (pixels <= 0.0 || then <= 0.0)
        pixels = 0.75 * now; // the first layout: most of the plot is axis
    else
        pixels *= now / then;
    m_layoutViewport = viewport;
    m_step = readableStep(range, pixels, locale, formatChar, precision);
    QCPAxisTicker::generate(range, locale, formatChar, precision, ticks, subTicks, tickLabels);
}

double ReadableTicker::getTickStep(const QCPRange&)
{
    return m_step;
}

} // namespace normscope
