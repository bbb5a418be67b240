// The words of the behaviour labs, shared by their views and their exported slides so the window
// and the figure say the same thing: titles, plot titles, legend names and the captions that say
// what the plots show, with the numbers of the current step.
#pragma once

#include "labs/batchsize.h"
#include "labs/runningstats.h"

#include <QString>

#include <optional>

namespace normscope {

// "momentum 0.1", "momentum=None (cumulative average)".
QString momentumText(const std::optional<double>& momentum);

QString runningStatsTitle(const RunningStatsHistory& history);
// Where the batches come from and which batch is held out, e.g. "input [8, 6, 8, 8] · channel-shift,
// seed 0 · held out: batch 0, the one on screen, never fed".
QString runningStatsSubtitle(const RunningStatsHistory& history, const QString& sourceText);
// What the plots show, with channel c's numbers after the last step.
QString runningStatsCaption(const RunningStatsHistory& history, int64_t channel);

enum class RunningStatsPlot { Mean, Variance, Gap, EvalMean };
QString runningStatsPlotTitle(RunningStatsPlot plot, int64_t channel);

// "BatchNorm, train", "GroupNorm (G = 3)", ...
QString batchSizeNormName(BatchSizeNorm norm, int64_t groups);
QString batchSizeTitle(const BatchSizeResult& result);
QString batchSizeSubtitle(const BatchSizeResult& result, const QString& sourceText);
// The GN paper's Figure 1 on the user's data; what N = 1 does (PyTorch's error, or the sample
// normalized on its own); the spread at the smallest and largest batch.
QString batchSizeCaption(const BatchSizeResult& result, int64_t channel);

enum class BatchSizePlot { Draws, Spread };
QString batchSizePlotTitle(BatchSizePlot plot, const BatchSizeResult& result, int64_t channel);

} // namespace normscope
