#include "look/normtexts.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace normscope {

class NormTexts {
    Q_DECLARE_TR_FUNCTIONS(NormTexts)
};

namespace {

// LayerNorm and RMSNorm on (B, T, C) data: sets over trailing dimensions of (B, T, C).
QString tokenHeading(const ReductionGeometry& g)
{
    const bool rms = g.kind() == NormKind::Rms;
    switch (g.layerDims()) {
    case 1:
        return rms ? NormTexts::tr("RMSNorm over (C), per token") : NormTexts::tr("LayerNorm over (C), per token");
    case 3:
        return rms ? NormTexts::tr("RMSNorm over (T, C)") : NormTexts::tr("LayerNorm over (T, C)");
    default:
        return rms ? NormTexts::tr("RMSNorm over (B, T, C)") : NormTexts::tr("LayerNorm over (B, T, C)");
    }
}

QString tokenNote(const ReductionGeometry& g)
{
    const bool rms = g.kind() == NormKind::Rms;
    switch (g.layerDims()) {
    case 1:
        return rms ? NormTexts::tr("RMSNorm over (C) divides every token by the root mean square of its features, as "
                                   "LLaMA-style transformers do; the mean is not removed.")
                   : NormTexts::tr("LayerNorm over (C) standardises every token over its features, as transformers "
                                   "do: one feature across the tokens is not standardised.");
    case 3:
        return rms ? NormTexts::tr("RMSNorm over (T, C) divides each sequence by one root mean square over all its "
                                   "tokens; the mean is not removed.")
                   : NormTexts::tr("LayerNorm over (T, C) standardises each sequence over all its tokens and "
                                   "features: single tokens are not standardised.");
    default:
        return rms ? NormTexts::tr("RMSNorm over (B, T, C) divides the whole batch by one root mean square; the "
                                   "mean is not removed.")
                   : NormTexts::tr("LayerNorm over (B, T, C) standardises the whole batch as one set: no sequence or "
                                   "token on its own.");
    }
}

// BatchNorm, InstanceNorm and GroupNorm on (B, T, C) data, given x.transpose(1, 2).
QString transposedNote(const ReductionGeometry& g)
{
    switch (g.kind()) {
    case NormKind::Batch:
        return NormTexts::tr("BatchNorm1d, given x.transpose(1, 2), standardises each feature over every token of "
                             "the batch (B, T): one token alone keeps its own mean and std.");
    case NormKind::Instance:
        return NormTexts::tr("InstanceNorm1d, given x.transpose(1, 2), standardises each feature of each sequence "
                             "over its tokens (T).");
    case NormKind::Group:
        if (g.groups() != 1 && g.groups() != g.shape().c)
            return NormTexts::tr("GroupNorm, given x.transpose(1, 2), standardises each group of features of each "
                                 "sequence over its tokens: single features are not standardised.");
        break;
    default:
        break;
    }
    return {};
}

QString headingText(const ReductionGeometry& g)
{
    if (g.transposed())
        return tokenHeading(g);
    switch (g.kind()) {
    case NormKind::Batch:
    case NormKind::Instance:
        return normName(g.kind());
    case NormKind::Group:
        return NormTexts::tr("GroupNorm (G = %1)").arg(g.groups());
    case NormKind::Layer:
        switch (g.layerDims()) {
        case 1:
            return NormTexts::tr("LayerNorm over (W)");
        case 2:
            return NormTexts::tr("LayerNorm over (H, W)");
        case 3:
            return NormTexts::tr("LayerNorm over (C, H, W)");
        default:
            return NormTexts::tr("LayerNorm over the whole tensor");
        }
    case NormKind::Rms:
        switch (g.layerDims()) {
        case 1:
            return NormTexts::tr("RMSNorm over (W)");
        case 2:
            return NormTexts::tr("RMSNorm over (H, W)");
        case 3:
            return NormTexts::tr("RMSNorm over (C, H, W)");
        default:
            return NormTexts::tr("RMSNorm over the whole tensor");
        }
    }
    return {};
}

QString noteText(const ReductionGeometry& g)
{
    if (g.transposed())
        return tokenNote(g);
    if (g.shape().layout == Layout::BTC && !transposedNote(g).isEmpty())
        return transposedNote(g);
    switch (g.kind()) {
    case NormKind::Batch:
        return NormTexts::tr(
            "BatchNorm standardises each channel over the whole batch: one sample alone keeps its own mean and std.");
    case NormKind::Instance:
        return NormTexts::tr(
            "InstanceNorm standardises every channel of every sample, so whole samples and channels are too.");
    case NormKind::Group:
        if (g.groups() == g.shape().c)
            return NormTexts::tr("With G = C every group is one channel: GroupNorm computes exactly what InstanceNorm "
                                 "computes (γ and β per channel).");
        if (g.groups() == 1)
            return NormTexts::tr("With G = 1 the group is the whole sample: GroupNorm computes what LayerNorm over "
                                 "(C, H, W) computes, but with γ and β per channel.");
        return NormTexts::tr(
            "GroupNorm standardises each group of channels of each sample: single channels are not standardised.");
    case NormKind::Layer:
        switch (g.layerDims()) {
        case 1:
            return NormTexts::tr("LayerNorm over (W) standardises every row of every channel; γ and β have one "
                                 "value per position along W.");
        case 2:
            return NormTexts::tr("LayerNorm over (H, W) standardises every channel of every sample, as InstanceNorm "
                                 "does; γ and β have one value per pixel.");
        case 3:
            return NormTexts::tr("LayerNorm standardises each sample over (C, H, W): one channel across the batch is "
                                 "not standardised.");
        default:
            return NormTexts::tr("LayerNorm over the whole tensor standardises it as one set: no sample or channel "
                                 "on its own.");
        }
    case NormKind::Rms:
        switch (g.layerDims()) {
        case 1:
            return NormTexts::tr("RMSNorm over (W) divides every row of every channel by its root mean square: "
                                 "the mean is not removed, and γ has one value per position along W.");
        case 2:
            return NormTexts::tr("RMSNorm over (H, W) divides every channel of every sample by its root mean "
                                 "square; unlike InstanceNorm it does not remove the mean.");
        case 3:
            return NormTexts::tr("RMSNorm divides each sample by its root mean square over (C, H, W): the mean is "
                                 "not removed, only scaled with everything else.");
        default:
            return NormTexts::tr("RMSNorm over the whole tensor divides it by one root mean square: the mean is "
                                 "not removed.");
        }
    }
    return {};
}

} // namespace

QString reducedOver(const ReductionGeometry& g)
{
    if (g.transposed())
        return g.layerDims() == 1 ? NormTexts::tr("C")
            : g.layerDims() == 3  ? NormTexts::tr("T, C")
                                  : NormTexts::tr("B, T, C");
    switch (g.kind()) {
    case NormKind::Batch:
        return NormTexts::tr("N, H, W");
    case NormKind::Instance:
        return NormTexts::tr("H, W");
    case NormKind::Group:
        return NormTexts::tr("C/G, H, W");
    case NormKind::Layer:
        switch (g.layerDims()) {
        case 1:
            return NormTexts::tr("W");
        case 2:
            return NormTexts::tr("H, W");
        case 3:
            return NormTexts::tr("C, H, W");
        default:
            return NormTexts::tr("N, C, H, W");
        }
    case NormKind::Rms:
        switch (g.layerDims()) {
        case 1:
            return NormTexts::tr("W");
        case 2:
            return NormTexts::tr("H, W");
        case 3:
            return NormTexts::tr("C, H, W");
        default:
            return NormTexts::tr("N, C, H, W");
        }
    }
    return {};
}

QString normName(NormKind kind)
{
    switch (kind) {
    case NormKind::Batch:
        return NormTexts::tr("BatchNorm");
    case NormKind::Layer:
        return NormTexts::tr("LayerNorm");
    case NormKind::Instance:
        return NormTexts::tr("InstanceNorm");
    case NormKind::Group:
        return NormTexts::tr("GroupNorm");
    case NormKind::Rms:
        return NormTexts::tr("RMSNorm");
    }
    return {};
}

QString forRank(QString text, const Shape& shape)
{
    if (shape.rank == 4)
        return text;
    // (N, C) data has no positions: "over N, H, W" is "over N".
    if (shape.rank == 2)
        text.replace(QStringLiteral(", H, W"), QString())
            .replace(QStringLiteral("、H、W"), QString())
            .replace(QStringLiteral(", H·W"), QString());
    // (B, T, C) data: the length is the tokens T and the samples are the batch B.
    const QString length = shape.layout == Layout::BTC ? QStringLiteral("T") : QStringLiteral("L");
    text.replace(QStringLiteral("H·W"), length)
        .replace(QStringLiteral("H, W"), length)
        .replace(QStringLiteral("H、W"), length);
    // A lone W ("over W", "along W"), never the W of a word such as "With".
    static const QRegularExpression loneW(QStringLiteral("\\bW\\b"));
    text.replace(loneW, length);
    if (shape.layout == Layout::BTC) {
        static const QRegularExpression loneN(QStringLiteral("\\bN\\b"));
        text.replace(loneN, QStringLiteral("B"));
    }
    return text;
}

QString normHeading(const ReductionGeometry& g)
{
    return forRank(headingText(g), g.shape());
}

QString normNote(const ReductionGeometry& g)
{
    return forRank(noteText(g), g.shape());
}

QStringList notGuaranteedLines(const Snapshot& s, const std::function<QString(const Range&)>& range)
{
    QStringList lines;
    if (!subtractsMean(s.geometry.kind()))
        lines << NormTexts::tr("per-set means after %1: RMSNorm does not remove them").arg(range(s.spreadAfter.mean));
    if (!s.geometry.setsWithinSample())
        lines << NormTexts::tr("per-sample means after %1, stds %2")
                     .arg(range(s.perSampleAfter.mean), range(s.perSampleAfter.std));
    if (!s.geometry.setsWithinChannel())
        lines << NormTexts::tr("per-channel means after %1, stds %2")
                     .arg(range(s.perChannelAfter.mean), range(s.perChannelAfter.std));
    return lines;
}

bool normalizedWithRunningStats(const Snapshot& s)
{
    return !s.config.usesBatchStats();
}

std::optional<NormParagraph> standardisedParagraph(const Snapshot& s, const std::function<QString(const Range&)>& range)
{
    const QStringList free = notGuaranteedLines(s, range);
    if (!free.isEmpty()) // true in eval mode too, where nothing at all is guaranteed
        return NormParagraph { NormTexts::tr("Not guaranteed"), free };
    if (normalizedWithRunningStats(s))
        return std::nullopt; // the running statistics standardise no set, sample or channel
    // Exactly as standardised as the sets are: a large eps lowers their stds alike (see numberWarnings).
    return NormParagraph { NormTexts::tr("Also standardised"),
        { NormTexts::tr("every sample and every channel (before γ and β): each is made of whole sets.") } };
}

QString normNote(const Snapshot& s)
{
    if (!normalizedWithRunningStats(s))
        return normNote(s.geometry);
    const QString text = s.geometry.kind() == NormKind::Batch
        ? NormTexts::tr("In eval mode BatchNorm normalizes each channel with its running mean and variance, the same "
                        "for every batch: a channel comes out standardised only as far as they match this batch.")
        : NormTexts::tr("In eval mode InstanceNorm with track_running_stats normalizes every channel of every sample "
                        "with the channel's running mean and variance, not the sample's own.");
    return forRank(text, s.geometry.shape());
}

QString evalNote(const Snapshot& s)
{
    if (!normalizedWithRunningStats(s))
        return {};
    return NormTexts::tr("normalized with the running statistics (num_batches_tracked = %1), so the output is not "
                         "standardised unless they match this tensor.")
        .arg(s.params.numBatchesTracked);
}

namespace {

// RMSNorm divides by √(mean(x²) + eps): a set's variance does not matter, only its mean square
// (usedStats.var holds it, with mean 0).
QStringList rmsWarnings(const Snapshot& s)
{
    QStringList warnings;
    if (s.nonFiniteSets > 0)
        warnings << NormTexts::tr("%1 set(s) are all zeros: with eps = 0 their mean square is 0 and their output "
                                  "NaN, as in PyTorch.")
                        .arg(s.nonFiniteSets);
    if (s.config.eps > 0.0) {
        int64_t below = 0;
        double lowest = 1.0;
        for (double meanSquare : s.usedStats.var) {
            if (!(meanSquare > 0.0))
                continue;
            const double factor = std::sqrt(meanSquare / (meanSquare + s.config.eps));
            if (factor < 0.995) {
                ++below;
                lowest = std::min(lowest, factor);
            }
        }
        if (below > 0)
            warnings << NormTexts::tr("eps = %1 is not small against the mean square of %2 set(s): their root mean "
                                      "square before γ is √(mean(x²) / (mean(x²) + eps)), down to %3, not 1.")
                            .arg(s.config.eps)
                            .arg(below)
                            .arg(lowest, 0, 'g', 4);
    }
    return warnings;
}

} // namespace

QStringList numberWarnings(const Snapshot& s)
{
    QStringList warnings;
    const bool batchStats = !normalizedWithRunningStats(s);
    if (s.config.kind == NormKind::Rms)
        return rmsWarnings(s);
    if (s.nonFiniteSets > 0)
        warnings << NormTexts::tr(
            "%1 set(s) have zero variance: with eps = 0 their output is NaN or infinite, as in PyTorch.")
                        .arg(s.nonFiniteSets);
    else if (batchStats && s.zeroVarianceSets > 0 && s.config.eps == 0.0)
        warnings << NormTexts::tr(
            "%1 set(s) have zero variance: with eps = 0 PyTorch's batch_norm kernel outputs β for them.")
                        .arg(s.zeroVarianceSets);
    else if (batchStats && s.zeroVarianceSets > 0)
        // In eval mode they are normalized with the running statistics like every other set,
        // so nothing keeps them at β.
        warnings << NormTexts::tr("%1 set(s) have zero variance: eps = %2 keeps their output at β.")
                        .arg(s.zeroVarianceSets)
                        .arg(s.config.eps);
    if (batchStats && s.config.eps > 0.0) {
        // Each set's std after (before γ) is √(var / (var + eps)): say so where it visibly is not 1.
        int64_t below = 0;
        double lowest = 1.0;
        for (double var : s.usedStats.var) {
            if (!(var > 0.0))
                continue;
            const double factor = std::sqrt(var / (var + s.config.eps));
            if (factor < 0.995) {
                ++below;
                lowest = std::min(lowest, factor);
            }
        }
        if (below > 0)
            warnings << NormTexts::tr("eps = %1 is not small against the variance of %2 set(s): their std before "
                                      "γ and β is √(var / (var + eps)), down to %3, not 1.")
                            .arg(s.config.eps)
                            .arg(below)
                            .arg(lowest, 0, 'g', 4);
    }
    return warnings;
}

} // namespace normscope
