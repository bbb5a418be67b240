#include "cube/cubepainter.h"

#include "look/normtexts.h"

#include <QCoreApplication>
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

QRectF cubeArea(const QRectF& rect, double fontScale)
{
    // Labels grow with the font scale; the margins around the block grow more slowly, so the
    // block stays large in presentation mode.
    const double caption = 66.0 * fontScale; // two lines of caption
    const double margin = 44.0 * std::sqrt(fontScale);
    return rect.adjusted(margin, margin * 0.6, -margin, -caption - margin * 0.4);
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

void paintCube(QPainter& painter, const QRectF& rect, const CubeModel& model, const Snapshot& snapshot,
    const CubePaintOptions& options)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const Theme& theme = options.theme;
    const QRectF area = cubeArea(rect, options.fontScale);
    const double captionTop = area.bottom() + 26 * options.fontScale;
    // A zoomed-in block stops above the caption instead of covering it.
    painter.save();
    painter.setClipRect(QRectF(rect.left(), rect.top(), rect.width(), captionTop - rect.top()), Qt::IntersectClip);
    const Eigen::Vector4d r = toRect(area);
    const CameraState& cam = options.camera;
    const auto colors = theme.setColors();
    const double lineWidth = std::max(0.6, 0.9 * options.fontScale);

    // 1. The selected set as a solid box inside a glass block: drawn first, so the surface in
    //    front of it tints it and its depth reads correctly.
    const int64_t selected = snapshot.selectedSet;
    const IndexBox box = model.cellBox(selected);
    if (!options.allSets) {
        for (int face = 0; face < 6; ++face) {
            if (!model.faceVisible(face, cam))
                continue;
            painter.setPen(Qt::NoPen);
            painter.setBrush(shade(theme.highlight, face));
            painter.drawPolygon(polygon(model.boxFace(box, face, cam, r)));
        }
    }

    // 2. The block's surface, cell by cell, back to front. In all-sets mode each cell takes the
    //    colour of its set; otherwise surface cells of the selected set are solid and the rest
    //    is glass through which the set shows.
    const auto quads = model.surfaceQuads(cam, r);
    // Dense grids (many H·W cells) get fainter lines so the faces do not turn into hatching.
    int64_t densest = 0;
    for (int a = 0; a < 3; ++a)
        densest = std::max(densest, model.bands(static_cast<CubeAxis>(a)).count());
    const int edgeAlpha = densest > 32 ? 70 : densest > 16 ? 130 : 190;
    for (const CubeQuad& q : quads) {
        QColor fill = theme.cell;
        QColor edge = theme.cellEdge;
        if (options.allSets) {
            fill = colors[setColourIndex(model, model.setOfCell(q.cell), colors.size())];
            edge = fill.darker(125);
        } else if (model.cellTouchesSet(q.cell, selected)) {
            fill = theme.highlight;
            edge = theme.highlight.darker(130);
        } else {
            fill.setAlpha(175);
        }
        edge.setAlpha(edgeAlpha);
        painter.setPen(QPen(edge, lineWidth * 0.6));
        painter.setBrush(shade(fill, q.face));
        painter.drawPolygon(polygon(q.corners));
    }
    if (!options.allSets) {
        QColor outline = theme.highlight.darker(150);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(outline, lineWidth * 1.2));
        for (int face = 0; face < 6; ++face)
            painter.drawPolygon(polygon(model.boxFace(box, face, cam, r)));
    }

    // 3. Hovered cell outline.
    if (options.hovered) {
        for (const CubeQuad& q : quads) {
            if (q.cell == *options.hovered) {
                painter.setPen(QPen(theme.foreground, lineWidth * 2.2));
                painter.setBrush(Qt::NoBrush);
                painter.drawPolygon(polygon(q.corners));
            }
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
    labelEdge(QStringLiteral("N = %1").arg(s.n), corner(0, cSide, 0), corner(static_cast<double>(s.n), cSide, 0));

    painter.restore(); // the clip

    // 5. Caption.
    painter.setFont(scaledFont(painter, 14 * options.fontScale));
    painter.setPen(theme.foreground);
    const QRectF captionRect(rect.left() + 8 * options.fontScale, captionTop, rect.width() - 16 * options.fontScale,
        rect.bottom() - captionTop);
    painter.drawText(
        captionRect, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, cubeCaption(model, snapshot, options.allSets));
    painter.restore();
}

} // namespace normscope
