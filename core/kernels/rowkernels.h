// Kernels over one contiguous run of float32 values: moments accumulated in double, the norms'
// affine map computed in double and rounded once, histogram binning, and the fused pass a slider
// move makes over the output (write, measure and bin in one read of the input).
//
// Runtime dispatch (Google Highway) runs them with AVX2 or SSE4 where the CPU has them and as
// plain C++ otherwise. Every path gives the same bits: sums use eight interleaved double
// accumulators combined in a fixed order whatever the vector width, and no multiply-add is fused
// (core/ builds with -ffp-contract=off), so results depend neither on the CPU nor on the number
// of threads.
//
// The normalization map is y = float((double(x) - center) * scale + shift): for the four norms
// `center` is the set mean and scale = γ / sqrt(var + eps); an RMS norm (x / sqrt(mean(x²) + eps))
// is center = 0 with scale = γ / sqrt(m2 / n + mean² + eps) from the same Moments.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace normscope::kernels {

// Values per block of the two-pass moments: 32 KB, so the second pass reads from L1.
inline constexpr int64_t kBlock = 8192;

// Moments of `count` values: their sum, the sum of squared deviations from their mean, and the
// minimum and maximum of the finite ones (+inf/-inf when there are none).
struct Moments {
    int64_t count = 0;
    double sum = 0.0;
    double m2 = 0.0;
    float min = std::numeric_limits<float>::infinity();
    float max = -std::numeric_limits<float>::infinity();
    bool nonFinite = false; // some value was NaN or infinite

    double mean() const { return count ? sum / static_cast<double>(count) : 0.0; }
    double variance() const { return count ? m2 / static_cast<double>(count) : 0.0; } // biased
};

// Exact moments of x[0, n): two passes over each block of kBlock values (sum, then squared
// deviations from the block's mean), blocks merged with mergeMoments.
Moments momentsOf(const float* x, int64_t n);

// Chan's combination of parts, in order: sum = Σ sum_i, m2 = Σ m2_i + n_i (mean_i - mean)².
Moments mergeMoments(std::span<const Moments> parts);
// The same for parts picked by index (e.g. the rows of one set).
Moments mergeMoments(std::span<const Moments> all, std::span<const int64_t> which);

// y = float(((double(x) - center) * scale) * gamma + shift), each operation rounded in turn;
// without `hasGamma` the second product is skipped (the norms with one γ per set fold it into
// scale), without `hasShift` the addition is (so -0.0 stays -0.0, as without a bias in PyTorch).
// LayerNorm's γ, β when equal over all elements use gamma and shift, in its elementwise order.
struct AffineMap {
    double center = 0.0;
    double scale = 1.0;
    double shift = 0.0;
    bool hasShift = false;
    double gamma = 1.0;
    bool hasGamma = false;

    double exact(double x) const
    {
        double d = (x - center) * scale;
        if (hasGamma)
            d = d * gamma;
        return hasShift ? d + shift : d;
    }
    float operator()(float x) const { return static_cast<float>(exact(x)); }
};

// y[i] = map(x[i]). `stream` asks for non-temporal stores (outputs too big to stay in cache).
void applyMap(const float* x, float* y, int64_t n, const AffineMap& map, bool stream);

// LayerNorm's elementwise affine: y[i] = float(((double(x[i]) - center) * invstd) * γ[i] + β[i]),
// γ = 1 when `gamma` is null, β = 0 when `beta` is null.
void applyElementwise(const float* x, float* y, int64_t n, double center, double invstd, const float* gamma,
    const float* beta, bool stream);

// `bins` equal bins over [lo, hi], the last one closed: bin = min(bins - 1, (v - lo) * scale).
struct BinSpec {
    double lo = 0.0;
    double hi = 1.0;
    double scale = 1.0; // bins / (hi - lo)
    int bins = 1;

    static BinSpec over(double lo, double hi, int bins);
};

// Counters for one task's binning: kCopies interleaved copies (value i counts into copy i % 8, so
// consecutive values rarely wait on the same counter) of bins + 1 counters; the extra one takes
// NaN, infinite and out-of-range values. 32-bit: a task bins far fewer than 2^32 values.
class SubHistogram {
public:
    static constexpr int kCopies = 8;

    explicit SubHistogram(int bins = 1);
    void clear();
    uint32_t* counters() { return m_counts.data(); }
    int stride() const { return m_stride; }
    // Adds the counts of bins [0, bins) to `totals` and clears.
    void flushInto(std::vector<int64_t>& totals);

private:
    int m_stride;
    std::vector<uint32_t> m_counts;
};

void binValues(const float* x, int64_t n, const BinSpec& spec, SubHistogram& hist);

// Σ (y - K) and Σ (y - K)² of a run of outputs, K a close guess at their mean.
struct ShiftedSums {
    double s1 = 0.0;
    double s2 = 0.0;
};

// The slider move's pass: y = map(x) written out, its shifted sums about K added up and y binned
// into `hist`.
ShiftedSums applyMeasureBin(const float* x, float* y, int64_t n, const AffineMap& map, double K, const BinSpec& spec,
    SubHistogram& hist, bool stream);

// Which instruction set the kernels run with ("AVX2", "SSE4", "SCALAR").
std::string simdTarget();
// Limits dispatch to at most `target` ("AVX2", "SSE4" or "SCALAR"; "" lifts the limit), as on a
// CPU without the better ones. For tests and `normscope bench --simd`; false for an unknown or
// unsupported name.
bool limitSimd(const std::string& target);
// The targets this build has and this CPU supports, best first.
std::vector<std::string> availableSimdTargets();

} // namespace normscope::kernels
