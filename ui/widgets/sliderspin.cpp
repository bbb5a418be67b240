#include "widgets/sliderspin.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>

#include <cmath>

namespace normscope {

SliderSpin::SliderSpin(double minimum, double maximum, int decimals, QWidget* parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_spin(new QDoubleSpinBox(this))
    , m_minimum(minimum)
    , m_maximum(maximum)
{
    m_slider->setRange(0, steps);
    m_spin->setRange(minimum, maximum);
    m_spin->setDecimals(decimals);
    m_spin->setSingleStep(std::pow(10.0, -std::min(decimals, 2)));
    m_spin->setKeyboardTracking(false);
    m_spin->setMinimumWidth(72);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spin);

    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        const double v = fromSlider(position);
        const QSignalBlocker block(m_spin);
        m_spin->setValue(v);
        emit valueChanged(m_spin->value());
    });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(toSlider(v));
        emit valueChanged(v);
    });
}

double SliderSpin::value() const
{
    return m_spin->value();
}

void SliderSpin::setValue(double value)
{
    const QSignalBlocker blockSpin(m_spin);
    const QSignalBlocker blockSlider(m_slider);
    m_spin->setValue(value);
    m_slider->setValue(toSlider(value));
}

int SliderSpin::toSlider(double value) const
{
    return static_cast<int>(std::lround((value - m_minimum) / (m_maximum - m_minimum) * steps));
}

double SliderSpin::fromSlider(int position) const
{
    return m_minimum + (m_maximum - m_minimum) * position / steps;
}

} // namespace normscope
