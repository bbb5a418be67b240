#include "kernels/parallel.h"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace normscope::kernels {

namespace {

// One arena per thread count, made on first use and kept: entering an arena is cheap, making one
// is not. The arenas share oneTBB's process-wide workers, which oneTBB limits to the hardware's
// threads; asking for more (tests run 1 to 4 threads on any machine) raises that limit.
tbb::task_arena& arenaFor(int threads)
{
    static std::mutex mutex;
    static std::map<int, std::unique_ptr<tbb::task_arena>> arenas;
    static std::unique_ptr<tbb::global_control> limit;
    std::lock_guard lock(mutex);
    if (threads > static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism))) {
        limit.reset(); // the smallest active limit applies: drop the old one first
        limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, threads);
    }
    auto& arena = arenas[threads];
    if (!arena)
        arena = std::make_unique<tbb::task_arena>(threads);
    return *arena;
}

} // namespace

int threadCount(int requested)
{
    if (requested > 0)
        return requested;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

bool parallelTasks(int64_t tasks, int threads, const std::function<void(int64_t)>& body, const Cancelled& cancelled)
{
    threads = static_cast<int>(std::min<int64_t>(threadCount(threads), std::max<int64_t>(tasks, 1)));
    if (threads <= 1) {
        for (int64_t t = 0; t < tasks; ++t) {
            if (cancelled && cancelled())
                return false;
            body(t);
        }
        return true;
    }
    std::atomic<bool> stopped { false };
    arenaFor(threads).execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<int64_t>(0, tasks, 1),
            [&](const tbb::blocked_range<int64_t>& range) {
                for (int64_t t = range.begin(); t < range.end(); ++t) {
                    if (stopped.load(std::memory_order_relaxed))
                        return;
                    if (cancelled && cancelled()) {
                        stopped.store(true, std::memory_order_relaxed);
                        return;
                    }
                    body(t);
                }
            },
            tbb::simple_partitioner());
    });
    return !stopped.load();
}

} // namespace normscope::kernels

namespace normscope {

int effectiveThreads(int requested, int64_t work, int64_t grain)
{
    const int64_t useful = std::max<int64_t>(1, work / std::max<int64_t>(1, grain));
    return static_cast<int>(std::min<int64_t>(kernels::threadCount(requested), useful));
}

void parallelFor(int64_t count, int threads, const std::function<void(int64_t, int64_t)>& body)
{
    if (count <= 0)
        return;
    const int64_t chunks = std::clamp<int64_t>(threads, 1, count);
    const int64_t chunk = (count + chunks - 1) / chunks;
    kernels::parallelTasks((count + chunk - 1) / chunk, static_cast<int>(chunks),
        [&](int64_t t) { body(t * chunk, std::min(count, (t + 1) * chunk)); });
}

} // namespace normscope
