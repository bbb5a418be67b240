#include "labs/batchsize.h"

#include "kernels/parallel.h"
#include "norms/normalize.h"
#include "norms/normerror.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace normscope {

namespace {

// Every (n, c) plane as its own set, in any mode: how the lab measures samples plane by plane.
// (InstanceNorm in eval mode with running statistics: no "more than 1 spatial element" check,
// and computeSetStatistics measures the planes regardless.)
NormConfig planeConfig()
{
    NormConfig config = NormConfig::defaults(NormKind::Instance);
    config.trackRunningStats = true;
    config.training = false;
    return config;
}

NormConfig configFor(BatchSizeNorm norm, const BatchSizeSettings& settings)
{
    NormConfig config;
    switch (norm) {
    case BatchSizeNorm::BatchTrain:
        config = NormConfig::defaults(NormKind::Batch);
        break;
    case BatchSizeNorm::BatchEval:
        config = NormConfig::defaults(NormKind::Batch);
        config.training = false;
        break;
    case BatchSizeNorm::Layer:
        config = NormConfig::defaults(NormKind::Layer); // over (C, H, W), as in the GN paper
        break;
    case BatchSizeNorm::Instance:
        config = NormConfig::defaults(NormKind::Instance);
        break;
    case BatchSizeNorm::Group:
        config = NormConfig::defaults(NormKind::Group);
        config.groups = settings.groups;
        break;
    }
    config.eps = settings.eps;
    return config;
}

// A set's count, mean and sum of squared deviations, merged plane by plane (Chan et al.'s
// pairwise update: as exact in double as two passes over the set).
struct Accumulator {
    double count = 0.0;
    double mean = 0.0;
    double m2 = 0.0;

    void add(double planeCount, double planeMean, double planeM2)
    {
        if (count == 0.0) {
            count = planeCount, mean = planeMean, m2 = planeM2;
            return;
        }
        const double total = count + planeCount;
        const double delta = planeMean - mean;
        mean += delta * planeCount / total;
        m2 += planeM2 + delta * delta * count * planeCount / total;
        count = total;
    }
};

} // namespace

std::string batchSizeNormKey(BatchSizeNorm norm)
{
    switch (norm) {
    case BatchSizeNorm::BatchTrain:
        return "batch_train";
    case BatchSizeNorm::BatchEval:
        return "batch_eval";
    case BatchSizeNorm::Layer:
        return "layer";
    case BatchSizeNorm::Instance:
        return "instance";
    case BatchSizeNorm::Group:
        return "group";
    }
    return {};
}

void validateBatchSizeSettings(const BatchSizeSettings& s, const Shape& shape)
{
    if (s.sizes.empty())
        throw NormError("Give at least one batch size.");
    for (size_t i = 0; i < s.sizes.size(); ++i) {
        if (s.sizes[i] < 1 || s.sizes[i] > 1024)
            throw NormError("Batch sizes must be between 1 and 1024, got " + std::to_string(s.sizes[i]) + ".");
        if (i > 0 && s.sizes[i] <= s.sizes[i - 1])
            throw NormError("Batch sizes must be given in ascending order, each once.");
    }
    if (s.draws < 2 || s.draws > 1000)
        throw NormError("The number of draws must be between 2 and 1000 (a spread needs two), got "
            + std::to_string(s.draws) + ".");
    if (s.sample < 0 || s.sample >= shape.n)
        throw NormError("The fixed sample must be one of the " + std::to_string(shape.n)
            + " samples of the batch on screen (0 to " + std::to_string(shape.n - 1) + "), got "
            + std::to_string(s.sample) + ".");
    if (s.groups < 1 || shape.c % s.groups != 0)
        throw NormError("GroupNorm's G must divide the " + std::to_string(shape.c) + " channels, got "
            + std::to_string(s.groups) + ".");
    const double values = static_cast<double>(s.draws) * static_cast<double>(s.sizes.back() - 1)
        * static_cast<double>(shape.c * shape.hw());
    if (values > static_cast<double>(int64_t(1) << 28))
        throw NormError("Drawing " + std::to_string(s.draws) + " batches of up to " + std::to_string(s.sizes.back())
            + " samples of " + std::to_string(shape.c * shape.hw())
            + " values would take too long: use fewer draws or smaller batches.");
    if (!std::isfinite(s.eps) || s.eps < 0.0)
        throw NormError("eps must be a finite number >= 0.");
}

BatchSizeLab::BatchSizeLab(LabSource source)
    : m_source(std::move(source))
{
    const Tensor screen = m_source.screenBatch();
    const SetStatistics stats = computeSetStatistics(screen, ReductionGeometry(planeConfig(), screen.shape()));
    const auto hw = static_cast<double>(screen.shape().hw());
    m_screen.resize(stats.mean.size());
    for (size_t i = 0; i < stats.mean.size(); ++i)
        m_screen[i] = { stats.mean[i], stats.var[i] * hw };
}

int BatchSizeLab::draw(int draws, int64_t maxSize, const LabProgress& progress, int threads)
{
    const int64_t perDraw = std::max<int64_t>(maxSize - 1, 0);
    if (perDraw > m_matesPerDraw) {
        m_mates.clear(); // mate i of a draw stays the same, but each draw needs more of them
        m_matesPerDraw = perDraw;
    }
    const int first = drawn();
    if (draws <= first)
        return drawn();
    const Shape& shape = m_source.shape();
    const int workers
        = effectiveThreads(threads, (draws - first) * std::max<int64_t>(perDraw, 1) * shape.c * shape.hw());
    while (drawn() < draws) {
        if (progress.stop())
            break;
        const int round = std::min(workers, draws - drawn());
        std::vector<std::vector<Plane>> measured(static_cast<size_t>(round));
        const int next = drawn();
        parallelFor(round, workers, [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                if (m_matesPerDraw == 0)
                    continue;
                const Tensor mates = m_source.mates(static_cast<uint64_t>(next + i), m_matesPerDraw);
                const SetStatistics stats
                    = computeSetStatistics(mates, ReductionGeometry(planeConfig(), mates.shape()), 1);
                const auto hw = static_cast<double>(shape.hw());
                auto& planes = measured[static_cast<size_t>(i)];
                planes.resize(stats.mean.size());
                for (size_t p = 0; p < planes.size(); ++p)
                    planes[p] = { stats.mean[p], stats.var[p] * hw };
            }
        });
        for (auto& planes : measured)
            m_mates.push_back(std::move(planes));
        progress.done(static_cast<double>(drawn() - first) / static_cast<double>(draws - first));
    }
    return drawn();
}

BatchSizeResult BatchSizeLab::evaluate(const BatchSizeSettings& settings) const
{
    const Shape& shape = m_source.shape();
    validateBatchSizeSettings(settings, shape);
    if (drawn() < settings.draws || m_matesPerDraw < settings.sizes.back() - 1)
        throw NormError("The batch mates have not been drawn yet.");
    const int64_t channels = shape.c;
    const auto hw = static_cast<double>(shape.hw());
    const auto draws = static_cast<size_t>(settings.draws);

    BatchSizeResult result;
    result.shape = shape;
    result.settings = settings;
    for (int64_t c = 0; c < channels; ++c)
        result.sampleMean.push_back(m_screen[static_cast<size_t>(settings.sample * channels + c)].mean);

    for (BatchSizeNorm norm : allBatchSizeNorms) {
        const NormConfig config = configFor(norm, settings);
        const bool running = !config.usesBatchStats();
        auto& points = result.points[static_cast<size_t>(norm)];
        for (int64_t size : settings.sizes) {
            BatchSizePoint& point = points.emplace_back();
            Shape batchShape = shape;
            batchShape.n = size;
            std::optional<ReductionGeometry> geometry;
            try {
                geometry.emplace(config, batchShape);
            } catch (const NormError& e) {
                point.error = e.what(); // PyTorch's own refusal, e.g. BatchNorm with one value per channel
                continue;
            }
            // The sets the fixed sample (row n = 0 of the batch) is normalized in, by channel.
            std::vector<int64_t> setOfChannel(static_cast<size_t>(channels));
            std::vector<int> slotOfSet(static_cast<size_t>(geometry->setCount()), -1);
            int slots = 0;
            for (int64_t c = 0; c < channels; ++c) {
                const int64_t set = geometry->setOf(0, c, 0, 0);
                setOfChannel[static_cast<size_t>(c)] = set;
                if (slotOfSet[static_cast<size_t>(set)] < 0)
                    slotOfSet[static_cast<size_t>(set)] = slots++;
            }
            point.setMean.resize(draws * static_cast<size_t>(channels));
            point.setVar.resize(point.setMean.size());
            point.outputMean.resize(point.setMean.size());
            std::vector<Accumulator> sets(static_cast<size_t>(slots));
            for (size_t r = 0; r < draws; ++r) {
                if (!running) {
                    std::fill(sets.begin(), sets.end(), Accumulator {});
                    for (int64_t n = 0; n < size; ++n) {
                        for (int64_t c = 0; c < channels; ++c) {
                            const int slot = slotOfSet[static_cast<size_t>(geometry->setOf(n, c, 0, 0))];
                            if (slot < 0)
                                continue;
                            const Plane& plane = n == 0 ? m_screen[static_cast<size_t>(settings.sample * channels + c)]
                                                        : m_mates[r][static_cast<size_t>((n - 1) * channels + c)];
                            sets[static_cast<size_t>(slot)].add(hw, plane.mean, plane.m2);
                        }
                    }
                }
                for (int64_t c = 0; c < channels; ++c) {
                    double mean = 0.0;
                    double var = 1.0;
                    if (running) {
                        const auto& rm = settings.running.runningMean;
                        const auto& rv = settings.running.runningVar;
                        mean = rm.empty() ? 0.0 : rm[static_cast<size_t>(c)];
                        var = rv.empty() ? 1.0 : rv[static_cast<size_t>(c)];
                    } else {
                        const Accumulator& a = sets[static_cast<size_t>(
                            slotOfSet[static_cast<size_t>(setOfChannel[static_cast<size_t>(c)])])];
                        mean = a.mean;
                        var = a.m2 / a.count; // biased, as the forward pass divides
                    }
                    // BatchNorm's and InstanceNorm's train kernels give a constant set with eps = 0
                    // a zero scale (output β); elsewhere var + eps = 0 is ±inf or NaN, as in PyTorch.
                    const bool batchKernel = norm == BatchSizeNorm::BatchTrain || norm == BatchSizeNorm::Instance;
                    const double invstd
                        = batchKernel && var == 0.0 && settings.eps == 0.0 ? 0.0 : 1.0 / std::sqrt(var + settings.eps);
                    const size_t i = r * static_cast<size_t>(channels) + static_cast<size_t>(c);
                    point.setMean[i] = mean;
                    point.setVar[i] = var;
                    point.outputMean[i] = (result.sampleMean[static_cast<size_t>(c)] - mean) * invstd;
                }
            }
            // Welford over the draws: identical outputs give a spread of exactly 0.
            point.spread.resize(static_cast<size_t>(channels));
            for (int64_t c = 0; c < channels; ++c) {
                double mean = 0.0;
                double m2 = 0.0;
                for (size_t r = 0; r < draws; ++r) {
                    const double x = point.outputMean[r * static_cast<size_t>(channels) + static_cast<size_t>(c)];
                    const double delta = x - mean;
                    mean += delta / static_cast<double>(r + 1);
                    m2 += delta * (x - mean);
                }
                point.spread[static_cast<size_t>(c)] = std::sqrt(m2 / static_cast<double>(draws - 1));
            }
            double sum = 0.0;
            for (double s : point.spread)
                sum += s;
            point.meanSpread = sum / static_cast<double>(channels);
        }
    }
    return result;
}

} // namespace normscope
