#include "tensor/layout.h"

#include "norms/normerror.h"

#include <algorithm>
#include <cassert>

namespace normscope {

std::string layoutKey(Layout layout, int rank)
{
    switch (layout) {
    case Layout::NHWC:
        return "nhwc";
    case Layout::BTC:
        return "btc";
    case Layout::ChannelsFirst:
        break;
    }
    return rank == 4 ? "nchw" : rank == 3 ? "ncl" : "nc";
}

std::string layoutTitle(Layout layout, int rank)
{
    switch (layout) {
    case Layout::NHWC:
        return "(N, H, W, C)";
    case Layout::BTC:
        return "(B, T, C)";
    case Layout::ChannelsFirst:
        break;
    }
    return rank == 4 ? "(N, C, H, W)" : rank == 3 ? "(N, C, L)" : "(N, C)";
}

std::string shapeWithLayout(const Shape& shape)
{
    if (shape.layout == Layout::ChannelsFirst)
        return shape.toString();
    return layoutTitle(shape.layout, shape.rank) + " " + dimsToString(shape.userDims());
}

std::vector<Layout> layoutsForRank(int rank)
{
    if (rank == 4)
        return { Layout::ChannelsFirst, Layout::NHWC };
    if (rank == 3)
        return { Layout::ChannelsFirst, Layout::BTC };
    return { Layout::ChannelsFirst };
}

Layout parseLayout(std::string_view key, int rank)
{
    std::string keys;
    for (const Layout layout : layoutsForRank(rank)) {
        if (layoutKey(layout, rank) == key)
            return layout;
        keys += (keys.empty() ? "" : " or ") + layoutKey(layout, rank);
    }
    for (const int other : { 2, 3, 4 }) {
        for (const Layout layout : layoutsForRank(other)) {
            if (layoutKey(layout, other) == key)
                throw NormError("layout " + std::string(key) + " is " + layoutTitle(layout, other) + ", for rank-"
                    + std::to_string(other) + " data; this tensor has rank " + std::to_string(rank) + ": use " + keys);
        }
    }
    throw NormError(
        "unknown layout '" + std::string(key) + "': for rank-" + std::to_string(rank) + " data use " + keys);
}

void transposeBlocks(std::span<const float> in, std::span<float> out, int64_t count, int64_t rows, int64_t cols)
{
    assert(in.size() == out.size() && static_cast<int64_t>(in.size()) == count * rows * cols);
    // Tiles of 32 × 32 keep both the rows read and the rows written in cache.
    constexpr int64_t tile = 32;
    const int64_t block = rows * cols;
    for (int64_t k = 0; k < count; ++k) {
        const float* src = in.data() + k * block;
        float* dst = out.data() + k * block;
        for (int64_t r0 = 0; r0 < rows; r0 += tile) {
            const int64_t r1 = std::min(rows, r0 + tile);
            for (int64_t c0 = 0; c0 < cols; c0 += tile) {
                const int64_t c1 = std::min(cols, c0 + tile);
                for (int64_t r = r0; r < r1; ++r)
                    for (int64_t c = c0; c < c1; ++c)
                        dst[c * rows + r] = src[r * cols + c];
            }
        }
    }
}

Tensor arrangeFrom(Tensor asRead, Layout layout)
{
    const Shape read = asRead.shape();
    if (layout == Layout::ChannelsFirst)
        return asRead;
    // Validates the rank and orders the dimensions channels first.
    const Shape shape = Shape::fromUserDims(read.dims(), layout);
    // Every sample is a (positions × channels) matrix in the user's order.
    const int64_t positions = shape.hw();
    std::vector<float> values(static_cast<size_t>(shape.numel()));
    transposeBlocks(asRead.data(), values, shape.n, positions, shape.c);
    asRead = Tensor(); // the file's order is not needed any more
    return Tensor(shape, std::move(values));
}

std::vector<float> valuesInUserOrder(const Tensor& tensor)
{
    const Shape& shape = tensor.shape();
    if (shape.layout == Layout::ChannelsFirst)
        return tensor.values();
    std::vector<float> values(static_cast<size_t>(tensor.numel()));
    transposeBlocks(tensor.data(), values, shape.n, shape.c, shape.hw());
    return values;
}

Tensor rearranged(const Tensor& held, Layout layout)
{
    const Shape asRead = Shape::fromDims(held.shape().userDims());
    return arrangeFrom(Tensor(asRead, valuesInUserOrder(held)), layout);
}

} // namespace normscope
