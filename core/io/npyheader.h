// The header of a .npy file (format versions 1.0, 2.0 and 3.0): read and checked completely
// before any data is read or memory allocated, including that the file holds exactly the bytes
// the dtype and shape need.
#pragma once

#include "io/inputfile.h"

#include <cstdint>
#include <string>
#include <vector>

namespace normscope {

struct NpyDtype {
    enum class Type { Float, Int, UInt, Bool } type = Type::Float;
    int size = 4; // bytes per value
    bool bigEndian = false;
};

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
