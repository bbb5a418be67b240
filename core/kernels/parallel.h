// Parallel loops on oneTBB's worker pool: threads are created once per process and woken per
// call. Callers cut their work into tasks that depend only on the data's shape, never on the
// thread count, and keep each task's result by task index; so every result is the same whatever
// the number of threads.
#pragma once

#include <cstdint>
#include <functional>

namespace normscope::kernels {

// Returns true when the caller's computation has been superseded. Called from worker threads.
using Cancelled = std::function<bool()>;

// Threads for `requested` (0 = every hardware thread).
int threadCount(int requested);

// Runs body(task) for every task in [0, tasks) on up to `threads` threads (0 = all). `cancelled`,
// when set, is polled before each task; once it returns true no further task starts and
// parallelTasks returns false. Exceptions from `body` reach the caller.
bool parallelTasks(
    int64_t tasks, int threads, const std::function<void(int64_t)>& body, const Cancelled& cancelled = {});

} // namespace normscope::kernels

namespace normscope {

// Threads worth using for `work` values when each thread should get at least `grain` of them
// (`requested` 0 = every hardware thread). For callers that split their own work per thread.
int effectiveThreads(int requested, int64_t work, int64_t grain = 1 << 15);

// body(begin, end) on `threads` disjoint chunks covering [0, count), run on the worker pool.
void parallelFor(int64_t count, int threads, const std::function<void(int64_t, int64_t)>& body);

} // namespace normscope
