// Which elements each norm averages over: the "sets" of the Group Normalization paper's Figure 2.
// The tensor is cut into rows of contiguous elements; every row belongs to exactly one set.
// This geometry drives the numerics (normalize.cpp), the cube view's highlight and the tests.
//
// (B, T, C) data is held channels first, as (B, C, T): what BatchNorm1d, InstanceNorm1d and
// GroupNorm are given after x.transpose(1, 2). LayerNorm and RMSNorm take x itself, so their sets
// are trailing dimensions of (B, T, C) (one set per token for normalized_shape [C]), which are
// not runs of the held tensor: for them the rows index the tensor transposed back to (B, T, C)
// (transposed(); the kernels take their tokens in tiles, see tokentiles.h).
#pragma once

#include "norms/normconfig.h"
#include "tensor/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace normscope {

class ReductionGeometry {
public:
    ReductionGeometry() = default;
    // Throws NormError when the configuration does not fit the shape (see validateConfig).
    ReductionGeometry(const NormConfig& config, const Shape& shape);

    NormKind kind() const { return m_kind; }
    const Shape& shape() const { return m_shape; }
    // Whether the rows index the tensor in the user's (B, T, C) order rather than as held: then
    // rowLength, rowCount, setOfRow and affineIndex refer to that order, of shape rowShape()
    // (rank 3, (B, T, C) as (N, C, L)). setOf and everything else use the held order.
    bool transposed() const { return m_transposed; }
    const Shape& rowShape() const { return m_rowShape; }
    // LayerNorm and RMSNorm: how many trailing NCHW dimensions are normalized together (1 = W ... 4 = NCHW).
    int layerDims() const { return m_layerDims; }
    int64_t groups() const { return m_groups; }

    int64_t setCount() const { return m_setCount; }
    int64_t setSize() const { return m_shape.numel() / (m_setCount ? m_setCount : 1); }

    int64_t rowLength() const { return m_rowLength; }
    int64_t rowCount() const { return m_rowLength ? m_shape.numel() / m_rowLength : 0; }
    int64_t setOfRow(int64_t row) const;

    int64_t setOf(int64_t n, int64_t c, int64_t h, int64_t w) const;
    // Number of affine parameters (γ and β each): C, or prod(normalized_shape) for LayerNorm and RMSNorm.
    int64_t affineSize() const;
    // Index into γ/β of the element at flat index `flat` of the rows' order (see transposed()).
    int64_t affineIndex(int64_t flat) const;
    // The channel whose running statistics a set uses (BatchNorm and InstanceNorm).
    int64_t channelOfSet(int64_t set) const;

    // Whether every set lies inside one sample (one channel). Then the norm also makes every
    // sample (channel) mean 0, std 1 before γ and β; otherwise it does not, and that is what the
    // explorer points out (per-sample statistics under BatchNorm, per-channel under LayerNorm).
    bool setsWithinSample() const;
    bool setsWithinChannel() const;

    // The indices that name a set, e.g. "c=2", "n=1", "n=0, c=3", "n=0, g=1", "n=0, c=1, h=2".
    std::string setLabel(int64_t set) const;

private:
    NormKind m_kind = NormKind::Batch;
    Shape m_shape;
    Shape m_rowShape;
    bool m_transposed = false;
    int m_layerDims = 3;
    int64_t m_groups = 1;
    int64_t m_setCount = 0;
    int64_t m_rowLength = 0;
};

// The group counts GroupNorm accepts for `channels` channels: its divisors, ascending (1 is
// LayerNorm's single set per sample, `channels` InstanceNorm's set per channel).
std::vector<int64_t> groupCounts(int64_t channels);
// Whether the norm takes (B, T, C) data as the user holds it (LayerNorm, RMSNorm) rather than
// transposed to (B, C, T).
bool seesUserOrder(NormKind kind, const Shape& shape);
// The dimensions of the tensor the PyTorch layer is given: (B, T, C) for LayerNorm and RMSNorm on
// (B, T, C) data, channels first (after the permute or transpose) otherwise.
std::vector<int64_t> normInputDims(NormKind kind, const Shape& shape);
// LayerNorm's and RMSNorm's normalized_shape with the default (every dimension but the first of
// normInputDims) filled in.
std::vector<int64_t> normalizedShapeOf(const NormConfig& config, const Shape& shape);

// Checks every parameter and its fit to the input shape, with PyTorch's wording where PyTorch
// has one. Throws NormError.
void validateConfig(const NormConfig& config, const Shape& shape);
// Checks the shapes of weight, bias and running statistics against the geometry.
void validateParams(const NormConfig& config, const ReductionGeometry& geometry, const NormParams& params);

} // namespace normscope
