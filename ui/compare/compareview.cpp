#include "compare/compareview.h"

#include "widgets/divisorslider.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace normscope {

CompareCanvas::CompareCanvas(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Drag to turn the four cubes together, wheel to zoom, double-click to reset; click a cell to "
                  "outline the sets holding it in every cube."));
    connect(&m_morph, &BoxMorph::changed, this, qOverload<>(&QWidget::update));
}

void CompareCanvas::setComparison(std::shared_ptr<const Comparison> comparison)
{
    const auto previous = std::move(m_comparison);
    m_comparison = std::move(comparison);
    m_message.clear();
    if (previous && m_comparison) {
        const ComparedNorm& before = previous->norm(NormKind::Group);
        const ComparedNorm& after = m_comparison->norm(NormKind::Group);
        if (before.snapshot && after.snapshot
            && BoxMorph::morphs(before.snapshot->geometry, after.snapshot->geometry)) {
            const CubeModel from(before.snapshot->geometry);
            const CubeModel to(after.snapshot->geometry);
            m_morph.start(
                toBoxF(from.cellBox(before.snapshot->selectedSet)), toBoxF(to.cellBox(after.snapshot->selectedSet)));
        }
    }
    setAccessibleDescription(m_comparison ? compareLimitLines(*m_comparison).join(QLatin1Char('\n')) : QString());
    update();
}

void CompareCanvas::setMessage(const QString& message)
{
    m_message = message;
    m_comparison.reset();
    update();
}

void CompareCanvas::setTheme(const Theme& theme)
{
    m_theme = theme;
    update();
}

void CompareCanvas::setFontScale(double scale)
{
    m_fontScale = scale;
    update();
}

void CompareCanvas::setSourceText(const QString& text)
{
    m_source = text;
    update();
}

void CompareCanvas::resetView()
{
    m_camera = CameraState {};
    update();
}

double CompareCanvas::effectiveScale() const
{
    // The painter's 1.0 is a 1600×900 slide; a window gets at least 0.8 so its text stays legible.
    // Presentation mode's larger text is not applied on top: the figure already grows with the
    // canvas as the exported slide does, and at 1.8× its four columns overflowed a 1080-line screen.
    return std::max(0.8, std::min(width() / 1600.0, height() / 900.0)) * std::min(m_fontScale, 1.0);
}

CompareOptions CompareCanvas::options() const
{
    CompareOptions o;
    o.theme = m_theme;
    o.camera = m_camera;
    o.fontScale = effectiveScale();
    o.title = false;
    o.sourceText = m_source;
    o.groupBox = m_morph.current();
    o.hoveredColumn = m_hoveredColumn;
    o.hovered = m_hovered;
    return o;
}

void CompareCanvas::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), m_theme.background);
    if (!m_comparison) {
        painter.setPen(m_message.isEmpty() ? m_theme.muted : QColor(0xd1242f));
        painter.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
            m_message.isEmpty() ? tr("Computing the four norms…") : tr("Cannot compute: %1").arg(m_message));
        return;
    }
    paintComparison(painter, QRectF(rect()), *m_comparison, options());
}

std::optional<std::pair<int, CubeCell>> CompareCanvas::cellAt(const QPointF& pos) const
{
    if (!m_comparison)
        return std::nullopt;
    const CompareOptions o = options();
    const CompareLayout layout = compareLayout(QRectF(rect()), o, m_comparison.get());
    for (int i = 0; i < 4; ++i) {
        const ComparedNorm& column = m_comparison->norms[static_cast<size_t>(i)];
        if (!column.snapshot || !layout.cube[static_cast<size_t>(i)].contains(pos))
            continue;
        const CubeModel model(column.snapshot->geometry);
        const QRectF area = cubeArea(layout.cube[static_cast<size_t>(i)], compareCubeOptions(o, i, *m_comparison));
        if (const auto cell
            = model.pick({ pos.x(), pos.y() }, m_camera, { area.x(), area.y(), area.width(), area.height() }))
            return std::pair { i, *cell };
    }
    return std::nullopt;
}

QString CompareCanvas::describe(int column, const CubeCell& cell) const
{
    const Snapshot& s = *m_comparison->norms[static_cast<size_t>(column)].snapshot;
    const CubeModel model(s.geometry);
    const int64_t n = model.bands(CubeAxis::N).begin(cell.n);
    const int64_t c = model.bands(CubeAxis::C).begin(cell.c);
    const int64_t hw = model.bands(CubeAxis::S).begin(cell.s);
    const int64_t w = s.input->shape().w;
    return tr("%1: n=%2, c=%3, h·w=%4: value %5 → %6 · set %7")
        .arg(compareHeading(m_comparison->norms[static_cast<size_t>(column)]))
        .arg(n)
        .arg(c)
        .arg(hw)
        .arg(s.input->at(n, c, hw / w, hw % w), 0, 'g', 4)
        .arg(outputValue(s, n, c, hw / w, hw % w).value_or(std::numeric_limits<float>::quiet_NaN()), 0, 'g', 4)
        .arg(QString::fromStdString(s.geometry.setLabel(model.setOfCell(cell))));
}

void CompareCanvas::mousePressEvent(QMouseEvent* event)
{
    m_pressPos = m_lastPos = event->position();
    m_dragging = false;
}

void CompareCanvas::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    if (event->buttons() & Qt::LeftButton) {
        if ((pos - m_pressPos).manhattanLength() > 4)
            m_dragging = true;
        if (m_dragging) {
            const QPointF delta = pos - m_lastPos;
            // As the explorer's cube: 0.3° a pixel; one camera turns all four.
            m_camera.yaw = std::fmod(m_camera.yaw + delta.x() * 0.3, 360.0);
            m_camera.pitch = std::clamp(m_camera.pitch + delta.y() * 0.3, -89.0, 89.0);
            m_lastPos = pos;
            update();
            return;
        }
    }
    const auto hit = cellAt(pos);
    const int column = hit ? hit->first : -1;
    const std::optional<CubeCell> cell = hit ? std::optional<CubeCell>(hit->second) : std::nullopt;
    if (column != m_hoveredColumn || cell != m_hovered) {
        m_hoveredColumn = column;
        m_hovered = cell;
        emit hoverTextChanged(hit ? describe(hit->first, hit->second) : QString());
        update();
    }
}

void CompareCanvas::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && !m_dragging) {
        if (const auto hit = cellAt(event->position())) {
            const CubeModel model(m_comparison->norms[static_cast<size_t>(hit->first)].snapshot->geometry);
            emit anchorClicked(model.bands(CubeAxis::N).begin(hit->second.n),
                model.bands(CubeAxis::C).begin(hit->second.c), model.bands(CubeAxis::S).begin(hit->second.s));
        }
    }
    m_dragging = false;
}

void CompareCanvas::mouseDoubleClickEvent(QMouseEvent*)
{
    resetView();
}

void CompareCanvas::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    m_camera.zoom = std::clamp(m_camera.zoom * std::pow(1.15, steps), 0.3, 4.0);
    update();
}

void CompareCanvas::leaveEvent(QEvent*)
{
    if (m_hovered) {
        m_hovered.reset();
        m_hoveredColumn = -1;
        emit hoverTextChanged({});
        update();
    }
}

CompareView::CompareView(QWidget* parent)
    : QWidget(parent)
    , m_canvas(new CompareCanvas(this))
    , m_groups(new DivisorSlider(this))
    , m_groupsLabel(new QLabel(tr("GroupNorm's G"), this))
    , m_shared(new QLabel(this))
    , m_export(new QPushButton(tr("Export…"), this))
{
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 0);
    m_shared->setText(tr("eps, γ and β are shared with the layer panel."));
    m_shared->setWordWrap(true);
    m_groupsLabel->setBuddy(m_groups->slider());
    m_groups->setMinimumWidth(220);
    m_export->setToolTip(tr("Save this comparison as a 16:9 figure (PNG, SVG or PDF)."));
    bar->addWidget(m_groupsLabel);
    bar->addWidget(m_groups, 1);
    bar->addSpacing(16);
    bar->addWidget(m_shared, 2);
    bar->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_canvas, 1);
    connect(m_groups, &DivisorSlider::valueChanged, this, &CompareView::groupsRequested);
    connect(m_canvas, &CompareCanvas::anchorClicked, this, &CompareView::anchorClicked);
    connect(m_canvas, &CompareCanvas::hoverTextChanged, this, &CompareView::hoverTextChanged);
    connect(m_export, &QPushButton::clicked, this, &CompareView::exportRequested);
}

void CompareView::setComparison(std::shared_ptr<const Comparison> comparison)
{
    if (comparison)
        setGroups(comparison->groups, comparison->input->shape().c);
    m_canvas->setComparison(std::move(comparison));
}

void CompareView::setMessage(const QString& message)
{
    m_canvas->setMessage(message);
}

void CompareView::setGroups(int64_t groups, int64_t channels)
{
    if (m_groups->number() != channels)
        m_groups->setNumber(channels);
    m_groups->setValue(groups);
}

void CompareView::setTheme(const Theme& theme)
{
    m_canvas->setTheme(theme);
}

void CompareView::setFontScale(double scale)
{
    m_canvas->setFontScale(scale);
}

void CompareView::setSourceText(const QString& text)
{
    m_canvas->setSourceText(text);
}

} // namespace normscope
