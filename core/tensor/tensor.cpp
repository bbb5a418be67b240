#include "tensor/tensor.h"

#include "norms/normerror.h"

#include <cassert>
#include <sstream>

namespace normscope {

std::string dimsToString(const std::vector<int64_t>& dims)
{
    std::ostringstream out;
    out << '[';
    for (size_t i = 0; i < dims.size(); ++i)
        out << (i ? ", " : "") << dims[i];
    out << ']';
    return out.str();
}

std::optional<int64_t> checkedProduct(std::span<const int64_t> dims, int64_t limit)
{
    int64_t nonzero = 1;
    bool zero = false;
    for (int64_t d : dims) {
        if (d < 0)
            return std::nullopt;
        if (d == 0) {
            zero = true;
            continue;
        }
        if (__builtin_mul_overflow(nonzero, d, &nonzero) || nonzero > limit)
            return std::nullopt;
    }
    return zero ? 0 : nonzero;
}

namespace {

// Beyond this an element count, times the 8 bytes of a double, no longer fits in int64.
constexpr int64_t maxElements = INT64_MAX / 8;

[[noreturn]] void tooLarge(const std::vector<int64_t>& dims)
{
    double elements = 1.0;
    for (int64_t d : dims)
        elements *= static_cast<double>(d);
    std::ostringstream out;
    out << "shape " << dimsToString(dims) << " is too large (" << elements << " elements)";
    throw NormError(out.str());
}

} // namespace

int64_t Shape::numel() const
{
    const int64_t d[] = { n, c, h, w };
    const auto product = checkedProduct(d, maxElements);
    if (!product)
        tooLarge(dims());
    return *product;
}

int64_t Shape::hw() const
{
    const int64_t d[] = { h, w };
    const auto product = checkedProduct(d, maxElements);
    if (!product)
        tooLarge(dims());
    return *product;
}

std::vector<int64_t> Shape::dims() const
{
    switch (rank) {
    case 2:
        return { n, c };
    case 3:
        return { n, c, w };
    default:
        return { n, c, h, w };
    }
}

std::vector<int64_t> Shape::userDims() const
{
    switch (layout) {
    case Layout::NHWC:
        return { n, h, w, c };
    case Layout::BTC:
        return { n, w, c };
    case Layout::ChannelsFirst:
        break;
    }
    return dims();
}

std::string Shape::toString() const
{
    return dimsToString(dims());
}

Shape Shape::fromDims(const std::vector<int64_t>& dims)
{
    for (int64_t d : dims) {
        if (d < 0)
            throw NormError("shape " + dimsToString(dims) + " has a negative dimension");
    }
    if (!checkedProduct(dims, maxElements))
        tooLarge(dims);
    switch (dims.size()) {
    case 2:
        return { dims[0], dims[1], 1, 1, 2 };
    case 3:
        return { dims[0], dims[1], 1, dims[2], 3 };
    case 4:
        return { dims[0], dims[1], dims[2], dims[3], 4 };
    default:
        throw NormError("expected a tensor of rank 2 (N, C), 3 (N, C, L) or 4 (N, C, H, W), got rank "
            + std::to_string(dims.size()) + " with shape " + dimsToString(dims));
    }
}

Shape Shape::fromUserDims(const std::vector<int64_t>& dims, Layout layout)
{
    const auto wrongRank = [&](const char* name, size_t rank) {
        throw NormError(std::string("the layout ") + name + " needs a tensor of rank " + std::to_string(rank)
            + ", got rank " + std::to_string(dims.size()) + " with shape " + dimsToString(dims));
    };
    switch (layout) {
    case Layout::NHWC: {
        if (dims.size() != 4)
            wrongRank("NHWC", 4);
        Shape shape = fromDims({ dims[0], dims[3], dims[1], dims[2] });
        shape.layout = layout;
        return shape;
    }
    case Layout::BTC: {
        if (dims.size() != 3)
            wrongRank("(B, T, C)", 3);
        Shape shape = fromDims({ dims[0], dims[2], dims[1] });
        shape.layout = layout;
        return shape;
    }
    case Layout::ChannelsFirst:
        break;
    }
    return fromDims(dims);
}

Tensor::Tensor(Shape shape, float fill)
    : m_shape(shape)
    , m_data(static_cast<size_t>(shape.numel()), fill)
{
}

Tensor::Tensor(Shape shape, std::vector<float> data)
    : m_shape(shape)
    , m_data(std::move(data))
{
    assert(static_cast<int64_t>(m_data.size()) == shape.numel());
}

std::vector<float> Tensor::releaseValues()
{
    m_shape = Shape {};
    std::vector<float> out;
    out.swap(m_data);
    return out;
}

} // namespace normscope
