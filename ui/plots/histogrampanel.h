// Histograms of the values before and after normalization (QCustomPlot), side by side or
// overlaid: the whole tensor muted, the selected set emphasised, the N(0, 1) density (or
// N(β, γ²) when γ and β are uniform) on the output. Draws precomputed snapshot histograms only.
#pragma once

#include "analysis/snapshot.h"
#include "look/theme.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QCustomPlot;
class QSpinBox;

namespace normscope {

class HistogramPanel : public QWidget {
    Q_OBJECT
public:
    explicit HistogramPanel(QWidget* parent = nullptr);

    void setSnapshot(std::shared_ptr<const Snapshot> snapshot);
    void setOverlay(bool overlay);
    void setLogY(bool logY);
    void setBins(int bins);
    void setTheme(const Theme& theme);
    void setFontScale(double scale);
    void setControlsVisible(bool visible);

    bool overlay() const { return m_overlay; }
    bool logY() const { return m_logY; }
    QCustomPlot* beforePlot() const { return m_before; }
    QCustomPlot* afterPlot() const { return m_after; } // the only plot when overlaid
    // The reference density drawn on the output, if any: mean and std of the normal curve.
    std::optional<std::pair<double, double>> referenceNormal() const { return m_reference; }

signals:
    void binsRequested(int bins);
    void overlayChanged(bool overlay);
    void logYChanged(bool logY);
    void replotted();

private:
    void rebuild();
    void styleAxes(QCustomPlot* plot, const QString& title);

    std::shared_ptr<const Snapshot> m_snapshot;
    QCustomPlot* m_before;
    QCustomPlot* m_after;
    QWidget* m_controls;
    QCheckBox* m_overlayBox;
    QCheckBox* m_logBox;
    QSpinBox* m_binsBox;
    Theme m_theme = Theme::light();
    double m_fontScale = 1.0;
    bool m_overlay = false;
    bool m_logY = false;
    std::optional<std::pair<double, double>> m_reference;
};

// Mean and std of the normal the output of each set follows when γ and β are uniform
// (N(β, γ²), or N(0, 1) without affine); nullopt when they vary per channel.
std::optional<std::pair<double, double>> outputReference(const Snapshot& snapshot);

} // namespace normscope
