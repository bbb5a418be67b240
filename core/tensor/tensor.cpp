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

} // namespace normscope
