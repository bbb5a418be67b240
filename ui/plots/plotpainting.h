// Draws a QCustomPlot into any painter (image, SVG, PDF) at an exact rectangle, as vector
// commands, so exported figures keep text as text. Shared by the histogram and lab figures.
#pragma once

#include <QRectF>

class QCustomPlot;
class QPainter;

namespace normscope {

void paintPlotInto(QPainter& painter, QCustomPlot& plot, const QRectF& target);

} // namespace normscope
