// The batch-size lab as a view: one sample of the batch on screen held fixed, its batch mates
// drawn at random R times for each batch size; the sample's output mean in the chosen channel,
// one dot per draw, and its std over the draws, for BatchNorm (training and eval), LayerNorm,
// InstanceNorm and GroupNorm. Draws LabSession's results only.
#pragma once

#include "labs/labtexts.h"
#include "labs/labview.h"

class QComboBox;
class QCustomPlot;
class QSpinBox;

namespace normscope {

class BatchSizeView : public LabView {
    Q_OBJECT
public:
    explicit BatchSizeView(LabSession* session, QWidget* parent = nullptr);

    QCustomPlot* plot(BatchSizePlot which) const { return m_plots[static_cast<int>(which)]; }

private:
    QWidget* buildControls();
    void syncControls();
    void redraw() override;

    QSpinBox* m_sample = nullptr;
    QSpinBox* m_channel = nullptr;
    QSpinBox* m_draws = nullptr;
    QComboBox* m_largest = nullptr;
    QCustomPlot* m_plots[2] = {};
};

} // namespace normscope
