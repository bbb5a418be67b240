#include "look/workedexampletext.h"

#include <QCoreApplication>

#include <cmath>

namespace normscope {

class WorkedExampleText {
    Q_DECLARE_TR_FUNCTIONS(WorkedExampleText)
};

QString exampleNumber(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    return QString::number(value, 'g', 6);
}

QString elementLabel(const ElementIndex& at, const Shape& shape)
{
    // In the user's order and names: (B, T, C) and NHWC data are held channels first.
    if (shape.layout == Layout::BTC)
        return QStringLiteral("b=%1, t=%2, c=%3").arg(at.n).arg(at.w).arg(at.c);
    if (shape.layout == Layout::NHWC)
        return QStringLiteral("n=%1, h=%2, w=%3, c=%4").arg(at.n).arg(at.h).arg(at.w).arg(at.c);
    switch (shape.rank) {
    case 2:
        return QStringLiteral("n=%1, c=%2").arg(at.n).arg(at.c);
    case 3:
        return QStringLiteral("n=%1, c=%2, l=%3").arg(at.n).arg(at.c).arg(at.w);
    default:
        return QStringLiteral("n=%1, c=%2, h=%3, w=%4").arg(at.n).arg(at.c).arg(at.h).arg(at.w);
    }
}

QString workedExampleHtml(const WorkedExample& e, const Shape& shape, const Theme& theme, bool pinned)
{
    const auto f = exampleNumber;
    const QString muted = theme.muted.name();
    QString html
        = QStringLiteral("<p style='margin-bottom:2px'><b>%1</b> <span style='color:%2'>%3</span><br>")
              .arg(pinned ? WorkedExampleText::tr("Worked example, clicked value %1").arg(elementLabel(e.at, shape))
                          : WorkedExampleText::tr("Worked example, value under the pointer %1")
                                .arg(elementLabel(e.at, shape)),
                  muted,
                  e.rms ? WorkedExampleText::tr("(mean(x²) of its set %1, %2 values; RMSNorm "
                                                "subtracts no mean and adds no β)")
                              .arg(QString::fromStdString(e.setLabel).toHtmlEscaped())
                              .arg(e.setSize)
                      : e.runningStats
                      ? WorkedExampleText::tr("(eval: μ and σ² are running_mean[%1] and running_var[%1] "
                                              "after %2 batches)")
                            .arg(e.at.c)
                            .arg(e.numBatchesTracked)
                      : WorkedExampleText::tr("(μ and σ² of its set %1, %2 values; σ² divides by %2)")
                            .arg(QString::fromStdString(e.setLabel).toHtmlEscaped())
                            .arg(e.setSize));
    if (e.rms) {
        html += QStringLiteral("x = %1 &nbsp; mean(x²) = %2 &nbsp; ε = %3<br>").arg(f(e.x), f(e.var), f(e.eps));
        html += QStringLiteral("x̂ = x / √(mean(x²) + ε) = %1<br>").arg(f(e.xhat));
    } else {
        html += QStringLiteral("x = %1 &nbsp; μ = %2 &nbsp; σ² = %3 &nbsp; ε = %4<br>")
                    .arg(f(e.x), f(e.mean), f(e.var), f(e.eps));
        html += QStringLiteral("x̂ = (x − μ) / √(σ² + ε) = %1<br>").arg(f(e.xhat));
    }
    if (e.affine && e.rms)
        html += QStringLiteral("y = γ·x̂ = %1 · %2 = <b>%3</b>").arg(f(e.gamma), f(e.xhat), f(e.y));
    else if (e.affine)
        html += QStringLiteral("y = γ·x̂ + β = %1 · %2 + %3 = <b>%4</b>").arg(f(e.gamma), f(e.xhat), f(e.beta), f(e.y));
    else
        html += QStringLiteral("y = x̂ = <b>%1</b> <span style='color:%2'>%3</span>")
                    .arg(f(e.y), muted, WorkedExampleText::tr("(no affine)"));
    html += QStringLiteral(" <span style='color:%1'>%2</span></p>")
                .arg(muted, WorkedExampleText::tr("(float32 output %1)").arg(f(e.output)));
    return html;
}

} // namespace normscope
