// The batch-size lab as a view: one sample of the batch on screen held fixed, its batch mates
// drawn at random R times for each batch size; the sample's output mean in the chosen channel,
// one dot per draw, and its std over the draws, for BatchNorm (training and eval), LayerNorm,
// InstanceNorm and GroupNorm. Draws LabSession's results only.
#pragma once

#include "labs/labsession.h"
#include "labs/labtexts.h"
#include "look/theme.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace normscope {

class ElidedLabel;

class BatchSizeView : public QWidget {
    Q_OBJECT
public:
    explicit BatchSizeView(LabSession* session, QWidget* parent = nullptr);

    void setTheme(const Theme& theme);
    void setFontScale(double scale);

    QCustomPlot* plot(BatchSizePlot which) const { return m_plots[static_cast<int>(which)]; }
    QString caption() const;

signals:
    // Export… → Slide (data = false) or Numbers (CSV, data = true).
    void exportRequested(bool data);
    void redrawn();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QWidget* buildControls();
    void syncControls();
    void redraw();

    LabSession* m_session;
    Theme m_theme = Theme::light();
    double m_fontScale = 1.0;
    QWidget* m_controls = nullptr;
    QSpinBox* m_sample = nullptr;
    QSpinBox* m_channel = nullptr;
    QSpinBox* m_draws = nullptr;
    QComboBox* m_largest = nullptr;
    ElidedLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_export = nullptr;
    QCustomPlot* m_plots[2] = {};
    QLabel* m_caption = nullptr;
};

} // namespace normscope
