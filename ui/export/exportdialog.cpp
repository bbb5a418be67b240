#include "export/exportdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>

namespace normscope {

ExportDialog::ExportDialog(
    FigureKind kind, const QString& themeKey, const std::map<FigureKind, QString>& unavailable, QWidget* parent)
    : QDialog(parent)
    , m_figure(new QComboBox(this))
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
    , m_dpi(new QDoubleSpinBox(this))
    , m_theme(new QComboBox(this))
{
    setWindowTitle(tr("Export figure"));
    m_figure->addItem(tr("Cube"), static_cast<int>(FigureKind::Cube));
    m_figure->addItem(tr("Histograms"), static_cast<int>(FigureKind::Histogram));
    m_figure->addItem(tr("Slide (16:9: cube, histograms, statistics, code)"), static_cast<int>(FigureKind::Slide));
    m_figure->addItem(tr("Images (16:9: each image before and after)"), static_cast<int>(FigureKind::Images));
    m_figure->addItem(tr("Running statistics lab (16:9: its four plots)"), static_cast<int>(FigureKind::RunningStats));
    m_figure->addItem(tr("Batch-size lab (16:9: its two plots)"), static_cast<int>(FigureKind::BatchSize));
    for (const auto& [figure, reason] : unavailable) {
        if (reason.isEmpty())
            continue;
        const int index = m_figure->findData(static_cast<int>(figure));
        if (auto* model = qobject_cast<QStandardItemModel*>(m_figure->model()))
            model->item(index)->setEnabled(false);
        m_figure->setItemData(index, reason, Qt::ToolTipRole);
        if (kind == figure)
            kind = FigureKind::Slide;
    }
    m_figure->setCurrentIndex(m_figure->findData(static_cast<int>(kind)));
    for (QSpinBox* box : { m_width, m_height }) {
        box->setRange(16, 16384);
        box->setSuffix(tr(" px"));
    }
    m_width->setValue(1920);
    m_height->setValue(1080);
    m_dpi->setRange(10, 2400);
    m_dpi->setDecimals(0);
    m_dpi->setValue(144);
    m_dpi->setToolTip(tr("Sets the physical size of SVG and PDF pages and the PNG's resolution tag."));
    m_theme->addItem(tr("Light (white slides, print)"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark (dark projectors)"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(m_theme->findData(themeKey));

    auto* size = new QHBoxLayout;
    size->addWidget(m_width);
    size->addWidget(m_height);
    auto* presets = new QComboBox(this);
    presets->addItem(tr("Presets…"));
    presets->addItem(QStringLiteral("1920 × 1080 (16:9)"), QSize(1920, 1080));
    presets->addItem(QStringLiteral("1280 × 720 (16:9)"), QSize(1280, 720));
    presets->addItem(QStringLiteral("3840 × 2160 (4K)"), QSize(3840, 2160));
    presets->addItem(QStringLiteral("1600 × 1200 (4:3)"), QSize(1600, 1200));
    presets->addItem(QStringLiteral("1000 × 800"), QSize(1000, 800));
    size->addWidget(presets);
    connect(presets, &QComboBox::activated, this, [this, presets](int index) {
        const QSize s = presets->itemData(index).toSize();
        if (s.isValid()) {
            m_width->setValue(s.width());
            m_height->setValue(s.height());
        }
    });

    auto* form = new QFormLayout(this);
    form->addRow(tr("Figure"), m_figure);
    form->addRow(tr("Size"), size);
    form->addRow(tr("DPI"), m_dpi);
    form->addRow(tr("Theme"), m_theme);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Save…"), QDialogButtonBox::AcceptRole);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

FigureKind ExportDialog::figure() const
{
    return static_cast<FigureKind>(m_figure->currentData().toInt());
}

FigureOptions ExportDialog::options() const
{
    FigureOptions o;
    o.width = m_width->value();
    o.height = m_height->value();
    o.dpi = m_dpi->value();
    o.theme = Theme::byKey(m_theme->currentData().toString());
    return o;
}

} // namespace normscope
