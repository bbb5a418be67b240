// The labs' plots, drawn into a QCustomPlot from a lab result: the views show them live and the
// exported slides draw the very same plots offscreen. The chosen channel is highlighted, the
// other channels faint; colours follow the Theme, text the font scale.
#pragma once

#include "labs/labtexts.h"
#include "look/theme.h"

class QCustomPlot;

namespace normscope {

struct LabPlotStyle {
    Theme theme = Theme::light();
    double fontScale = 1.0;
    int64_t channel = 0; // highlighted
};

// Gives a new plot the labs' layout: a title row above, the legend in a row below.
void setUpLabPlot(QCustomPlot& plot);

void drawRunningStatsPlot(
    QCustomPlot& plot, RunningStatsPlot which, const RunningStatsHistory& history, const LabPlotStyle& style);
void drawBatchSizePlot(
    QCustomPlot& plot, BatchSizePlot which, const BatchSizeResult& result, const LabPlotStyle& style);
// An empty plot with its title and a message in the middle (nothing computed yet, or an error).
void drawPlotMessage(QCustomPlot& plot, const QString& title, const QString& message, const LabPlotStyle& style);

// The colour each batch-size curve has, in every plot and figure.
QColor batchSizeColor(BatchSizeNorm norm, const Theme& theme);

} // namespace normscope
