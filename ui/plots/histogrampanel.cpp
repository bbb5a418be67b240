#include "plots/histogrampanel.h"

#include "look/colorscale.h"
#include "plots/legendfit.h"
#include "plots/qcustomplotinclude.h"
#include "plots/readableticker.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>
#include <numbers>

namespace normscope {

std::optional<std::pair<double, double>> outputReference(const Snapshot& snapshot)
{
    const NormParams& p = snapshot.params;
    // RMSNorm does not remove the mean: its sets keep mean / RMS, not 0, so no one normal fits.
    if (snapshot.config.kind == NormKind::Rms)
        return std::nullopt;
    if (!snapshot.config.affine)
        return std::pair { 0.0, 1.0 };
    const auto uniform = [](const std::vector<float>& v) {
        return v.empty() || std::all_of(v.begin(), v.end(), [&](float x) { return x == v.front(); });
    };
    if (!uniform(p.weight) || !uniform(p.bias))
        return std::nullopt;
    const double gamma = p.weight.empty() ? 1.0 : p.weight.front();
    const double beta = p.bias.empty() ? 0.0 : p.bias.front();
    return std::pair { beta, std::abs(gamma) };
}

HistogramPanel::HistogramPanel(QWidget* parent)
    : QWidget(parent)
    , m_before(new QCustomPlot(this))
    , m_after(new QCustomPlot(this))
    , m_controls(new QWidget(this))
    , m_overlayBox(new QCheckBox(tr("Overlay"), m_controls))
    , m_logBox(new QCheckBox(tr("Log y"), m_controls))
    , m_binsBox(new QSpinBox(m_controls))
    , m_brushLabel(new QLabel(this))
{
    auto* controls = new QHBoxLayout(m_controls);
    controls->setContentsMargins(4, 0, 4, 0);
    m_overlayBox->setToolTip(tr("Draw the input and output histograms on one plot."));
    m_logBox->setToolTip(tr("Logarithmic density axis: shows the tails and outliers."));
    m_binsBox->setRange(10, 200);
    m_binsBox->setValue(60);
    m_binsBox->setPrefix(tr("Bins "));
    m_binsBox->setToolTip(tr("Number of histogram bins over the range of the values."));
    controls->addWidget(m_overlayBox);
    controls->addWidget(m_logBox);
    controls->addStretch(1);
    controls->addWidget(m_binsBox);

    auto* plots = new QHBoxLayout;
    plots->setSpacing(2);
    plots->addWidget(m_before);
    plots->addWidget(m_after);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_controls);
    layout->addLayout(plots, 1);
    m_brushLabel->setWordWrap(true);
    m_brushLabel->setContentsMargins(6, 0, 6, 2);
    m_brushLabel->hide();
    layout->addWidget(m_brushLabel);
    for (QCustomPlot* plot : { m_before, m_after }) {
        plot->setMouseTracking(true);
        plot->installEventFilter(this);
        plot->setToolTip(tr("Point at a bar to light its values on the cube; click to keep them lit."));
        plot->setMinimumSize(200, 160);
        plot->setNoAntialiasingOnDrag(true);
        plot->plotLayout()->insertRow(0);
        plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, QString()));
        // The legend sits in its own row under the plot, not inside it: inside, it covered the
        // tallest bars, the y tick labels of narrow plots and the "γ, β differ" note, and the
        // y axis had to run to 1.7× the peak to make room.
        plot->legend->setVisible(true);
        plot->axisRect()->insetLayout()->take(plot->legend);
        plot->plotLayout()->addElement(2, 0, plot->legend);
        plot->plotLayout()->setRowStretchFactor(2, 0.001);
        plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
        setLegendColumns(*plot->legend, 2);
        plot->legend->setMargins(QMargins(4, 2, 4, 2));
        connect(plot, &QCustomPlot::beforeReplot, this, &HistogramPanel::fitLegends);
    }
    connect(m_overlayBox, &QCheckBox::toggled, this, [this](bool on) {
        setOverlay(on);
        emit overlayChanged(on);
    });
    connect(m_logBox, &QCheckBox::toggled, this, [this](bool on) {
        setLogY(on);
        emit logYChanged(on);
    });
    connect(m_binsBox, &QSpinBox::valueChanged, this, &HistogramPanel::binsRequested);
    setTheme(m_theme);
}

void HistogramPanel::setSnapshot(std::shared_ptr<const Snapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    rebuild();
}

void HistogramPanel::setAnnotations(std::shared_ptr<const Annotations> annotations)
{
    if (!annotations || !annotations->isFor(m_snapshot))
        return;
    // Only a brushed bin or a marked value changes the plots: annotations without either (a
    // hovered cell's worked example, values on the cube) must not replot them.
    const auto draws = [](const std::shared_ptr<const Annotations>& a) { return a && (a->brush || a->marked); };
    const bool replot = draws(annotations) || draws(m_annotations);
    m_annotations = std::move(annotations);
    if (replot)
        rebuild();
}

std::optional<std::pair<int, int64_t>> HistogramPanel::binAt(QCustomPlot* plot, const QPointF& pos) const
{
    if (!m_snapshot || !plot->axisRect()->rect().contains(pos.toPoint()))
        return std::nullopt;
    // Overlaid, the one plot holds both; its x axis spans both, and the output is what a user
    // looks at there.
    const int side = plot == m_before ? 0 : 1;
    const Histogram& h = side == 0 ? m_snapshot->histBefore : m_snapshot->histAfter;
    const int64_t bin = h.binOf(plot->xAxis->pixelToCoord(pos.x()));
    if (bin < 0)
        return std::nullopt;
    return std::pair { side, bin };
}

bool HistogramPanel::eventFilter(QObject* watched, QEvent* event)
{
    auto* plot = qobject_cast<QCustomPlot*>(watched);
    if (!plot || (plot != m_before && plot != m_after))
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::MouseMove: {
        const auto bin = binAt(plot, static_cast<QMouseEvent*>(event)->position());
        if (bin != m_hoveredBin) {
            m_hoveredBin = bin;
            bin ? emit binHovered(bin->first, bin->second) : emit binHoverEnded();
        }
        break;
    }
    case QEvent::MouseButtonRelease:
        if (static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton) {
            if (const auto bin = binAt(plot, static_cast<QMouseEvent*>(event)->position()))
                emit binClicked(bin->first, bin->second);
        }
        break;
    case QEvent::Leave:
        if (m_hoveredBin) {
            m_hoveredBin.reset();
            emit binHoverEnded();
        }
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

std::optional<double> HistogramPanel::markedLine(QCustomPlot* plot) const
{
    for (int i = 0; i < plot->itemCount(); ++i) {
        if (auto* line = qobject_cast<QCPItemStraightLine*>(plot->item(i)))
            return line->point1->coords().x();
    }
    return std::nullopt;
}

QString HistogramPanel::brushText() const
{
    return m_brushLabel->isVisible() ? m_brushLabel->text() : QString();
}

void HistogramPanel::setOverlay(bool overlay)
{
    m_overlay = overlay;
    const QSignalBlocker block(m_overlayBox);
    m_overlayBox->setChecked(overlay);
    m_before->setVisible(!overlay);
    rebuild();
}

void HistogramPanel::setLogY(bool logY)
{
    m_logY = logY;
    const QSignalBlocker block(m_logBox);
    m_logBox->setChecked(logY);
    rebuild();
}

void HistogramPanel::setBins(int bins)
{
    const QSignalBlocker block(m_binsBox);
    m_binsBox->setValue(bins);
}

void HistogramPanel::setControlsVisible(bool visible)
{
    m_controls->setVisible(visible);
}

void HistogramPanel::setTheme(const Theme& theme)
{
    m_theme = theme;
    rebuild();
}

void HistogramPanel::setFontScale(double scale)
{
    m_fontScale = scale;
    rebuild();
}

void HistogramPanel::fitLegends()
{
    bool changed = false;
    for (QCustomPlot* plot : { m_before, m_after })
        changed |= fitLegend(*plot, plot->viewport().width());
    // Side by side, the two legends get the same height so the two plots' axes line up.
    int legendHeight = 0;
    for (QCustomPlot* plot : { m_before, m_after }) {
        plot->legend->setMinimumSize(0, 0);
        legendHeight = std::max(legendHeight, plot->legend->minimumOuterSizeHint().height());
    }
    for (QCustomPlot* plot : { m_before, m_after }) {
        const QMargins margins = plot->legend->margins();
        plot->legend->setMinimumSize(0, legendHeight - margins.top() - margins.bottom());
    }
    if (changed) {
        for (QCustomPlot* plot : { m_before, m_after })
            plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void HistogramPanel::styleAxes(QCustomPlot* plot, const QString& title)
{
    QFont base = font();
    base.setPointSizeF(9.0 * m_fontScale);
    QFont bold = base;
    bold.setBold(true);
    bold.setPointSizeF(10.5 * m_fontScale);
    plot->setBackground(m_theme.background);
    plot->axisRect()->setBackground(m_theme.background);
    auto* titleElement = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0));
    titleElement->setText(title);
    titleElement->setFont(bold);
    titleElement->setTextColor(m_theme.foreground);
    for (QCPAxis* axis : { plot->xAxis, plot->yAxis }) {
        axis->setBasePen(QPen(m_theme.foreground, 1));
        axis->setTickPen(QPen(m_theme.foreground, 1));
        axis->setSubTickPen(QPen(m_theme.muted, 1));
        axis->setTickLabelColor(m_theme.foreground);
        axis->setLabelColor(m_theme.foreground);
        axis->setTickLabelFont(base);
        axis->setLabelFont(base);
        QColor grid = m_theme.muted;
        grid.setAlpha(60);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    ReadableTicker::install(plot->xAxis);
    plot->xAxis->setLabel(tr("value"));
    plot->yAxis->setLabel(m_logY ? tr("density (log)") : tr("density"));
    if (m_logY) {
        plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        plot->yAxis->setNumberFormat(QStringLiteral("eb"));
        plot->yAxis->setNumberPrecision(0);
    } else {
        plot->yAxis->setScaleType(QCPAxis::stLinear);
        ReadableTicker::install(plot->yAxis);
        plot->yAxis->setNumberFormat(QStringLiteral("g"));
        plot->yAxis->setNumberPrecision(3);
    }
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setTextColor(m_theme.foreground);
    QFont legendFont = base;
    legendFont.setPointSizeF(8.0 * m_fontScale);
    plot->legend->setFont(legendFont);
}

namespace {

// Densities of a histogram at its bin centres; zeros become NaN on a log axis (gaps, not -inf).
void histogramData(const Histogram& h, bool logY, QVector<double>& x, QVector<double>& y)
{
    x.clear();
    y.clear();
    for (size_t i = 0; i < h.counts.size(); ++i) {
        x << h.binCenter(i);
        const double d = h.density(i);
        y << ((logY && d <= 0.0) ? qQNaN() : d);
    }
}

void addBars(QCustomPlot* plot, const Histogram& h, const QColor& colour, const QString& name, bool logY)
{
    QVector<double> x, y;
    histogramData(h, logY, x, y);
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setWidth(h.binWidth());
    bars->setData(x, y, true);
    QColor fill = colour;
    fill.setAlpha(110);
    bars->setBrush(fill);
    bars->setPen(Qt::NoPen);
    bars->setName(name);
    if (logY)
        bars->setBaseValue(1e-6);
}

void addStep(QCustomPlot* plot, const Histogram& h, const QColor& colour, const QString& name, bool logY, double width)
{
    QVector<double> x, y;
    histogramData(h, logY, x, y);
    auto* graph = plot->addGraph();
    graph->setData(x, y, true);
    graph->setLineStyle(QCPGraph::lsStepCenter);
    graph->setPen(QPen(colour, width));
    QColor fill = colour;
    fill.setAlpha(45);
    graph->setBrush(logY ? QBrush(Qt::NoBrush) : QBrush(fill));
    graph->setName(name);
}

} // namespace

namespace {

// "n=2 (9), n=5 (3), …": the largest counts first, at most `shown` of them.
QString largest(const std::vector<int64_t>& counts, const QString& name, size_t shown)
{
    std::vector<size_t> order;
    for (size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] > 0)
            order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return counts[a] > counts[b]; });
    QStringList parts;
    for (size_t k = 0; k < std::min(order.size(), shown); ++k)
        parts << QStringLiteral("%1=%2 (%3)").arg(name).arg(order[k]).arg(counts[order[k]]);
    if (order.size() > shown)
        parts << HistogramPanel::tr("%1 more").arg(order.size() - shown);
    return parts.join(QStringLiteral(", "));
}

} // namespace

void HistogramPanel::drawAnnotations()
{
    m_brushLabel->hide();
    if (!m_annotations || !m_annotations->isFor(m_snapshot))
        return;
    const Snapshot& s = *m_snapshot;
    const QColor brush = brushColour(m_theme);
    QCustomPlot* beforeTarget = m_overlay ? m_after : m_before;
    if (const auto& b = m_annotations->brush) {
        // The brushed elements in both histograms, as densities of the whole tensor, so their
        // bars sit inside the whole-tensor bars they are part of.
        const auto addBrushed = [&](QCustomPlot* plot, const Histogram& part, const Histogram& whole) {
            QVector<double> x, y;
            for (size_t i = 0; i < part.counts.size(); ++i) {
                x << part.binCenter(i);
                const double d = whole.total
                    ? static_cast<double>(part.counts[i]) / (static_cast<double>(whole.total) * part.binWidth())
                    : 0.0;
                y << ((m_logY && d <= 0.0) ? qQNaN() : d);
            }
            auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
            bars->setWidth(part.binWidth());
            bars->setData(x, y, true);
            QColor fill = brush;
            fill.setAlpha(200);
            bars->setBrush(fill);
            bars->setPen(Qt::NoPen);
            bars->setName(tr("brushed values"));
            if (m_logY)
                bars->setBaseValue(1e-6);
        };
        addBrushed(beforeTarget, b->before, s.histBefore);
        addBrushed(m_after, b->after, s.histAfter);
        const bool after = b->brush.side == HistogramSide::After;
        QString text = tr("%1 value(s) in [%2, %3) %4")
                           .arg(b->count)
                           .arg(b->lo, 0, 'g', 4)
                           .arg(b->hi, 0, 'g', 4)
                           .arg(after ? tr("after the norm") : tr("before the norm"));
        if (b->count > 0)
            text += QStringLiteral(": ")
                + tr("samples %1; channels %2")
                      .arg(largest(b->perSample, QStringLiteral("n"), 4),
                          largest(b->perChannel, QStringLiteral("c"), 4));
        m_brushLabel->setText(QStringLiteral("<span style='color:%1'>■</span> %2").arg(brush.name(), text));
        m_brushLabel->show();
    }
    if (const auto& m = m_annotations->marked) {
        const QColor colour = markColour(m_theme);
        const auto mark = [&](QCustomPlot* plot, double value, const QString& label) {
            auto* line = new QCPItemStraightLine(plot);
            line->point1->setCoords(value, 1e-3); // both y > 0: valid on a log axis too
            line->point2->setCoords(value, 1.0);
            line->setPen(QPen(colour, 2.0 * m_fontScale, Qt::DashDotLine));
            auto* text = new QCPItemText(plot);
            text->position->setTypeX(QCPItemPosition::ptPlotCoords);
            text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
            // Below the "no single normal curve" note where the after plot has one.
            text->position->setCoords(value, plot == m_after && !m_reference ? 0.17 : 0.02);
            text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
            text->setText(label);
            text->setColor(colour);
            QFont f = font();
            f.setPointSizeF(8.5 * m_fontScale);
            f.setBold(true);
            text->setFont(f);
        };
        mark(beforeTarget, m->x, QStringLiteral(" x = %1").arg(m->x, 0, 'g', 4));
        mark(m_after, m->output, QStringLiteral(" y = %1").arg(static_cast<double>(m->output), 0, 'g', 4));
    }
}

void HistogramPanel::rebuild()
{
    for (QCustomPlot* plot : { m_before, m_after }) {
        plot->clearPlottables();
        plot->clearItems();
    }
    styleAxes(m_before, tr("Before: input"));
    styleAxes(m_after, m_overlay ? tr("Before and after") : tr("After: output"));
    m_reference.reset();
    if (!m_snapshot) {
        m_before->replot(QCustomPlot::rpQueuedReplot);
        m_after->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const Snapshot& s = *m_snapshot;
    const QString setName = tr("set %1").arg(QString::fromStdString(s.geometry.setLabel(s.selectedSet)));
    const double lineWidth = 2.0 * m_fontScale;

    QCustomPlot* beforeTarget = m_overlay ? m_after : m_before;
    addBars(
        beforeTarget, s.histBefore, m_theme.before, m_overlay ? tr("input, whole tensor") : tr("whole tensor"), m_logY);
    addStep(beforeTarget, s.histBeforeSelected, m_overlay ? m_theme.before.darker(130) : m_theme.highlight,
        m_overlay ? tr("input, %1").arg(setName) : setName, m_logY, lineWidth);
    addBars(m_after, s.histAfter, m_theme.after, m_overlay ? tr("output, whole tensor") : tr("whole tensor"), m_logY);
    addStep(m_after, s.histAfterSelected, m_overlay ? m_theme.after.darker(130) : m_theme.highlight,
        m_overlay ? tr("output, %1").arg(setName) : setName, m_logY, lineWidth);

    // The normal each set of the output follows: N(β, γ²), or N(0, 1) without affine.
    m_reference = outputReference(s);
    if (m_reference) {
        const auto [mean, std] = *m_reference;
        const double lo = std::min(s.histAfter.lo, mean - 4 * std);
        const double hi = std::max(s.histAfter.hi, mean + 4 * std);
        QVector<double> x, y;
        for (int i = 0; i <= 240; ++i) {
            const double v = lo + (hi - lo) * i / 240.0;
            const double z = (v - mean) / std;
            x << v;
            y << std::exp(-0.5 * z * z) / (std * std::sqrt(2.0 * std::numbers::pi));
        }
        auto* curve = m_after->addGraph();
        curve->setData(x, y, true);
        curve->setPen(QPen(m_theme.reference, 1.6 * m_fontScale, Qt::DashLine));
        curve->setName(mean == 0.0 && std == 1.0 ? tr("N(0, 1)")
                                                 : tr("N(μ=β=%1, σ=|γ|=%2)").arg(mean, 0, 'g', 3).arg(std, 0, 'g', 3));
    }

    drawAnnotations();

    fitLegends();
    for (QCustomPlot* plot : { m_before, m_after }) {
        plot->rescaleAxes();
        if (m_logY) {
            plot->yAxis->setRangeLower(std::max(1e-4, plot->yAxis->range().lower));
            plot->yAxis->setRangeUpper(plot->yAxis->range().upper * 3.0);
        } else {
            plot->yAxis->setRangeLower(0.0);
            plot->yAxis->setRangeUpper(plot->yAxis->range().upper * 1.08);
        }
        plot->xAxis->scaleRange(1.04);
        // Queued: a slider drag coalesces into one repaint per frame, without flicker.
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    if (!m_reference) {
        // Headroom for the note's two lines, so no bar runs through them.
        const QCPRange y = m_after->yAxis->range();
        m_after->yAxis->setRangeUpper(m_logY ? y.upper * 10.0 : y.lower + (y.upper - y.lower) * 1.3);
        auto* note = new QCPItemText(m_after);
        note->position->setType(QCPItemPosition::ptAxisRectRatio);
        note->position->setCoords(0.05, 0.03);
        note->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        const NormKind kind = m_snapshot->config.kind;
        note->setText(kind == NormKind::Rms ? tr("RMSNorm keeps means:\nno single normal curve")
                : usesNormalizedShape(kind) ? tr("γ, β differ per element:\nno single normal curve")
                                            : tr("γ, β differ per channel:\nno single normal curve"));
        note->setColor(m_theme.muted);
        // Over a marked value's line, which would otherwise run through the words.
        note->setLayer(QStringLiteral("legend"));
        note->setBrush(m_theme.background);
        QFont f = font();
        f.setPointSizeF(8.0 * m_fontScale);
        note->setFont(f);
        m_after->replot(QCustomPlot::rpQueuedReplot);
    }
    emit replotted();
}

} // namespace normscope
