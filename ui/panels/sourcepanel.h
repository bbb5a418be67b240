// The tensor source: the seeded generator's controls, the layout (NCHW, NHWC, (N, C, L),
// (B, T, C)), and what the current tensor is (shape, origin, min / max / mean / std).
#pragma once

#include "analysis/snapshot.h"
#include "control/explorerstate.h"

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
    void pushLayout();

    ExplorerState* m_state;
    QComboBox* m_kind;
    QComboBox* m_layout; // "nchw", "nhwc", "ncl", "btc" (item data)
    QSpinBox* m_dims[4]; // in the layout's order
    QSpinBox* m_seed;
    QLabel* m_paramLabels[2];
    QDoubleSpinBox* m_params[2];
    QLabel* m_info;
    QLabel* m_refusal; // why the last generator change was refused
    QPushButton* m_backToGenerator; // shown while a file is loaded
};

} // namespace normscope
