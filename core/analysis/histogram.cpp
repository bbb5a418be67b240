#include "analysis/histogram.h"

#include "kernels/rows.h"

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

Histogram makeHistogram(std::span<const float> values, int bins, double lo, double hi, int threads)
{
    Histogram h;
    h.lo = lo;
    h.hi = hi;
    h.counts.assign(static_cast<size_t>(std::max(1, bins)), 0);
    const kernels::BinSpec spec = kernels::BinSpec::over(lo, hi, static_cast<int>(h.counts.size()));
    // The values as one row, cut into fixed pieces; each task counts into its own totals.
    const kernels::RowPieces pieces(1, static_cast<int64_t>(values.size()));
    std::vector<std::vector<int64_t>> totals(static_cast<size_t>(pieces.tasks()));
    pieces.runTasks(threads, [&](int64_t task, int64_t first, int64_t end) {
        kernels::SubHistogram sub(spec.bins);
        auto& mine = totals[static_cast<size_t>(task)];
        mine.assign(h.counts.size(), 0);
        for (int64_t p = first; p < end; ++p) {
            kernels::binValues(values.data() + pieces.begin(p), pieces.end(p) - pieces.begin(p), spec, sub);
            sub.flushInto(mine);
        }
    });
    for (const auto& mine : totals)
        for (size_t b = 0; b < mine.size(); ++b)
            h.counts[b] += mine[b];
    for (int64_t c : h.counts)
        h.total += c;
    return h;
}

Histogram histogramOver(double min, double max, int bins)
{
    Histogram h;
    h.lo = min;
    h.hi = max;
    if (!(h.lo <= h.hi)) {
        h.lo = 0.0;
        h.hi = 1.0;
    } else if (h.lo == h.hi) {
        h.lo -= 0.5;
        h.hi += 0.5;
    }
    h.counts.assign(static_cast<size_t>(std::max(1, bins)), 0);
    return h;
}

namespace {

kernels::Moments momentsOfSpan(std::span<const float> values, int threads)
{
    std::vector<kernels::Moments> rows;
    kernels::rowMoments(values.data(), 1, static_cast<int64_t>(values.size()), threads, rows);
    return rows.front();
}

} // namespace

Histogram makeHistogram(std::span<const float> values, int bins, int threads)
{
    const kernels::Moments m = momentsOfSpan(values, threads);
    const Histogram range = histogramOver(m.min, m.max, bins);
    return makeHistogram(values, bins, range.lo, range.hi, threads);
}

Summary summaryOf(const kernels::Moments& m)
{
    Summary s;
    if (m.count == 0)
        return s;
    s.count = m.count;
    s.min = m.min;
    s.max = m.max;
    s.mean = m.mean();
    s.std = std::sqrt(m.variance());
    return s;
}

Summary summarize(std::span<const float> values, int threads)
{
    return values.empty() ? Summary {} : summaryOf(momentsOfSpan(values, threads));
}

} // namespace normscope
