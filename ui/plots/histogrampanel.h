// Histograms of the values before and after normalization (QCustomPlot), side by side or
// overlaid: the whole tensor muted, the selected set emphasised, the N(0, 1) density (or
// N(β, γ²) when γ and β are uniform) on the output. Draws precomputed snapshot histograms only.
// Brushing: hovering or clicking a bin reports it (binHovered / binClicked); the annotations
// then come back to be drawn: the brushed elements in both histograms, their count and where
// they come from, and the clicked cube cell's value marked before and after.
#pragma once

#include "analysis/annotations.h"
#include "analysis/snapshot.h"
#include "look/theme.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QCustomPlot;
class QSpinBox;

namespace normscope {

class HistogramPanel : public QWidget {
    Q_OBJECT
public:
    explicit HistogramPanel(QWidget* parent = nullptr);

    void setSnapshot(std::shared_ptr<const Snapshot> snapshot);
    // Ignored unless they annotate the snapshot on screen.
    void setAnnotations(std::shared_ptr<const Annotations> annotations);
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
    // The bin of the whole-tensor histogram under a point of `plot` (0 before, 1 after), if any.
    std::optional<std::pair<int, int64_t>> binAt(QCustomPlot* plot, const QPointF& pos) const;
    // Where the marked value's line stands in each plot (for tests): x before, y after.
    std::optional<double> markedLine(QCustomPlot* plot) const;
    // The brushing summary under the plots ("12 values in [2.9, 3.1): n=2 (9), …"); empty if none.
    QString brushText() const;

signals:
    // side: 0 before, 1 after; binHoverEnded when the pointer leaves the bars.
    void binHovered(int side, qint64 bin);
    void binHoverEnded();
    void binClicked(int side, qint64 bin);
    void binsRequested(int bins);
    void overlayChanged(bool overlay);
    void logYChanged(bool logY);
    void replotted();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();
    void drawAnnotations();
    // Columns of each legend as its plot's width allows, both legends of equal height so the
    // two plots' axes line up. Runs before every replot.
    void fitLegends();
    void styleAxes(QCustomPlot* plot, const QString& title);

    std::shared_ptr<const Snapshot> m_snapshot;
    std::shared_ptr<const Annotations> m_annotations;
    std::optional<std::pair<int, int64_t>> m_hoveredBin;
    QCustomPlot* m_before;
    QCustomPlot* m_after;
    QWidget* m_controls;
    QCheckBox* m_overlayBox;
    QCheckBox* m_logBox;
    QSpinBox* m_binsBox;
    QLabel* m_brushLabel; // how many values the brushed bin holds
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
