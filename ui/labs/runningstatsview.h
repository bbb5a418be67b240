// The running-statistics lab as a view: Step ×1, ×10, ×100 and Play feed batches from the
// current population into BatchNorm; four plots show each batch's channel mean and variance,
// running_mean and running_var after every step, the population's as a line, and how far eval
// mode's output on a held-out batch is from train mode's. Momentum (the layer's) replays the
// same batches; a shift moves the data from a chosen step on. Draws LabSession's results only.
#pragma once

#include "labs/labtexts.h"
#include "labs/labview.h"

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;

namespace normscope {

class RunningStatsView : public LabView {
    Q_OBJECT
public:
    explicit RunningStatsView(LabSession* session, QWidget* parent = nullptr);

    QCustomPlot* plot(RunningStatsPlot which) const { return m_plots[static_cast<int>(which)]; }
    QPushButton* stepButton(int count) const; // 1, 10 or 100
    QPushButton* playButton() const { return m_play; }
    QComboBox* momentumBox() const { return m_momentum; }

private:
    QWidget* buildControls();
    void syncControls();
    void redraw() override;
    void pushShift();

    QPushButton* m_steps[3] = {};
    QPushButton* m_play = nullptr;
    QSpinBox* m_speed = nullptr;
    QPushButton* m_reset = nullptr;
    QComboBox* m_momentum = nullptr;
    QSpinBox* m_channel = nullptr;
    QCheckBox* m_shiftOn = nullptr;
    QSpinBox* m_shiftStep = nullptr;
    QDoubleSpinBox* m_shiftAmount = nullptr;
    QCustomPlot* m_plots[4] = {};
};

} // namespace normscope
