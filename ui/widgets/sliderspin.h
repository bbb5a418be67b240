// A slider and a spin box bound to one double value: the slider for live dragging, the spin box
// for exact entry. Optionally logarithmic (eps spans 1e-8 to 1).
#pragma once

#include <QWidget>

class QDoubleSpinBox;
class QSlider;

namespace normscope {

class SliderSpin : public QWidget {
    Q_OBJECT
public:
    SliderSpin(double minimum, double maximum, int decimals, QWidget* parent = nullptr);

    double value() const;
    void setValue(double value); // no valueChanged signal
    QSlider* slider() const { return m_slider; }
    QDoubleSpinBox* spinBox() const { return m_spin; }

signals:
    void valueChanged(double value);

private:
    int toSlider(double value) const;
    double fromSlider(int position) const;

    QSlider* m_slider;
    QDoubleSpinBox* m_spin;
    double m_minimum;
    double m_maximum;
    static constexpr int steps = 600;
};

} // namespace normscope
