// A minimal parallel-for over index ranges on std::thread, for the norms' per-set loops.
#pragma once

#include <cstdint>
#include <functional>

namespace normscope {

// Threads to use for `requested` (0 = all hardware threads), never more than `work` / `grain`.
int effectiveThreads(int requested, int64_t work, int64_t grain = 1 << 15);

// Calls body(begin, end) on disjoint chunks covering [0, count), on up to `threads` threads.
void parallelFor(int64_t count, int threads, const std::function<void(int64_t, int64_t)>& body);

} // namespace normscope
