#include "control/controller.h"

#include "norms/normerror.h"
#include "tensor/population.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QScopeGuard>

#include <chrono>
#include <utility>

namespace normscope {

namespace {
// QT_LOGGING_RULES="normscope.controller.debug=true" prints each request and each result shown or
// dropped (with QT_MESSAGE_PATTERN="%{time process} %{message}": how a drag is followed).
Q_LOGGING_CATEGORY(lcController, "normscope.controller", QtWarningMsg)
} // namespace

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
        qCDebug(lcController, "request %llu", static_cast<unsigned long long>(m_pendingGeneration));
        if (m_running && !sameInputSide(*m_running, *m_pending))
            m_abandon = true;
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
            m_wake.wait(lock, stop, [this] {
                if (!m_pending.has_value() || m_delivering)
                    return false;
                if (!m_shownHoldsOutput)
                    return true;
                // A large tensor's output is on screen: the GUI lets go of it first.
                if (!m_releaseAsked) {
                    m_releaseAsked = true;
                    QMetaObject::invokeMethod(this, &Controller::releaseShownOutput, Qt::QueuedConnection);
                }
                return false;
            });
            if (stop.stop_requested())
                return;
            if (std::exchange(m_released, false)) {
                // Annotations being computed may still read the released output for a moment:
                // wait for its buffer to come back (briefly) so the new result reuses it.
                lock.unlock();
                m_pipeline.outputBuffers().waitUntilNoneInUse(std::chrono::milliseconds(500));
                lock.lock();
            }
            input = std::move(*m_pending);
            m_pending.reset();
            generation = m_pendingGeneration;
            m_running = input;
            m_abandon = false;
        }
        const auto finished = qScopeGuard([this] {
            std::lock_guard lock(m_mutex);
            m_running.reset();
        });
        const auto stale = [this, &stop] { return stop.stop_requested() || m_abandon.load(); };
        try {
            const int64_t values = input.tensor ? input.tensor->numel() : input.generator->shape.numel();
            std::unique_lock heavy(*m_heavy, std::defer_lock);
            if (values >= m_releaseFrom && !takeTurn(heavy, stale))
                throw SnapshotCancelled {};
            deliver(generation, input, m_pipeline.run(input, stale), {});
            if (heavy.owns_lock()) {
                // The turn ends once the GUI has the result (without output while hidden).
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, stop, [this] { return !m_delivering; });
            }
        } catch (const SnapshotCancelled&) {
            // A newer request of another tensor or other sets is already pending.
            qCDebug(lcController, "cancelled %llu", static_cast<unsigned long long>(generation));
        } catch (const NormError& e) {
            deliver(generation, input, nullptr, QString::fromStdString(e.what()));
        } catch (const std::bad_alloc&) {
            deliver(generation, input, nullptr, tr("Not enough memory for this tensor."));
        }
    }
}

void Controller::deliver(
    uint64_t generation, const PipelineInput& input, std::shared_ptr<const Snapshot> snapshot, const QString& error)
{
    {
        std::lock_guard lock(m_mutex);
        m_delivering = true;
    }
    QMetaObject::invokeMethod(
        this,
        [this, generation, input, snapshot = std::move(snapshot), error]() mutable {
            // Once the views hold the new snapshot the old one is gone: the worker may go on. A
            // result not shown is released first, so its output is back in the pool by then.
            const auto delivered = qScopeGuard([this, &snapshot] {
                snapshot.reset();
                if (m_outputHidden)
                    m_pipeline.freeIdleOutputs();
                {
                    std::lock_guard lock(m_mutex);
                    m_delivering = false;
                }
                m_wake.notify_one();
            });
            if (generation != m_generation) {
                // Superseded while computed (the newest request is pending): a large tensor's
                // result still shows, one step behind a slider being dragged, when it is of the
                // tensor and sets on screen now. Checked here, on the GUI thread, against the
                // state itself: a tensor or layer switched meanwhile never shows the old one.
                const bool show
                    = snapshot && snapshot->input->numel() >= kLiveValues && sameInputSide(input, inputFromState());
                qCDebug(lcController, "%s %llu (superseded)", show ? "shown" : "dropped",
                    static_cast<unsigned long long>(generation));
                if (show) {
                    setShown(presented(snapshot));
                    m_error.clear();
                    emit snapshotReady(m_snapshot);
                    emit resultDelivered();
                    // Results are arriving: "computing…" only when the next one takes long.
                    if (m_busyShown) {
                        m_busyShown = false;
                        emit busyChanged(false);
                    }
                    m_busyTimer.start();
                }
                return;
            }
            m_busyTimer.stop();
            if (m_busyShown) {
                m_busyShown = false;
                emit busyChanged(false);
            }
            if (!snapshot) {
                setShown(nullptr);
                m_error = error;
                emit computeFailed(error);
                return;
            }
            qCDebug(lcController, "shown %llu (newest)", static_cast<unsigned long long>(generation));
            setShown(presented(snapshot));
            m_error.clear();
            emit snapshotReady(m_snapshot);
            emit resultDelivered();
        },
        Qt::QueuedConnection);
}

std::shared_ptr<const Snapshot> Controller::presented(std::shared_ptr<const Snapshot> snapshot)
{
    if (!snapshot || !snapshot->output || snapshot->input->numel() < m_releaseFrom)
        return snapshot;
    // A newer request waits: its computation would release this output at once (one view update
    // per result during a drag, not two).
    bool newerWaits = false;
    {
        std::lock_guard lock(m_mutex);
        newerWaits = m_pending.has_value();
    }
    return m_outputHidden || newerWaits ? withoutOutput(*snapshot) : snapshot;
}

void Controller::setShown(std::shared_ptr<const Snapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    const bool holds = m_snapshot && m_snapshot->output && m_snapshot->input->numel() >= m_releaseFrom;
    {
        std::lock_guard lock(m_mutex);
        m_shownHoldsOutput = holds;
    }
    m_wake.notify_one();
}

void Controller::releaseShownOutput()
{
    const bool release = m_snapshot && m_snapshot->output;
    if (release) {
        qCDebug(lcController, "output released");
        m_snapshot = withoutOutput(*m_snapshot);
        // The views take the result without output and let go of the old one.
        emit snapshotReady(m_snapshot);
    }
    {
        std::lock_guard lock(m_mutex);
        m_releaseAsked = false;
        m_released = release;
    }
    setShown(m_snapshot);
}

bool Controller::takeTurn(std::unique_lock<std::timed_mutex>& lock, const std::function<bool()>& stale)
{
    while (!lock.try_lock_for(std::chrono::milliseconds(20))) {
        if (stale())
            return false;
    }
    return true;
}

void Controller::setOutputHidden(bool hidden)
{
    m_outputHidden = hidden;
    if (hidden && m_snapshot && m_snapshot->output && m_snapshot->input->numel() >= m_releaseFrom) {
        releaseShownOutput();
        m_pipeline.freeIdleOutputs();
    } else if (!hidden && m_snapshot && !m_snapshot->output && m_error.isEmpty()) {
        request();
    }
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
