// .safetensors files (the format model hubs use for weights and activations): an 8-byte
// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range,
// then the bytes.
//
// The header is validated completely before any data is read or memory allocated, as the .npy
// header is: its length within the format's 100 MB limit and the file, the JSON well-formed with
// no key twice, every byte range inside the file with no overlap and no hole (the format forbids
// both, so a file cannot hide a second meaning), and each range exactly shape × dtype bytes.
#pragma once

#include "io/arrayentry.h"
#include "io/npy.h"
#include "io/npyheader.h"

#include <map>
#include <string>
#include <vector>

namespace normscope {

struct SafetensorsTensor {
    ArrayEntry entry; // dtype as NumPy names it ("bfloat16" for BF16); problem for F8 and the like
    NpyHeader layout; // where the values are in the file, for readArray
    uint64_t begin = 0; // data_offsets: the byte range within the data that follows the header
    uint64_t end = 0;
};

struct SafetensorsHeader {
    std::vector<SafetensorsTensor> tensors; // in the order of their data
    std::map<std::string, std::string> metadata; // "__metadata__"
};

// Throws NormError (prefixed with the source's name) on anything the format does not allow.
SafetensorsHeader readSafetensorsHeader(const ByteSource& source);

std::vector<ArrayEntry> listSafetensors(const ByteSource& source);
// Reads the tensor `name` (empty: the only one); a missing name is answered with the names there are.
NpyArray readSafetensors(const ByteSource& source, const std::string& name, const ReadOptions& options = {});

} // namespace normscope
