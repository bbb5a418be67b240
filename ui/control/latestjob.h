// A worker thread that runs only the newest of a stream of jobs, as the explorer's Controller
// does for snapshots: posting a job replaces any job not yet started, and the running one sees
// its `stale` flag turn true so it can stop early (SnapshotCancelled). Results are delivered by
// the job itself, back on the GUI thread, where `isLatest` drops any that were overtaken.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace normscope {

class LatestJob {
public:
    // `stale()` is true once a newer job was posted (or the runner is shutting down).
    using Job = std::function<void(const std::function<bool()>& stale, uint64_t generation)>;

    LatestJob();
    ~LatestJob();
    LatestJob(const LatestJob&) = delete;
    LatestJob& operator=(const LatestJob&) = delete;

    // Returns the job's generation.
    uint64_t post(Job job);
    bool isLatest(uint64_t generation) const { return generation == m_generation; }

private:
    void loop(std::stop_token stop);

    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::optional<Job> m_pending;
    uint64_t m_pendingGeneration = 0;
    std::atomic<uint64_t> m_generation { 0 };
    std::jthread m_worker;
};

} // namespace normscope
