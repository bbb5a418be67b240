#include "labs/labsession.h"

#include "labs/labworker.h"

#include <algorithm>
#include <cmath>

namespace normscope {

// The core lab objects and their caches. Each is touched by its own worker only; the jobs hold a
// reference, so a job still running when the session goes never sees them destroyed.
struct LabSession::Labs {
    std::unique_ptr<RunningStatsLab> running;
    std::unique_ptr<BatchSizeLab> batch;
};

namespace {

LabSource sourceOf(const LabData& data)
{
    return data.generator ? LabSource(*data.generator) : LabSource(data.batches);
}

} // namespace

bool LabData::sameSource(const LabData& other) const
{
    if (generator.has_value() != other.generator.has_value())
        return false;
    if (generator) {
        const GeneratorSpec& a = *generator;
        const GeneratorSpec& b = *other.generator;
        return a.kind == b.kind && a.shape == b.shape && a.seed == b.seed && a.params == b.params;
    }
    return batches == other.batches;
}

Shape LabData::shape() const
{
    if (generator)
        return generator->shape;
    return batches.empty() || !batches.front() ? Shape {} : batches.front()->shape();
}

std::vector<int64_t> powersOfTwoUpTo(int64_t largest)
{
    std::vector<int64_t> sizes;
    for (int64_t n = 1; n <= largest; n *= 2)
        sizes.push_back(n);
    if (sizes.empty() || sizes.back() != largest)
        sizes.push_back(std::max<int64_t>(largest, 1));
    return sizes;
}

LabSession::LabSession(QObject* parent)
    : QObject(parent)
    , m_labs(std::make_shared<Labs>())
    , m_runningWorker(new LabWorker(this))
    , m_batchWorker(new LabWorker(this))
{
    m_play.setInterval(50);
    connect(&m_play, &QTimer::timeout, this, &LabSession::onPlayTick);
    connect(m_runningWorker, &LabWorker::failed, this, [this](const QString& message) {
        m_runningError = message;
        m_runningStats.reset();
        setPlaying(false);
        emit runningStatsChanged();
    });
    connect(m_batchWorker, &LabWorker::failed, this, [this](const QString& message) {
        m_batchError = message;
        m_batchSize.reset();
        emit batchSizeChanged();
    });
}

LabSession::~LabSession()
{
    m_play.stop();
}

void LabSession::setData(const LabData& data)
{
    if (data.sameSource(m_data)) {
        m_data.description = data.description;
        return;
    }
    m_data = data;
    const Shape shape = m_data.shape();
    m_channel = std::clamp<int64_t>(m_channel, 0, std::max<int64_t>(shape.c - 1, 0));
    m_sample = std::clamp<int64_t>(m_sample, 0, std::max<int64_t>(shape.n - 1, 0));
    m_steps = std::min(m_steps, maxSteps());
    // A result for another tensor must not stay on screen as if it were this one's.
    m_runningStats.reset();
    m_batchSize.reset();
    m_runningError.clear();
    m_batchError.clear();
    emit settingsChanged();
    emit runningStatsChanged();
    emit batchSizeChanged();
    requestRunningStats();
    requestBatchSize();
}

void LabSession::setLayer(const LabLayer& layer)
{
    if (layer == m_layer)
        return;
    m_layer = layer;
    requestRunningStats(); // a replay of the same batches
    requestBatchSize();
}

void LabSession::setInputs(const LabData& data, const LabLayer& layer)
{
    const bool layerChanged = !(layer == m_layer);
    const bool sourceChanged = !data.sameSource(m_data);
    m_layer = layer; // before setData, whose requests must already see this tensor's γ/β
    setData(data);
    if (layerChanged && !sourceChanged) {
        requestRunningStats(); // a replay of the same batches
        requestBatchSize();
    }
}

void LabSession::setActive(Lab lab, bool active)
{
    (lab == Lab::RunningStats ? m_runningActive : m_batchActive) = active;
    if (!m_runningActive)
        setPlaying(false);
    if (active && m_runningStale)
        requestRunningStats();
    if (active && lab == Lab::BatchSize && m_batchStale)
        requestBatchSize();
}

uint64_t LabSession::maxSteps() const
{
    return maxLabSteps(std::max<int64_t>(m_data.shape().c, 1));
}

void LabSession::step(uint64_t count)
{
    const uint64_t steps = std::min(m_steps + count, maxSteps());
    if (steps == m_steps)
        return;
    m_steps = steps;
    emit settingsChanged();
    requestRunningStats();
}

void LabSession::resetSteps()
{
    setPlaying(false);
    m_steps = 0;
    emit settingsChanged();
    requestRunningStats();
}

void LabSession::setShift(const PopulationShift& shift)
{
    if (shift == m_shift)
        return;
    m_shift = shift;
    emit settingsChanged();
    requestRunningStats();
}

void LabSession::setPlaying(bool on)
{
    if (on == m_play.isActive())
        return;
    on ? m_play.start() : m_play.stop();
    emit settingsChanged();
}

void LabSession::setPlaySpeed(int stepsPerSecond)
{
    m_playSpeed = std::clamp(stepsPerSecond, 1, 500);
    emit settingsChanged();
}

void LabSession::onPlayTick()
{
    if (m_steps >= maxSteps()) {
        setPlaying(false);
        return;
    }
    if (m_runningWorker->working())
        return; // a big population: wait for the last step rather than queue behind it
    const auto count = static_cast<uint64_t>(std::max(1L, std::lround(m_playSpeed * m_play.interval() / 1000.0)));
    step(count);
}

void LabSession::setChannel(int64_t channel)
{
    channel = std::clamp<int64_t>(channel, 0, std::max<int64_t>(m_data.shape().c - 1, 0));
    if (channel == m_channel)
        return;
    m_channel = channel;
    emit settingsChanged(); // the views redraw; nothing is computed again
}

void LabSession::setSample(int64_t sample)
{
    if (sample == m_sample)
        return;
    m_sample = sample;
    emit settingsChanged();
    requestBatchSize();
}

void LabSession::setDraws(int draws)
{
    if (draws == m_draws)
        return;
    m_draws = draws;
    emit settingsChanged();
    requestBatchSize();
}

void LabSession::setLargestBatch(int64_t size)
{
    if (size == m_largest)
        return;
    m_largest = size;
    emit settingsChanged();
    requestBatchSize();
}

void LabSession::cancel(Lab lab)
{
    if (lab == Lab::RunningStats)
        setPlaying(false);
    worker(lab)->cancel();
}

void LabSession::requestRunningStats()
{
    // The batch-size lab's eval curve needs the running statistics too.
    if (!m_runningActive && !m_batchActive) {
        m_runningStale = true;
        return;
    }
    m_runningStale = false;
    if (!m_data.generator && m_data.batches.empty())
        return;
    RunningStatsSettings settings;
    settings.momentum = m_layer.momentum;
    settings.eps = m_layer.eps;
    settings.weight = m_layer.weight;
    settings.bias = m_layer.bias;
    settings.shift = m_shift;
    const uint64_t steps = m_steps;
    m_runningWorker->submit(
        [this, labs = m_labs, data = m_data, settings, steps](const LabProgress& progress) -> LabWorker::Finish {
            LabSource source = sourceOf(data);
            if (!labs->running || !labs->running->source().sameAs(source))
                labs->running = std::make_unique<RunningStatsLab>(std::move(source));
            const uint64_t fed = labs->running->feed(steps, progress);
            auto history = std::make_shared<const RunningStatsHistory>(labs->running->history(fed, settings));
            return [this, history, fed] {
                m_runningStats = history;
                m_runningError.clear();
                if (fed < m_steps) { // cancelled, or the most steps the lab keeps
                    m_steps = fed;
                    setPlaying(false);
                    emit settingsChanged();
                }
                emit runningStatsChanged();
                requestBatchSize(); // its eval curve uses these running statistics
            };
        });
}

void LabSession::requestBatchSize()
{
    if (!m_batchActive) {
        m_batchStale = true;
        return;
    }
    m_batchStale = false;
    if (!m_data.generator && m_data.batches.empty())
        return;
    BatchSizeSettings settings;
    settings.sizes = powersOfTwoUpTo(m_largest);
    settings.draws = m_draws;
    settings.sample = m_sample;
    settings.eps = m_layer.eps;
    settings.groups = m_layer.groups;
    if (m_runningStats)
        settings.running = RunningStatsLab::runningAt(*m_runningStats, m_runningStats->steps);
    m_batchWorker->submit(
        [this, labs = m_labs, data = m_data, settings](const LabProgress& progress) mutable -> LabWorker::Finish {
            LabSource source = sourceOf(data);
            validateBatchSizeSettings(settings, source.shape()); // before drawing anything
            if (!labs->batch || !labs->batch->source().sameAs(source))
                labs->batch = std::make_unique<BatchSizeLab>(std::move(source));
            const int drawn = labs->batch->draw(settings.draws, settings.sizes.back(), progress);
            if (drawn < 2)
                return [this] { emit batchSizeChanged(); }; // cancelled before two draws: keep what was shown
            settings.draws = std::min(settings.draws, drawn);
            auto result = std::make_shared<const BatchSizeResult>(labs->batch->evaluate(settings));
            return [this, result] {
                m_batchSize = result;
                m_batchError.clear();
                if (result->settings.draws < m_draws) { // cancelled part-way: show the draws made
                    m_draws = result->settings.draws;
                    emit settingsChanged();
                }
                emit batchSizeChanged();
            };
        });
}

} // namespace normscope
