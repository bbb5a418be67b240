#include "look/colorscale.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace normscope {

QColor viridis(double t)
{
    if (std::isnan(t))
        return QColor(0x80, 0x80, 0x80);
    // matplotlib's viridis at ten even steps (as R's viridisLite::viridis(10)); linear between.
    static constexpr std::array<unsigned, 10> stops
        = { 0x440154, 0x482878, 0x3e4a89, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6dcd59, 0xb4de2c, 0xfde725 };
    const double x = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
    const auto i = std::min(static_cast<size_t>(x), stops.size() - 2);
    const double f = x - static_cast<double>(i);
    const auto channel = [&](int shift) {
        const double a = (stops[i] >> shift) & 0xff;
        const double b = (stops[i + 1] >> shift) & 0xff;
        return static_cast<int>(std::lround(a + (b - a) * f));
    };
    return QColor(channel(16), channel(8), channel(0));
}

QColor brushColour(const Theme& theme)
{
    // Magenta: far from the blue set highlight, the orange output bars and the viridis range.
    return theme.key == QLatin1String("dark") ? QColor(0xff5fa2) : QColor(0xc2185b);
}

QColor markColour(const Theme& theme)
{
    return theme.key == QLatin1String("dark") ? QColor(0xffd33d) : QColor(0xb35900);
}

} // namespace normscope
