// The image view: every image of the batch before and after the norm, side by side, the
// selected set framed, live with every setting. Draws the controller's snapshot with
// paintImageGrid (it never computes a norm); a click on a picture selects the set of the element
// under the pointer, and hovering names the element and its values.
#pragma once

#include "images/imagegrid.h"

#include <QWidget>

#include <memory>

namespace normscope {

class ImageView : public QWidget {
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);

    // `source` says whether the input was read from images, at which scale, and their names.
    void setSnapshot(std::shared_ptr<const Snapshot> snapshot, const PictureSource& source);
    void setTheme(const Theme& theme);
    void setFontScale(double scale);

    // Empty when the current snapshot can be drawn as images, else why not.
    QString unavailableReason() const;
    const PictureSource& source() const { return m_source; }
    // The pictures and where they are drawn at the current size (built on demand).
    const ImageTiles& tiles() const;
    ImageGridLayout gridLayout() const;
    ImageGridStyle style() const;

    QSize sizeHint() const override { return { 560, 440 }; }
    QSize minimumSizeHint() const override { return { 240, 200 }; }

signals:
    void setClicked(qint64 set);
    void hoverTextChanged(const QString& text);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    std::optional<ImageHit> hitAt(const QPointF& pos) const;

    std::shared_ptr<const Snapshot> m_snapshot;
    PictureSource m_source;
    mutable ImageTiles m_tiles;
    mutable bool m_tilesStale = true;
    Theme m_theme = Theme::light();
    double m_fontScale = 1.0;
};

} // namespace normscope
