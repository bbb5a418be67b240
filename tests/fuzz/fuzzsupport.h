// Shared by the fuzz targets: what every reader's output must survive, so a new reader (.npz,
// .safetensors) is one more target of a few lines: parse the bytes, then exerciseNorms().
#pragma once

#include "tensor/tensor.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace normscope::fuzz {

// Stops the run (abort, which libFuzzer reports with the input) when `ok` is false.
void require(bool ok, const char* what);

// Runs the tensor through every norm with configurations drawn from `choices` (eps > 0 always)
// and requires shaped, finite outputs and running statistics. Tensors above `maxValues` values
// are skipped, to keep each run fast.
void exerciseNorms(const Tensor& tensor, std::span<const uint8_t> choices, int64_t maxValues = 1 << 16);

} // namespace normscope::fuzz
