#include "cube/cubeview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace normscope {

CubeView::CubeView(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Drag to rotate, wheel to zoom, double-click to reset; click a cell to study its set and mark its "
                  "value in the histograms."));
    connect(&m_morph, &BoxMorph::changed, this, [this] {
        m_options.highlightBox = m_morph.current();
        update();
    });
}

void CubeView::setSnapshot(std::shared_ptr<const Snapshot> snapshot)
{
    const auto previous = m_snapshot;
    m_snapshot = std::move(snapshot);
    if (!m_snapshot) {
        // Nothing to draw, and nothing under the pointer to describe.
        if (m_options.hovered) {
            m_options.hovered.reset();
            emit hoverTextChanged({});
        }
        update();
        return;
    }
    const ReductionGeometry& g = m_snapshot->geometry;
    const ReductionGeometry& old = m_model.geometry();
    const bool morph = previous && m_model.bands(CubeAxis::N).size() > 0 && BoxMorph::morphs(old, g);
    const IndexBoxF from = morph ? toBoxF(m_model.cellBox(previous->selectedSet)) : IndexBoxF {};
    // Rebuild the cell grid only when the sets or the shape change.
    const bool rebuild = g.kind() != old.kind() || !(g.shape() == old.shape()) || g.groups() != old.groups()
        || g.layerDims() != old.layerDims() || m_model.bands(CubeAxis::N).size() == 0;
    if (rebuild)
        m_model = CubeModel(g);
    // The value under the pointer is this result's (a slider moved, or the output is being
    // recomputed), not the one read when the pointer arrived. A rebuilt grid has other cells:
    // the pointer's next move finds its own.
    if (m_options.hovered && rebuild) {
        m_options.hovered.reset();
        emit hoverTextChanged({});
    } else if (m_options.hovered) {
        emit hoverTextChanged(describeCell(*m_options.hovered));
    }
    if (morph)
        m_morph.start(from, toBoxF(m_model.cellBox(m_snapshot->selectedSet)));
    else if (m_morph.running())
        m_morph.stop();
    m_options.highlightBox = m_morph.current();
    // Annotations of the previous snapshot no longer fit; the next ones follow shortly.
    if (m_annotations && !m_annotations->isFor(m_snapshot)) {
        m_options.brush.reset();
        m_options.marked.reset();
        if (m_options.values && !(g.shape() == old.shape()))
            m_options.values.reset();
    }
    update();
}

void CubeView::setAnnotations(std::shared_ptr<const Annotations> annotations)
{
    if (!annotations || !annotations->isFor(m_snapshot))
        return;
    m_annotations = std::move(annotations);
    const Annotations& a = *m_annotations;
    m_options.brush = a.brush ? std::make_shared<const BrushResult>(*a.brush) : nullptr;
    m_options.values = a.cells;
    m_options.valuesAfter = a.values == CubeValues::After;
    m_options.marked.reset();
    if (a.marked) {
        const ElementIndex& e = a.marked->at;
        const int64_t s = e.h * m_snapshot->input->shape().w + e.w;
        m_options.marked = CubeCell { m_model.bands(CubeAxis::N).bandOf(e.n), m_model.bands(CubeAxis::C).bandOf(e.c),
            m_model.bands(CubeAxis::S).bandOf(s) };
    }
    update();
}

ElementIndex CubeView::firstElement(const CubeCell& cell) const
{
    const int64_t s = m_model.bands(CubeAxis::S).begin(cell.s);
    const int64_t w = m_model.geometry().shape().w;
    return { m_model.bands(CubeAxis::N).begin(cell.n), m_model.bands(CubeAxis::C).begin(cell.c), s / w, s % w };
}

void CubeView::setAllSets(bool allSets)
{
    m_options.allSets = allSets;
    update();
}

void CubeView::setTheme(const Theme& theme)
{
    m_options.theme = theme;
    update();
}

void CubeView::setFontScale(double scale)
{
    m_options.fontScale = scale;
    update();
}

void CubeView::resetView()
{
    m_options.camera = CameraState {};
    update();
}

void CubeView::setCamera(const CameraState& camera)
{
    m_options.camera = camera;
    update();
}

QRectF CubeView::blockArea() const
{
    return cubeArea(QRectF(rect()), m_options);
}

void CubeView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), m_options.theme.background);
    if (!m_snapshot) {
        painter.setPen(m_options.theme.muted);
        painter.drawText(rect(), Qt::AlignCenter, tr("Computing…"));
        return;
    }
    paintCube(painter, QRectF(rect()), m_model, *m_snapshot, m_options);
}

std::optional<CubeCell> CubeView::cellAt(const QPointF& pos) const
{
    if (!m_snapshot)
        return std::nullopt;
    const QRectF area = blockArea();
    return m_model.pick({ pos.x(), pos.y() }, m_options.camera, { area.x(), area.y(), area.width(), area.height() });
}

QString CubeView::describeCell(const CubeCell& cell) const
{
    const auto range = [](const AxisBands& b, int64_t band) {
        const int64_t lo = b.begin(band);
        const int64_t hi = b.end(band) - 1;
        return lo == hi ? QString::number(lo) : QStringLiteral("%1…%2").arg(lo).arg(hi);
    };
    const int64_t n = m_model.bands(CubeAxis::N).begin(cell.n);
    const int64_t c = m_model.bands(CubeAxis::C).begin(cell.c);
    const int64_t s = m_model.bands(CubeAxis::S).begin(cell.s);
    const Shape& shape = m_snapshot->input->shape();
    const int64_t w = shape.w;
    const bool single = !m_model.coarsened();
    const QString nText = range(m_model.bands(CubeAxis::N), cell.n);
    const QString cText = range(m_model.bands(CubeAxis::C), cell.c);
    // A position as the tensor indexes it, (h, w), not the flat index along the H·W axis.
    QString text = !single ? tr("n=%1, c=%2, h·w=%3").arg(nText, cText, range(m_model.bands(CubeAxis::S), cell.s))
        : shape.rank == 4  ? tr("n=%1, c=%2, h=%3, w=%4").arg(nText, cText).arg(s / w).arg(s % w)
        : shape.rank == 3  ? tr("n=%1, c=%2, l=%3").arg(nText, cText).arg(s)
                           : tr("n=%1, c=%2").arg(nText, cText);
    const float before = m_snapshot->input->at(n, c, s / w, s % w);
    // Without output (the window computing the next result on a large tensor) the value is
    // recomputed for this element; only (B, T, C) tokens cannot be.
    const std::optional<float> y = outputValue(*m_snapshot, n, c, s / w, s % w);
    const QString after = y ? QString::number(*y, 'g', 4) : tr("computing…");
    text += single ? tr(": value %1 → %2").arg(before, 0, 'g', 4).arg(after)
                   : tr(": first value %1 → %2").arg(before, 0, 'g', 4).arg(after);
    text += tr(" · set %1").arg(QString::fromStdString(m_model.geometry().setLabel(m_model.setOfCell(cell))));
    return text;
}

void CubeView::mousePressEvent(QMouseEvent* event)
{
    m_pressPos = m_lastPos = event->position();
    m_dragging = false;
}

void CubeView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    if (event->buttons() & Qt::LeftButton) {
        if ((pos - m_pressPos).manhattanLength() > 4)
            m_dragging = true;
        if (m_dragging) {
            const QPointF delta = pos - m_lastPos;
            // 0.3° a pixel: a hand's drag of 300 px turns the block by 90°, gently enough to aim.
            m_options.camera.yaw = std::fmod(m_options.camera.yaw + delta.x() * 0.3, 360.0);
            m_options.camera.pitch = std::clamp(m_options.camera.pitch + delta.y() * 0.3, -89.0, 89.0);
            m_lastPos = pos;
            update();
            return;
        }
    }
    const auto cell = cellAt(pos);
    if (cell != m_options.hovered) {
        m_options.hovered = cell;
        const QString text = cell ? describeCell(*cell) : QString();
        emit hoverTextChanged(text);
        if (cell) {
            const ElementIndex e = firstElement(*cell);
            emit elementHovered(e.n, e.c, e.h, e.w);
        } else {
            emit hoverLeft();
        }
        update();
    }
}

void CubeView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && !m_dragging) {
        if (const auto cell = cellAt(event->position())) {
            emit setClicked(m_model.setOfCell(*cell));
            const ElementIndex e = firstElement(*cell);
            emit elementClicked(e.n, e.c, e.h, e.w);
        }
    }
    m_dragging = false;
}

void CubeView::mouseDoubleClickEvent(QMouseEvent*)
{
    resetView();
}

void CubeView::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    m_options.camera.zoom = std::clamp(m_options.camera.zoom * std::pow(1.15, steps), 0.3, 4.0);
    update();
}

void CubeView::leaveEvent(QEvent*)
{
    if (m_options.hovered) {
        m_options.hovered.reset();
        emit hoverTextChanged({});
        emit hoverLeft();
        update();
    }
}

} // namespace normscope
