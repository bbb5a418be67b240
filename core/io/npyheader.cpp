#include "io/npyheader.h"

#include "norms/normerror.h"
#include "tensor/tensor.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>

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
        // NumPy evaluates the whole header as one Python literal: only padding may follow.
        skipSpace();
        if (m_pos != m_text.size())
            bad("text after the dict");
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

NpyDtype parseDescr(const std::string& descr, const std::string& name)
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
    NpyDtype d;
    d.bigEndian = order == '>';
    char* end = nullptr;
    const long size = std::strtol(sizeText.c_str(), &end, 10);
    if (sizeText.empty() || *end != '\0')
        fail(name, "unknown dtype '" + descr + "'");
    d.size = static_cast<int>(size);
    switch (code) {
    case 'f':
        d.type = NpyDtype::Type::Float;
        if (size != 2 && size != 4 && size != 8)
            fail(name, "unsupported float size in dtype '" + descr + "' (float16, float32 and float64 are)");
        break;
    case 'i':
        d.type = NpyDtype::Type::Int;
        break;
    case 'u':
        d.type = NpyDtype::Type::UInt;
        break;
    case 'b':
        d.type = NpyDtype::Type::Bool;
        break;
    default:
        fail(name, "unknown dtype '" + descr + "'");
    }
    if (d.type != NpyDtype::Type::Float && size != 1 && size != 2 && size != 4 && size != 8)
        fail(name, "unsupported integer size in dtype '" + descr + "'");
    return d;
}

uint32_t loadLittle(const char* p, size_t size)
{
    uint32_t v = 0;
    for (size_t i = 0; i < size; ++i)
        v |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
}

} // namespace

std::string dtypeName(const NpyDtype& dtype)
{
    const std::string bits = std::to_string(dtype.size * 8);
    switch (dtype.type) {
    case NpyDtype::Type::Float:
        return "float" + bits;
    case NpyDtype::Type::BFloat:
        return "bfloat16";
    case NpyDtype::Type::Int:
        return "int" + bits;
    case NpyDtype::Type::UInt:
        return "uint" + bits;
    case NpyDtype::Type::Bool:
        return "bool";
    }
    return "?";
}

NpyHeader readNpyHeader(const ByteSource& source)
{
    const std::string& name = source.name();
    const uint64_t fileSize = source.size();
    // Magic, version and header length: 12 bytes at most, read before anything else.
    char start[12] = {};
    const auto first = static_cast<size_t>(std::min<uint64_t>(fileSize, sizeof start));
    source.read(0, std::span<char>(start, first));
    if (first < magicSize || std::memcmp(start, magic, magicSize) != 0)
        fail(name, "is not a NumPy .npy file (bad magic bytes)");
    if (first < magicSize + 2)
        fail(name, "the file is truncated inside the header");
    const auto major = static_cast<unsigned char>(start[6]);
    const auto minor = static_cast<unsigned char>(start[7]);
    if (major < 1 || major > 3 || minor != 0)
        fail(name,
            "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor)
                + " (1.0, 2.0 and 3.0 are supported)");
    const size_t lengthBytes = major == 1 ? 2 : 4;
    if (first < 8 + lengthBytes)
        fail(name, "the file is truncated inside the header");
    const uint32_t headerLength = loadLittle(start + 8, lengthBytes);
    if (headerLength > maxHeaderSize)
        fail(name, "the header claims " + std::to_string(headerLength) + " bytes, which is not plausible");
    NpyHeader h;
    h.dataOffset = 8 + lengthBytes + headerLength;
    if (fileSize < h.dataOffset)
        fail(name,
            "the file is truncated inside the header (" + std::to_string(headerLength) + " header bytes announced, "
                + std::to_string(fileSize - 8 - lengthBytes) + " present)");

    std::string text(headerLength, '\0');
    source.read(8 + lengthBytes, std::span<char>(text.data(), text.size()));
    HeaderParser parser(text, name);
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

    // The element count with overflow checks (no product of these dimensions may overflow,
    // zero ones aside), then the file size against exactly what the shape needs.
    for (int64_t d : h.shape) {
        if (d < 0)
            fail(name, "the shape " + dimsToString(h.shape) + " has a negative dimension");
    }
    const auto count = checkedProduct(h.shape, std::numeric_limits<int64_t>::max() / 8);
    if (!count)
        fail(name, "the shape " + dimsToString(h.shape) + " is absurdly large");
    h.count = static_cast<uint64_t>(*count);
    const uint64_t needed = h.count * static_cast<uint64_t>(h.dtype.size);
    const uint64_t present = fileSize - h.dataOffset;
    if (needed > present)
        fail(name,
            "the data is truncated: shape " + dimsToString(h.shape) + " needs " + std::to_string(needed)
                + " bytes, the file has " + std::to_string(present));
    if (needed < present)
        fail(name,
            "the file has " + std::to_string(present - needed) + " bytes after the data of shape "
                + dimsToString(h.shape) + ": it is not the array its header describes");
    return h;
}

std::vector<char> npyHeaderBytes(const std::vector<int64_t>& shape)
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
    return out;
}

} // namespace normscope
