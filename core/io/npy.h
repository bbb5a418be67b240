// Reading and writing NumPy .npy files (format versions 1.0, 2.0 and 3.0).
// Every refusal throws NormError with a message that says what is wrong with the file.
#pragma once

#include "tensor/tensor.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace normscope {

// An array as stored in a .npy file, converted to float32 in C (row-major) order.
struct NpyArray {
    std::vector<int64_t> shape;
    std::vector<float> data;
};

// Parses .npy bytes; `name` is used in messages (usually the file name).
NpyArray parseNpy(std::span<const char> bytes, const std::string& name);
// Reads a file; refuses sizes larger than the file before allocating.
NpyArray readNpy(const std::string& path);

// Serialises float32 C-order data as a version 1.0 .npy (little-endian '<f4').
std::vector<char> encodeNpy(std::span<const float> data, const std::vector<int64_t>& shape);
// Writes atomically: a temporary file in the same folder, renamed over `path` only when complete.
// On failure nothing at `path` changes and NormError says why.
void writeNpy(const std::string& path, std::span<const float> data, const std::vector<int64_t>& shape);

struct NpyFile {
    std::string path;
    std::span<const float> data; // not owned: valid until writeNpyFiles returns
    std::vector<int64_t> shape;
};
// Writes several files together: each is first written in full beside its target, and only when
// all are written are they renamed into place, so a failure (unwritable folder, full disk) leaves
// every target as it was. Refuses a path named twice.
void writeNpyFiles(const std::vector<NpyFile>& files);

// An NCHW tensor from a .npy file: rank 4 is NCHW, rank 3 is (N, C, L), rank 2 is (N, C).
// Other ranks and tensors without elements are refused.
Tensor readTensor(const std::string& path);
void writeTensor(const std::string& path, const Tensor& tensor);

// A 1-D parameter vector (weight, bias, running statistics); any rank is flattened.
std::vector<float> readVector(const std::string& path, std::vector<int64_t>* shapeOut = nullptr);

} // namespace normscope
