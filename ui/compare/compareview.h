// The compare view: the four norms side by side on the explorer's tensor, drawn by
// paintComparison. Dragging turns the four cubes together, clicking a cell moves the anchor
// element (every cube then outlines the set holding it), and GroupNorm's G moves on a slider
// through C's divisors, its group gliding to the new width. The view draws Comparisons computed
// elsewhere; it changes nothing but asks through its signals.
#pragma once

#include "compare/comparepainter.h"
#include "cube/boxmorph.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;

namespace normscope {

class DivisorSlider;

class CompareCanvas : public QWidget {
    Q_OBJECT
public:
    explicit CompareCanvas(QWidget* parent = nullptr);

    void setComparison(std::shared_ptr<const Comparison> comparison);
    void setMessage(const QString& message); // shown instead of a comparison that could not be computed
    void setTheme(const Theme& theme);
    void setFontScale(double scale);
    void setSourceText(const QString& text);
    void resetView();

    const std::shared_ptr<const Comparison>& comparison() const { return m_comparison; }
    QString message() const { return m_message; }
    CompareOptions options() const;
    CameraState camera() const { return m_camera; }
    const BoxMorph& morph() const { return m_morph; }
    // The cube and cell under a point, if any: (column, cell).
    std::optional<std::pair<int, CubeCell>> cellAt(const QPointF& pos) const;
    QSize sizeHint() const override { return { 1100, 640 }; }
    QSize minimumSizeHint() const override { return { 480, 320 }; }

signals:
    void anchorClicked(qint64 n, qint64 c, qint64 s);
    void hoverTextChanged(const QString& text);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    double effectiveScale() const;
    QString describe(int column, const CubeCell& cell) const;

    std::shared_ptr<const Comparison> m_comparison;
    QString m_message;
    Theme m_theme = Theme::light();
    double m_fontScale = 1.0;
    QString m_source;
    CameraState m_camera;
    BoxMorph m_morph;
    int m_hoveredColumn = -1;
    std::optional<CubeCell> m_hovered;
    QPointF m_pressPos;
    QPointF m_lastPos;
    bool m_dragging = false;
};

class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(QWidget* parent = nullptr);

    void setComparison(std::shared_ptr<const Comparison> comparison);
    void setMessage(const QString& message);
    // The explorer's G and C, so the slider shows them before the first comparison arrives.
    void setGroups(int64_t groups, int64_t channels);
    void setTheme(const Theme& theme);
    void setFontScale(double scale);
    void setSourceText(const QString& text);

    CompareCanvas* canvas() const { return m_canvas; }
    DivisorSlider* groupSlider() const { return m_groups; }
    QPushButton* exportButton() const { return m_export; }

signals:
    void groupsRequested(qint64 groups);
    void anchorClicked(qint64 n, qint64 c, qint64 s);
    void exportRequested();
    void hoverTextChanged(const QString& text);

private:
    CompareCanvas* m_canvas;
    DivisorSlider* m_groups;
    QLabel* m_groupsLabel;
    QLabel* m_shared;
    QPushButton* m_export;
};

} // namespace normscope
