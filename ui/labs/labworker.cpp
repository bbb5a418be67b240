#include "labs/labworker.h"

#include "norms/normerror.h"

#include <QMetaObject>

#include <chrono>

namespace normscope {

LabWorker::LabWorker(QObject* parent)
    : QObject(parent)
{
    m_busyTimer.setSingleShot(true);
    m_busyTimer.setInterval(150);
    connect(&m_busyTimer, &QTimer::timeout, this, [this] { setBusy(true); });
    m_thread = std::jthread([this](std::stop_token stop) { loop(stop); });
}

LabWorker::~LabWorker()
{
    m_thread.request_stop();
    m_wake.notify_all();
}

void LabWorker::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void LabWorker::submit(Job job)
{
    {
        std::lock_guard lock(m_mutex);
        m_pending = std::move(job);
        m_pendingGeneration = ++m_generation;
    }
    m_working = true;
    m_wake.notify_one();
    if (!m_busyTimer.isActive() && !m_busy)
        m_busyTimer.start();
}

void LabWorker::cancel()
{
    m_cancelled = m_generation.load();
}

void LabWorker::loop(std::stop_token stop)
{
    while (!stop.stop_requested()) {
        Job job;
        uint64_t generation = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, stop, [this] { return m_pending.has_value(); });
            if (stop.stop_requested())
                return;
            job = std::move(*m_pending);
            m_pending.reset();
            generation = m_pendingGeneration;
        }
        LabProgress progress;
        progress.cancelled = [this, generation, &stop] {
            return stop.stop_requested() || m_generation != generation || m_cancelled == generation;
        };
        // At most ~20 progress updates a second reach the GUI thread.
        auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        progress.report = [this, generation, &last](double fraction) {
            const auto now = std::chrono::steady_clock::now();
            if (now - last < std::chrono::milliseconds(50) && fraction < 1.0)
                return;
            last = now;
            QMetaObject::invokeMethod(
                this,
                [this, generation, fraction] {
                    if (generation == m_generation)
                        emit this->progress(fraction);
                },
                Qt::QueuedConnection);
        };
        try {
            deliver(generation, job(progress), {});
        } catch (const NormError& e) {
            deliver(generation, {}, QString::fromStdString(e.what()));
        } catch (const std::bad_alloc&) {
            deliver(generation, {}, tr("Not enough memory for this lab."));
        }
    }
}

void LabWorker::deliver(uint64_t generation, Finish finish, const QString& error)
{
    QMetaObject::invokeMethod(
        this,
        [this, generation, finish = std::move(finish), error] {
            if (generation != m_generation)
                return; // superseded while it ran
            m_working = false;
            m_busyTimer.stop();
            setBusy(false);
            if (!error.isEmpty())
                emit failed(error);
            else if (finish)
                finish();
            emit finished();
        },
        Qt::QueuedConnection);
}

} // namespace normscope
