#include "kernels/bufferpool.h"

#include <algorithm>

namespace normscope::kernels {

std::shared_ptr<BufferPool> BufferPool::create(size_t keep)
{
    return std::shared_ptr<BufferPool>(new BufferPool(keep));
}

BufferPool::BufferPool(size_t keep)
    : m_keep(keep)
{
}

std::shared_ptr<Tensor> BufferPool::take(const Shape& shape)
{
    const auto size = static_cast<size_t>(shape.numel());
    std::vector<float> storage;
    {
        std::lock_guard lock(m_mutex);
        const auto fits
            = std::find_if(m_idle.begin(), m_idle.end(), [&](const std::vector<float>& v) { return v.size() == size; });
        if (fits != m_idle.end()) {
            storage = std::move(*fits);
            m_idle.erase(fits);
        } else {
            m_idle.clear(); // another size: the tensor changed, the old buffers are of no use
            ++m_allocations;
        }
        ++m_inUse;
    }
    if (storage.size() != size)
        storage.resize(size);
    std::weak_ptr<BufferPool> pool = weak_from_this();
    return std::shared_ptr<Tensor>(new Tensor(shape, std::move(storage)), [pool](Tensor* tensor) {
        if (const auto owner = pool.lock())
            owner->giveBack(tensor->releaseValues());
        delete tensor;
    });
}

void BufferPool::giveBack(std::vector<float>&& storage)
{
    {
        std::lock_guard lock(m_mutex);
        --m_inUse;
        if (m_idle.size() < m_keep && !storage.empty())
            m_idle.push_back(std::move(storage));
    }
    m_returned.notify_all();
}

void BufferPool::trim()
{
    std::vector<std::vector<float>> freed;
    std::lock_guard lock(m_mutex);
    freed.swap(m_idle);
}

size_t BufferPool::inUse() const
{
    std::lock_guard lock(m_mutex);
    return m_inUse;
}

bool BufferPool::waitUntilNoneInUse(std::chrono::milliseconds limit) const
{
    std::unique_lock lock(m_mutex);
    return m_returned.wait_for(lock, limit, [this] { return m_inUse == 0; });
}

size_t BufferPool::idle() const
{
    std::lock_guard lock(m_mutex);
    return m_idle.size();
}

size_t BufferPool::allocations() const
{
    std::lock_guard lock(m_mutex);
    return m_allocations;
}

} // namespace normscope::kernels
