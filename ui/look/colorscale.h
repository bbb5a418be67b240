// Colours for values on the cube and for brushing. Values use viridis: perceptually uniform,
// readable in grey and by the common forms of colour blindness, on light and dark slides alike.
// Brushed and marked cells take colours that neither viridis nor the set highlight uses.
#pragma once

#include "look/theme.h"

#include <QColor>

namespace normscope {

// Viridis at t in [0, 1] (clamped; NaN gives grey).
QColor viridis(double t);

// The colour of brushed cells and of the brushed elements in the histograms.
QColor brushColour(const Theme& theme);
// The colour of the marked value (a clicked cell) in the cube and in both histograms.
QColor markColour(const Theme& theme);

} // namespace normscope
