// Where each picture of ImageTiles goes in a rectangle, and painting it there: "Before" and
// "After" headers, each shown sample's input and output side by side with its name, the selected
// set framed, and the caption that says how values became pixels. Pure painting on any device
// (widget, QImage, SVG, PDF): the image view and the "images" figure share it, and the layout is
// computed apart from painting so picking and tests use the very rectangles that are drawn.
#pragma once

#include "images/imagetiles.h"
#include "look/theme.h"

#include <QFont>
#include <QRectF>

#include <optional>

class QPainter;

namespace normscope {

struct ImageGridStyle {
    Theme theme = Theme::light();
    double fontScale = 1.0; // 1 = the window's text; presentation mode and figures scale it
    QFont font; // the family to use; sizes come from fontScale
    bool caption = true;
    double captionPixels = 12.5; // at fontScale 1
};

struct ImageGridLayout {
    struct Pair {
        int64_t sample = 0;
        QRectF label; // the sample's name
        std::vector<QRectF> before; // one per tile
        std::vector<QRectF> after;
        std::vector<QRectF> beforeBars; // the mean colour under each tile
        std::vector<QRectF> afterBars;
        QRectF arrow; // between the two groups
    };
    std::vector<Pair> pairs;
    std::vector<QRectF> beforeHeaders; // over each column of pairs
    std::vector<QRectF> afterHeaders;
    QRectF caption;
    double tileHeight = 0.0;
    bool labelLeft = false; // sample names left of their pair rather than above
};

ImageGridLayout layoutImageGrid(const QRectF& rect, const ImageTiles& tiles, const ImageGridStyle& style);

void paintImageGrid(QPainter& painter, const QRectF& rect, const ImageTiles& tiles, const ImageGridStyle& style);

// The element under a point: its sample, channel (-1 when the tile is a whole colour or grey
// picture), row and column, and whether it is an output tile.
struct ImageHit {
    int64_t n = 0;
    int64_t c = -1;
    int64_t h = 0;
    int64_t w = 0;
    bool after = false;
};

std::optional<ImageHit> hitImageGrid(const ImageGridLayout& layout, const ImageTiles& tiles, const QPointF& point);

// The rectangle (inside `tile`) of the selected set's elements in a tile, or nothing when the tile
// holds none of them: the whole tile, or the band of rows of a LayerNorm-over-W set.
std::optional<QRectF> selectedPart(const ImageTiles& tiles, int64_t sample, size_t tileIndex, const QRectF& tile);

} // namespace normscope
