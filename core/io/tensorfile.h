// The one entry point for tensor files: .npy, .npz and .safetensors, recognised by their suffix
// (or, without one of these, by their first bytes), with the array chosen by name where a file holds several:
// "acts.npz:layer3" or "model.safetensors:h.0.ln_1.weight". The command line, the window and
// session files all go through here.
#pragma once

#include "io/arrayentry.h"
#include "io/npy.h"

#include <string>
#include <vector>

namespace normscope {

enum class TensorFileFormat { Npy, Npz, Safetensors };

// A file and, for archives, the array in it.
struct InputSpec {
    std::string path;
    std::string array; // empty: the file's only array

    // "x.npz:a", or the path alone.
    std::string text() const { return array.empty() ? path : path + ":" + array; }
    // The file name (no folder) with the array, for messages: "x.npz:a".
    std::string displayName() const;
};

// Splits "FILE:NAME" after the last ".npz:" or ".safetensors:" (any case), so array names may hold
// colons and dots. A text that names an existing file is taken whole.
InputSpec parseInputSpec(const std::string& text);

// By the suffix; a file with none of ours by its first bytes (PK: .npz; an 8-byte length then
// '{': .safetensors; else .npy, whose reader says what is wrong).
TensorFileFormat detectFormat(const ByteSource& source);
bool holdsNamedArrays(TensorFileFormat format);

// What the file holds: for .npy one entry with an empty name. Throws NormError.
std::vector<ArrayEntry> listArrays(const ByteSource& source);
std::vector<ArrayEntry> listArrays(const std::string& path);

// The array `name` of the file (empty: its only array). Throws NormError; a wrong or missing
// name is answered with the names, shapes and dtypes the file holds.
NpyArray readArrayFrom(const ByteSource& source, const std::string& name, const ReadOptions& options = {});

// An NCHW tensor (rank 2 to 4, see tensorFromArray) from a file spec such as "x.npz:a".
Tensor readTensorFile(const std::string& spec, const ReadOptions& options = {});
Tensor readTensorFile(const InputSpec& spec, const ReadOptions& options = {});
// A 1-D parameter vector (γ, β, running statistics) from a file spec; any rank is flattened.
std::vector<float> readVectorFile(const std::string& spec, std::vector<int64_t>* shapeOut = nullptr);

} // namespace normscope
