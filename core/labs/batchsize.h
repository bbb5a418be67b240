// The batch-size lab: why small batches hurt BatchNorm (the Group Normalization paper's Figure 1,
// measured on the user's own data). One sample of the batch on screen is held fixed; its batch
// mates are drawn at random, R times for each batch size N; for each norm we record the sample's
// per-channel output mean and how much it varies over the draws. BatchNorm in training mode
// normalizes with statistics of the whole batch, so the sample's output moves with its mates,
// less as N grows; LayerNorm, InstanceNorm and GroupNorm (and BatchNorm in eval mode, with running
// statistics) never look at the mates, so nothing varies.
//
// Each mate's per-channel statistics are measured once and kept; the statistics a norm normalizes
// the sample with are combined from them over exactly the planes its reduction set holds (the
// ReductionGeometry decides, as in the norms themselves), so choosing another sample, eps, G or
// running statistics costs no new draws.
#pragma once

#include "labs/labprogress.h"
#include "labs/labsource.h"
#include "norms/normconfig.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace normscope {

enum class BatchSizeNorm { BatchTrain, BatchEval, Layer, Instance, Group };
inline constexpr std::array<BatchSizeNorm, 5> allBatchSizeNorms = { BatchSizeNorm::BatchTrain, BatchSizeNorm::BatchEval,
    BatchSizeNorm::Layer, BatchSizeNorm::Instance, BatchSizeNorm::Group };
// "batch_train", "batch_eval", "layer", "instance", "group" (CSV and command-line keys).
std::string batchSizeNormKey(BatchSizeNorm norm);

struct BatchSizeSettings {
    std::vector<int64_t> sizes { 1, 2, 4, 8, 16, 32, 64 }; // ascending, each ≥ 1
    int draws = 50; // R ≥ 2
    int64_t sample = 0; // the fixed sample: sample n of the batch on screen
    double eps = 1e-5;
    int64_t groups = 1; // GroupNorm's G (a divisor of C)
    NormParams running; // BatchNorm eval: running_mean and running_var (empty: 0 and 1)
};

// One norm at one batch size.
struct BatchSizePoint {
    std::string error; // PyTorch's refusal of this batch size (then nothing below is set)
    // Per draw r and channel c, at [r·C + c]: the statistics the sample's channel c was
    // normalized with (mean and biased variance of its set), and the sample's output mean there.
    std::vector<double> setMean;
    std::vector<double> setVar;
    std::vector<double> outputMean;
    std::vector<double> spread; // per channel: std over the R draws of outputMean (n − 1)
    double meanSpread = 0.0; // spread averaged over channels
};

struct BatchSizeResult {
    Shape shape; // of the batch on screen
    BatchSizeSettings settings;
    std::vector<double> sampleMean; // per channel: the fixed sample's input mean
    // points[norm][size index], norms in allBatchSizeNorms order
    std::array<std::vector<BatchSizePoint>, allBatchSizeNorms.size()> points;

    const BatchSizePoint& point(BatchSizeNorm norm, size_t size) const
    {
        return points[static_cast<size_t>(norm)][size];
    }
};

// Checks sizes (ascending, 1..1024), draws (2..1000), the sample and G against the shape; throws
// NormError saying what is wrong.
void validateBatchSizeSettings(const BatchSizeSettings& settings, const Shape& shape);

class BatchSizeLab {
public:
    explicit BatchSizeLab(LabSource source);

    const LabSource& source() const { return m_source; }
    int drawn() const { return static_cast<int>(m_mates.size()); }
    int64_t matesPerDraw() const { return m_matesPerDraw; }

    // Draws mates until `draws` draws of `maxSize` − 1 mates each are kept (a larger maxSize
    // draws every draw again). Returns drawn(): fewer than asked when `progress` cancels.
    int draw(int draws, int64_t maxSize, const LabProgress& progress = {}, int threads = 0);
    // The sample's outputs for every norm and size. Needs draw(settings.draws, max size) first.
    // Throws NormError for invalid settings.
    BatchSizeResult evaluate(const BatchSizeSettings& settings) const;

private:
    struct Plane {
        double mean = 0.0;
        double m2 = 0.0; // sum of squared deviations from the mean
    };

    LabSource m_source;
    std::vector<Plane> m_screen; // the batch on screen: [n·C + c]
    std::vector<std::vector<Plane>> m_mates; // per draw: [i·C + c] for mates i = 0 .. maxSize − 2
    int64_t m_matesPerDraw = 0;
};

} // namespace normscope
