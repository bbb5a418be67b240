// Reading and writing NumPy .npy files (format versions 1.0, 2.0 and 3.0).
// Every refusal throws NormError with a message that says what is wrong with the file.
//
// Reading costs the float32 array and a 1 MiB buffer, whatever the file's dtype: the header is
// checked first (npyheader.h), then the memory the array needs is compared with what is
// available, then the data is converted in chunks straight into the array.
#pragma once

#include "io/inputfile.h"
#include "io/npyheader.h"
#include "tensor/tensor.h"

#include <cstdint>
#include <functional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

namespace normscope {

// An array as stored in a .npy file, converted to float32 in C (row-major) order.
struct NpyArray {
    std::vector<int64_t> shape;
    std::vector<float> data;
    // What the conversion met: NaN or ±inf in the file, and finite float64 values beyond
    // float32's range (stored as ±inf in `data`).
    uint64_t nonFinite = 0;
    uint64_t beyondFloat32 = 0;
    double firstBeyondFloat32 = 0.0;
};

struct ReadOptions {
    // How many arrays of this size the caller will hold at once (a norm's input and output: 2).
    // The file is refused as too large when they would not fit into the available memory.
    int copies = 1;
    // When requested, the reader stops between chunks and throws ReadCancelled.
    std::stop_token stop;
    // Called after each chunk with the values converted so far and in all (from the reading
    // thread); may be empty.
    std::function<void(uint64_t done, uint64_t total)> progress;

    static ReadOptions holding(int copies)
    {
        ReadOptions options;
        options.copies = copies;
        return options;
    }
};

// Reads the array `layout` describes (already validated against the source's size) from `source`:
// memory is checked, then the values are converted in chunks. Every reader's last step.
NpyArray readArray(const ByteSource& source, const NpyHeader& layout, const ReadOptions& options = {});

NpyArray readNpy(const ByteSource& source, const ReadOptions& options = {});
NpyArray readNpy(const std::string& path, const ReadOptions& options = {});
// Parses .npy bytes in memory; `name` is used in messages (usually the file name).
NpyArray parseNpy(std::span<const char> bytes, const std::string& name);

// Refuses arrays holding NaN, infinities or values beyond float32's range, naming the count.
void refuseUnusable(const NpyArray& array, const std::string& name);

// An NCHW tensor from an array: rank 4 is NCHW, rank 3 is (N, C, L), rank 2 is (N, C). Other
// ranks, arrays without elements and values that are not finite float32 numbers are refused.
Tensor tensorFromArray(NpyArray array, const std::string& name);
Tensor readTensor(const std::string& path, const ReadOptions& options = {});

// A 1-D parameter vector (weight, bias, running statistics); any rank is flattened. Values must
// be finite float32 numbers.
std::vector<float> readVector(const std::string& path, std::vector<int64_t>* shapeOut = nullptr);

// Serialises float32 C-order data as a version 1.0 .npy (little-endian '<f4').
std::vector<char> encodeNpy(std::span<const float> data, const std::vector<int64_t>& shape);
// Writes one file with the semantics of OutputFile (outputfile.h): all or nothing, through
// symbolic links, keeping permissions. Throws NormError.
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

// Writes the tensor in its layout's order with its userDims(): (B, T, C) data as (B, T, C).
void writeTensor(const std::string& path, const Tensor& tensor);

} // namespace normscope
