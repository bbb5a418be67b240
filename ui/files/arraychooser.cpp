#include "files/arraychooser.h"

#include "tensor/tensor.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace normscope {

namespace {

enum Column { NameColumn, ShapeColumn, DtypeColumn, NoteColumn };

QString shapeText(const std::vector<int64_t>& shape)
{
    QStringList dims;
    for (int64_t d : shape)
        dims << QString::number(d);
    return QStringLiteral("(") + dims.join(QStringLiteral(", "))
        + (shape.size() == 1 ? QStringLiteral(",)") : QStringLiteral(")"));
}

} // namespace

QString ArrayChooser::unusableReason(const ArrayEntry& entry)
{
    if (!entry.problem.empty())
        return QString::fromStdString(entry.problem);
    const auto rank = entry.shape.size();
    if (rank < 2 || rank > 4)
        return tr("NormScope shows tensors of 2 to 4 dimensions: (N, C), (N, C, L) and (N, C, H, W)");
    for (int64_t d : entry.shape) {
        if (d == 0)
            return tr("no elements");
    }
    return {};
}

ArrayChooser::ArrayChooser(const QString& fileName, const std::vector<ArrayEntry>& entries, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Choose an array — %1").arg(fileName));
    auto* layout = new QVBoxLayout(this);
    auto* intro
        = new QLabel(tr("%1 holds %2 arrays. Choose the one to explore:").arg(fileName).arg(entries.size()), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_list = new QTreeWidget(this);
    m_list->setRootIsDecorated(false);
    m_list->setAllColumnsShowFocus(true);
    m_list->setHeaderLabels({ tr("Name"), tr("Shape"), tr("Type"), tr("Note") });
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    QTreeWidgetItem* first = nullptr;
    for (const ArrayEntry& entry : entries) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(NameColumn, QString::fromStdString(entry.name));
        item->setData(NameColumn, Qt::UserRole, QString::fromStdString(entry.name));
        item->setText(ShapeColumn, entry.problem.empty() || !entry.shape.empty() ? shapeText(entry.shape) : QString());
        item->setText(DtypeColumn, QString::fromStdString(entry.dtype));
        const QString reason = unusableReason(entry);
        if (!reason.isEmpty()) {
            item->setText(NoteColumn, reason);
            item->setToolTip(NoteColumn, reason);
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
        } else if (!first) {
            first = item;
        }
    }
    for (int c = NameColumn; c <= DtypeColumn; ++c)
        m_list->resizeColumnToContents(c);
    m_list->header()->setStretchLastSection(true);
    m_list->setMinimumWidth(560);
    layout->addWidget(m_list, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ArrayChooser::updateButtons);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (item->flags() & Qt::ItemIsSelectable)
            accept();
    });
    if (first)
        m_list->setCurrentItem(first);
    updateButtons();
    resize(640, 360);
}

QString ArrayChooser::chosenName() const
{
    const auto selected = m_list->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(NameColumn, Qt::UserRole).toString();
}

bool ArrayChooser::select(const QString& name)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_list->topLevelItem(i);
        if (item->data(NameColumn, Qt::UserRole).toString() == name && (item->flags() & Qt::ItemIsSelectable)) {
            m_list->setCurrentItem(item);
            return true;
        }
    }
    return false;
}

void ArrayChooser::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Open)->setEnabled(!chosenName().isEmpty());
}

} // namespace normscope
