#include "labs/labplots.h"

#include "plots/legendfit.h"
#include "plots/qcustomplotinclude.h"
#include "plots/readableticker.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace normscope {

class LabPlots {
    Q_DECLARE_TR_FUNCTIONS(LabPlots)
};

namespace {

// The most faint channels a plot draws: beyond that they are a grey wash, and slow.
constexpr int64_t maxFaintChannels = 64;

QColor faint(QColor colour, int alpha)
{
    colour.setAlpha(alpha);
    return colour;
}

void style(QCustomPlot& plot, const QString& title, const QString& xLabel, const QString& yLabel, const LabPlotStyle& s)
{
    plot.clearPlottables();
    plot.clearItems();
    QFont base = plot.font();
    base.setPointSizeF(9.0 * s.fontScale);
    QFont bold = base;
    bold.setBold(true);
    bold.setPointSizeF(10.5 * s.fontScale);
    plot.setBackground(s.theme.background);
    plot.axisRect()->setBackground(s.theme.background);
    if (auto* titleElement = qobject_cast<QCPTextElement*>(plot.plotLayout()->element(0, 0))) {
        titleElement->setText(title);
        titleElement->setFont(bold);
        titleElement->setTextColor(s.theme.foreground);
    }
    for (QCPAxis* axis : { plot.xAxis, plot.yAxis }) {
        axis->setBasePen(QPen(s.theme.foreground, 1));
        axis->setTickPen(QPen(s.theme.foreground, 1));
        axis->setSubTickPen(QPen(s.theme.muted, 1));
        axis->setTickLabelColor(s.theme.foreground);
        axis->setLabelColor(s.theme.foreground);
        axis->setTickLabelFont(base);
        axis->setLabelFont(base);
        axis->grid()->setPen(QPen(faint(s.theme.muted, 60), 1, Qt::DotLine));
        axis->grid()->setZeroLinePen(Qt::NoPen);
        axis->setScaleType(QCPAxis::stLinear);
        ReadableTicker::install(axis);
        axis->setNumberFormat(QStringLiteral("g"));
        axis->setNumberPrecision(6);
    }
    plot.xAxis->setLabel(xLabel);
    plot.yAxis->setLabel(yLabel);
    plot.legend->setBrush(Qt::NoBrush);
    plot.legend->setBorderPen(Qt::NoPen);
    plot.legend->setTextColor(s.theme.foreground);
    QFont legendFont = base;
    legendFont.setPointSizeF(8.0 * s.fontScale);
    plot.legend->setFont(legendFont);
    setLegendColumns(*plot.legend, 3);
    // Icons grow with the text, so the large markers (GroupNorm's circle) are not cut on slides.
    plot.legend->setIconSize(QSize(static_cast<int>(32 * s.fontScale), static_cast<int>(18 * s.fontScale)));
}

QCPGraph* line(
    QCustomPlot& plot, const QVector<double>& x, const QVector<double>& y, const QPen& pen, const QString& name)
{
    QCPGraph* graph = plot.addGraph();
    graph->setData(x, y, true);
    graph->setPen(pen);
    graph->setName(name);
    if (name.isEmpty())
        graph->removeFromLegend();
    return graph;
}

QCPGraph* dots(QCustomPlot& plot, const QVector<double>& x, const QVector<double>& y, const QCPScatterStyle& scatter,
    const QString& name)
{
    QCPGraph* graph = line(plot, x, y, Qt::NoPen, name);
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(scatter);
    return graph;
}

// The channels drawn faint: all but the chosen one, thinned to at most maxFaintChannels.
std::vector<int64_t> faintChannels(int64_t channels, int64_t chosen)
{
    std::vector<int64_t> out;
    const int64_t stride = std::max<int64_t>(1, (channels + maxFaintChannels - 1) / maxFaintChannels);
    for (int64_t c = 0; c < channels; c += stride)
        if (c != chosen)
            out.push_back(c);
    return out;
}

struct Extent {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v)
    {
        if (std::isfinite(v))
            lo = std::min(lo, v), hi = std::max(hi, v);
    }
    void apply(QCPAxis* axis, bool fromZero = false) const
    {
        double a = fromZero ? 0.0 : lo;
        double b = hi;
        if (!std::isfinite(a) || !std::isfinite(b)) {
            a = 0.0, b = 1.0;
        } else if (b - a < 1e-9 * (1.0 + std::abs(b))) {
            const double pad = std::max(0.5, 0.1 * std::abs(b));
            a = fromZero ? 0.0 : a - pad, b += pad;
        } else {
            const double pad = 0.08 * (b - a);
            a = fromZero ? 0.0 : a - pad, b += pad;
        }
        axis->setRange(a, b);
    }
};

QVector<double> steps(uint64_t count, uint64_t from = 0)
{
    QVector<double> x;
    for (uint64_t k = from; k <= count; ++k)
        x << static_cast<double>(k);
    return x;
}

QVector<double> column(const StepSeries& series, int64_t c, uint64_t steps, uint64_t from = 0)
{
    QVector<double> y;
    for (uint64_t k = from; k <= steps; ++k)
        y << series.at(k, c);
    return y;
}

void shiftMarker(QCustomPlot& plot, const RunningStatsHistory& h, const LabPlotStyle& s)
{
    const PopulationShift& shift = h.settings.shift;
    if (shift.amount == 0.0 || shift.fromBatch > h.steps)
        return;
    auto* marker = new QCPItemStraightLine(&plot);
    const double x = static_cast<double>(shift.fromBatch) - 0.5;
    marker->point1->setCoords(x, 0.0);
    marker->point2->setCoords(x, 1.0);
    marker->setPen(QPen(s.theme.muted, 1.2 * s.fontScale, Qt::DashDotLine));
    auto* label = new QCPItemText(&plot);
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(x, 0.02);
    // Right of the marker, or left of it near the right edge, where the text would be cut.
    const bool nearEnd = x > 0.8 * std::max(10.0, static_cast<double>(h.steps));
    label->setPositionAlignment((nearEnd ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
    label->setText(nearEnd ? LabPlots::tr("shift ") : LabPlots::tr(" shift"));
    label->setColor(s.theme.muted);
    QFont f = plot.font();
    f.setPointSizeF(8.0 * s.fontScale);
    label->setFont(f);
}

void finish(QCustomPlot& plot)
{
    plot.legend->setVisible(plot.legend->itemCount() > 0);
    plot.replot(QCustomPlot::rpQueuedReplot);
}

void setLogTwoAxis(QCPAxis* axis, const std::vector<int64_t>& sizes)
{
    axis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog);
    ticker->setLogBase(2.0);
    ticker->setSubTickCount(0);
    axis->setTicker(ticker);
    axis->setNumberFormat(QStringLiteral("g"));
    axis->setNumberPrecision(5);
    axis->setRange(static_cast<double>(sizes.front()) / 1.5, static_cast<double>(sizes.back()) * 1.5);
}

QCPScatterStyle markerFor(BatchSizeNorm norm, const QColor& colour, double scale)
{
    const double size = 8.0 * scale;
    switch (norm) {
    case BatchSizeNorm::BatchTrain:
        return QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 6.0 * scale);
    case BatchSizeNorm::BatchEval:
        return QCPScatterStyle(QCPScatterStyle::ssCross, QPen(colour, 1.6 * scale), Qt::NoBrush, size);
    case BatchSizeNorm::Layer:
        return QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(colour, 1.6 * scale), Qt::NoBrush, size * 1.5);
    case BatchSizeNorm::Instance:
        return QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(colour, 1.6 * scale), Qt::NoBrush, size * 1.1);
    case BatchSizeNorm::Group:
        return QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(colour, 1.6 * scale), Qt::NoBrush, size * 1.9);
    }
    return {};
}

void refusalNote(QCustomPlot& plot, double x, const LabPlotStyle& s)
{
    auto* note = new QCPItemText(&plot);
    note->position->setTypeX(QCPItemPosition::ptPlotCoords);
    note->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(x, 0.5);
    note->setRotation(-90);
    note->setText(LabPlots::tr("N = %1: PyTorch refuses").arg(x));
    note->setColor(batchSizeColor(BatchSizeNorm::BatchTrain, s.theme));
    QFont f = plot.font();
    f.setPointSizeF(8.5 * s.fontScale);
    note->setFont(f);
}

} // namespace

QColor batchSizeColor(BatchSizeNorm norm, const Theme& theme)
{
    const std::vector<QColor> palette = theme.setColors();
    switch (norm) {
    case BatchSizeNorm::BatchTrain:
        return theme.after;
    case BatchSizeNorm::BatchEval:
        return theme.foreground;
    case BatchSizeNorm::Layer:
        return palette[0];
    case BatchSizeNorm::Instance:
        return palette[4];
    case BatchSizeNorm::Group:
        return palette[6];
    }
    return theme.foreground;
}

void setUpLabPlot(QCustomPlot& plot)
{
    plot.setNoAntialiasingOnDrag(true);
    plot.plotLayout()->insertRow(0);
    plot.plotLayout()->addElement(0, 0, new QCPTextElement(&plot, QString()));
    plot.legend->setVisible(true);
    plot.axisRect()->insetLayout()->take(plot.legend);
    plot.plotLayout()->addElement(2, 0, plot.legend);
    plot.plotLayout()->setRowStretchFactor(2, 0.001);
    plot.legend->setFillOrder(QCPLayoutGrid::foColumnsFirst); // columns: style() sets them per figure
    plot.legend->setMargins(QMargins(4, 2, 4, 2));
    keepLegendFitted(plot);
}

void drawPlotMessage(QCustomPlot& plot, const QString& title, const QString& message, const LabPlotStyle& s)
{
    style(plot, title, QString(), QString(), s);
    plot.xAxis->setRange(0, 1);
    plot.yAxis->setRange(0, 1);
    auto* text = new QCPItemText(&plot);
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(0.5, 0.5);
    text->setText(message);
    text->setColor(s.theme.muted);
    QFont f = plot.font();
    f.setPointSizeF(9.5 * s.fontScale);
    text->setFont(f);
    finish(plot);
}

void drawRunningStatsPlot(
    QCustomPlot& plot, RunningStatsPlot which, const RunningStatsHistory& h, const LabPlotStyle& s)
{
    const int64_t c = std::clamp<int64_t>(s.channel, 0, h.runningMean.channels - 1);
    const QString channelName = LabPlots::tr("channel %1").arg(c);
    const QString truth = h.heldOutIsFed ? LabPlots::tr("the data's") : LabPlots::tr("population");
    const double width = 2.2 * s.fontScale;
    const QVector<double> x = steps(h.steps);
    const QVector<double> fedX = steps(h.steps, 1);
    Extent y;
    switch (which) {
    case RunningStatsPlot::Mean:
    case RunningStatsPlot::Variance: {
        const bool mean = which == RunningStatsPlot::Mean;
        style(plot, runningStatsPlotTitle(which, c), LabPlots::tr("step (batches fed)"),
            mean ? LabPlots::tr("mean") : LabPlots::tr("variance"), s);
        const StepSeries& batch = mean ? h.batchMean : h.batchVar;
        const StepSeries& running = mean ? h.runningMean : h.runningVar;
        const StepSeries& population = mean ? h.trueMean : h.trueVar;
        bool first = true;
        for (int64_t other : faintChannels(h.runningMean.channels, c)) {
            line(plot, x, column(running, other, h.steps), QPen(faint(s.theme.muted, 70), 1.0 * s.fontScale),
                first ? LabPlots::tr("other channels") : QString())
                ->setProperty("channel", QVariant::fromValue<qlonglong>(other)); // a click selects it
            first = false;
        }
        const QVector<double> batchY = column(batch, c, h.steps, 1);
        dots(plot, fedX, batchY,
            QCPScatterStyle(
                QCPScatterStyle::ssDisc, faint(s.theme.before, 200), faint(s.theme.before, 200), 4.0 * s.fontScale),
            mean ? LabPlots::tr("batch mean") : LabPlots::tr("batch variance (unbiased)"));
        const QVector<double> runningY = column(running, c, h.steps);
        line(plot, x, runningY, QPen(s.theme.highlight, width),
            mean ? QStringLiteral("running_mean") : QStringLiteral("running_var"));
        // The population's line runs to the plot's right edge, so it shows before any step too.
        QVector<double> truthX = x;
        QVector<double> truthY = column(population, c, h.steps);
        truthX << std::max(10.0, static_cast<double>(h.steps)) + 0.5;
        truthY << truthY.back();
        line(plot, truthX, truthY, QPen(s.theme.reference, 1.4 * s.fontScale, Qt::DashLine),
            mean ? LabPlots::tr("%1 mean").arg(truth) : LabPlots::tr("%1 variance").arg(truth))
            ->setLineStyle(QCPGraph::lsStepLeft);
        for (const QVector<double>* series :
            std::initializer_list<const QVector<double>*> { &batchY, &runningY, &truthY })
            for (double v : *series)
                y.add(v);
        y.apply(plot.yAxis);
        break;
    }
    case RunningStatsPlot::Gap: {
        style(plot, runningStatsPlotTitle(which, c), LabPlots::tr("step (batches fed)"),
            LabPlots::tr("mean |eval − train|"), s);
        const QVector<double> all(h.gap.begin(), h.gap.end());
        const QVector<double> own = column(h.channelGap, c, h.steps);
        line(plot, x, own, QPen(s.theme.highlight, 1.4 * s.fontScale), channelName);
        line(plot, x, all, QPen(s.theme.after, width), LabPlots::tr("all channels"));
        for (const auto* series : { &all, &own })
            for (double v : *series)
                y.add(v);
        y.apply(plot.yAxis, true);
        break;
    }
    case RunningStatsPlot::EvalMean: {
        style(
            plot, runningStatsPlotTitle(which, c), LabPlots::tr("step (batches fed)"), LabPlots::tr("output mean"), s);
        bool first = true;
        for (int64_t other : faintChannels(h.runningMean.channels, c)) {
            line(plot, x, column(h.evalMean, other, h.steps), QPen(faint(s.theme.muted, 70), 1.0 * s.fontScale),
                first ? LabPlots::tr("other channels") : QString())
                ->setProperty("channel", QVariant::fromValue<qlonglong>(other));
            first = false;
        }
        const QVector<double> own = column(h.evalMean, c, h.steps);
        line(plot, x, own, QPen(s.theme.highlight, width), LabPlots::tr("eval, %1").arg(channelName));
        const double beta = h.trainMean[static_cast<size_t>(c)];
        line(plot, { 0.0, std::max(10.0, static_cast<double>(h.steps)) + 0.5 }, { beta, beta },
            QPen(s.theme.reference, 1.4 * s.fontScale, Qt::DashLine), LabPlots::tr("train mode (β)"));
        for (double v : own)
            y.add(v);
        y.add(beta);
        y.apply(plot.yAxis);
        break;
    }
    }
    plot.xAxis->setRange(0.0, std::max(10.0, static_cast<double>(h.steps)) + 0.5);
    shiftMarker(plot, h, s);
    finish(plot);
}

void drawBatchSizePlot(QCustomPlot& plot, BatchSizePlot which, const BatchSizeResult& r, const LabPlotStyle& s)
{
    const int64_t channels = r.shape.c;
    const int64_t c = std::clamp<int64_t>(s.channel, 0, channels - 1);
    const auto& sizes = r.settings.sizes;
    const int draws = r.settings.draws;
    Extent y;
    if (which == BatchSizePlot::Draws) {
        style(plot, batchSizePlotTitle(which, r, c), LabPlots::tr("batch size N (log scale)"),
            LabPlots::tr("output mean"), s);
        for (BatchSizeNorm norm : allBatchSizeNorms) {
            QVector<double> px, py;
            for (size_t i = 0; i < sizes.size(); ++i) {
                const BatchSizePoint& p = r.point(norm, i);
                if (!p.error.empty())
                    continue;
                for (int d = 0; d < draws; ++d) {
                    // BatchNorm's dots spread a little sideways (in log scale) so the draws show.
                    const double jitter = norm == BatchSizeNorm::BatchTrain && draws > 1
                        ? 0.12 * (static_cast<double>(d) / (draws - 1) - 0.5)
                        : 0.0;
                    px << static_cast<double>(sizes[i]) * std::exp2(jitter);
                    py << p.outputMean[static_cast<size_t>(d * channels + c)];
                    y.add(py.back());
                }
            }
            QColor colour = batchSizeColor(norm, s.theme);
            if (norm == BatchSizeNorm::BatchTrain)
                colour.setAlpha(150);
            dots(plot, px, py, markerFor(norm, colour, s.fontScale), batchSizeNormName(norm, r.settings.groups));
        }
        y.apply(plot.yAxis);
    } else {
        style(plot, batchSizePlotTitle(which, r, c), LabPlots::tr("batch size N (log scale)"),
            LabPlots::tr("std over draws"), s);
        for (BatchSizeNorm norm : allBatchSizeNorms) {
            QVector<double> px, py;
            for (size_t i = 0; i < sizes.size(); ++i) {
                const BatchSizePoint& p = r.point(norm, i);
                if (!p.error.empty())
                    continue;
                px << static_cast<double>(sizes[i]);
                py << p.spread[static_cast<size_t>(c)];
                y.add(py.back());
            }
            const QColor colour = batchSizeColor(norm, s.theme);
            QCPGraph* graph = line(plot, px, py,
                QPen(colour, (norm == BatchSizeNorm::BatchTrain ? 2.4 : 1.2) * s.fontScale,
                    norm == BatchSizeNorm::BatchEval ? Qt::DashLine : Qt::SolidLine),
                batchSizeNormName(norm, r.settings.groups));
            graph->setScatterStyle(markerFor(norm, colour, s.fontScale));
            if (norm == BatchSizeNorm::BatchTrain && channels > 1) {
                // Every channel's spread averaged: the trend without one channel's noise.
                QVector<double> mx, my;
                for (size_t i = 0; i < sizes.size(); ++i) {
                    if (r.point(norm, i).error.empty())
                        mx << static_cast<double>(sizes[i]), my << r.point(norm, i).meanSpread;
                }
                line(plot, mx, my, QPen(faint(colour, 160), 1.4 * s.fontScale, Qt::DotLine),
                    LabPlots::tr("BatchNorm, training: all channels' mean"));
                for (double v : my)
                    y.add(v);
            }
        }
        y.apply(plot.yAxis, true);
        // Room below 0, so the markers of the flat curves are not cut by the axis.
        plot.yAxis->setRangeLower(-0.04 * plot.yAxis->range().upper);
    }
    setLogTwoAxis(plot.xAxis, sizes);
    // The norms' names are long: two columns at most.
    setLegendColumns(*plot.legend, 2);
    const auto& bn = r.points[static_cast<size_t>(BatchSizeNorm::BatchTrain)];
    for (size_t i = 0; i < bn.size(); ++i)
        if (!bn[i].error.empty())
            refusalNote(plot, static_cast<double>(sizes[i]), s);
    finish(plot);
}

} // namespace normscope
