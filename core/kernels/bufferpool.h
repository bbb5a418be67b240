// Output tensors whose storage is recycled. A tensor taken from the pool comes back to it when its
// last owner lets go, so a new slider value reuses the previous output's memory instead of asking
// the system for fresh pages, which costs about 100 ms per 268 MB on our VM (page faults plus
// zero-filling). The pool keeps at most `keep` idle buffers, of the size last asked for.
#pragma once

#include "tensor/tensor.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace normscope::kernels {

class BufferPool : public std::enable_shared_from_this<BufferPool> {
public:
    static std::shared_ptr<BufferPool> create(size_t keep = 1);

    // A tensor of `shape` with unspecified contents (a recycled buffer when one fits, else a new
    // one). It returns to this pool, if the pool still exists, when its last owner releases it.
    std::shared_ptr<Tensor> take(const Shape& shape);

    size_t idle() const;
    // Frees the idle buffers: their memory goes back to the system.
    void trim();
    // How many buffers taken from this pool are still owned (not yet given back).
    size_t inUse() const;
    // Waits until every taken buffer is back (inUse() == 0), at most `limit`; whether they are.
    // Lets a new result reuse the memory of one its owner is just letting go of.
    bool waitUntilNoneInUse(std::chrono::milliseconds limit) const;
    // How many buffers take() had to allocate (for tests and the bench).
    size_t allocations() const;

private:
    explicit BufferPool(size_t keep);
    void giveBack(std::vector<float>&& storage);

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_returned;
    std::vector<std::vector<float>> m_idle;
    size_t m_inUse = 0;
    size_t m_keep;
    size_t m_allocations = 0;
};

} // namespace normscope::kernels
