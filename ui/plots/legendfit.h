// Legends laid out under a plot keep every entry whole. QCustomPlot lays a legend out in a fixed
// number of columns and cuts what does not fit the plot's width ("BatchNorm, eval (running
// statistics" at 1366 × 768); these functions use as many columns as the width holds, up to the
// number the plot asked for, and fall back to one entry per row.
#pragma once

class QCustomPlot;
class QCPLegend;

namespace normscope {

// Lays `legend` out in at most `maxColumns` columns from now on (remembered on the legend).
void setLegendColumns(QCPLegend& legend, int maxColumns);
// Takes the most columns (≤ the remembered maximum) whose width fits `width` pixels; returns
// whether the layout changed.
bool fitLegend(QCustomPlot& plot, int width);
// Fits the legend to the plot's width before each replot (window resizes included).
void keepLegendFitted(QCustomPlot& plot);

} // namespace normscope
