// The header of a .npy file (format versions 1.0, 2.0 and 3.0): read and checked completely
// before any data is read or memory allocated, including that the file holds exactly the bytes
// the dtype and shape need.
#pragma once

#include "io/inputfile.h"

#include <cstdint>
#include <string>
#include <vector>

namespace normscope {

// How one stored value is laid out. BFloat (bfloat16: float32's upper half) has no NumPy code;
// .safetensors files use it.
struct NpyDtype {
    enum class Type { Float, BFloat, Int, UInt, Bool } type = Type::Float;
    int size = 4; // bytes per value
    bool bigEndian = false;
};

// Where an array's values are and how they are stored: a .npy header, or an entry of a
// .safetensors header.
// NumPy's name of a dtype: "float32", "bfloat16", "int8", "uint16", "bool".
std::string dtypeName(const NpyDtype& dtype);

struct NpyHeader {
    NpyDtype dtype;
    bool fortran = false;
    std::vector<int64_t> shape;
    uint64_t dataOffset = 0;
    uint64_t count = 0; // values
};

// Throws NormError (prefixed with the source's name) on anything a NumPy writer would not produce.
NpyHeader readNpyHeader(const ByteSource& source);

// The header of a C-order little-endian float32 array, padded as NumPy pads it.
std::vector<char> npyHeaderBytes(const std::vector<int64_t>& shape);

} // namespace normscope
