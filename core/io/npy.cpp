#include "io/npy.h"

#include "norms/normerror.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <random>
#include <sstream>

namespace normscope {

namespace {

constexpr char magic[] = "\x93NUMPY";
constexpr size_t magicSize = 6;
// Refuse headers beyond NumPy's own sanity limit before reading them.
constexpr uint32_t maxHeaderSize = 1u << 20;

[[noreturn]] void fail(const std::string& name, const std::string& why)
{
    throw NormError(name + ": " + why);
}

// A value of the header's Python dict literal: a string, a bool, a tuple of ints, or a list
// (structured dtypes, which are refused).
struct PyValue {
    enum class Kind { String, Bool, Tuple, List, Other } kind = Kind::Other;
    std::string text;
    bool flag = false;
    std::vector<int64_t> ints;
};

class HeaderParser {
public:
    HeaderParser(std::string_view text, const std::string& name)
        : m_text(text)
        , m_name(name)
    {
    }

    std::vector<std::pair<std::string, PyValue>> parseDict()
    {
        std::vector<std::pair<std::string, PyValue>> items;
        expect('{');
        while (true) {
            skipSpace();
            if (peek() == '}') {
                ++m_pos;
                break;
            }
            PyValue key = parseValue();
            if (key.kind != PyValue::Kind::String)
                bad("a key of the header dict is not a string");
            expect(':');
            items.emplace_back(key.text, parseValue());
            skipSpace();
            if (peek() == ',')
                ++m_pos;
            else if (peek() != '}')
                bad("expected ',' or '}' in the header dict");
        }
        return items;
    }

private:
    [[noreturn]] void bad(const std::string& why)
    {
        fail(m_name, "the header is not a NumPy header dict (" + why + ")");
    }
    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    void skipSpace()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }
    void expect(char c)
    {
        skipSpace();
        if (peek() != c)
            bad(std::string("expected '") + c + "'");
        ++m_pos;
    }

    PyValue parseValue()
    {
        skipSpace();
        PyValue v;
        const char c = peek();
        if (c == '\'' || c == '"') {
            ++m_pos;
            const size_t end = m_text.find(c, m_pos);
            if (end == std::string_view::npos)
                bad("unterminated string");
            v.kind = PyValue::Kind::String;
            v.text = std::string(m_text.substr(m_pos, end - m_pos));
            m_pos = end + 1;
        } else if (m_text.substr(m_pos, 4) == "True" || m_text.substr(m_pos, 5) == "False") {
            v.kind = PyValue::Kind::Bool;
            v.flag = m_text[m_pos] == 'T';
            m_pos += v.flag ? 4 : 5;
        } else if (c == '(') {
            ++m_pos;
            v.kind = PyValue::Kind::Tuple;
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    ++m_pos;
                    break;
                }
                v.ints.push_back(parseInt());
                skipSpace();
                if (peek() == ',')
                    ++m_pos;
                else if (peek() != ')')
                    bad("expected ',' or ')' in the shape");
            }
        } else if (c == '[') {
            // Structured dtype: skip to the matching bracket.
            v.kind = PyValue::Kind::List;
            int depth = 0;
            do {
                if (peek() == '[')
                    ++depth;
                else if (peek() == ']')
                    --depth;
                else if (peek() == '\0')
                    bad("unterminated list");
                ++m_pos;
            } while (depth > 0);
        } else {
            bad("unexpected character '" + std::string(1, c) + "'");
        }
        return v;
    }

    int64_t parseInt()
    {
        skipSpace();
        const size_t start = m_pos;
        if (peek() == '-' || peek() == '+')
            ++m_pos;
        while (std::isdigit(static_cast<unsigned char>(peek())))
            ++m_pos;
        std::string digits(m_text.substr(start, m_pos - start));
        if (peek() == 'L') // Python 2 long suffix
            ++m_pos;
        if (digits.empty() || digits == "-" || digits == "+")
            bad("a dimension of the shape is not a whole number");
        errno = 0;
        char* end = nullptr;
        const long long value = std::strtoll(digits.c_str(), &end, 10);
        if (errno == ERANGE)
            fail(m_name, "the shape has a dimension too large to represent: " + digits);
        return value;
    }

    std::string_view m_text;
    std::string m_name;
    size_t m_pos = 0;
};

enum class Type { Float, Int, UInt, Bool };

struct Dtype {
    Type type = Type::Float;
    int size = 4;
    bool bigEndian = false;
};

Dtype parseDescr(const std::string& descr, const std::string& name)
{
    if (descr.size() < 2)
        fail(name, "unknown dtype '" + descr + "'");
    const char order = descr[0];
    const char code = descr[1];
    const std::string sizeText = descr.substr(2);
    if (order != '<' && order != '>' && order != '|' && order != '=')
        fail(name, "unknown dtype '" + descr + "'");
    if (code == 'c')
        fail(name, "complex data (dtype " + descr + ") is not supported: NormScope needs real numbers");
    if (code == 'O')
        fail(name, "object arrays (dtype " + descr + ") are not supported: NormScope needs numbers");
    if (code == 'S' || code == 'U' || code == 'a' || code == 'V')
        fail(name, "string or raw-byte data (dtype " + descr + ") is not supported: NormScope needs numbers");
    if (code == 'M' || code == 'm')
        fail(name, "date/time data (dtype " + descr + ") is not supported: NormScope needs numbers");
    Dtype d;
    d.bigEndian = order == '>';
    char* end = nullptr;
    const long size = std::strtol(sizeText.c_str(), &end, 10);
    if (sizeText.empty() || *end != '\0')
        fail(name, "unknown dtype '" + descr + "'");
    d.size = static_cast<int>(size);
    switch (code) {
    case 'f':
        d.type = Type::Float;
        if (size != 2 && size != 4 && size != 8)
            fail(name, "unsupported float size in dtype '" + descr + "' (float16, float32 and float64 are)");
        break;
    case 'i':
        d.type = Type::Int;
        break;
    case 'u':
        d.type = Type::UInt;
        break;
    case 'b':
        d.type = Type::Bool;
        break;
    default:
        fail(name, "unknown dtype '" + descr + "'");
    }
    if (d.type != Type::Float && size != 1 && size != 2 && size != 4 && size != 8)
        fail(name, "unsupported integer size in dtype '" + descr + "'");
    return d;
}

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

float convert(const unsigned char* p, const Dtype& d)
{
    const uint64_t raw = loadUnsigned(p, d.size, d.bigEndian);
    switch (d.type) {
    case Type::Float:
        if (d.size == 2)
            return halfToFloat(static_cast<uint16_t>(raw));
        if (d.size == 4)
            return std::bit_cast<float>(static_cast<uint32_t>(raw));
        return static_cast<float>(std::bit_cast<double>(raw));
    case Type::Bool:
        return raw ? 1.0f : 0.0f;
    case Type::UInt:
        return static_cast<float>(raw);
    case Type::Int: {
        const int bits = d.size * 8;
        const int64_t value
            = bits == 64 ? static_cast<int64_t>(raw) : static_cast<int64_t>(raw << (64 - bits)) >> (64 - bits);
        return static_cast<float>(value);
    }
    }
    return 0.0f;
}

struct Header {
    Dtype dtype;
    bool fortran = false;
    std::vector<int64_t> shape;
    size_t dataOffset = 0;
    uint64_t count = 0;
};

Header parseHeader(std::span<const char> bytes, const std::string& name)
{
    if (bytes.size() < magicSize || std::memcmp(bytes.data(), magic, magicSize) != 0)
        fail(name, "is not a NumPy .npy file (bad magic bytes)");
    if (bytes.size() < magicSize + 2)
        fail(name, "the file is truncated inside the header");
    const auto major = static_cast<unsigned char>(bytes[6]);
    const auto minor = static_cast<unsigned char>(bytes[7]);
    if (major < 1 || major > 3 || minor != 0)
        fail(name,
            "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor)
                + " (1.0, 2.0 and 3.0 are supported)");
    const size_t lengthBytes = major == 1 ? 2 : 4;
    if (bytes.size() < 8 + lengthBytes)
        fail(name, "the file is truncated inside the header");
    const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto headerLength = static_cast<uint32_t>(loadUnsigned(u + 8, static_cast<int>(lengthBytes), false));
    if (headerLength > maxHeaderSize)
        fail(name, "the header claims " + std::to_string(headerLength) + " bytes, which is not plausible");
    Header h;
    h.dataOffset = 8 + lengthBytes + headerLength;
    if (bytes.size() < h.dataOffset)
        fail(name,
            "the file is truncated inside the header (" + std::to_string(headerLength) + " header bytes announced, "
                + std::to_string(bytes.size() - 8 - lengthBytes) + " present)");

    HeaderParser parser(std::string_view(bytes.data() + 8 + lengthBytes, headerLength), name);
    const auto items = parser.parseDict();
    std::optional<PyValue> descr, fortran, shape;
    for (const auto& [key, value] : items) {
        if (key == "descr")
            descr = value;
        else if (key == "fortran_order")
            fortran = value;
        else if (key == "shape")
            shape = value;
        else
            fail(name, "the header has an unexpected key '" + key + "'");
    }
    if (!descr)
        fail(name, "the header has no 'descr' (dtype) key");
    if (!fortran)
        fail(name, "the header has no 'fortran_order' key");
    if (!shape)
        fail(name, "the header has no 'shape' key");
    if (descr->kind == PyValue::Kind::List)
        fail(name, "structured arrays (record dtypes) are not supported: NormScope needs plain numbers");
    if (descr->kind != PyValue::Kind::String)
        fail(name, "the header's 'descr' is not a dtype string");
    if (fortran->kind != PyValue::Kind::Bool)
        fail(name, "the header's 'fortran_order' is not True or False");
    if (shape->kind != PyValue::Kind::Tuple)
        fail(name, "the header's 'shape' is not a tuple");
    h.dtype = parseDescr(descr->text, name);
    h.fortran = fortran->flag;
    h.shape = shape->ints;

    // Count elements with overflow checks, and refuse sizes the bytes cannot hold before
    // anything is allocated.
    uint64_t count = 1;
    for (int64_t d : h.shape) {
        if (d < 0)
            fail(name, "the shape " + dimsToString(h.shape) + " has a negative dimension");
        if (d != 0 && count > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d) / 8)
            fail(name, "the shape " + dimsToString(h.shape) + " is absurdly large");
        count *= static_cast<uint64_t>(d);
    }
    h.count = count;
    const uint64_t needed = count * static_cast<uint64_t>(h.dtype.size);
    const uint64_t present = bytes.size() - h.dataOffset;
    if (needed > present)
        fail(name,
            "the data is truncated: shape " + dimsToString(h.shape) + " needs " + std::to_string(needed)
                + " bytes, the file has " + std::to_string(present));
    return h;
}

} // namespace

NpyArray parseNpy(std::span<const char> bytes, const std::string& name)
{
    const Header h = parseHeader(bytes, name);
    NpyArray array;
    array.shape = h.shape;
    array.data.resize(static_cast<size_t>(h.count));
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data() + h.dataOffset);
    const size_t itemSize = static_cast<size_t>(h.dtype.size);
    if (!h.fortran || h.shape.size() < 2) {
        for (size_t i = 0; i < array.data.size(); ++i)
            array.data[i] = convert(data + i * itemSize, h.dtype);
        return array;
    }
    // Fortran order: the first index varies fastest. Walk the C-order index and compute the
    // Fortran offset of each element.
    const size_t rank = h.shape.size();
    std::vector<int64_t> index(rank, 0);
    std::vector<int64_t> fortranStride(rank, 1);
    for (size_t k = 1; k < rank; ++k)
        fortranStride[k] = fortranStride[k - 1] * h.shape[k - 1];
    for (size_t i = 0; i < array.data.size(); ++i) {
        int64_t offset = 0;
        for (size_t k = 0; k < rank; ++k)
            offset += index[k] * fortranStride[k];
        array.data[i] = convert(data + static_cast<size_t>(offset) * itemSize, h.dtype);
        for (size_t k = rank; k-- > 0;) {
            if (++index[k] < h.shape[k])
                break;
            index[k] = 0;
        }
    }
    return array;
}

NpyArray readNpy(const std::string& path)
{
    const std::string name = std::filesystem::path(path).filename().string();
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw NormError("cannot open " + path + ": " + std::strerror(errno));
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        throw NormError("cannot read " + path + ": " + ec.message());
    // The file's own bytes bound every allocation: parseNpy refuses a shape that needs more data
    // than the file holds before it allocates the array.
    std::vector<char> bytes(static_cast<size_t>(size));
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!in)
        throw NormError("cannot read " + path + ": " + std::strerror(errno));
    return parseNpy(bytes, name);
}

std::vector<char> encodeNpy(std::span<const float> data, const std::vector<int64_t>& shape)
{
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
    for (size_t i = 0; i < shape.size(); ++i)
        dict += std::to_string(shape[i]) + (shape.size() == 1 ? "," : (i + 1 < shape.size() ? ", " : ""));
    dict += "), }";
    // Pad with spaces so magic + length + dict + '\n' is a multiple of 64 bytes, as NumPy does.
    const size_t unpadded = magicSize + 2 + 2 + dict.size() + 1;
    dict.append((64 - unpadded % 64) % 64, ' ');
    dict += '\n';

    std::vector<char> out(magic, magic + magicSize);
    out.push_back('\x01');
    out.push_back('\x00');
    out.push_back(static_cast<char>(dict.size() & 0xff));
    out.push_back(static_cast<char>((dict.size() >> 8) & 0xff));
    out.insert(out.end(), dict.begin(), dict.end());
    const size_t offset = out.size();
    out.resize(offset + data.size() * 4);
    for (size_t i = 0; i < data.size(); ++i) {
        const auto bits = std::bit_cast<uint32_t>(data[i]);
        for (int b = 0; b < 4; ++b)
            out[offset + i * 4 + static_cast<size_t>(b)] = static_cast<char>((bits >> (8 * b)) & 0xff);
    }
    return out;
}

namespace {

// Writes `bytes` to a new temporary file beside `path` and returns its name.
std::filesystem::path stageFile(const std::string& path, const std::vector<char>& bytes)
{
    namespace fs = std::filesystem;
    const fs::path target(path);
    if (fs::is_directory(target))
        throw NormError("cannot write " + path + ": it is a folder");
    std::random_device device;
    const fs::path temp = target.parent_path() / (target.filename().string() + ".tmp-" + std::to_string(device()));
    std::FILE* file = std::fopen(temp.c_str(), "wb");
    if (!file)
        throw NormError("cannot write " + path + ": " + std::strerror(errno));
    const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
    const int writeErrno = errno;
    const bool closed = std::fclose(file) == 0;
    if (!written || !closed) {
        const int error = written ? errno : writeErrno;
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw NormError("cannot write " + path + ": " + std::strerror(error));
    }
    return temp;
}

} // namespace

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
    std::vector<fs::path> staged;
    const auto discard = [&staged] {
        std::error_code ignored;
        for (const fs::path& temp : staged)
            fs::remove(temp, ignored);
    };
    try {
        for (const NpyFile& file : files)
            staged.push_back(stageFile(file.path, encodeNpy(file.data, file.shape)));
    } catch (...) {
        discard();
        throw;
    }
    // Everything is on disk: only renames are left, which do not fail for lack of space.
    for (size_t i = 0; i < files.size(); ++i) {
        std::error_code ec;
        fs::rename(staged[i], files[i].path, ec);
        if (ec) {
            staged.erase(staged.begin(), staged.begin() + static_cast<std::ptrdiff_t>(i));
            discard();
            throw NormError("cannot write " + files[i].path + ": " + ec.message());
        }
    }
}

namespace {

// PyTorch would carry a NaN through every statistic of its set; a teaching tool that showed
// NaN means without saying why would only confuse, so such data is refused by name.
void refuseNonFinite(const std::vector<float>& data, const std::string& name)
{
    const auto bad = std::count_if(data.begin(), data.end(), [](float v) { return !std::isfinite(v); });
    if (bad > 0)
        throw NormError(
            name + " contains " + std::to_string(bad) + " NaN or infinite value(s): NormScope needs finite numbers");
}

} // namespace

Tensor readTensor(const std::string& path)
{
    NpyArray array = readNpy(path);
    const std::string name = std::filesystem::path(path).filename().string();
    Shape shape;
    try {
        shape = Shape::fromDims(array.shape);
    } catch (const NormError& e) {
        throw NormError(name + ": " + e.what());
    }
    if (shape.numel() == 0)
        throw NormError(name + " has no elements (shape " + dimsToString(array.shape) + ")");
    refuseNonFinite(array.data, name);
    return Tensor(shape, std::move(array.data));
}

void writeTensor(const std::string& path, const Tensor& tensor)
{
    writeNpy(path, tensor.data(), tensor.shape().dims());
}

std::vector<float> readVector(const std::string& path, std::vector<int64_t>* shapeOut)
{
    NpyArray array = readNpy(path);
    refuseNonFinite(array.data, std::filesystem::path(path).filename().string());
    if (shapeOut)
        *shapeOut = array.shape;
    return std::move(array.data);
}

} // namespace normscope
