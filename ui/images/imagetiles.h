// The pictures the image view and the "images" figure draw: every shown sample of the batch
// before and after the norm, as images, built from a Snapshot (never computing a norm).
//
// How values become pixels, and why:
// - Before, photos (the input was read from PNG/JPEG files) are drawn with the pixels they were
//   read from (value × 255 for images read as 0–1, the value itself for 0–255): the photo as it is.
//   A tensor of no known scale (generated, .npy) gets one linear map for the whole tensor, its
//   minimum black and its maximum white.
// - After, every channel of every image goes through one fixed map: 0 -> mid grey (127.5), each
//   unit of standard deviation 42.5 levels, ±3 -> black / white, beyond that clipped (and counted).
//   Not a min–max stretch per image or per channel: such a stretch standardises colours by itself
//   and would show InstanceNorm's effect under BatchNorm too. Not a min–max over the whole output
//   either: it moves with one outlier, and a β slider would change nothing on screen. With one
//   fixed map equal values look equal in every image, channel and setting, so what differs on the
//   right is what the norm left: InstanceNorm puts every channel of every image at mean 0 (grey on
//   average, the colour cast gone), BatchNorm only every channel of the batch (one image's cast
//   stays), and γ, β and eval mode show as they are.
#pragma once

#include "analysis/pixelmap.h"
#include "analysis/snapshot.h"
#include "cube/cubemodel.h"

#include <QColor>
#include <QImage>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace normscope {

// What the window knows about where the input came from.
struct PictureSource {
    bool photos = false; // read from image files
    double maxValue = 1.0; // photos: 1 (values 0–1) or 255 (values 0–255)
    QStringList labels; // photos: the file names, one per sample
};

enum class TileMode {
    Colour, // C = 3: one RGB picture per sample and side
    Grey, // C = 1: one grey picture per sample and side
    Channels, // any other C: each channel a grey tile
};

struct ImageTiles {
    TileMode mode = TileMode::Grey;
    bool photos = false;
    Shape shape;
    // The samples and channels shown: a page of at most maxShownSamples / maxShownChannels that
    // holds the selected set's first sample and channel.
    int64_t firstSample = 0;
    int64_t sampleCount = 0;
    int64_t firstChannel = 0;
    int64_t channelCount = 0; // tiles per side in Channels mode; all C otherwise
    // [shown sample][tile]: one tile per side in Colour and Grey mode, channelCount in Channels.
    std::vector<std::vector<QImage>> before;
    std::vector<std::vector<QImage>> after;
    // The mean of each tile's values through the same map, drawn as a bar under it: InstanceNorm
    // turns every bar grey, BatchNorm leaves each image's tint.
    std::vector<std::vector<QColor>> beforeMean;
    std::vector<std::vector<QColor>> afterMean;
    QStringList labels; // per shown sample: "n = 0 · rose.png"
    LevelMap beforeMap;
    LevelMap afterMap;
    LevelCounts afterCounts; // over the whole output, not only the shown samples
    IndexBox selected; // the selected set's elements, (n, c, h·w)
    QString selectedLabel; // "c=1", "n=0, c=2", ...
    std::shared_ptr<const Tensor> input; // which input `before` was built from (reused when unchanged)
    double inputMin = 0.0;
    double inputMax = 0.0;

    // The channel a tile of a shown sample stands for (Channels mode), else -1 (all channels).
    int64_t tileChannel(size_t tile) const
    {
        return mode == TileMode::Channels ? firstChannel + static_cast<int64_t>(tile) : -1;
    }
};

constexpr int64_t maxShownSamples = 12;
constexpr int64_t maxShownChannels = 8;

// Empty when the snapshot can be drawn as images, else why not, in the user's words.
QString imagesUnavailableReason(const Snapshot& snapshot);

// The tiles for a snapshot. `previous` (may be null) lends its `before` images when the input, the
// source and the shown page are the same, so a slider move maps only the output.
ImageTiles makeImageTiles(const Snapshot& snapshot, const PictureSource& source, const ImageTiles* previous = nullptr);

// The sentences under the pictures: how each side maps values to pixels and why, what is
// clipped, what is framed, which page is shown. Translated.
QStringList imageCaption(const ImageTiles& tiles);

} // namespace normscope
