#include "io/tensorfile.h"

#include "io/npyheader.h"
#include "io/npz.h"
#include "io/safetensors.h"
#include "norms/normerror.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>

namespace normscope {

namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

std::string InputSpec::displayName() const
{
    const std::string file = std::filesystem::path(path).filename().string();
    return array.empty() ? file : file + ":" + array;
}

InputSpec parseInputSpec(const std::string& text)
{
    std::error_code ec;
    if (std::filesystem::exists(text, ec))
        return { text, {} };
    const std::string folded = lower(text);
    size_t split = std::string::npos;
    for (const char* suffix : { ".npz:", ".safetensors:" }) {
        const size_t at = folded.rfind(suffix);
        if (at != std::string::npos && (split == std::string::npos || at + std::strlen(suffix) - 1 > split))
            split = at + std::strlen(suffix) - 1;
    }
    if (split == std::string::npos)
        return { text, {} };
    return { text.substr(0, split), text.substr(split + 1) };
}

TensorFileFormat detectFormat(const ByteSource& source)
{
    // The suffix the user chose decides (a .npy that is really a zip is refused as a .npy, as
    // its name promises); only a file without one of ours is recognised by its first bytes.
    const std::string name = lower(source.name());
    if (endsWith(name, ".npy"))
        return TensorFileFormat::Npy;
    if (endsWith(name, ".npz"))
        return TensorFileFormat::Npz;
    if (endsWith(name, ".safetensors"))
        return TensorFileFormat::Safetensors;
    char start[9] = {};
    const auto n = static_cast<size_t>(std::min<uint64_t>(source.size(), sizeof start));
    source.read(0, std::span<char>(start, n));
    if (n >= 4 && (std::memcmp(start, "PK\x03\x04", 4) == 0 || std::memcmp(start, "PK\x05\x06", 4) == 0))
        return TensorFileFormat::Npz;
    if (n == 9 && start[8] == '{')
        return TensorFileFormat::Safetensors;
    return TensorFileFormat::Npy;
}

bool holdsNamedArrays(TensorFileFormat format)
{
    return format != TensorFileFormat::Npy;
}

std::vector<ArrayEntry> listArrays(const ByteSource& source)
{
    switch (detectFormat(source)) {
    case TensorFileFormat::Npz:
        return listNpz(source);
    case TensorFileFormat::Safetensors:
        return listSafetensors(source);
    case TensorFileFormat::Npy:
        break;
    }
    const NpyHeader header = readNpyHeader(source);
    return { ArrayEntry { {}, header.shape, dtypeName(header.dtype), {} } };
}

std::vector<ArrayEntry> listArrays(const std::string& path)
{
    const InputFile file(path);
    return listArrays(file);
}

NpyArray readArrayFrom(const ByteSource& source, const std::string& name, const ReadOptions& options)
{
    switch (detectFormat(source)) {
    case TensorFileFormat::Npz:
        return readNpz(source, name, options);
    case TensorFileFormat::Safetensors:
        return readSafetensors(source, name, options);
    case TensorFileFormat::Npy:
        break;
    }
    if (!name.empty())
        throw NormError(source.name() + " is a .npy file, which holds one array with no name: give the file alone");
    return readNpy(source, options);
}

Tensor readTensorFile(const InputSpec& spec, const ReadOptions& options)
{
    const InputFile file(spec.path);
    return tensorFromArray(readArrayFrom(file, spec.array, options), spec.displayName());
}

Tensor readTensorFile(const std::string& spec, const ReadOptions& options)
{
    return readTensorFile(parseInputSpec(spec), options);
}

std::vector<float> readVectorFile(const std::string& text, std::vector<int64_t>* shapeOut)
{
    const InputSpec spec = parseInputSpec(text);
    const InputFile file(spec.path);
    NpyArray array = readArrayFrom(file, spec.array);
    refuseUnusable(array, spec.displayName());
    if (shapeOut)
        *shapeOut = array.shape;
    return std::move(array.data);
}

} // namespace normscope
