// The cube view widget: draws the current snapshot with paintCube, rotates on drag, zooms on
// the wheel, shows the hovered cell's indices and values, and reports clicked sets and elements.
// It also draws the linked views' annotations (brushed cells, the marked cell, values as
// colours) and lets GroupNorm's highlighted group glide when G changes.
#pragma once

#include "analysis/annotations.h"
#include "cube/boxmorph.h"
#include "cube/cubepainter.h"

#include <QWidget>

#include <memory>

namespace normscope {

class CubeView : public QWidget {
    Q_OBJECT
public:
    explicit CubeView(QWidget* parent = nullptr);

    void setSnapshot(std::shared_ptr<const Snapshot> snapshot);
    // Ignored unless they annotate the snapshot on screen.
    void setAnnotations(std::shared_ptr<const Annotations> annotations);
    void setAllSets(bool allSets);
    void setTheme(const Theme& theme);
    void setFontScale(double scale);
    void resetView();
    // The rotation and zoom, as a session file gives them.
    void setCamera(const CameraState& camera);

    const CubeModel& model() const { return m_model; }
    CubePaintOptions paintOptions() const { return m_options; }
    const BoxMorph& morph() const { return m_morph; }
    // The first element of a cell (what hovering and clicking it refer to).
    ElementIndex firstElement(const CubeCell& cell) const;
    // The rectangle the block is fitted into (for picking and tests).
    QRectF blockArea() const;
    QSize sizeHint() const override { return { 560, 440 }; }
    QSize minimumSizeHint() const override { return { 240, 200 }; }

signals:
    void setClicked(qint64 set);
    void hoverTextChanged(const QString& text);
    // The first element of the clicked / hovered cell; hoverLeft when the pointer leaves the block.
    void elementClicked(qint64 n, qint64 c, qint64 h, qint64 w);
    void elementHovered(qint64 n, qint64 c, qint64 h, qint64 w);
    void hoverLeft();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    std::optional<CubeCell> cellAt(const QPointF& pos) const;
    QString describeCell(const CubeCell& cell) const;

    std::shared_ptr<const Snapshot> m_snapshot;
    std::shared_ptr<const Annotations> m_annotations;
    BoxMorph m_morph;
    CubeModel m_model;
    CubePaintOptions m_options;
    QPointF m_pressPos;
    QPointF m_lastPos;
    bool m_dragging = false;
};

} // namespace normscope
