#include "look/normtexts.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace normscope {

class NormTexts {
    Q_DECLARE_TR_FUNCTIONS(NormTexts)
};

namespace {

QString headingText(const ReductionGeometry& g)
{
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
    }
    return {};
}

QString noteText(const ReductionGeometry& g)
{
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
    }
    return {};
}

} // namespace

QString reducedOver(const ReductionGeometry& g)
{
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
    }
    return {};
}

QString forRank(QString text, const Shape& shape)
{
    if (shape.rank == 4)
        return text;
    text.replace(QStringLiteral("H·W"), QStringLiteral("L"))
        .replace(QStringLiteral("H, W"), QStringLiteral("L"))
        .replace(QStringLiteral("H、W"), QStringLiteral("L"));
    // A lone W ("over W", "along W"), never the W of a word such as "With".
    static const QRegularExpression loneW(QStringLiteral("\\bW\\b"));
    return text.replace(loneW, QStringLiteral("L"));
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
    if (!s.geometry.setsWithinSample())
        lines << NormTexts::tr("per-sample means after %1, stds %2")
                     .arg(range(s.perSampleAfter.mean), range(s.perSampleAfter.std));
    if (!s.geometry.setsWithinChannel())
        lines << NormTexts::tr("per-channel means after %1, stds %2")
                     .arg(range(s.perChannelAfter.mean), range(s.perChannelAfter.std));
    return lines;
}

} // namespace normscope
