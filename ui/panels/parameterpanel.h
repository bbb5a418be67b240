// The layer's settings: which norm, and every PyTorch parameter of it, as live controls.
// Reads and writes ExplorerState only; every change shows at once (there is no Apply button).
#pragma once

#include "analysis/snapshot.h"
#include "control/explorerstate.h"

#include <QWidget>

class QAbstractButton;
class QButtonGroup;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace normscope {

class DivisorSlider;
class EpsEdit;
class SliderSpin;

class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParameterPanel(ExplorerState* state, QWidget* parent = nullptr);

    // The snapshot tells which sets exist (for the selection boxes) and the running statistics.
    void setSnapshot(std::shared_ptr<const Snapshot> snapshot);
    // A Step could not feed its batch: says why under the Step button until the next change.
    void showStepError(const QString& message);

signals:
    void stepRequested();

private:
    void buildNormBox();
    void buildAffineBox();
    void buildRunningBox();
    void buildSelectionBox();
    void syncFromState();
    // What the next Step feeds (a new batch of the population, a file again, the next file).
    QString stepText() const;
    void pushConfig();
    void pushAffine();
    void pushSelection();

    ExplorerState* m_state;
    std::shared_ptr<const Snapshot> m_snapshot;

    QButtonGroup* m_normGroup = nullptr;
    EpsEdit* m_eps = nullptr;
    QCheckBox* m_epsNone = nullptr; // RMSNorm's eps=None
    QLabel* m_epsLabel = nullptr;
    QComboBox* m_layerShape = nullptr;
    QLabel* m_layerShapeLabel = nullptr;
    QFormLayout* m_normForm = nullptr;
    QFormLayout* m_runningForm = nullptr;
    QLabel* m_epsWarning = nullptr; // next to eps: zero-variance sets and what they become
    DivisorSlider* m_groups = nullptr; // through C's divisors only
    QLabel* m_groupsLabel = nullptr;

    QCheckBox* m_affine = nullptr;
    SliderSpin* m_gamma = nullptr;
    SliderSpin* m_beta = nullptr;
    QFormLayout* m_affineForm = nullptr;
    QPushButton* m_randomize = nullptr;
    QPushButton* m_resetAffine = nullptr;

    QGroupBox* m_runningBox = nullptr;
    QCheckBox* m_track = nullptr;
    SliderSpin* m_momentum = nullptr;
    QCheckBox* m_momentumNone = nullptr;
    QRadioButton* m_train = nullptr;
    QRadioButton* m_eval = nullptr;
    QPushButton* m_step = nullptr;
    QPushButton* m_resetRunning = nullptr;
    QLabel* m_runningInfo = nullptr;
    QLabel* m_stepError = nullptr;

    QSpinBox* m_selN = nullptr;
    QSpinBox* m_selC = nullptr;
    QSpinBox* m_selG = nullptr;
    QSpinBox* m_selH = nullptr;
    QLabel* m_selLabels[4] = {};
    QLabel* m_selSummary = nullptr;
};

} // namespace normscope
