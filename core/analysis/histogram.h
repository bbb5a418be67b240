// Fixed-width histograms and summary statistics of float data, computed in double, in parallel
// over fixed pieces of the data (the results do not depend on the number of threads).
#pragma once

#include "kernels/parallel.h"
#include "kernels/rowkernels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

namespace normscope {

// The binning rule, in one place: [lo, hi] cut into last + 1 equal bins (scale = bins / (hi - lo)),
// the last bin including hi; -1 for a value not counted (outside, NaN, ±∞).
inline int64_t histogramBin(double value, double lo, double hi, double scale, int64_t last)
{
    if (!std::isfinite(value) || value < lo || value > hi)
        return -1;
    return std::min(last, static_cast<int64_t>((value - lo) * scale));
}

struct Histogram {
    double lo = 0.0; // left edge of the first bin
    double hi = 1.0; // right edge of the last bin
    std::vector<int64_t> counts;
    int64_t total = 0; // values counted (finite ones)

    double binWidth() const { return counts.empty() ? 0.0 : (hi - lo) / static_cast<double>(counts.size()); }
    double binCenter(size_t i) const { return lo + (static_cast<double>(i) + 0.5) * binWidth(); }
    // The bin makeHistogram counted a value in, or -1: brushing a bin finds exactly its values.
    int64_t binOf(double value) const
    {
        if (counts.empty())
            return -1;
        const auto bins = static_cast<int64_t>(counts.size());
        return histogramBin(value, lo, hi, static_cast<double>(bins) / (hi - lo), bins - 1);
    }
    // Density of bin i (count / (total * width)), comparable with a probability density.
    double density(size_t i) const;
};

// `bins` equal bins over [lo, hi]; the last bin includes hi. Non-finite values are skipped.
Histogram makeHistogram(std::span<const float> values, int bins, double lo, double hi, int threads = 0);
// Bins over the data's own [min, max] of finite values (a degenerate range is widened by ±0.5).
Histogram makeHistogram(std::span<const float> values, int bins, int threads = 0);
// The empty histogram of `bins` bins over the finite range [min, max], widened as above.
Histogram histogramOver(double min, double max, int bins);

struct Summary {
    int64_t count = 0;
    double min = 0.0; // of the finite values
    double max = 0.0;
    double mean = 0.0;
    double std = 0.0; // population (biased) standard deviation, as the norms use
};

Summary summarize(std::span<const float> values, int threads = 0);
Summary summaryOf(const kernels::Moments& moments);

} // namespace normscope
