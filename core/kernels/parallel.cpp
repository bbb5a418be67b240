#include "kernels/parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace normscope {

int effectiveThreads(int requested, int64_t work, int64_t grain)
{
    int threads = requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int64_t useful = std::max<int64_t>(1, work / std::max<int64_t>(1, grain));
    return static_cast<int>(std::min<int64_t>(threads, useful));
}

void parallelFor(int64_t count, int threads, const std::function<void(int64_t, int64_t)>& body)
{
    if (count <= 0)
        return;
    threads = static_cast<int>(std::clamp<int64_t>(threads, 1, count));
    if (threads == 1) {
        body(0, count);
        return;
    }
    std::vector<std::jthread> pool;
    pool.reserve(static_cast<size_t>(threads - 1));
    const int64_t chunk = (count + threads - 1) / threads;
    for (int t = 1; t < threads; ++t) {
        const int64_t begin = t * chunk;
        const int64_t end = std::min(count, begin + chunk);
        if (begin < end)
            pool.emplace_back([&body, begin, end] { body(begin, end); });
    }
    body(0, std::min(count, chunk));
}

} // namespace normscope
