// The running-statistics lab as a view: Step ×1, ×10, ×100 and Play feed batches from the
// current population into BatchNorm; four plots show each batch's channel mean and variance,
// running_mean and running_var after every step, the population's as a line, and how far eval
// mode's output on a held-out batch is from train mode's. Momentum (the layer's) replays the
// same batches; a shift moves the data from a chosen step on. Draws LabSession's results only.
#pragma once

#include "labs/labsession.h"
#include "labs/labtexts.h"
#include "look/theme.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace normscope {

class ElidedLabel;

class RunningStatsView : public QWidget {
    Q_OBJECT
public:
    explicit RunningStatsView(LabSession* session, QWidget* parent = nullptr);

    void setTheme(const Theme& theme);
    void setFontScale(double scale);

    QCustomPlot* plot(RunningStatsPlot which) const { return m_plots[static_cast<int>(which)]; }
    QPushButton* stepButton(int count) const; // 1, 10 or 100
    QPushButton* playButton() const { return m_play; }
    QComboBox* momentumBox() const { return m_momentum; }
    QString caption() const;

signals:
    // Export… → Slide (data = false) or Numbers (CSV, data = true).
    void exportRequested(bool data);
    // The plots were redrawn from a new result (or a message).
    void redrawn();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QWidget* buildControls();
    void syncControls();
    void redraw();
    void pushShift();

    LabSession* m_session;
    Theme m_theme = Theme::light();
    double m_fontScale = 1.0;
    QWidget* m_controls = nullptr;
    QPushButton* m_steps[3] = {};
    QPushButton* m_play = nullptr;
    QSpinBox* m_speed = nullptr;
    QPushButton* m_reset = nullptr;
    QComboBox* m_momentum = nullptr;
    QSpinBox* m_channel = nullptr;
    QCheckBox* m_shiftOn = nullptr;
    QSpinBox* m_shiftStep = nullptr;
    QDoubleSpinBox* m_shiftAmount = nullptr;
    ElidedLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_export = nullptr;
    QCustomPlot* m_plots[4] = {};
    QLabel* m_caption = nullptr;
};

} // namespace normscope
