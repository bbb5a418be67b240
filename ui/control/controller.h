// Controller: recomputes the explorer's Snapshot whenever the ExplorerState changes, on a worker
// thread. Requests coalesce: while a computation runs, newer requests replace each other and only
// the latest is computed next, so the last value asked for is always the last result shown. A
// newer request cancels the running computation when it concerns another tensor, other reduction
// sets or another bin count (its result would be of no use); a slider move does not, so during a
// drag on a large tensor results keep arriving and the histograms follow the mouse one
// computation behind, where cancelling on every move would show nothing until the mouse stopped.
// A superseded result is shown when its tensor is large (kLiveValues and more) and still the one
// on screen, and dropped otherwise: small tensors compute within a frame.
// The worker starts a new computation only once the GUI has taken the last result, so at most
// two outputs exist (the one shown, the one being computed) and the pipeline recycles the rest.
// On a large tensor (releaseFrom() values and more) only one does: before a computation starts,
// the result on screen is replaced by the same result without its output (withoutOutput), whose
// buffer the new computation reuses. Histograms and statistics stay; hover values, the worked
// example and image tiles keep the last result's or say "computing…" until the next one arrives.
// The window then holds the input, one output and the program: about 2.2× the tensor, not 3.2×.
#pragma once

#include "analysis/pipeline.h"
#include "control/explorerstate.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace normscope {

class Controller : public QObject {
    Q_OBJECT
public:
    explicit Controller(ExplorerState* state, QObject* parent = nullptr);
    ~Controller() override;

    // The result shown: for the current setting, or during a drag on a large tensor for a value the
    // slider just passed; null while the current setting cannot be computed (see error()), so
    // nothing stale is drawn or exported as if it were current.
    std::shared_ptr<const Snapshot> snapshot() const { return m_snapshot; }
    // Why the current setting cannot be computed; empty when snapshot() is its result.
    QString error() const { return m_error; }
    bool busy() const { return m_busyShown; }
    // How many output buffers the pipeline has had to allocate so far (the rest were recycled).
    size_t outputBuffersAllocated() const { return m_pipeline.outputBuffers().allocations(); }
    ExplorerState* state() const { return m_state; }

    // Tensors from this many values on show results superseded while they were computed (smaller
    // ones compute within a frame: the newest result follows at once).
    static constexpr int64_t kLiveValues = int64_t(1) << 20;
    // Tensors from this many values on never have two outputs at once (see above): 64 MiB each.
    static constexpr int64_t kReleaseValues = int64_t(1) << 24;
    int64_t releaseFrom() const { return m_releaseFrom; }
    // For tests: release the shown output from `values` values on instead of kReleaseValues.
    void setReleaseFrom(int64_t values) { m_releaseFrom = values; }

    // While another view computing on the same large tensor is on screen (the comparison tab),
    // the explorer's results keep no output (from releaseFrom() values on: hover values are
    // recomputed, exports compute it again), and the two take turns with this lock: each holds it
    // while it computes (the explorer until its result has let go of the output), so their
    // outputs never exist at once. Unhidden, the result on screen is computed again in full.
    void setOutputHidden(bool hidden);
    std::shared_ptr<std::timed_mutex> heavyWorkLock() const { return m_heavy; }
    // Takes `lock`, giving up (false) once `stale()` is true: a turn never outlives the window.
    static bool takeTurn(std::unique_lock<std::timed_mutex>& lock, const std::function<bool()>& stale);

    // Feeds `count` more batches through the layer in training mode, updating the session's
    // running statistics: new batches from the generator's population (same per-channel and
    // per-sample means and spreads, new noise), or the loaded file(s) again, in turn.
    void stepRunningStats(int count = 1);

signals:
    void snapshotReady(std::shared_ptr<const normscope::Snapshot> snapshot);
    // A new result was shown (after its snapshotReady); not sent when the same result is shown
    // again without its output.
    void resultDelivered();
    // The current setting cannot be computed: snapshot() is null until a setting can.
    void computeFailed(const QString& message);
    // A Step could not feed its batch; the running statistics and the snapshot are unchanged.
    void stepFailed(const QString& message);
    // True when a computation has run for over ~200 ms (show a progress indicator).
    void busyChanged(bool busy);

private:
    void request();
    void workerLoop(std::stop_token stop);
    void deliver(uint64_t generation, const PipelineInput& input, std::shared_ptr<const Snapshot> snapshot,
        const QString& error);
    PipelineInput inputFromState() const;
    // Sets the result on screen (may be null) and tells the worker whether its output must be
    // released before the next computation.
    void setShown(std::shared_ptr<const Snapshot> snapshot);
    // `snapshot`, or (large tensors) the same without output while the output is hidden
    // (setOutputHidden) or a newer request already waits to be computed.
    std::shared_ptr<const Snapshot> presented(std::shared_ptr<const Snapshot> snapshot);
    // Replaces the result on screen by the same without output (asked for by the worker).
    void releaseShownOutput();

    ExplorerState* m_state;
    std::shared_ptr<const Snapshot> m_snapshot;
    QString m_error;
    QTimer m_busyTimer;
    bool m_busyShown = false;

    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::optional<PipelineInput> m_pending;
    std::atomic<uint64_t> m_generation { 0 };
    uint64_t m_pendingGeneration = 0;
    bool m_delivering = false; // a result is on its way to the GUI thread
    bool m_shownHoldsOutput = false; // a large tensor's output is on screen: release it first
    bool m_releaseAsked = false; // releaseShownOutput() is on its way to the GUI thread
    bool m_released = false; // it replaced the result on screen: its buffer is coming back
    int64_t m_releaseFrom = kReleaseValues;
    std::shared_ptr<std::timed_mutex> m_heavy = std::make_shared<std::timed_mutex>();
    bool m_outputHidden = false;
    std::optional<PipelineInput> m_running; // what the worker computes now
    std::atomic<bool> m_abandon { false }; // a newer request makes the running computation useless
    SnapshotPipeline m_pipeline; // used by the worker only
    std::jthread m_worker;
};

} // namespace normscope
