#include "cube/cubepainter.h"

#include "look/colorscale.h"
#include "look/normtexts.h"

#include <QCoreApplication>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

namespace normscope {

// Translation context for the free functions below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
class CubePainter {
    Q_DECLARE_TR_FUNCTIONS(CubePainter)
};

namespace {

Eigen::Vector4d toRect(const QRectF& r)
{
    return { r.x(), r.y(), r.width(), r.height() };
}

QPolygonF polygon(const std::array<Eigen::Vector2d, 4>& corners)
{
    QPolygonF p;
    for (const auto& c : corners)
        p << QPointF(c.x(), c.y());
    return p;
}

// Faces lit from the top-left: top brightest, front middle, side darkest, like the paper's figure.
QColor shade(const QColor& base, int face)
{
    switch (face / 2) {
    case 2: // H·W ends: top / bottom
        return base.lighter(112);
    case 1: // C ends: sides
        return base.darker(118);
    default: // N ends: front / back
        return base;
    }
}

QFont scaledFont(const QPainter& painter, double pixels, bool bold = false)
{
    QFont f = painter.font();
    f.setPixelSize(std::max(7, static_cast<int>(std::lround(pixels))));
    f.setBold(bold);
    return f;
}

// Text centred on `at`, rotated to run along `direction`, pushed away from the block by `offset`.
void edgeLabel(QPainter& painter, const QString& text, const Eigen::Vector2d& a, const Eigen::Vector2d& b,
    const Eigen::Vector2d& away, double offset)
{
    Eigen::Vector2d dir = b - a;
    if (dir.norm() < 1e-6)
        return;
    if (dir.x() < 0 || (std::abs(dir.x()) < 1e-6 && dir.y() > 0))
        dir = -dir; // keep text upright
    double angle = std::atan2(dir.y(), dir.x()) * 180.0 / 3.14159265358979;
    const Eigen::Vector2d mid = 0.5 * (a + b) + away.normalized() * offset;
    painter.save();
    painter.translate(mid.x(), mid.y());
    painter.rotate(angle);
    const QFontMetricsF m(painter.font());
    const double w = m.horizontalAdvance(text);
    painter.drawText(QPointF(-w / 2.0, m.ascent() / 2.0 - m.descent() / 2.0), text);
    painter.restore();
}

} // namespace

QRectF cubeArea(const QRectF& rect, double fontScale, bool colourBar, bool caption)
{
    // Labels grow with the font scale; the margins around the block grow more slowly, so the
    // block stays large in presentation mode.
    const double captionHeight = caption ? 66.0 * fontScale : 0.0; // two lines of caption
    const double margin = 44.0 * std::sqrt(fontScale);
    const double bar = colourBar ? 70.0 * fontScale : 0.0;
    return rect.adjusted(margin, margin * 0.6, -margin - bar, -captionHeight - margin * 0.4);
}

QRectF cubeArea(const QRectF& rect, const CubePaintOptions& options)
{
    return cubeArea(rect, options.fontScale, options.values != nullptr, options.caption);
}

IndexBoxF toBoxF(const IndexBox& box)
{
    IndexBoxF f;
    for (size_t a = 0; a < 3; ++a) {
        f.begin[a] = static_cast<double>(box.begin[a]);
        f.end[a] = static_cast<double>(box.end[a]);
    }
    return f;
}

IndexBoxF lerp(const IndexBoxF& a, const IndexBoxF& b, double t)
{
    IndexBoxF f;
    for (size_t i = 0; i < 3; ++i) {
        f.begin[i] = a.begin[i] + (b.begin[i] - a.begin[i]) * t;
        f.end[i] = a.end[i] + (b.end[i] - a.end[i]) * t;
    }
    return f;
}

// A colour per set such that sets next to each other along N, C or H·W always differ: the
// index steps by 5, 1 and 7 along the three axes, none a multiple of the palette's 12. (Set
// number modulo 12 repeated across samples whenever a sample held a multiple of 12 sets.)
size_t setColourIndex(const CubeModel& model, int64_t set, size_t paletteSize)
{
    const IndexBox box = model.setBox(set);
    const int64_t n = box.begin[0];
    const int64_t c = box.begin[1] / std::max<int64_t>(1, box.end[1] - box.begin[1]);
    const int64_t s = box.begin[2] / std::max<int64_t>(1, box.end[2] - box.begin[2]);
    return static_cast<size_t>((5 * n + c + 7 * s) % static_cast<int64_t>(paletteSize));
}

QString cubeCaption(const CubeModel& model, const Snapshot& snapshot, bool allSets)
{
    const ReductionGeometry& g = model.geometry();
    QString text;
    if (allSets)
        text = CubePainter::tr("%1: %2 sets, each normalized over %3 (%4 values per set)")
                   .arg(normName(g.kind()))
                   .arg(g.setCount())
                   .arg(reducedOver(g))
                   .arg(g.setSize());
    else if (!snapshot.config.usesBatchStats())
        // Eval mode with running statistics: the set's own mean and variance are not used.
        text = CubePainter::tr("%1 (eval) · set %2: normalized with the running mean and variance of channel %3, "
                               "not its own over %4 (%5 values)")
                   .arg(normName(g.kind()), QString::fromStdString(g.setLabel(snapshot.selectedSet)))
                   .arg(g.channelOfSet(snapshot.selectedSet))
                   .arg(reducedOver(g))
                   .arg(g.setSize());
    else if (g.kind() == NormKind::Rms)
        text = CubePainter::tr("%1 · set %2: mean square over %3 (%4 values)")
                   .arg(normName(g.kind()), QString::fromStdString(g.setLabel(snapshot.selectedSet)), reducedOver(g))
                   .arg(g.setSize());
    else
        text = CubePainter::tr("%1 · set %2: mean and variance over %3 (%4 values)")
                   .arg(normName(g.kind()), QString::fromStdString(g.setLabel(snapshot.selectedSet)), reducedOver(g))
                   .arg(g.setSize());
    QStringList coarse;
    const char* names[] = { "N", "C", "H·W" };
    for (int a = 0; a < 3; ++a) {
        const AxisBands& b = model.bands(static_cast<CubeAxis>(a));
        if (b.coarsened())
            coarse << CubePainter::tr("%1 in %2 bands").arg(QString::fromUtf8(names[a])).arg(b.count());
    }
    if (!coarse.isEmpty())
        text += QLatin1Char('\n') + CubePainter::tr("drawn coarsened: %1").arg(coarse.join(QStringLiteral(", ")));
    return forRank(text, g.shape());
}

namespace {

// boxFace for fractional boxes: the corners of face f (0..5: -N, +N, -C, +C, -S, +S).
std::array<Eigen::Vector2d, 4> faceOf(
    const CubeModel& model, const IndexBoxF& box, int face, const CameraState& cam, const Eigen::Vector4d& r)
{
    const int axis = face / 2;
    const int u = axis == 0 ? 1 : 0;
    const int v = axis == 2 ? 1 : 2;
    const double uv[4][2] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };
    std::array<Eigen::Vector2d, 4> corners;
    for (size_t k = 0; k < 4; ++k) {
        double idx[3];
        idx[axis] = face % 2 ? box.end[static_cast<size_t>(axis)] : box.begin[static_cast<size_t>(axis)];
        idx[u] = uv[k][0] ? box.end[static_cast<size_t>(u)] : box.begin[static_cast<size_t>(u)];
        idx[v] = uv[k][1] ? box.end[static_cast<size_t>(v)] : box.begin[static_cast<size_t>(v)];
        corners[k] = model.project(model.modelPoint(idx[0], idx[1], idx[2]), cam, r);
    }
    return corners;
}

IndexBox cellIndices(const CubeModel& model, const CubeCell& cell)
{
    const int64_t band[3] = { cell.n, cell.c, cell.s };
    IndexBox box;
    for (size_t a = 0; a < 3; ++a) {
        box.begin[a] = model.bands(static_cast<CubeAxis>(a)).begin(band[a]);
        box.end[a] = model.bands(static_cast<CubeAxis>(a)).end(band[a]);
    }
    return box;
}

bool overlaps(const IndexBox& cell, const IndexBoxF& box)
{
    for (size_t a = 0; a < 3; ++a) {
        if (static_cast<double>(cell.end[a]) <= box.begin[a] + 1e-9
            || static_cast<double>(cell.begin[a]) >= box.end[a] - 1e-9)
            return false;
    }
    return true;
}

// The brushed cells as small solid blocks inside the glass, back to front, so values deep in the
// tensor show through the surface.
void paintBrushedCells(QPainter& painter, const CubeModel& model, const BrushResult& brush, const QColor& colour,
    const CameraState& cam, const Eigen::Vector4d& r, double lineWidth)
{
    struct Block {
        IndexBox box;
        double depth;
    };
    std::vector<Block> blocks;
    for (int64_t n = 0; n < brush.bandsN; ++n)
        for (int64_t c = 0; c < brush.bandsC; ++c)
            for (int64_t sb = 0; sb < brush.bandsS; ++sb) {
                const CubeCell cell { n, c, sb };
                if (brush.cellCount(cell) == 0)
                    continue;
                const IndexBox box = cellIndices(model, cell);
                const double mid[3] = { 0.5 * static_cast<double>(box.begin[0] + box.end[0]),
                    0.5 * static_cast<double>(box.begin[1] + box.end[1]),
                    0.5 * static_cast<double>(box.begin[2] + box.end[2]) };
                blocks.push_back({ box, model.depth(model.modelPoint(mid[0], mid[1], mid[2]), cam) });
            }
    std::sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) { return a.depth > b.depth; });
    painter.setPen(QPen(colour.darker(140), lineWidth * 0.5));
    for (const Block& block : blocks) {
        for (int face = 0; face < 6; ++face) {
            if (!model.faceVisible(face, cam))
                continue;
            painter.setBrush(shade(colour, face));
            painter.drawPolygon(polygon(model.boxFace(block.box, face, cam, r)));
        }
    }
}

// A vertical viridis bar with the value range, right of the block.
void paintColourBar(
    QPainter& painter, const QRectF& area, const CellValues& values, bool after, const Theme& theme, double fontScale)
{
    const double width = 14.0 * fontScale;
    const QRectF bar(area.right() + 16.0 * fontScale, area.top() + area.height() * 0.12, width, area.height() * 0.7);
    QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
    for (int i = 0; i <= 10; ++i)
        gradient.setColorAt(i / 10.0, viridis(i / 10.0));
    painter.setPen(QPen(theme.foreground, 0.8));
    painter.setBrush(gradient);
    painter.drawRect(bar);
    painter.setFont(scaledFont(painter, 12 * fontScale));
    const QFontMetricsF metrics(painter.font());
    const auto tick = [&](double value) {
        const double t = (value - values.lo) / (values.hi - values.lo);
        const double y = bar.bottom() - t * bar.height();
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4 * fontScale, y));
        painter.drawText(
            QPointF(bar.right() + 6 * fontScale, y + metrics.ascent() / 2.0 - 1), QString::number(value, 'g', 3));
    };
    tick(values.lo);
    tick(values.hi);
    if (values.lo < 0.0 && values.hi > 0.0 && -values.lo > 0.12 * (values.hi - values.lo)
        && values.hi > 0.12 * (values.hi - values.lo))
        tick(0.0);
    const QString label = after ? CubePainter::tr("output") : CubePainter::tr("input");
    painter.drawText(QRectF(bar.center().x() - 40 * fontScale, bar.top() - metrics.height() - 4 * fontScale,
                         80 * fontScale, metrics.height()),
        Qt::AlignCenter, label);
    if (values.coarsened)
        painter.drawText(QRectF(bar.center().x() - 40 * fontScale, bar.bottom() + 4 * fontScale, 80 * fontScale,
                             2 * metrics.height()),
            Qt::AlignHCenter | Qt::AlignTop, CubePainter::tr("cell means"));
}

} // namespace

void paintCube(QPainter& painter, const QRectF& rect, const CubeModel& model, const Snapshot& snapshot,
    const CubePaintOptions& options)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const Theme& theme = options.theme;
    const QRectF area = cubeArea(rect, options);
    const double captionTop = area.bottom() + 26 * options.fontScale;
    // A zoomed-in block stops above the caption instead of covering it.
    painter.save();
    painter.setClipRect(QRectF(rect.left(), rect.top(), rect.width(), captionTop - rect.top()), Qt::IntersectClip);
    const Eigen::Vector4d r = toRect(area);
    const CameraState& cam = options.camera;
    const auto colors = theme.setColors();
    const double lineWidth = std::max(0.6, 0.9 * options.fontScale);
    const CellValues* values = options.values.get();
    const BrushResult* brush = options.brush && options.brush->count > 0 ? options.brush.get() : nullptr;
    const QColor brushed = brushColour(theme);

    // 1. The selected set as a solid box inside a glass block: drawn first, so the surface in
    //    front of it tints it and its depth reads correctly. With values on the cube the cells
    //    are opaque and the set is shown by its outline alone.
    const int64_t selected = snapshot.selectedSet;
    const IndexBoxF box = options.highlightBox ? *options.highlightBox : toBoxF(model.cellBox(selected));
    if (!options.allSets && !values && !brush) {
        for (int face = 0; face < 6; ++face) {
            if (!model.faceVisible(face, cam))
                continue;
            painter.setPen(Qt::NoPen);
            painter.setBrush(shade(theme.highlight, face));
            painter.drawPolygon(polygon(faceOf(model, box, face, cam, r)));
        }
    }
    if (brush)
        paintBrushedCells(painter, model, *brush, brushed, cam, r, lineWidth);

    // 2. The block's surface, cell by cell, back to front. In all-sets mode each cell takes the
    //    colour of its set; with values, the colour of its value; otherwise surface cells of the
    //    selected set are solid and the rest is glass through which the set shows. While
    //    brushing, the glass clears so the brushed cells inside stand out.
    const auto quads = model.surfaceQuads(cam, r);
    // Dense grids (many H·W cells) get fainter lines so the faces do not turn into hatching.
    int64_t densest = 0;
    for (int a = 0; a < 3; ++a)
        densest = std::max(densest, model.bands(static_cast<CubeAxis>(a)).count());
    const int edgeAlpha = densest > 32 ? 70 : densest > 16 ? 130 : 190;
    for (const CubeQuad& q : quads) {
        QColor fill = theme.cell;
        QColor edge = theme.cellEdge;
        if (brush && brush->cellCount(q.cell) > 0) {
            fill = brushed;
            edge = brushed.darker(140);
        } else if (options.allSets) {
            fill = colors[setColourIndex(model, model.setOfCell(q.cell), colors.size())];
            edge = fill.darker(125);
        } else if (values) {
            fill = viridis((values->at(q.cell) - values->lo) / (values->hi - values->lo));
            edge = fill.darker(130);
        } else if (overlaps(cellIndices(model, q.cell), box)) {
            fill = theme.highlight;
            edge = theme.highlight.darker(130);
        } else {
            fill.setAlpha(175);
        }
        if (brush && brush->cellCount(q.cell) == 0)
            fill.setAlpha(values || options.allSets ? 120 : 70);
        edge.setAlpha(edgeAlpha);
        painter.setPen(QPen(edge, lineWidth * 0.6));
        painter.setBrush(shade(fill, q.face));
        painter.drawPolygon(polygon(q.corners));
    }
    if (!options.allSets) {
        painter.setBrush(Qt::NoBrush);
        if (values) {
            // A light line under the highlight keeps the outline visible on every viridis colour.
            painter.setPen(QPen(theme.background, lineWidth * 3.4));
            for (int face = 0; face < 6; ++face)
                painter.drawPolygon(polygon(faceOf(model, box, face, cam, r)));
            painter.setPen(QPen(theme.highlight, lineWidth * 1.8));
        } else {
            painter.setPen(QPen(theme.highlight.darker(150), lineWidth * 1.2));
        }
        for (int face = 0; face < 6; ++face)
            painter.drawPolygon(polygon(faceOf(model, box, face, cam, r)));
    }

    // 3. Hovered and marked cells.
    if (options.hovered) {
        for (const CubeQuad& q : quads) {
            if (q.cell == *options.hovered) {
                painter.setPen(QPen(theme.foreground, lineWidth * 2.2));
                painter.setBrush(Qt::NoBrush);
                painter.drawPolygon(polygon(q.corners));
            }
        }
    }
    if (options.marked) {
        // Its whole box, so a marked cell inside the block is found too.
        const IndexBox cell = cellIndices(model, *options.marked);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(markColour(theme), lineWidth * 2.6));
        for (int face = 0; face < 6; ++face) {
            if (model.faceVisible(face, cam))
                painter.drawPolygon(polygon(model.boxFace(cell, face, cam, r)));
        }
    }

    // 4. The block's outline and axis labels along three visible edges.
    const Shape& s = model.geometry().shape();
    const IndexBox whole { { 0, 0, 0 }, { s.n, s.c, s.hw() } };
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(theme.foreground, lineWidth * 1.4));
    for (int face = 0; face < 6; ++face) {
        if (model.faceVisible(face, cam))
            painter.drawPolygon(polygon(model.boxFace(whole, face, cam, r)));
    }
    const Eigen::Vector2d centre = model.project(model.modelPoint(s.n / 2.0, s.c / 2.0, s.hw() / 2.0), cam, r);
    const auto corner
        = [&](double n, double c, double sIndex) { return model.project(model.modelPoint(n, c, sIndex), cam, r); };
    // Choose the silhouette edges nearest the viewer for each axis label.
    const bool frontIsLowN = model.faceVisible(0, cam);
    const bool rightIsHighC = model.faceVisible(3, cam);
    const double nFront = frontIsLowN ? 0 : static_cast<double>(s.n);
    const double cSide = rightIsHighC ? static_cast<double>(s.c) : 0;
    painter.setFont(scaledFont(painter, 17 * options.fontScale, true));
    painter.setPen(theme.foreground);
    const double offset = 18.0 * options.fontScale;
    const auto labelEdge = [&](const QString& text, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
        edgeLabel(painter, text, a, b, 0.5 * (a + b) - centre, offset);
    };
    labelEdge(QStringLiteral("C = %1").arg(s.c), corner(nFront, 0, 0), corner(nFront, static_cast<double>(s.c), 0));
    labelEdge(forRank(QStringLiteral("H·W = %1"), s).arg(s.hw()), corner(nFront, static_cast<double>(s.c) - cSide, 0),
        corner(nFront, static_cast<double>(s.c) - cSide, static_cast<double>(s.hw())));
    labelEdge(
        forRank(QStringLiteral("N = %1"), s).arg(s.n), corner(0, cSide, 0), corner(static_cast<double>(s.n), cSide, 0));

    painter.restore(); // the clip

    if (values)
        paintColourBar(painter, area, *values, options.valuesAfter, theme, options.fontScale);

    // 5. Caption.
    if (options.caption) {
        painter.setFont(scaledFont(painter, 14 * options.fontScale));
        painter.setPen(theme.foreground);
        const QRectF captionRect(rect.left() + 8 * options.fontScale, captionTop, rect.width() - 16 * options.fontScale,
            rect.bottom() - captionTop);
        painter.drawText(captionRect, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
            cubeCaption(model, snapshot, options.allSets));
    }
    painter.restore();
}

} // namespace normscope
