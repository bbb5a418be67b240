// Paints the four norms side by side (Wu & He, "Group Normalization", Figure 2, on a live tensor):
// for BatchNorm, LayerNorm, InstanceNorm and GroupNorm a cube with the set holding the anchor
// element, the output's histogram on axes the four share, the spread of per-set statistics and
// what the norm leaves unequalised; under them GroupNorm's measured distance to LayerNorm and to
// InstanceNorm. Pure painting on any device: the compare view and `normscope export --figure
// compare` share it; compareLayout is the geometry picking uses.
#pragma once

#include "analysis/comparison.h"
#include "cube/cubepainter.h"
#include "look/theme.h"

#include <QFont>
#include <QRectF>
#include <QString>

#include <array>
#include <optional>

class QPainter;

namespace normscope {

struct CompareOptions {
    Theme theme = Theme::light();
    CameraState camera; // one camera: the four cubes turn together
    double fontScale = 1.0; // 1 = a 1600×900 slide
    bool title = true; // a slide's title line; the window has a tab for it
    QString sourceText; // where the tensor came from ("channel-shift, seed 0")
    std::optional<IndexBoxF> groupBox; // GroupNorm's highlighted group while G morphs
    int hoveredColumn = -1;
    std::optional<CubeCell> hovered;
};

struct CompareLayout {
    QRectF title;
    QRectF subtitle;
    QRectF limits; // GroupNorm's distances to LN and IN
    std::array<QRectF, 4> heading;
    std::array<QRectF, 4> cube;
    std::array<QRectF, 4> histogram;
    std::array<QRectF, 4> text;
};

// With the comparison, the subtitle gets as many lines as its text wraps to; without, two.
CompareLayout compareLayout(const QRectF& rect, const CompareOptions& options, const Comparison* comparison = nullptr);
// The heading's bold font: 20 px at scale 1, smaller when it would not fit `width`.
QFont compareHeadingFont(const QFont& base, const QString& heading, double width, double scale);
// The cube options each column paints with (caption off, scaled down); picking uses them too.
CubePaintOptions compareCubeOptions(const CompareOptions& options, int column, const Comparison& comparison);

void paintComparison(
    QPainter& painter, const QRectF& rect, const Comparison& comparison, const CompareOptions& options);

// The texts the figure shows, for the widget's accessibility and the tests.
QString compareTitle();
QString compareSubtitle(const Comparison& comparison, const QString& sourceText);
QString compareHeading(const ComparedNorm& column);
QString compareSetLine(const ComparedNorm& column);
QStringList compareSpreadLines(const ComparedNorm& column);
QStringList compareLimitLines(const Comparison& comparison);

} // namespace normscope
