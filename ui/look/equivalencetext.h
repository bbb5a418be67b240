// The sentences that show GroupNorm's limits as measured numbers: max |GN − LN(C, H, W)| and
// max |GN − IN|, with how many outputs were compared, or why a comparison was not possible.
// The statistics panel, the compare view and its export all say it with these words.
#pragma once

#include "analysis/equivalence.h"

#include <QString>
#include <QStringList>

namespace normscope {

// 0 as "0"; otherwise 3 significant digits ("2.38e-07", "1.27").
QString formatDistance(double value);

// "max |GN − LN| = 0 over 3072 outputs", with "(float32 rounding)" when the difference is within
// a few float32 steps of `scale` (the largest |output|), and the NaN mismatches or the refusal.
QString layerDistanceText(const OutputDifference& d, double scale);
QString instanceDistanceText(const OutputDifference& d, double scale);

// For the statistics panel at G = 1 or G = C: one line per limit reached, saying what was run.
QStringList groupLimitLines(const GroupEquivalence& eq, double scale);

} // namespace normscope
