#include "widgets/epsedit.h"

#include "text/pytorchsnippet.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>

#include <cmath>
#include <sstream>

namespace normscope {

namespace {
constexpr int ticksPerDecade = 10;
constexpr int minExponent = -8;
} // namespace

namespace {
QString epsText(double value)
{
    return QString::fromStdString(pythonFloat(value));
}
} // namespace

EpsEdit::EpsEdit(QWidget* parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_edit(new QLineEdit(this))
{
    m_slider->setRange(0, -minExponent * ticksPerDecade);
    m_slider->setToolTip(tr("Logarithmic: from 1e-8 (left) to 1 (right)."));
    m_edit->setMaximumWidth(90);
    m_edit->setToolTip(tr("Exact eps; any finite number ≥ 0, including 0."));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_edit);
    setValue(m_value);

    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        const double exponent = minExponent + static_cast<double>(position) / ticksPerDecade;
        // Round to 3 significant digits so the entry shows 2.5e-05, not 2.51188643150958e-05.
        const double eps = std::stod([&] {
            std::ostringstream out;
            out.precision(2);
            out << std::scientific << std::pow(10.0, exponent);
            return out.str();
        }());
        m_value = eps;
        const QSignalBlocker block(m_edit);
        m_edit->setText(epsText(eps));
        m_edit->setStyleSheet({});
        emit valueChanged(eps);
    });
    connect(m_edit, &QLineEdit::editingFinished, this, &EpsEdit::commitText);
}

void EpsEdit::setValue(double eps)
{
    m_value = eps;
    const QSignalBlocker blockSlider(m_slider);
    const QSignalBlocker blockEdit(m_edit);
    const double exponent = eps > 0.0 ? std::log10(eps) : minExponent;
    m_slider->setValue(static_cast<int>(std::lround((exponent - minExponent) * ticksPerDecade)));
    m_edit->setText(epsText(eps));
    m_edit->setCursorPosition(0); // a long value (1.1920928955078125e-07) shows its leading digits
}

void EpsEdit::commitText()
{
    bool ok = false;
    const double eps = m_edit->text().trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(eps) || eps < 0.0) {
        // Refuse and keep the last good value: eps must be a finite number ≥ 0.
        m_edit->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_edit->setToolTip(tr("eps must be a finite number ≥ 0; keeping %1.").arg(epsText(m_value)));
        return;
    }
    m_edit->setStyleSheet({});
    m_edit->setToolTip(tr("Exact eps; any finite number ≥ 0, including 0."));
    if (eps == m_value)
        return;
    setValue(eps);
    emit valueChanged(eps);
}

} // namespace normscope
