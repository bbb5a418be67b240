// Layouts: the names NormScope, its command line and its code box give them, and the conversions
// between the user's order (files, PyTorch code) and the channels-first order NormScope holds.
// NHWC is normalized exactly as PyTorch would after x.permute(0, 3, 1, 2); (B, T, C) is held as
// x.transpose(1, 2), the tensor BatchNorm1d, InstanceNorm1d and GroupNorm are given.
#pragma once

#include "tensor/tensor.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace normscope {

// "nchw", "ncl", "nc" (channels first, by rank), "nhwc", "btc".
std::string layoutKey(Layout layout, int rank);
// The layout `key` names for data of `rank`; throws NormError when the key is unknown or does not
// fit the rank (nchw and nhwc need rank 4, ncl and btc rank 3), naming the ones that do.
Layout parseLayout(std::string_view key, int rank);
// "(N, C, H, W)", "(N, H, W, C)", "(N, C, L)", "(B, T, C)", "(N, C)".
std::string layoutTitle(Layout layout, int rank);
// The shape as the user holds it: "[20, 6, 10, 10]" channels first, otherwise with the layout
// named, "(B, T, C) [2, 16, 64]" or "(N, H, W, C) [4, 32, 32, 3]".
std::string shapeWithLayout(const Shape& shape);
// The layouts data of this rank can have: channels first, then (rank 4 and 3) channels last.
std::vector<Layout> layoutsForRank(int rank);

// The tensor for data in the user's order: `asRead` holds the file's dimensions taken as if they
// were channels first (what the readers give). The result holds the same values channels first,
// with shape().layout == layout. Throws NormError when the layout does not fit the rank.
Tensor arrangeFrom(Tensor asRead, Layout layout);
// The values in the user's order (what a file in the tensor's layout holds): shape().userDims().
std::vector<float> valuesInUserOrder(const Tensor& tensor);

// The same data read in another layout: the user's order of `held`, arranged as `layout` gives
// it. E.g. a 3-D file first taken as (N, C, L) and then named (B, T, C). Throws NormError when
// the layout does not fit the rank.
Tensor rearranged(const Tensor& held, Layout layout);

// Transposes `count` consecutive row-major (rows × cols) matrices of `in` into (cols × rows)
// matrices in `out` (same size, not overlapping).
void transposeBlocks(std::span<const float> in, std::span<float> out, int64_t count, int64_t rows, int64_t cols);

} // namespace normscope
