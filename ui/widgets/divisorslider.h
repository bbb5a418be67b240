// A slider that stops only at the divisors of a number: GroupNorm's G moves through C's
// divisors (1 = LayerNorm's one set per sample … C = InstanceNorm's set per channel), so no
// position of the slider is a setting PyTorch would refuse. A label beside it says "G = 3 of 6".
#pragma once

#include <QWidget>

#include <cstdint>
#include <vector>

class QLabel;
class QSlider;

namespace normscope {

class DivisorSlider : public QWidget {
    Q_OBJECT
public:
    explicit DivisorSlider(QWidget* parent = nullptr);

    // The divisors of `number`; keeps the value if it divides `number`, else the nearest divisor.
    void setNumber(int64_t number);
    void setValue(int64_t value); // snapped to the nearest divisor
    int64_t value() const;
    int64_t number() const { return m_number; }
    const std::vector<int64_t>& divisors() const { return m_divisors; }
    QSlider* slider() const { return m_slider; }
    // One step to the next / previous divisor (the presentation keys G and Shift+G); returns
    // whether the value changed.
    bool step(int direction);

signals:
    // Only for user moves and step(), never for setNumber / setValue.
    void valueChanged(qint64 value);

private:
    void updateLabel();

    QSlider* m_slider;
    QLabel* m_label;
    int64_t m_number = 1;
    std::vector<int64_t> m_divisors { 1 };
};

} // namespace normscope
