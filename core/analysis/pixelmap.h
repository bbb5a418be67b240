// Tensor values as 8-bit grey levels, for the image view and the "images" figure: one linear map
// level = clamp(round(offset + gain · value), 0, 255) per picture, the same for every image and
// every channel of it, so equal values always look equal. The view chooses which map (see
// ui/images/imagetiles.h for why the output gets a fixed one); this file only applies it and
// counts what it cannot show (values beyond black or white, NaN).
#pragma once

#include "tensor/tensor.h"

#include <cstdint>
#include <vector>

namespace normscope {

struct LevelMap {
    double offset = 127.5;
    double gain = 42.5;

    // The output of a norm: 0 -> 127.5 (mid grey), every unit of standard deviation 42.5 levels,
    // so -3 -> 0 (black) and +3 -> 255 (white); beyond that is clipped.
    static LevelMap normalized();
    // Values read from 8-bit images: `maxValue` is 1 for images read as 0–1 and 255 for 0–255,
    // so every value maps back onto the very pixel it was read from.
    static LevelMap pixels(double maxValue);
    // lo -> 0, hi -> 255: one map for a whole tensor of no known scale (a constant one, lo == hi,
    // comes out mid grey).
    static LevelMap range(double lo, double hi);

    // The level of a finite value (NaN gives 0; callers mark NaN themselves).
    uint8_t level(float value) const;
    // True when the value lies beyond black or white (level below -0.5 or from 255.5 on before
    // clamping, or infinite): it is drawn as 0 or 255 although it is not that value.
    bool clips(float value) const;
};

// One (n, c) plane of a tensor as levels, row-major H×W.
struct PlaneLevels {
    int64_t height = 0;
    int64_t width = 0;
    std::vector<uint8_t> levels;
    std::vector<uint8_t> nan; // empty when the plane has no NaN, else 1 where the value is NaN
    double mean = 0.0; // of the plane's values (NaN when any is NaN): the view draws it as a bar
};

PlaneLevels planeLevels(const Tensor& tensor, int64_t n, int64_t c, const LevelMap& map);

// How many values of a tensor a map cannot show faithfully.
struct LevelCounts {
    int64_t total = 0;
    int64_t clipped = 0; // beyond black or white
    int64_t nan = 0;
};

LevelCounts countLevels(const Tensor& tensor, const LevelMap& map);

} // namespace normscope
