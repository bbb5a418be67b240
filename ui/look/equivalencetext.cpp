#include "look/equivalencetext.h"

#include <QCoreApplication>

#include <cmath>
#include <limits>

namespace normscope {

class EquivalenceText {
    Q_DECLARE_TR_FUNCTIONS(EquivalenceText)
};

namespace {

QString distanceText(const QString& formula, const OutputDifference& d, double scale)
{
    if (!d.refused.empty())
        return EquivalenceText::tr("%1 not measured: the other layer refuses this input (%2)")
            .arg(formula, QString::fromStdString(d.refused));
    QString text
        = EquivalenceText::tr("%1 = %2 over %3 outputs").arg(formula, formatDistance(d.maxAbs)).arg(d.compared);
    // Both outputs are computed in double and rounded once to float32: a few steps of float32 at
    // the output's size is the rounding of the same number, not a difference of formulas.
    const double step = std::numeric_limits<float>::epsilon() * std::max(1.0, scale);
    if (d.maxAbs > 0.0 && d.maxAbs <= 4.0 * step)
        text += EquivalenceText::tr(" (float32 rounding)");
    if (d.nonFiniteMismatches > 0)
        text += EquivalenceText::tr("; at %1 outputs one is NaN or infinite and the other not (eps = 0 on a constant "
                                    "set)")
                    .arg(d.nonFiniteMismatches);
    return text;
}

} // namespace

QString formatDistance(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (value == 0.0)
        return QStringLiteral("0");
    return QString::number(value, 'g', 3);
}

QString layerDistanceText(const OutputDifference& d, double scale)
{
    return distanceText(EquivalenceText::tr("max |GN − LN|"), d, scale);
}

QString instanceDistanceText(const OutputDifference& d, double scale)
{
    return distanceText(EquivalenceText::tr("max |GN − IN|"), d, scale);
}

QStringList groupLimitLines(const GroupEquivalence& eq, double scale)
{
    QStringList lines;
    if (eq.layer)
        lines << EquivalenceText::tr("G = 1, run against LayerNorm over (C, H, W) with the same eps, γ and β: %1.")
                     .arg(layerDistanceText(*eq.layer, scale));
    if (eq.instance)
        lines << EquivalenceText::tr("G = C = %1, run against InstanceNorm (affine=True, the same eps, γ and β): %2.")
                     .arg(eq.channels)
                     .arg(instanceDistanceText(*eq.instance, scale));
    return lines;
}

} // namespace normscope
