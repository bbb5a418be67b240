#include "analysis/pixelmap.h"

#include <algorithm>
#include <cmath>

namespace normscope {

LevelMap LevelMap::normalized()
{
    return { 127.5, 127.5 / 3.0 };
}

LevelMap LevelMap::pixels(double maxValue)
{
    return { 0.0, 255.0 / maxValue };
}

LevelMap LevelMap::range(double lo, double hi)
{
    if (!(hi > lo))
        return { 127.5, 0.0 };
    const double gain = 255.0 / (hi - lo);
    return { -lo * gain, gain };
}

uint8_t LevelMap::level(float value) const
{
    const double x = offset + gain * static_cast<double>(value);
    if (!(x >= 0.0)) // also NaN
        return 0;
    if (x >= 255.0)
        return 255;
    return static_cast<uint8_t>(std::floor(x + 0.5));
}

bool LevelMap::clips(float value) const
{
    const double x = offset + gain * static_cast<double>(value);
    return x < -0.5 || x >= 255.5 || std::isinf(value);
}

PlaneLevels planeLevels(const Tensor& tensor, int64_t n, int64_t c, const LevelMap& map)
{
    const Shape& s = tensor.shape();
    PlaneLevels plane;
    plane.height = s.h;
    plane.width = s.w;
    plane.levels.resize(static_cast<size_t>(s.hw()));
    const auto values = tensor.data().subspan(static_cast<size_t>(tensor.index(n, c, 0, 0)), plane.levels.size());
    double sum = 0.0;
    for (size_t i = 0; i < values.size(); ++i) {
        const float v = values[i];
        sum += v;
        plane.levels[i] = map.level(v);
        if (std::isnan(v)) {
            if (plane.nan.empty())
                plane.nan.resize(values.size(), 0);
            plane.nan[i] = 1;
        }
    }
    plane.mean = values.empty() ? 0.0 : sum / static_cast<double>(values.size());
    return plane;
}

LevelCounts countLevels(const Tensor& tensor, const LevelMap& map)
{
    LevelCounts counts;
    for (const float v : tensor.data()) {
        ++counts.total;
        if (std::isnan(v))
            ++counts.nan;
        else if (map.clips(v))
            ++counts.clipped;
    }
    return counts;
}

} // namespace normscope
