#include "control/latestjob.h"

namespace normscope {

LatestJob::LatestJob()
    : m_worker([this](std::stop_token stop) { loop(stop); })
{
}

LatestJob::~LatestJob()
{
    m_worker.request_stop();
    m_wake.notify_all();
}

uint64_t LatestJob::post(Job job)
{
    uint64_t generation = 0;
    {
        std::lock_guard lock(m_mutex);
        m_pending = std::move(job);
        generation = m_pendingGeneration = ++m_generation;
    }
    m_wake.notify_one();
    return generation;
}

void LatestJob::loop(std::stop_token stop)
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
        job([this, generation, &stop] { return stop.stop_requested() || m_generation != generation; }, generation);
    }
}

} // namespace normscope
