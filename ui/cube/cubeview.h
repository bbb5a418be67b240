// The cube view widget: draws the current snapshot with paintCube, rotates on drag, zooms on
// the wheel, shows the hovered cell's indices and values, and reports clicked sets.
#pragma once

#include "cube/cubepainter.h"

#include <QWidget>

#include <memory>

namespace normscope {

class CubeView : public QWidget {
    Q_OBJECT
public:
    explicit CubeView(QWidget* parent = nullptr);

    void setSnapshot(std::shared_ptr<const Snapshot> snapshot);
    void setAllSets(bool allSets);
    void setTheme(const Theme& theme);
    void setFontScale(double scale);
    void resetView();
    // The rotation and zoom, as a session file gives them.
    void setCamera(const CameraState& camera);

    const CubeModel& model() const { return m_model; }
    CubePaintOptions paintOptions() const { return m_options; }
    // The rectangle the block is fitted into (for picking and tests).
    QRectF blockArea() const;
    QSize sizeHint() const override { return { 560, 440 }; }
    QSize minimumSizeHint() const override { return { 240, 200 }; }

signals:
    void setClicked(qint64 set);
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
    std::optional<CubeCell> cellAt(const QPointF& pos) const;
    QString describeCell(const CubeCell& cell) const;

    std::shared_ptr<const Snapshot> m_snapshot;
    CubeModel m_model;
    CubePaintOptions m_options;
    QPointF m_pressPos;
    QPointF m_lastPos;
    bool m_dragging = false;
};

} // namespace normscope
