// The list an .npz archive or a .safetensors file opens with: every array's name, shape and dtype,
// the ones NormScope cannot show greyed out with the reason, so the user picks the tensor to
// explore. (The layout of a 3-D or 4-D array is asked about once it is chosen.)
#pragma once

#include "io/arrayentry.h"

#include <QDialog>

#include <vector>

class QTreeWidget;
class QDialogButtonBox;

namespace normscope {

class ArrayChooser : public QDialog {
    Q_OBJECT
public:
    ArrayChooser(const QString& fileName, const std::vector<ArrayEntry>& entries, QWidget* parent = nullptr);

    // The chosen array's name; empty while none is selected.
    QString chosenName() const;
    // Selects the array `name` (for tests and for reopening with the last choice).
    bool select(const QString& name);
    QTreeWidget* list() const { return m_list; }

    // Why an entry cannot be shown as a tensor, in the user's words: its own problem, a rank
    // other than 2 to 4, or no elements. Empty when it can.
    static QString unusableReason(const ArrayEntry& entry);

private:
    void updateButtons();

    QTreeWidget* m_list = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace normscope
