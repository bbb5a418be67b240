#include "images/imagetiles.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace normscope {

// Translation context for the free functions below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
class ImageTexts {
    Q_DECLARE_TR_FUNCTIONS(ImageTexts)
};

namespace {

constexpr QRgb nanColour = 0xffff00ff; // magenta: no level means NaN

// The page of `count` indices out of `size` that holds `index`.
int64_t pageStart(int64_t index, int64_t size, int64_t count)
{
    if (size <= count)
        return 0;
    return std::min((index / count) * count, size - count);
}

QImage greyImage(const PlaneLevels& plane)
{
    QImage image(static_cast<int>(plane.width), static_cast<int>(plane.height), QImage::Format_RGB32);
    for (int64_t y = 0; y < plane.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(static_cast<int>(y)));
        for (int64_t x = 0; x < plane.width; ++x) {
            const auto i = static_cast<size_t>(y * plane.width + x);
            const int v = plane.levels[i];
            line[x] = !plane.nan.empty() && plane.nan[i] ? nanColour : qRgb(v, v, v);
        }
    }
    return image;
}

QImage colourImage(const PlaneLevels& r, const PlaneLevels& g, const PlaneLevels& b)
{
    QImage image(static_cast<int>(r.width), static_cast<int>(r.height), QImage::Format_RGB32);
    const auto isNan = [](const PlaneLevels& p, size_t i) { return !p.nan.empty() && p.nan[i]; };
    for (int64_t y = 0; y < r.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(static_cast<int>(y)));
        for (int64_t x = 0; x < r.width; ++x) {
            const auto i = static_cast<size_t>(y * r.width + x);
            line[x]
                = isNan(r, i) || isNan(g, i) || isNan(b, i) ? nanColour : qRgb(r.levels[i], g.levels[i], b.levels[i]);
        }
    }
    return image;
}

QColor meanColour(const LevelMap& map, double r, double g, double b)
{
    if (std::isnan(r) || std::isnan(g) || std::isnan(b))
        return QColor::fromRgb(nanColour);
    const auto level = [&](double v) { return static_cast<int>(map.level(static_cast<float>(v))); };
    return QColor(level(r), level(g), level(b));
}

// The tiles of one sample of `tensor` through `map`, and the mean colour of each.
void sampleTiles(const Tensor& tensor, int64_t n, const ImageTiles& tiles, const LevelMap& map,
    std::vector<QImage>& images, std::vector<QColor>& means)
{
    switch (tiles.mode) {
    case TileMode::Colour: {
        const PlaneLevels r = planeLevels(tensor, n, 0, map);
        const PlaneLevels g = planeLevels(tensor, n, 1, map);
        const PlaneLevels b = planeLevels(tensor, n, 2, map);
        images.push_back(colourImage(r, g, b));
        means.push_back(meanColour(map, r.mean, g.mean, b.mean));
        break;
    }
    case TileMode::Grey: {
        const PlaneLevels plane = planeLevels(tensor, n, 0, map);
        images.push_back(greyImage(plane));
        means.push_back(meanColour(map, plane.mean, plane.mean, plane.mean));
        break;
    }
    case TileMode::Channels:
        for (int64_t c = tiles.firstChannel; c < tiles.firstChannel + tiles.channelCount; ++c) {
            const PlaneLevels plane = planeLevels(tensor, n, c, map);
            images.push_back(greyImage(plane));
            means.push_back(meanColour(map, plane.mean, plane.mean, plane.mean));
        }
        break;
    }
}

QString number(double v)
{
    if (std::abs(v) < 5e-4)
        v = 0.0; // no "-0"
    return QString::number(v, 'g', 3);
}

// "red", "green", "blue" for one channel of a colour picture.
QString colourName(int64_t c)
{
    switch (c) {
    case 0:
        return ImageTexts::tr("red");
    case 1:
        return ImageTexts::tr("green");
    default:
        return ImageTexts::tr("blue");
    }
}

// Sentences run on with a space in English, with none after Chinese full-width punctuation.
QString then(const QString& first, const QString& second)
{
    const bool wide = !first.isEmpty() && first.back().unicode() >= 0x3000;
    return first + (wide ? QString() : QStringLiteral(" ")) + second;
}

} // namespace

QString imagesUnavailableReason(const Snapshot& snapshot)
{
    if (!snapshot.input || snapshot.input->shape().rank != 4)
        return ImageTexts::tr(
            "Images need an (N, C, H, W) input: (N, C) and (N, C, L) data have no height and width to draw.");
    return {};
}

ImageTiles makeImageTiles(const Snapshot& snapshot, const PictureSource& source, const ImageTiles* previous)
{
    ImageTiles tiles;
    if (!imagesUnavailableReason(snapshot).isEmpty())
        return tiles;
    const Shape& s = snapshot.input->shape();
    tiles.shape = s;
    tiles.photos = source.photos;
    tiles.input = snapshot.input;
    tiles.mode = s.c == 3 ? TileMode::Colour : s.c == 1 ? TileMode::Grey : TileMode::Channels;
    tiles.selected = CubeModel(snapshot.geometry, 1).setBox(snapshot.selectedSet);
    tiles.selectedLabel = QString::fromStdString(snapshot.geometry.setLabel(snapshot.selectedSet));

    tiles.sampleCount = std::min(s.n, maxShownSamples);
    tiles.firstSample = pageStart(tiles.selected.begin[0], s.n, tiles.sampleCount);
    if (tiles.mode == TileMode::Channels) {
        tiles.channelCount = std::min(s.c, maxShownChannels);
        tiles.firstChannel = pageStart(tiles.selected.begin[1], s.c, tiles.channelCount);
    } else {
        tiles.channelCount = s.c;
    }

    tiles.inputMin = snapshot.inputSummary.min;
    tiles.inputMax = snapshot.inputSummary.max;
    tiles.beforeMap
        = source.photos ? LevelMap::pixels(source.maxValue) : LevelMap::range(tiles.inputMin, tiles.inputMax);
    tiles.afterMap = LevelMap::normalized();

    const bool reuse = previous && previous->input == tiles.input && previous->photos == tiles.photos
        && previous->mode == tiles.mode && previous->firstSample == tiles.firstSample
        && previous->sampleCount == tiles.sampleCount && previous->firstChannel == tiles.firstChannel
        && previous->channelCount == tiles.channelCount && previous->beforeMap.offset == tiles.beforeMap.offset
        && previous->beforeMap.gain == tiles.beforeMap.gain;
    if (reuse) {
        tiles.before = previous->before;
        tiles.beforeMean = previous->beforeMean;
    }
    // Without output (the window computes the next result) the last result's pictures stay, as
    // the histograms do; with none to keep the "after" tiles are left empty.
    const bool keepAfter
        = !snapshot.output && reuse && previous->after.size() == static_cast<size_t>(tiles.sampleCount);
    if (snapshot.output)
        tiles.afterCounts = countLevels(*snapshot.output, tiles.afterMap);
    else if (keepAfter)
        tiles.afterCounts = previous->afterCounts;
    for (int64_t n = tiles.firstSample; n < tiles.firstSample + tiles.sampleCount; ++n) {
        if (!reuse)
            sampleTiles(*snapshot.input, n, tiles, tiles.beforeMap, tiles.before.emplace_back(),
                tiles.beforeMean.emplace_back());
        const size_t shown = static_cast<size_t>(n - tiles.firstSample);
        if (snapshot.output)
            sampleTiles(
                *snapshot.output, n, tiles, tiles.afterMap, tiles.after.emplace_back(), tiles.afterMean.emplace_back());
        else if (keepAfter) {
            tiles.after.push_back(previous->after[shown]);
            tiles.afterMean.push_back(previous->afterMean[shown]);
        } else {
            const size_t count = tiles.before[shown].size();
            tiles.after.emplace_back(count);
            tiles.afterMean.emplace_back(count, QColor(Qt::transparent));
        }
        const QString label = source.photos && n < source.labels.size()
            ? ImageTexts::tr("n = %1 · %2").arg(n).arg(source.labels[static_cast<int>(n)])
            : ImageTexts::tr("n = %1").arg(n);
        tiles.labels << label;
    }
    return tiles;
}

QStringList imageCaption(const ImageTiles& tiles)
{
    QStringList lines;
    if (tiles.sampleCount == 0)
        return lines;
    QString before;
    if (tiles.photos)
        before = tiles.beforeMap.gain > 1.5 ? ImageTexts::tr("Before: the images as read (pixel = value × 255).")
                                            : ImageTexts::tr("Before: the images as read (pixel = value).");
    else
        before = ImageTexts::tr("Before: one linear map for the whole input, %1 black and %2 white.")
                     .arg(number(tiles.inputMin), number(tiles.inputMax));
    if (!tiles.photos && tiles.mode == TileMode::Colour)
        before = then(before, ImageTexts::tr("Channels 0, 1, 2 are drawn as red, green, blue."));
    else if (tiles.mode == TileMode::Channels)
        before = then(before, ImageTexts::tr("Each channel is a grey tile."));
    lines << before;

    QString after = ImageTexts::tr(
        "After: every channel through one fixed map, 0 mid grey, ±1 σ ±42.5 levels, −3 black, +3 white.");
    if (tiles.afterCounts.clipped > 0) {
        const double percent = 100.0 * static_cast<double>(tiles.afterCounts.clipped)
            / static_cast<double>(std::max<int64_t>(1, tiles.afterCounts.total));
        after = then(after,
            ImageTexts::tr("%1 % of the output lies beyond ±3 (clipped).")
                .arg(percent < 0.1 ? QStringLiteral("<0.1") : QString::number(percent, 'f', 1)));
    }
    if (tiles.afterCounts.nan > 0)
        after = then(after, ImageTexts::tr("NaN output values (%1) are drawn magenta.").arg(tiles.afterCounts.nan));
    lines << after;
    lines << (tiles.photos ? ImageTexts::tr("One map for every image and channel, not a stretch (which would remove "
                                            "colour casts by itself): what differs on the right is what the norm left.")
                           : ImageTexts::tr("One map for every sample and channel, not a stretch per tile (which would "
                                            "even the tiles out by itself): what differs on the right is what the norm "
                                            "left."));

    QString framed = tiles.mode == TileMode::Colour
        ? ImageTexts::tr("The bar under each picture is its mean colour.")
        : ImageTexts::tr("The bar under each picture is its mean, drawn with the same map.");
    const bool oneChannel = tiles.selected.end[1] - tiles.selected.begin[1] == 1;
    if (tiles.mode == TileMode::Colour && oneChannel)
        framed = then(framed,
            ImageTexts::tr("Framed: the selected set %1 (the %2 channel inside the frame).")
                .arg(tiles.selectedLabel, colourName(tiles.selected.begin[1])));
    else
        framed = then(framed, ImageTexts::tr("Framed: the selected set %1.").arg(tiles.selectedLabel));
    if (tiles.sampleCount < tiles.shape.n)
        framed = then(framed,
            ImageTexts::tr("Samples %1–%2 of %3 shown.")
                .arg(tiles.firstSample)
                .arg(tiles.firstSample + tiles.sampleCount - 1)
                .arg(tiles.shape.n));
    if (tiles.mode == TileMode::Channels && tiles.channelCount < tiles.shape.c)
        framed = then(framed,
            ImageTexts::tr("Channels %1–%2 of %3 shown.")
                .arg(tiles.firstChannel)
                .arg(tiles.firstChannel + tiles.channelCount - 1)
                .arg(tiles.shape.c));
    lines << framed;
    return lines;
}

} // namespace normscope
