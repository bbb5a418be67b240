// The sentences that explain a norm setting, shared by the statistics panel and exported slides
// so the window and the figure say the same thing: the layer's name with its key parameter, what
// it standardises, and which per-sample / per-channel statistics it leaves free.
#pragma once

#include "analysis/snapshot.h"
#include "norms/reduction.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace normscope {

// Data of rank 3 (N, C, L) or 2 (N, C) is held as (N, C, 1, L): its texts say L, not H and W;
// (B, T, C) data is held as (B, C, T): its texts say T and B, not H, W and N.
QString forRank(QString text, const Shape& shape);

// "BatchNorm", "LayerNorm", ... translated.
QString normName(NormKind kind);
// The dimensions a set spans, as the cube's caption names them: "N, H, W", "C/G, H, W", ...
QString reducedOver(const ReductionGeometry& geometry);

// "BatchNorm", "GroupNorm (G = 3)", "LayerNorm over (H, W)", translated.
QString normHeading(const ReductionGeometry& geometry);
// One sentence: what the norm standardises and what that leaves alone.
QString normNote(const ReductionGeometry& geometry);
// For each grouping the sets do not lie inside (samples under BatchNorm, channels under
// LayerNorm over (C, H, W), ...): the range of its means and stds after the norm. Empty when
// every sample and channel is made of whole sets and so is standardised too.
QStringList notGuaranteedLines(const Snapshot& snapshot, const std::function<QString(const Range&)>& range);

// Every sentence below is derived from the snapshot's setting and numbers, so the statistics
// panel and the slides never say something the numbers next to it contradict.

// Whether the output was normalized with the running statistics (eval mode with
// track_running_stats) rather than each set's own mean and variance.
bool normalizedWithRunningStats(const Snapshot& snapshot);

// The paragraph after the per-set table: "Also standardised" (every sample and channel is made
// of whole sets) or "Not guaranteed" (the per-sample / per-channel ranges). Never "Also
// standardised" in eval mode with running statistics, where no set is standardised by construction.
struct NormParagraph {
    QString heading;
    QStringList lines;
};
std::optional<NormParagraph> standardisedParagraph(
    const Snapshot& snapshot, const std::function<QString(const Range&)>& range);

// normNote for the snapshot's mode: in eval mode with running statistics, what they do instead.
QString normNote(const Snapshot& snapshot);

// Eval mode: what the running statistics do to this batch (empty in training mode).
QString evalNote(const Snapshot& snapshot);

// Warnings about the numbers (red in the window): zero-variance sets and what eps makes of
// them, NaN outputs, an eps that is not small against the variances.
QStringList numberWarnings(const Snapshot& snapshot);

} // namespace normscope
