// eps on a logarithmic slider (1e-8 … 1) with exact entry; 0 is allowed through the entry.
#pragma once

#include <QWidget>

class QLineEdit;
class QSlider;

namespace normscope {

class EpsEdit : public QWidget {
    Q_OBJECT
public:
    explicit EpsEdit(QWidget* parent = nullptr);
    double value() const { return m_value; }
    void setValue(double eps); // no signal

signals:
    void valueChanged(double eps);

private:
    void commitText();
    QSlider* m_slider;
    QLineEdit* m_edit;
    double m_value = 1e-5;
};

} // namespace normscope
