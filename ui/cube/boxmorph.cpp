#include "cube/boxmorph.h"

#include <QEasingCurve>

namespace normscope {

BoxMorph::BoxMorph(QObject* parent)
    : QObject(parent)
{
    m_animation.setStartValue(0.0);
    m_animation.setEndValue(1.0);
    m_animation.setDuration(450);
    m_animation.setEasingCurve(QEasingCurve::InOutCubic);
    connect(&m_animation, &QVariantAnimation::valueChanged, this, &BoxMorph::changed);
    connect(&m_animation, &QVariantAnimation::finished, this, &BoxMorph::changed);
}

void BoxMorph::start(const IndexBoxF& from, const IndexBoxF& to)
{
    m_from = current().value_or(from);
    m_to = to;
    m_animation.stop();
    m_animation.start();
}

void BoxMorph::stop()
{
    m_animation.stop();
}

std::optional<IndexBoxF> BoxMorph::current() const
{
    if (!running())
        return std::nullopt;
    return lerp(m_from, m_to, m_animation.currentValue().toDouble());
}

bool BoxMorph::morphs(const ReductionGeometry& before, const ReductionGeometry& after)
{
    return before.kind() == NormKind::Group && after.kind() == NormKind::Group && before.shape() == after.shape()
        && before.groups() != after.groups();
}

} // namespace normscope
