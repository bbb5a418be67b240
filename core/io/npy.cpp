#include "io/npy.h"

#include "io/npyheader.h"
#include "io/outputfile.h"
#include "norms/normerror.h"
#include "tensor/layout.h"
#include "tensor/memorybudget.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <sstream>

namespace normscope {

namespace {

// File bytes converted per step: large enough for full-speed reads, small beside any tensor.
constexpr size_t chunkBytes = size_t(1) << 20;

float halfToFloat(uint16_t h)
{
    const uint32_t sign = (h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1f;
    uint32_t mantissa = h & 0x3ffu;
    uint32_t bits = 0;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else { // subnormal: normalise
            int e = -1;
            do {
                ++e;
                mantissa <<= 1;
            } while ((mantissa & 0x400u) == 0);
            bits = sign | static_cast<uint32_t>(127 - 15 - e) << 23 | (mantissa & 0x3ffu) << 13;
        }
    } else if (exponent == 31) {
        bits = sign | 0x7f800000u | mantissa << 13; // inf or nan
    } else {
        bits = sign | (exponent + 127 - 15) << 23 | mantissa << 13;
    }
    return std::bit_cast<float>(bits);
}

uint64_t loadUnsigned(const unsigned char* p, int size, bool bigEndian)
{
    uint64_t v = 0;
    for (int i = 0; i < size; ++i) {
        const int shift = bigEndian ? (size - 1 - i) * 8 : i * 8;
        v |= static_cast<uint64_t>(p[i]) << shift;
    }
    return v;
}

// Converts values one by one, noting what a tensor could not hold.
class Converter {
public:
    explicit Converter(const NpyDtype& dtype)
        : m_dtype(dtype)
    {
    }

    float operator()(const unsigned char* p)
    {
        const uint64_t raw = loadUnsigned(p, m_dtype.size, m_dtype.bigEndian);
        switch (m_dtype.type) {
        case NpyDtype::Type::Float:
            if (m_dtype.size == 2)
                return note(halfToFloat(static_cast<uint16_t>(raw)));
            if (m_dtype.size == 4)
                return note(std::bit_cast<float>(static_cast<uint32_t>(raw)));
            return narrow(std::bit_cast<double>(raw));
        case NpyDtype::Type::BFloat: // the upper 16 bits of a float32
            return note(std::bit_cast<float>(static_cast<uint32_t>(raw) << 16));
        case NpyDtype::Type::Bool:
            return raw ? 1.0f : 0.0f;
        case NpyDtype::Type::UInt:
            return static_cast<float>(raw);
        case NpyDtype::Type::Int: {
            const int bits = m_dtype.size * 8;
            const int64_t value
                = bits == 64 ? static_cast<int64_t>(raw) : static_cast<int64_t>(raw << (64 - bits)) >> (64 - bits);
            return static_cast<float>(value);
        }
        }
        return 0.0f;
    }

    uint64_t nonFinite = 0;
    uint64_t beyondFloat32 = 0;
    double firstBeyond = 0.0;

private:
    float note(float v)
    {
        if (!std::isfinite(v))
            ++nonFinite;
        return v;
    }
    // A finite double that rounds beyond float32's largest value becomes ±inf, counted apart
    // from the file's own NaN and inf so the message can say what really happened.
    float narrow(double v)
    {
        if (!std::isfinite(v)) {
            ++nonFinite;
            return static_cast<float>(v);
        }
        // The midpoint between FLT_MAX and the next power of two rounds to infinity.
        constexpr double limit = 0x1.ffffffp+127;
        if (std::fabs(v) >= limit) {
            if (beyondFloat32++ == 0)
                firstBeyond = v;
            return v > 0 ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
        }
        return static_cast<float>(v);
    }

    NpyDtype m_dtype;
};

// Reads the data in chunks and converts it into `out` (C order), walking a Fortran-order file
// sequentially and scattering into place, so no second copy of the array ever exists.
void convertData(
    const ByteSource& source, const NpyHeader& h, std::span<float> out, Converter& convert, const ReadOptions& options)
{
    const auto itemSize = static_cast<size_t>(h.dtype.size);
    const size_t perChunk = chunkBytes / itemSize;
    std::vector<char> buffer(std::min<uint64_t>(h.count, perChunk) * itemSize);
    const bool fortran = h.fortran && h.shape.size() >= 2;
    const size_t rank = h.shape.size();
    std::vector<int64_t> index(rank, 0);
    std::vector<int64_t> cStride(rank, 1);
    for (size_t k = rank; k-- > 1;)
        cStride[k - 1] = cStride[k] * h.shape[k];

    uint64_t done = 0;
    int64_t target = 0; // C-order position of the next Fortran-order value
    while (done < h.count) {
        if (options.stop.stop_requested())
            throw ReadCancelled();
        const auto n = static_cast<size_t>(std::min<uint64_t>(h.count - done, perChunk));
        source.read(h.dataOffset + done * itemSize, std::span<char>(buffer.data(), n * itemSize));
        const auto* bytes = reinterpret_cast<const unsigned char*>(buffer.data());
        if (!fortran) {
            float* dst = out.data() + done;
            for (size_t i = 0; i < n; ++i)
                dst[i] = convert(bytes + i * itemSize);
        } else {
            // The first index varies fastest in the file.
            for (size_t i = 0; i < n; ++i) {
                out[static_cast<size_t>(target)] = convert(bytes + i * itemSize);
                for (size_t k = 0; k < rank; ++k) {
                    target += cStride[k];
                    if (++index[k] < h.shape[k])
                        break;
                    target -= cStride[k] * h.shape[k];
                    index[k] = 0;
                }
            }
        }
        done += n;
        if (options.progress)
            options.progress(done, h.count);
    }
}

std::string fileName(const std::string& path)
{
    return std::filesystem::path(path).filename().string();
}

} // namespace

// PyTorch would carry a NaN through every statistic of its set; a teaching tool that showed
// NaN means without saying why would only confuse, so such data is refused by name.
void refuseUnusable(const NpyArray& array, const std::string& name)
{
    if (array.nonFinite > 0)
        throw NormError(name + " contains " + std::to_string(array.nonFinite)
            + " NaN or infinite value(s): NormScope needs finite numbers");
    if (array.beyondFloat32 > 0) {
        std::ostringstream first;
        first << array.firstBeyondFloat32;
        throw NormError(name + " holds " + std::to_string(array.beyondFloat32)
            + " value(s) beyond float32's range (±3.4e38), the first " + first.str()
            + ": NormScope computes in float32, as PyTorch's float tensors do");
    }
}

NpyArray readNpy(const ByteSource& source, const ReadOptions& options)
{
    return readArray(source, readNpyHeader(source), options);
}

NpyArray readArray(const ByteSource& source, const NpyHeader& h, const ReadOptions& options)
{
    // Checked before allocating: an array beyond the free memory would not fail here but get
    // the process killed, without a word, once its pages were touched.
    const uint64_t bytes = h.count * sizeof(float);
    const auto copies = static_cast<uint64_t>(std::max(options.copies, 1));
    if (bytes > std::numeric_limits<uint64_t>::max() / copies)
        throw NormError(source.name() + " is too large: shape " + dimsToString(h.shape));
    requireMemory(bytes * copies, source.name());

    NpyArray array;
    array.shape = h.shape;
    array.data.resize(static_cast<size_t>(h.count));
    Converter convert(h.dtype);
    convertData(source, h, array.data, convert, options);
    array.nonFinite = convert.nonFinite;
    array.beyondFloat32 = convert.beyondFloat32;
    array.firstBeyondFloat32 = convert.firstBeyond;
    return array;
}

NpyArray readNpy(const std::string& path, const ReadOptions& options)
{
    const InputFile file(path);
    return readNpy(file, options);
}

NpyArray parseNpy(std::span<const char> bytes, const std::string& name)
{
    return readNpy(MemorySource(bytes, name));
}

Tensor tensorFromArray(NpyArray array, const std::string& name)
{
    Shape shape;
    try {
        shape = Shape::fromDims(array.shape);
    } catch (const NormError& e) {
        throw NormError(name + ": " + e.what());
    }
    if (shape.numel() == 0)
        throw NormError(name + " has no elements (shape " + dimsToString(array.shape) + ")");
    refuseUnusable(array, name);
    return Tensor(shape, std::move(array.data));
}

Tensor readTensor(const std::string& path, const ReadOptions& options)
{
    return tensorFromArray(readNpy(path, options), fileName(path));
}

std::vector<float> readVector(const std::string& path, std::vector<int64_t>* shapeOut)
{
    NpyArray array = readNpy(path);
    refuseUnusable(array, fileName(path));
    if (shapeOut)
        *shapeOut = array.shape;
    return std::move(array.data);
}

namespace {

// The .npy bytes of `data` in pieces of at most chunkBytes, little-endian whatever the machine.
template <typename Sink> void emitNpy(std::span<const float> data, const std::vector<int64_t>& shape, Sink sink)
{
    const std::vector<char> header = npyHeaderBytes(shape);
    sink(std::span<const char>(header));
    if constexpr (std::endian::native == std::endian::little) {
        const auto* bytes = reinterpret_cast<const char*>(data.data());
        const size_t total = data.size() * sizeof(float);
        for (size_t at = 0; at < total; at += chunkBytes)
            sink(std::span<const char>(bytes + at, std::min(chunkBytes, total - at)));
    } else {
        std::vector<char> buffer;
        for (size_t at = 0; at < data.size(); at += chunkBytes / 4) {
            const size_t n = std::min(chunkBytes / 4, data.size() - at);
            buffer.resize(n * 4);
            for (size_t i = 0; i < n; ++i) {
                const auto bits = std::bit_cast<uint32_t>(data[at + i]);
                for (size_t b = 0; b < 4; ++b)
                    buffer[i * 4 + b] = static_cast<char>((bits >> (8 * b)) & 0xff);
            }
            sink(std::span<const char>(buffer));
        }
    }
}

} // namespace

std::vector<char> encodeNpy(std::span<const float> data, const std::vector<int64_t>& shape)
{
    std::vector<char> out;
    emitNpy(data, shape, [&out](std::span<const char> piece) { out.insert(out.end(), piece.begin(), piece.end()); });
    return out;
}

void writeNpy(const std::string& path, std::span<const float> data, const std::vector<int64_t>& shape)
{
    writeNpyFiles({ NpyFile { path, data, shape } });
}

void writeNpyFiles(const std::vector<NpyFile>& files)
{
    namespace fs = std::filesystem;
    for (size_t i = 0; i < files.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            std::error_code ec;
            if (files[i].path == files[j].path || fs::equivalent(files[i].path, files[j].path, ec))
                throw NormError("cannot write " + files[i].path + " twice: give each output its own file");
        }
    }
    // Every file is written and synced before the first rename; only renames, which need no
    // space, are left when the targets start to change.
    std::vector<std::unique_ptr<OutputFile>> staged;
    for (const NpyFile& file : files) {
        staged.push_back(std::make_unique<OutputFile>(file.path));
        OutputFile& out = *staged.back();
        emitNpy(file.data, file.shape, [&out](std::span<const char> piece) { out.write(piece); });
        out.finish();
    }
    for (auto& file : staged)
        file->publish();
}

void writeTensor(const std::string& path, const Tensor& tensor)
{
    if (tensor.shape().layout == Layout::ChannelsFirst) {
        writeNpy(path, tensor.data(), tensor.shape().dims());
        return;
    }
    // In the user's order (NHWC, (B, T, C)), as the file the tensor came from was.
    writeNpy(path, valuesInUserOrder(tensor), tensor.shape().userDims());
}

} // namespace normscope
