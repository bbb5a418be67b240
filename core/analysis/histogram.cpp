#include "analysis/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace normscope {

double Histogram::density(size_t i) const
{
    const double width = binWidth();
    if (total == 0 || width <= 0.0)
        return 0.0;
    return static_cast<double>(counts[i]) / (static_cast<double>(total) * width);
}

Histogram makeHistogram(std::span<const float> values, int bins, double lo, double hi)
{
    Histogram h;
    h.lo = lo;
    h.hi = hi;
    h.counts.assign(static_cast<size_t>(std::max(1, bins)), 0);
    const double scale = static_cast<double>(h.counts.size()) / (hi - lo);
    const auto last = static_cast<int64_t>(h.counts.size()) - 1;
    for (float v : values) {
        const int64_t bin = histogramBin(v, lo, hi, scale, last);
        if (bin < 0)
            continue;
        ++h.counts[static_cast<size_t>(bin)];
        ++h.total;
    }
    return h;
}

Histogram makeHistogram(std::span<const float> values, int bins)
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (float v : values) {
        if (std::isfinite(v)) {
            lo = std::min<double>(lo, v);
            hi = std::max<double>(hi, v);
        }
    }
    if (!(lo <= hi)) {
        lo = 0.0;
        hi = 1.0;
    } else if (lo == hi) {
        lo -= 0.5;
        hi += 0.5;
    }
    return makeHistogram(values, bins, lo, hi);
}

Summary summarize(std::span<const float> values)
{
    Summary s;
    double sum = 0.0;
    s.min = std::numeric_limits<double>::infinity();
    s.max = -s.min;
    for (float v : values) {
        sum += v;
        s.min = std::min<double>(s.min, v);
        s.max = std::max<double>(s.max, v);
    }
    s.count = static_cast<int64_t>(values.size());
    if (s.count == 0)
        return Summary {};
    s.mean = sum / static_cast<double>(s.count);
    double sq = 0.0;
    for (float v : values)
        sq += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(sq / static_cast<double>(s.count));
    return s;
}

} // namespace normscope
