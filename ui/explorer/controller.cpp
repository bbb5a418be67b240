#include "explorer/controller.h"

#include "norms/normerror.h"
#include "tensor/population.h"

#include <QMetaObject>
#include <QScopeGuard>

namespace normscope {

Controller::Controller(ExplorerState* state, QObject* parent)
    : QObject(parent)
    , m_state(state)
{
    qRegisterMetaType<std::shared_ptr<const Snapshot>>("std::shared_ptr<const normscope::Snapshot>");
    m_busyTimer.setSingleShot(true);
    m_busyTimer.setInterval(200);
    connect(&m_busyTimer, &QTimer::timeout, this, [this] {
        m_busyShown = true;
        emit busyChanged(true);
    });
    connect(state, &ExplorerState::changed, this, &Controller::request);
    m_worker = std::jthread([this](std::stop_token stop) { workerLoop(stop); });
    request();
}

Controller::~Controller()
{
    m_worker.request_stop();
    m_wake.notify_all();
}

PipelineInput Controller::inputFromState() const
{
    PipelineInput input;
    const TensorSource& source = m_state->source();
    if (source.kind == TensorSource::Kind::Generated)
        input.generator = source.generator;
    else
        input.tensor = source.loaded;
    input.config = m_state->config();
    input.affine = m_state->affine();
    input.running = m_state->running();
    input.selectedSet = m_state->selectedSet();
    input.bins = m_state->bins();
    return input;
}

void Controller::request()
{
    {
        std::lock_guard lock(m_mutex);
        m_pending = inputFromState();
        m_pendingGeneration = ++m_generation;
    }
    m_wake.notify_one();
    if (!m_busyTimer.isActive() && !m_busyShown)
        m_busyTimer.start();
}

void Controller::workerLoop(std::stop_token stop)
{
    while (!stop.stop_requested()) {
        PipelineInput input;
        uint64_t generation = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, stop, [this] { return m_pending.has_value() && !m_delivering; });
            if (stop.stop_requested())
                return;
            input = std::move(*m_pending);
            m_pending.reset();
            generation = m_pendingGeneration;
        }
        const auto stale = [this, generation, &stop] { return stop.stop_requested() || m_generation != generation; };
        try {
            auto snapshot = m_pipeline.run(input, stale);
            deliver(generation, std::move(snapshot), {});
        } catch (const SnapshotCancelled&) {
            // A newer request is already pending.
        } catch (const NormError& e) {
            deliver(generation, nullptr, QString::fromStdString(e.what()));
        } catch (const std::bad_alloc&) {
            deliver(generation, nullptr, tr("Not enough memory for this tensor."));
        }
    }
}

void Controller::deliver(uint64_t generation, std::shared_ptr<const Snapshot> snapshot, const QString& error)
{
    {
        std::lock_guard lock(m_mutex);
        m_delivering = true;
    }
    QMetaObject::invokeMethod(
        this,
        [this, generation, snapshot = std::move(snapshot), error] {
            // Once the views hold the new snapshot the old one is gone: the worker may go on.
            const auto delivered = qScopeGuard([this] {
                {
                    std::lock_guard lock(m_mutex);
                    m_delivering = false;
                }
                m_wake.notify_one();
            });
            if (generation != m_generation)
                return; // superseded while in flight
            m_busyTimer.stop();
            if (m_busyShown) {
                m_busyShown = false;
                emit busyChanged(false);
            }
            if (!snapshot) {
                m_snapshot.reset();
                m_error = error;
                emit computeFailed(error);
                return;
            }
            m_snapshot = snapshot;
            m_error.clear();
            emit snapshotReady(snapshot);
        },
        Qt::QueuedConnection);
}

void Controller::stepRunningStats(int count)
{
    NormConfig config = m_state->config();
    if (!config.hasRunningStats() || count < 1)
        return;
    const TensorSource& source = m_state->source();
    NormParams params = m_state->running();
    uint64_t fed = m_state->sourceSteps();
    config.training = true;
    try {
        // The batch on screen is batch 0; Step k feeds batch k of the same population. (Drawing
        // from a new seed redrew the channel means too, so eval never approached train.)
        // Only each batch's statistics are needed, not its normalized output.
        std::optional<Population> population;
        if (source.kind == TensorSource::Kind::Generated)
            population.emplace(source.generator);
        for (int i = 0; i < count; ++i) {
            // A loaded batch is read in place, not copied.
            const std::shared_ptr<const Tensor> batch = population
                ? std::make_shared<const Tensor>(population->batch(fed + 1))
                : source.batches[fed % source.batches.size()];
            const ReductionGeometry geometry(config, batch->shape());
            validateParams(config, geometry, params);
            updateRunningStats(geometry, computeSetStatistics(*batch, geometry), config, params);
            ++fed;
        }
    } catch (const NormError& e) {
        emit stepFailed(QString::fromStdString(e.what()));
        return;
    } catch (const std::bad_alloc&) {
        emit stepFailed(tr("Not enough memory for this tensor."));
        return;
    }
    params.weight.clear();
    params.bias.clear();
    m_state->addSteps(params, static_cast<uint64_t>(count));
}

} // namespace normscope
