// Runs the labs' computations off the GUI thread, one at a time, as the explorer's controller
// does (Qt's mandelbrot example): a newer job cancels the running one, whose result is dropped,
// while cancel() stops the running job early and keeps what it has done (K batches fed of 100).
// A job returns the function that hands its result over; that runs on the GUI thread.
#pragma once

#include "labs/labprogress.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace normscope {

class LabWorker : public QObject {
    Q_OBJECT
public:
    using Finish = std::function<void()>;
    using Job = std::function<Finish(const LabProgress&)>;

    explicit LabWorker(QObject* parent = nullptr);
    ~LabWorker() override;

    // Replaces any waiting job and cancels the running one (its result is dropped).
    void submit(Job job);
    // Stops the running job early; what it returns is still delivered.
    void cancel();
    // Whether a job is waiting or running.
    bool working() const { return m_working; }

signals:
    // True once a job has run for ~150 ms: show progress. False when it is done.
    void busyChanged(bool busy);
    void progress(double fraction);
    // A job threw NormError (or ran out of memory): the message in the user's words.
    void failed(const QString& message);
    // A job's result was handed over (after its Finish ran).
    void finished();

private:
    void loop(std::stop_token stop);
    void deliver(uint64_t generation, Finish finish, const QString& error);
    void setBusy(bool busy);

    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::optional<Job> m_pending;
    std::atomic<uint64_t> m_generation { 0 };
    std::atomic<uint64_t> m_cancelled { 0 }; // the generation cancel() stopped
    uint64_t m_pendingGeneration = 0;
    QTimer m_busyTimer;
    bool m_busy = false;
    bool m_working = false;
    std::jthread m_thread; // last: joins before the members above go away
};

} // namespace normscope
