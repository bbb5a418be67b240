#include "widgets/divisorslider.h"

#include "norms/reduction.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cstdlib>

namespace normscope {

DivisorSlider::DivisorSlider(QWidget* parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_label(new QLabel(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_label);
    // The slider's positions are indices into the divisors, so it cannot land between them.
    m_slider->setRange(0, 0);
    m_slider->setPageStep(1);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setTickInterval(1);
    connect(m_slider, &QSlider::valueChanged, this, [this] {
        updateLabel();
        emit valueChanged(value());
    });
    updateLabel();
}

void DivisorSlider::setNumber(int64_t number)
{
    const int64_t previous = value();
    m_number = std::max<int64_t>(1, number);
    m_divisors = groupCounts(m_number);
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, static_cast<int>(m_divisors.size()) - 1);
    setValue(previous);
}

void DivisorSlider::setValue(int64_t value)
{
    const auto nearest = std::min_element(m_divisors.begin(), m_divisors.end(),
        [&](int64_t a, int64_t b) { return std::abs(a - value) < std::abs(b - value); });
    const QSignalBlocker block(m_slider);
    m_slider->setValue(static_cast<int>(nearest - m_divisors.begin()));
    updateLabel();
}

int64_t DivisorSlider::value() const
{
    const auto i = static_cast<size_t>(std::clamp(m_slider->value(), 0, static_cast<int>(m_divisors.size()) - 1));
    return m_divisors[i];
}

bool DivisorSlider::step(int direction)
{
    const int next = std::clamp(m_slider->value() + direction, 0, static_cast<int>(m_divisors.size()) - 1);
    if (next == m_slider->value())
        return false;
    m_slider->setValue(next); // emits valueChanged
    return true;
}

void DivisorSlider::updateLabel()
{
    m_label->setText(tr("G = %1 of %2").arg(value()).arg(m_number));
    m_slider->setToolTip(tr("GroupNorm's num_groups G, through the divisors of C = %1: G = 1 is LayerNorm's one set "
                            "per sample, G = %1 InstanceNorm's set per channel.")
                             .arg(m_number));
}

} // namespace normscope
