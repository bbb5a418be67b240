#include "labs/labtexts.h"

#include <QCoreApplication>

#include <cmath>

namespace normscope {

// Translation context for the free functions below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
class LabTexts {
    Q_DECLARE_TR_FUNCTIONS(LabTexts)
};

namespace {

QString num(double v)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::abs(v) < 5e-5)
        v = 0.0; // no "-0" in a sentence
    return QString::number(v, 'g', 3);
}

} // namespace

QString momentumText(const std::optional<double>& momentum)
{
    return momentum ? LabTexts::tr("momentum %1").arg(*momentum, 0, 'g', 4)
                    : LabTexts::tr("momentum=None (cumulative average)");
}

QString runningStatsTitle(const RunningStatsHistory& h)
{
    const QString momentum = momentumText(h.settings.momentum);
    if (h.steps == 1)
        return LabTexts::tr("BatchNorm's running statistics after 1 batch, %1").arg(momentum);
    return LabTexts::tr("BatchNorm's running statistics over %1 batches, %2").arg(h.steps).arg(momentum);
}

QString runningStatsSubtitle(const RunningStatsHistory& h, const QString& sourceText)
{
    QString text = LabTexts::tr("input %1 · %2").arg(QString::fromStdString(h.shape.toString()), sourceText);
    text += QStringLiteral(" · ")
        + (h.heldOutIsFed ? LabTexts::tr("held out: the batch on screen (also fed: loaded data has no unseen batch)")
                          : LabTexts::tr("held out: batch 0, the one on screen, never fed"));
    if (h.settings.shift.amount != 0.0)
        text += QStringLiteral(" · ")
            + LabTexts::tr("from step %1 every value %2")
                  .arg(h.settings.shift.fromBatch)
                  .arg((h.settings.shift.amount > 0 ? QStringLiteral("+") : QString()) + num(h.settings.shift.amount));
    return text;
}

QString runningStatsCaption(const RunningStatsHistory& h, int64_t c)
{
    const uint64_t k = h.steps;
    QString text = LabTexts::tr("Dots: each fed batch's channel mean and (unbiased) variance; lines: running_mean "
                                "and running_var after that step; dashed: the population's. Eval mode normalizes "
                                "with the running statistics, so its output on a held-out batch approaches train "
                                "mode's only as they converge.");
    text += QLatin1Char(' ');
    text += LabTexts::tr("After step %1, channel %2: running_mean %3 (population %4), running_var %5 (population %6); "
                         "eval vs train: mean |Δ| = %7.")
                .arg(k)
                .arg(c)
                .arg(num(h.runningMean.at(k, c)), num(h.trueMean.at(k, c)), num(h.runningVar.at(k, c)),
                    num(h.trueVar.at(k, c)), num(h.gap[static_cast<size_t>(k)]));
    if (h.settings.shift.appliesTo(k))
        text += QLatin1Char(' ')
            + LabTexts::tr("Since step %1 the data is shifted: the running statistics lag behind it.")
                  .arg(h.settings.shift.fromBatch);
    return text;
}

QString runningStatsPlotTitle(RunningStatsPlot plot, int64_t channel)
{
    switch (plot) {
    case RunningStatsPlot::Mean:
        return LabTexts::tr("Mean, channel %1").arg(channel);
    case RunningStatsPlot::Variance:
        return LabTexts::tr("Variance, channel %1").arg(channel);
    case RunningStatsPlot::Gap:
        return LabTexts::tr("Eval vs train on the held-out batch: mean |Δ|");
    case RunningStatsPlot::EvalMean:
        return LabTexts::tr("Eval-mode output: mean of each channel");
    }
    return {};
}

QString batchSizeNormName(BatchSizeNorm norm, int64_t groups)
{
    switch (norm) {
    case BatchSizeNorm::BatchTrain:
        return LabTexts::tr("BatchNorm, training");
    case BatchSizeNorm::BatchEval:
        return LabTexts::tr("BatchNorm, eval (running statistics)");
    case BatchSizeNorm::Layer:
        return LabTexts::tr("LayerNorm");
    case BatchSizeNorm::Instance:
        return LabTexts::tr("InstanceNorm");
    case BatchSizeNorm::Group:
        return LabTexts::tr("GroupNorm (G = %1)").arg(groups);
    }
    return {};
}

QString batchSizeTitle(const BatchSizeResult& r)
{
    Q_UNUSED(r)
    return LabTexts::tr("Why small batches hurt BatchNorm");
}

QString batchSizeSubtitle(const BatchSizeResult& r, const QString& sourceText)
{
    return LabTexts::tr("input %1 · %2 · sample %3 kept, its batch mates drawn %4 times for each N from %5 to %6")
        .arg(QString::fromStdString(r.shape.toString()), sourceText)
        .arg(r.settings.sample)
        .arg(r.settings.draws)
        .arg(r.settings.sizes.front())
        .arg(r.settings.sizes.back());
}

QString batchSizeCaption(const BatchSizeResult& r, int64_t c)
{
    QString text = LabTexts::tr("The Group Normalization paper's Figure 1, measured on your data: sample %1 stays "
                                "fixed and its batch mates are drawn at random, %2 times for each batch size N. "
                                "BatchNorm in training normalizes with the whole batch's statistics, so the sample's "
                                "output moves with its mates, less as N grows. LayerNorm, InstanceNorm and GroupNorm "
                                "look at one sample only, and BatchNorm in eval mode uses its running statistics: "
                                "flat at zero.")
                       .arg(r.settings.sample)
                       .arg(r.settings.draws);
    const auto& bn = r.points[static_cast<size_t>(BatchSizeNorm::BatchTrain)];
    if (!bn.empty() && r.settings.sizes.front() == 1) {
        text += QLatin1Char(' ');
        text += bn.front().error.empty()
            ? LabTexts::tr("At N = 1 the sample is its own batch: BatchNorm normalizes it over its own values, as "
                           "InstanceNorm does, so nothing varies.")
            : LabTexts::tr("At N = 1 PyTorch refuses: \"%1\".").arg(QString::fromStdString(bn.front().error));
    }
    // The spread at the smallest and the largest batch BatchNorm trains on.
    size_t first = 0;
    while (first < bn.size() && (!bn[first].error.empty() || r.settings.sizes[first] < 2))
        ++first;
    if (first + 1 < bn.size()) {
        text += QLatin1Char(' ');
        text += LabTexts::tr("Channel %1, BatchNorm: std over draws %2 at N = %3, %4 at N = %5.")
                    .arg(c)
                    .arg(num(bn[first].spread[static_cast<size_t>(c)]))
                    .arg(r.settings.sizes[first])
                    .arg(num(bn.back().spread[static_cast<size_t>(c)]))
                    .arg(r.settings.sizes.back());
    }
    return text;
}

QString batchSizePlotTitle(BatchSizePlot plot, const BatchSizeResult& r, int64_t channel)
{
    return plot == BatchSizePlot::Draws
        ? LabTexts::tr("Sample %1's output mean in channel %2, one dot per draw").arg(r.settings.sample).arg(channel)
        : LabTexts::tr("Its std over the draws (channel %1)").arg(channel);
}

} // namespace normscope
