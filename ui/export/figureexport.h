// Figures that leave the app: the cube, the histograms and a composed 16:9 "slide", painted
// from a Snapshot onto any QPainter, and written as PNG, SVG or PDF. The window's export,
// the clipboard and `normscope export` all call this, so an exported figure is what the window
// shows, at the requested size, never a screenshot.
#pragma once

#include "analysis/snapshot.h"
#include "cube/cubemodel.h"
#include "images/imagetiles.h"
#include "labs/batchsize.h"
#include "labs/runningstats.h"
#include "look/theme.h"

#include <QImage>
#include <QRectF>
#include <QString>

#include <functional>

class QPainter;

namespace normscope {

enum class FigureKind { Cube, Histogram, Slide, Images, RunningStats, BatchSize };

// The labs' results a lab figure draws (the window's current ones, or those `normscope export`
// computed), and the channel it highlights.
struct LabFigureData {
    std::shared_ptr<const RunningStatsHistory> runningStats;
    std::shared_ptr<const BatchSizeResult> batchSize;
    int64_t channel = 0;
};

struct FigureOptions {
    int width = 1600; // pixels for PNG; the page size in points (at `dpi`) for SVG and PDF
    int height = 900;
    double dpi = 144.0;
    Theme theme = Theme::light();
    bool allSets = false;
    CameraState camera;
    bool overlay = false;
    bool logY = false;
    QString sourceText; // where the tensor came from, for the slide's subtitle
    PictureSource pictures; // whether the input was read from images, for the images figure
    LabFigureData labs; // for the running-statistics and batch-size figures
};

std::optional<FigureKind> parseFigureKind(const QString& key);
// Empty when the figure can be drawn for the snapshot, else why not (only images can refuse).
QString figureUnavailableReason(FigureKind kind, const Snapshot& snapshot);
bool isLabFigure(FigureKind kind);

// The largest 16:9 rectangle centred in `rect`: other sizes get bands, not a squashed layout.
QRectF slideArea(const QRectF& rect);

// Paints the figure into `rect` (in the painter's logical units).
void paintFigure(
    QPainter& painter, const QRectF& rect, FigureKind kind, const Snapshot& snapshot, const FigureOptions& options);

QImage renderFigureImage(FigureKind kind, const Snapshot& snapshot, const FigureOptions& options);

// Writes the figure to `path`; the format follows the suffix (.png, .svg, .pdf). Atomic: on any
// failure the previous file at `path` is untouched. Returns an error message, empty on success.
QString exportFigure(const QString& path, FigureKind kind, const Snapshot& snapshot, const FigureOptions& options);

// Any figure drawn by `paint` into (0, 0, width, height), rendered or written as above: the labs'
// figures take this path too.
using FigurePainter = std::function<void(QPainter&, const QRectF&)>;
QImage renderPaintedImage(const FigureOptions& options, const FigurePainter& paint);
QString exportPaintedFigure(const QString& path, const FigureOptions& options, const FigurePainter& paint);

} // namespace normscope
