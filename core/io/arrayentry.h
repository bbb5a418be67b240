// What an archive (.npz) or a weights file (.safetensors) holds, before anything is read: each
// array's name, shape and dtype, so the user can choose one (the window's list, or
// `--input FILE:NAME`) and a layout choice can look at the shapes first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace normscope {

struct ArrayEntry {
    std::string name; // "x" for x.npy in an .npz; the tensor's key in a .safetensors file
    std::vector<int64_t> shape;
    std::string dtype; // NumPy's name: "float32", "float16", "bfloat16", "int64", "bool", ...
    // Why this array cannot be opened (its member is not a valid .npy, its dtype is not a number
    // type NormScope reads), without the file's and array's names; empty when it can be read. Shape limits (rank 2 to
    // 4) are the tensor's business, not the file's, and are not judged here.
    std::string problem;
};

} // namespace normscope

namespace normscope {

// "'a' [2, 3] float32, 'b' [4] int64": the entries for a message, at most `limit` of them.
std::string describeEntries(const std::vector<ArrayEntry>& entries, size_t limit = 12);

// The entry named `name`; an empty name chooses the only entry. Otherwise throws NormError naming
// the arrays `file` holds, so a wrong or missing name is answered with the right ones.
const ArrayEntry& chooseEntry(const std::vector<ArrayEntry>& entries, const std::string& name, const std::string& file);

} // namespace normscope
