#include "images/imagegrid.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace normscope {

// Translation context for the free functions below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
class ImageGrid {
    Q_DECLARE_TR_FUNCTIONS(ImageGrid)
};

namespace {

QFont sized(const ImageGridStyle& style, double pixels, bool bold = false)
{
    QFont f = style.font;
    f.setPixelSize(std::max(7, static_cast<int>(std::lround(pixels * style.fontScale))));
    f.setBold(bold);
    return f;
}

QFont headerFont(const ImageGridStyle& style)
{
    return sized(style, 15.0, true);
}

QFont labelFont(const ImageGridStyle& style)
{
    return sized(style, 12.5);
}

QFont captionFont(const ImageGridStyle& style)
{
    return sized(style, style.captionPixels);
}

// Whole pixels, so a picture's pixels land on the device's pixels.
QRectF snapped(double x, double y, double w, double h)
{
    const double left = std::round(x);
    const double top = std::round(y);
    return QRectF(left, top, std::max(1.0, std::round(x + w) - left), std::max(1.0, std::round(y + h) - top));
}

// The caption's paragraphs laid out in `width`: their heights.
std::vector<double> paragraphHeights(const QStringList& lines, const QFont& font, double width)
{
    const QFontMetricsF metrics(font);
    std::vector<double> heights;
    for (const QString& line : lines)
        heights.push_back(
            metrics.boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, line).height() + 0.3 * metrics.height());
    return heights;
}

// A picture drawn into `target`: enlarged pixel by pixel (each square one value, nothing
// interpolated that is not in the tensor), reduced smoothly on screens and images; vector devices
// get the picture itself and scale it.
void drawTile(QPainter& painter, const QRectF& target, const QImage& image)
{
    const QRectF device = painter.deviceTransform().mapRect(target);
    const QSize size(std::max(1, static_cast<int>(std::lround(device.width()))),
        std::max(1, static_cast<int>(std::lround(device.height()))));
    const bool raster = painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster;
    QImage drawn = image;
    if (size.width() >= image.width() && size.height() >= image.height()) {
        if (size != image.size() && static_cast<qint64>(size.width()) * size.height() <= 4096LL * 4096LL)
            drawn = image.scaled(size, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    } else if (raster) {
        drawn = image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, drawn.size() != size);
    painter.drawImage(target, drawn);
    painter.restore();
}

} // namespace

ImageGridLayout layoutImageGrid(const QRectF& rect, const ImageTiles& tiles, const ImageGridStyle& style)
{
    ImageGridLayout layout;
    if (tiles.sampleCount == 0 || tiles.before.empty())
        return layout;
    const double s = style.fontScale;
    QRectF area = rect.adjusted(12 * s, 6 * s, -12 * s, -6 * s);
    if (style.caption) {
        const auto heights = paragraphHeights(imageCaption(tiles), captionFont(style), area.width());
        double height = 0.0;
        for (double h : heights)
            height += h;
        layout.caption = QRectF(area.left(), area.bottom() - height, area.width(), height);
        area.setBottom(layout.caption.top() - 10 * s);
    }
    const bool channels = tiles.mode == TileMode::Channels;
    const double headerHeight = QFontMetricsF(headerFont(style)).lineSpacing() * (channels ? 2.1 : 1.1) + 2 * s;
    // Photos are named above their pair; the short "n = 3" of other tensors goes to the left, so
    // a batch of eight samples does not spend eight lines of height on names.
    const bool labelLeft = !tiles.photos;
    const QFontMetricsF labelMetrics(labelFont(style));
    const double labelLine = labelMetrics.lineSpacing();
    const double labelHeight = labelLeft ? 7 * s : labelLine + 7 * s; // clear of the selection frame
    double labelWidth = 0.0;
    if (labelLeft) {
        for (const QString& label : tiles.labels)
            labelWidth = std::max(labelWidth, labelMetrics.horizontalAdvance(label));
        labelWidth += 12 * s;
    }
    // The mean-colour bar: a tenth of the picture's height, below the frame.
    const double barGap = 6 * s + 2;
    const double barShare = 0.1;
    const double minBar = 4.0;
    const auto k = static_cast<double>(tiles.before.front().size());
    const double aspect = static_cast<double>(tiles.shape.w) / static_cast<double>(tiles.shape.h);
    const double tileGap = channels ? std::max(2.0, 3 * s) : 0.0;
    const double midGap = 30 * s;
    const double pairGap = 26 * s;
    const double rowGap = 8 * s;
    const auto count = static_cast<double>(tiles.sampleCount);

    // The number of rows that makes the pictures largest.
    double best = 0.0;
    int rows = 1;
    for (int r = 1; r <= tiles.sampleCount; ++r) {
        const double q = std::ceil(count / r);
        const double byWidth = (area.width() - (q - 1) * pairGap - q * (labelWidth + 2 * (k - 1) * tileGap + midGap))
            / (q * 2 * k * aspect);
        const double free = area.height() - headerHeight - r * (labelHeight + barGap) - (r - 1) * rowGap;
        // The bar is a tenth of the picture but at least minBar high.
        const double byHeight = std::min(free / (r * (1 + barShare)), free / r - minBar);
        const double t = std::min(byWidth, byHeight);
        if (t > best + 1e-9) {
            best = t;
            rows = r;
        }
    }
    const int columns = static_cast<int>(std::ceil(count / rows));
    const double t = std::max(1.0, std::floor(best));
    const double bar = std::max(minBar, std::floor(barShare * t));
    const double tileWidth = std::max(1.0, std::floor(t * aspect));
    const double groupWidth = k * tileWidth + (k - 1) * tileGap;
    const double pairWidth = labelWidth + 2 * groupWidth + midGap;
    const double gridWidth = columns * pairWidth + (columns - 1) * pairGap;
    const double rowHeight = labelHeight + t + barGap + bar;
    const double gridHeight = headerHeight + rows * rowHeight + (rows - 1) * rowGap;
    const double x0 = area.center().x() - gridWidth / 2.0;
    // The grid and its caption as one block, centred in the height.
    const double y0 = area.top() + std::max(0.0, (area.height() - gridHeight) / 2.0);
    if (style.caption)
        layout.caption.moveTop(y0 + gridHeight + 10 * s);
    layout.tileHeight = t;
    layout.labelLeft = labelLeft;

    for (int q = 0; q < std::min<int64_t>(columns, tiles.sampleCount); ++q) {
        const double px = x0 + q * (pairWidth + pairGap) + labelWidth;
        layout.beforeHeaders.push_back(QRectF(px, y0, groupWidth, headerHeight));
        layout.afterHeaders.push_back(QRectF(px + groupWidth + midGap, y0, groupWidth, headerHeight));
    }
    for (int64_t i = 0; i < tiles.sampleCount; ++i) {
        const auto r = static_cast<double>(i / columns);
        const auto q = static_cast<double>(i % columns);
        const double lx = x0 + q * (pairWidth + pairGap);
        const double px = lx + labelWidth;
        const double py = y0 + headerHeight + r * (rowHeight + rowGap);
        const double ty = py + labelHeight;
        ImageGridLayout::Pair pair;
        pair.sample = tiles.firstSample + i;
        pair.label = labelLeft ? QRectF(lx, ty, labelWidth - 8 * s, t) : QRectF(px, py, pairWidth, labelLine);
        for (size_t j = 0; j < tiles.before.front().size(); ++j) {
            const double dx = static_cast<double>(j) * (tileWidth + tileGap);
            pair.before.push_back(snapped(px + dx, ty, tileWidth, t));
            pair.after.push_back(snapped(px + groupWidth + midGap + dx, ty, tileWidth, t));
            pair.beforeBars.push_back(snapped(px + dx, ty + t + barGap, tileWidth, bar));
            pair.afterBars.push_back(snapped(px + groupWidth + midGap + dx, ty + t + barGap, tileWidth, bar));
        }
        pair.arrow = QRectF(px + groupWidth, ty, midGap, t);
        layout.pairs.push_back(pair);
    }
    return layout;
}

std::optional<QRectF> selectedPart(const ImageTiles& tiles, int64_t sample, size_t tileIndex, const QRectF& tile)
{
    const IndexBox& box = tiles.selected;
    if (sample < box.begin[0] || sample >= box.end[0])
        return std::nullopt;
    const int64_t c = tiles.tileChannel(tileIndex);
    if (c >= 0 && (c < box.begin[1] || c >= box.end[1]))
        return std::nullopt;
    const int64_t w = tiles.shape.w;
    const int64_t h = tiles.shape.h;
    if (box.begin[2] == 0 && box.end[2] == h * w)
        return tile;
    const int64_t h0 = box.begin[2] / w;
    const int64_t h1 = (box.end[2] + w - 1) / w;
    return QRectF(tile.left(), tile.top() + tile.height() * static_cast<double>(h0) / static_cast<double>(h),
        tile.width(), tile.height() * static_cast<double>(h1 - h0) / static_cast<double>(h));
}

void paintImageGrid(QPainter& painter, const QRectF& rect, const ImageTiles& tiles, const ImageGridStyle& style)
{
    const ImageGridLayout layout = layoutImageGrid(rect, tiles, style);
    if (layout.pairs.empty())
        return;
    const double s = style.fontScale;
    const Theme& theme = style.theme;
    painter.save();

    const QFont header = headerFont(style);
    const QFont small = sized(style, 11.0);
    for (size_t q = 0; q < layout.beforeHeaders.size(); ++q) {
        for (const auto& [r, text] : { std::pair { layout.beforeHeaders[q], ImageGrid::tr("Before") },
                 std::pair { layout.afterHeaders[q], ImageGrid::tr("After") } }) {
            painter.setFont(header);
            painter.setPen(theme.foreground);
            const QFontMetricsF m(header);
            painter.drawText(QRectF(r.left() - 20 * s, r.top(), r.width() + 40 * s, m.lineSpacing()),
                Qt::AlignHCenter | Qt::AlignTop, text);
        }
        if (tiles.mode != TileMode::Channels)
            continue;
        // Channel numbers over the tiles of the first row.
        painter.setFont(small);
        painter.setPen(theme.muted);
        const auto& pair = layout.pairs[q];
        const QFontMetricsF smallMetrics(small);
        const double y = layout.beforeHeaders[q].bottom() - smallMetrics.lineSpacing() - 2 * s;
        if (pair.before.front().width() < smallMetrics.horizontalAdvance(QStringLiteral("00")) + 2) {
            // Too narrow for a number over every tile: the range over the group.
            const QString range
                = QStringLiteral("c=%1…%2").arg(tiles.firstChannel).arg(tiles.firstChannel + tiles.channelCount - 1);
            for (const QRectF& header : { layout.beforeHeaders[q], layout.afterHeaders[q] })
                painter.drawText(QRectF(header.left() - 20 * s, y, header.width() + 40 * s, smallMetrics.lineSpacing()),
                    Qt::AlignHCenter | Qt::AlignBottom, range);
            continue;
        }
        for (size_t j = 0; j < pair.before.size(); ++j) {
            const QString number
                = j == 0 ? QStringLiteral("c=%1").arg(tiles.tileChannel(j)) : QString::number(tiles.tileChannel(j));
            for (const QRectF& tile : { pair.before[j], pair.after[j] })
                painter.drawText(
                    QRectF(tile.left() - 10 * s, y, tile.width() + 20 * s, QFontMetricsF(small).lineSpacing()),
                    Qt::AlignHCenter | Qt::AlignBottom, number);
        }
    }

    const double frame = std::max(1.5, 3.0 * s);
    for (const auto& pair : layout.pairs) {
        const auto i = static_cast<size_t>(pair.sample - tiles.firstSample);
        bool selected = false;
        for (size_t j = 0; j < pair.before.size(); ++j) {
            drawTile(painter, pair.before[j], tiles.before[i][j]);
            drawTile(painter, pair.after[j], tiles.after[i][j]);
            painter.fillRect(pair.beforeBars[j], tiles.beforeMean[i][j]);
            painter.fillRect(pair.afterBars[j], tiles.afterMean[i][j]);
            selected = selected || selectedPart(tiles, pair.sample, j, pair.before[j]).has_value();
        }
        QFont label = labelFont(style);
        label.setBold(selected);
        painter.setFont(label);
        painter.setPen(selected ? theme.highlight : theme.foreground);
        painter.drawText(pair.label, (layout.labelLeft ? Qt::AlignRight : Qt::AlignHCenter) | Qt::AlignVCenter,
            QFontMetricsF(label).elidedText(tiles.labels[static_cast<int>(i)], Qt::ElideMiddle, pair.label.width()));
        painter.setFont(header);
        painter.setPen(theme.muted);
        painter.drawText(pair.arrow, Qt::AlignCenter, QStringLiteral("→"));

        // A hairline around every picture, so a grey one stays visible on a grey background; the
        // selected set's part framed in the highlight colour, on both sides.
        painter.setBrush(Qt::NoBrush);
        for (size_t j = 0; j < pair.before.size(); ++j) {
            for (const QRectF& outline : { pair.before[j], pair.after[j], pair.beforeBars[j], pair.afterBars[j] }) {
                painter.setPen(QPen(theme.cellEdge, 0));
                painter.drawRect(outline.adjusted(-0.5, -0.5, 0.5, 0.5));
            }
            for (const QRectF& tile : { pair.before[j], pair.after[j] }) {
                if (const auto part = selectedPart(tiles, pair.sample, j, tile)) {
                    painter.setPen(QPen(theme.highlight, frame, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
                    painter.drawRect(part->adjusted(-frame / 2 - 1, -frame / 2 - 1, frame / 2 + 1, frame / 2 + 1));
                }
            }
        }
    }

    if (style.caption) {
        const QStringList lines = imageCaption(tiles);
        const QFont font = captionFont(style);
        const auto heights = paragraphHeights(lines, font, layout.caption.width());
        painter.setFont(font);
        double y = layout.caption.top();
        for (qsizetype i = 0; i < lines.size(); ++i) {
            // The sentence saying why the map is fixed is secondary: muted.
            painter.setPen(i == 2 ? theme.muted : theme.foreground);
            painter.drawText(QRectF(layout.caption.left(), y, layout.caption.width(), heights[static_cast<size_t>(i)]),
                Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, lines[i]);
            y += heights[static_cast<size_t>(i)];
        }
    }
    painter.restore();
}

std::optional<ImageHit> hitImageGrid(const ImageGridLayout& layout, const ImageTiles& tiles, const QPointF& point)
{
    for (const auto& pair : layout.pairs) {
        for (size_t j = 0; j < pair.before.size(); ++j) {
            for (const bool after : { false, true }) {
                const QRectF& tile = after ? pair.after[j] : pair.before[j];
                if (!tile.contains(point))
                    continue;
                ImageHit hit;
                hit.n = pair.sample;
                hit.c = tiles.tileChannel(j);
                hit.after = after;
                hit.h = std::clamp<int64_t>(
                    static_cast<int64_t>((point.y() - tile.top()) / tile.height() * static_cast<double>(tiles.shape.h)),
                    0, tiles.shape.h - 1);
                hit.w = std::clamp<int64_t>(
                    static_cast<int64_t>((point.x() - tile.left()) / tile.width() * static_cast<double>(tiles.shape.w)),
                    0, tiles.shape.w - 1);
                return hit;
            }
        }
    }
    return std::nullopt;
}

} // namespace normscope
