// Tensor: a dense float32 NCHW block, the value type every part of NormScope passes around.
// Rank-2 (N, C) and rank-3 (N, C, L) data are held as (N, C, 1, 1) and (N, C, 1, L), as
// BatchNorm1d sees them; `rank` remembers the shape the user gave so messages and files keep it.
// Channels-last data (NHWC images, (B, T, C) transformer activations) is held channels-first
// too, as PyTorch's norms see it after x.permute(0, 3, 1, 2) or x.transpose(1, 2); `layout`
// remembers the user's order (see tensor/layout.h for the conversions).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace normscope {

// How the user's array orders its dimensions. The order of the values is stable (settings and
// sessions store it).
enum class Layout {
    ChannelsFirst, // (N, C, H, W), (N, C, L) or (N, C): NormScope's own order
    NHWC, // rank 4, channels last: images, TensorFlow
    BTC, // rank 3 (batch, tokens, features): transformers; held as (N, C, L) = (B, C, T)
};

struct Shape {
    int64_t n = 0;
    int64_t c = 0;
    int64_t h = 0;
    int64_t w = 0;
    int rank = 4; // 2, 3 or 4: how the user's data was shaped
    Layout layout = Layout::ChannelsFirst; // how the user's data was ordered

    // Element counts with overflow checks: a product that does not fit throws NormError ("too
    // large") instead of wrapping. fromDims refuses such shapes, so only hand-built ones can.
    int64_t numel() const;
    int64_t hw() const;
    // The dimensions channels-first, as BatchNorm, InstanceNorm and GroupNorm see them:
    // [n, c], [n, c, w] or [n, c, h, w] (for (B, T, C) data [B, C, T]).
    std::vector<int64_t> dims() const;
    // The dimensions in the user's order: dims(), or [n, h, w, c] (NHWC), [n, w, c] ((B, T, C)).
    std::vector<int64_t> userDims() const;
    // PyTorch-style text of dims(), e.g. "[20, 6, 10, 10]".
    std::string toString() const;
    bool operator==(const Shape&) const = default;

    // Shape from user dimensions of rank 2, 3 or 4; throws NormError otherwise, and for shapes
    // whose element count (ignoring zero dimensions) would not fit in 63 bits as bytes of double.
    static Shape fromDims(const std::vector<int64_t>& dims);
    // Shape from dimensions in the user's order for `layout`: NHWC needs rank 4, (B, T, C) rank 3.
    static Shape fromUserDims(const std::vector<int64_t>& dims, Layout layout);
};

std::string dimsToString(const std::vector<int64_t>& dims);

// The product of `dims`, or nullopt when it, or the product of its nonzero entries, exceeds
// `limit` (so no partial product a caller forms from these dimensions can overflow either).
std::optional<int64_t> checkedProduct(std::span<const int64_t> dims, int64_t limit = INT64_MAX);

class Tensor {
public:
    Tensor() = default;
    explicit Tensor(Shape shape, float fill = 0.0f);
    Tensor(Shape shape, std::vector<float> data);

    const Shape& shape() const { return m_shape; }
    bool empty() const { return m_data.empty(); }
    int64_t numel() const { return static_cast<int64_t>(m_data.size()); }

    std::span<const float> data() const { return m_data; }
    std::span<float> data() { return m_data; }
    const std::vector<float>& values() const { return m_data; }
    // Moves the storage out (for reuse elsewhere), leaving an empty tensor.
    std::vector<float> releaseValues();

    int64_t index(int64_t n, int64_t c, int64_t h, int64_t w) const
    {
        return ((n * m_shape.c + c) * m_shape.h + h) * m_shape.w + w;
    }
    float at(int64_t n, int64_t c, int64_t h, int64_t w) const
    {
        return m_data[static_cast<size_t>(index(n, c, h, w))];
    }

private:
    Shape m_shape;
    std::vector<float> m_data;
};

} // namespace normscope
