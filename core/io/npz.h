// NumPy .npz archives (np.savez, np.savez_compressed), read through libzip.
//
// Every member named NAME.npy is the array NAME, read by the .npy reader with all its checks.
// Nothing is allocated on trust: a member's declared uncompressed size must be exactly what its
// .npy header needs (so a zip bomb declaring a small size cannot inflate into a large array), the
// array must fit into the available memory, and a member whose stream runs past its declared size
// or fails its CRC is refused. Members that are not .npy files are ignored, as np.load lists them
// apart.
#pragma once

#include "io/arrayentry.h"
#include "io/npy.h"

#include <string>
#include <vector>

namespace normscope {

// The arrays in the archive, in archive order, each with its shape and dtype read from its .npy
// header (or the reason it cannot be read). Throws NormError when the file is not a usable zip
// archive.
std::vector<ArrayEntry> listNpz(const ByteSource& source);

// Reads the array `name` (empty: the only one); a missing name is answered with the names there are.
NpyArray readNpz(const ByteSource& source, const std::string& name, const ReadOptions& options = {});

} // namespace normscope
