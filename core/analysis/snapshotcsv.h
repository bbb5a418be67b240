// Data behind the figures as CSV, for lecturers' own plots: histogram bins and per-set statistics.
#pragma once

#include "analysis/snapshot.h"

#include <string>

namespace normscope {

// One row per bin: which histogram (before/after × whole/selected), bin edges, count, density.
std::string histogramCsv(const Snapshot& snapshot);
// One row per reduction set: its indices, size, mean and std before and after.
std::string setStatisticsCsv(const Snapshot& snapshot);

} // namespace normscope
