#include "images/imageview.h"

#include <QMouseEvent>
#include <QPainter>

#include <cmath>

namespace normscope {

ImageView::ImageView(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void ImageView::setSnapshot(std::shared_ptr<const Snapshot> snapshot, const PictureSource& source)
{
    // The same result without its output (the next one is being computed) keeps the tiles drawn.
    const bool sameResultLean = snapshot && !snapshot->output && m_snapshot && !m_tilesStale
        && m_snapshot->inputAnalysis == snapshot->inputAnalysis && m_snapshot->selectedSet == snapshot->selectedSet;
    m_snapshot = std::move(snapshot);
    m_source = source;
    m_tilesStale = !sameResultLean;
    update();
}

void ImageView::setTheme(const Theme& theme)
{
    m_theme = theme;
    update();
}

void ImageView::setFontScale(double scale)
{
    m_fontScale = scale;
    update();
}

QString ImageView::unavailableReason() const
{
    return m_snapshot ? imagesUnavailableReason(*m_snapshot) : QString();
}

const ImageTiles& ImageView::tiles() const
{
    // Built when first drawn or asked for: a hidden tab costs nothing while sliders move.
    if (m_tilesStale) {
        m_tiles = m_snapshot ? makeImageTiles(*m_snapshot, m_source, &m_tiles) : ImageTiles {};
        m_tilesStale = false;
    }
    return m_tiles;
}

ImageGridStyle ImageView::style() const
{
    ImageGridStyle style;
    style.theme = m_theme;
    style.fontScale = m_fontScale;
    style.font = font();
    // The window has less room than a slide, and in presentation mode the pictures matter more
    // than the small print: the caption grows with the square root of the text scale.
    style.captionPixels = 11.5 / std::sqrt(m_fontScale);
    return style;
}

ImageGridLayout ImageView::gridLayout() const
{
    return layoutImageGrid(QRectF(rect()), tiles(), style());
}

void ImageView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), m_theme.background);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    const QString reason = unavailableReason();
    if (!m_snapshot || !reason.isEmpty()) {
        painter.setPen(m_theme.muted);
        painter.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
            m_snapshot ? reason : tr("Computing…"));
        return;
    }
    paintImageGrid(painter, QRectF(rect()), tiles(), style());
}

std::optional<ImageHit> ImageView::hitAt(const QPointF& pos) const
{
    if (!m_snapshot || !unavailableReason().isEmpty())
        return std::nullopt;
    return hitImageGrid(gridLayout(), tiles(), pos);
}

void ImageView::mouseMoveEvent(QMouseEvent* event)
{
    const auto hit = hitAt(event->position());
    if (!hit) {
        emit hoverTextChanged({});
        return;
    }
    const Shape& s = m_snapshot->input->shape();
    // Without output (the window computing the next result on a large tensor) each value is
    // recomputed for its element.
    const auto after = [this, &hit](int64_t c) {
        const std::optional<float> y = outputValue(*m_snapshot, hit->n, c, hit->h, hit->w);
        return y ? QString::number(*y, 'g', 4) : tr("computing…");
    };
    QString text;
    if (hit->c >= 0 || s.c == 1) {
        const int64_t c = std::max<int64_t>(hit->c, 0);
        text = tr("n=%1, c=%2, (h, w)=(%3, %4): value %5 → %6")
                   .arg(hit->n)
                   .arg(c)
                   .arg(hit->h)
                   .arg(hit->w)
                   .arg(m_snapshot->input->at(hit->n, c, hit->h, hit->w), 0, 'g', 4)
                   .arg(after(c));
    } else {
        QStringList before;
        QStringList afters;
        for (int64_t c = 0; c < s.c; ++c) {
            before << QString::number(m_snapshot->input->at(hit->n, c, hit->h, hit->w), 'g', 4);
            afters << after(c);
        }
        text = tr("n=%1, (h, w)=(%2, %3): values (%4) → (%5)")
                   .arg(hit->n)
                   .arg(hit->h)
                   .arg(hit->w)
                   .arg(before.join(QStringLiteral(", ")), afters.join(QStringLiteral(", ")));
    }
    emit hoverTextChanged(text);
}

void ImageView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const auto hit = hitAt(event->position());
    if (!hit)
        return;
    // A whole picture holds every channel: keep the channel of the set on screen.
    const int64_t c = hit->c >= 0 ? hit->c : tiles().selected.begin[1];
    emit setClicked(m_snapshot->geometry.setOf(hit->n, c, hit->h, hit->w));
}

void ImageView::leaveEvent(QEvent*)
{
    emit hoverTextChanged({});
}

} // namespace normscope
