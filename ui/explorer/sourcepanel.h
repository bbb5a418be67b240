// The tensor source: the seeded generator's controls, and what the current tensor is
// (shape, origin, min / max / mean / std).
#pragma once

#include "analysis/snapshot.h"
#include "explorer/explorerstate.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace normscope {

class SourcePanel : public QWidget {
    Q_OBJECT
public:
    explicit SourcePanel(ExplorerState* state, QWidget* parent = nullptr);
    void setSnapshot(const std::shared_ptr<const Snapshot>& snapshot);

private:
    void syncFromState();
    void pushGenerator();

    ExplorerState* m_state;
    QComboBox* m_kind;
    QSpinBox* m_dims[4];
    QSpinBox* m_seed;
    QLabel* m_paramLabels[2];
    QDoubleSpinBox* m_params[2];
    QLabel* m_info;
    QLabel* m_refusal; // why the last generator change was refused
    QPushButton* m_backToGenerator; // shown while a file is loaded
};

} // namespace normscope
