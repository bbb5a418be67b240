#include "io/safetensors.h"

#include "norms/normerror.h"
#include "tensor/tensor.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>

namespace normscope {

namespace {

// The format's own limit (safetensors' MAX_HEADER_SIZE): real headers are kilobytes.
constexpr uint64_t maxHeaderSize = 100'000'000;
// Values of keys the format does not define are skipped, up to this nesting.
constexpr int maxSkipDepth = 64;

[[noreturn]] void fail(const std::string& name, const std::string& why)
{
    throw NormError(name + ": " + why);
}

struct DtypeInfo {
    std::string_view code; // as the header writes it
    int size; // bytes per value
    NpyDtype::Type type;
    bool readable;
};

// Every dtype of the format with a whole number of bytes per value. The 8-bit floats and
// complex numbers are recognised, so their byte ranges are checked, but not read.
constexpr DtypeInfo dtypes[] = {
    { "F64", 8, NpyDtype::Type::Float, true },
    { "F32", 4, NpyDtype::Type::Float, true },
    { "F16", 2, NpyDtype::Type::Float, true },
    { "BF16", 2, NpyDtype::Type::BFloat, true },
    { "I64", 8, NpyDtype::Type::Int, true },
    { "I32", 4, NpyDtype::Type::Int, true },
    { "I16", 2, NpyDtype::Type::Int, true },
    { "I8", 1, NpyDtype::Type::Int, true },
    { "U64", 8, NpyDtype::Type::UInt, true },
    { "U32", 4, NpyDtype::Type::UInt, true },
    { "U16", 2, NpyDtype::Type::UInt, true },
    { "U8", 1, NpyDtype::Type::UInt, true },
    { "BOOL", 1, NpyDtype::Type::Bool, true },
    { "F8_E4M3", 1, NpyDtype::Type::Float, false },
    { "F8_E5M2", 1, NpyDtype::Type::Float, false },
    { "F8_E8M0", 1, NpyDtype::Type::Float, false },
    { "C64", 8, NpyDtype::Type::Float, false },
};

const DtypeInfo* findDtype(const std::string& code)
{
    for (const DtypeInfo& d : dtypes) {
        if (d.code == code)
            return &d;
    }
    return nullptr;
}

struct RawTensor {
    std::string name;
    std::string dtype;
    bool hasDtype = false;
    std::vector<int64_t> shape;
    bool hasShape = false;
    std::vector<uint64_t> offsets;
    bool hasOffsets = false;
};

// Builds the tensor list straight from the parser's events (no JSON tree): each event is checked
// where it occurs, so a wrong type is named with its key, a key given twice is refused (a
// JSON object does not say which one counts), and nesting is bounded.
class HeaderHandler : public nlohmann::json_sax<nlohmann::json> {
public:
    explicit HeaderHandler(std::string name)
        : m_name(std::move(name))
    {
    }

    std::vector<RawTensor> tensors;
    std::map<std::string, std::string> metadata;

    bool null() override { return scalar("null"); }
    bool boolean(bool) override { return scalar("true or false"); }
    bool number_integer(number_integer_t value) override
    {
        if (m_skip > 0 || ignoredField())
            return true;
        if (m_where == Where::Shape)
            bad("the shape of '" + m_tensor.name + "' has a negative dimension (" + std::to_string(value) + ")");
        if (m_where == Where::Offsets)
            bad("the data_offsets of '" + m_tensor.name + "' are negative");
        return scalar("a number");
    }
    bool number_unsigned(number_unsigned_t value) override
    {
        if (m_skip > 0 || ignoredField())
            return true;
        if (m_where == Where::Shape) {
            if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
                bad("the shape of '" + m_tensor.name + "' has a dimension too large to represent");
            m_tensor.shape.push_back(static_cast<int64_t>(value));
            return true;
        }
        if (m_where == Where::Offsets) {
            m_tensor.offsets.push_back(value);
            return true;
        }
        return scalar("a number");
    }
    bool number_float(number_float_t, const string_t& text) override
    {
        if (m_skip > 0 || ignoredField())
            return true;
        if (m_where == Where::Shape || m_where == Where::Offsets)
            bad("the " + std::string(m_where == Where::Shape ? "shape" : "data_offsets") + " of '" + m_tensor.name
                + "' holds " + text + ", which is not a whole number from 0 to 2^64 - 1");
        return scalar("a number");
    }
    bool string(string_t& value) override
    {
        if (m_skip > 0 || ignoredField())
            return true;
        if (m_where == Where::Metadata) {
            metadata[m_field] = value;
            return true;
        }
        if (m_where == Where::Tensor && m_field == "dtype") {
            m_tensor.dtype = value;
            m_tensor.hasDtype = true;
            return true;
        }
        return scalar("a string");
    }
    bool binary(binary_t&) override { return scalar("binary data"); }

    bool start_object(std::size_t) override
    {
        if (enterSkip())
            return true;
        switch (m_where) {
        case Where::Start:
            m_where = Where::Top;
            return true;
        case Where::Top:
            if (m_key == "__metadata__") {
                m_where = Where::Metadata;
            } else {
                m_where = Where::Tensor;
                m_tensor = RawTensor();
                m_tensor.name = m_key;
            }
            m_fields.clear();
            m_field.clear();
            return true;
        default:
            return scalar("an object");
        }
    }
    bool key(string_t& value) override
    {
        if (m_skip > 0)
            return true;
        if (m_where == Where::Top) {
            if (!m_names.insert(value).second)
                bad("the header names '" + value + "' twice");
            m_key = value;
        } else {
            if (!m_fields.insert(value).second)
                bad("'" + m_key + "' gives '" + value + "' twice");
            m_field = value;
        }
        return true;
    }
    bool end_object() override
    {
        if (leaveSkip())
            return true;
        if (m_where == Where::Tensor)
            finishTensor();
        if (m_where == Where::Tensor || m_where == Where::Metadata) {
            m_where = Where::Top;
        } else if (m_where == Where::Top) {
            m_where = Where::Done;
        }
        return true;
    }
    bool start_array(std::size_t) override
    {
        if (enterSkip())
            return true;
        if (m_where == Where::Tensor && m_field == "shape") {
            m_where = Where::Shape;
            m_tensor.hasShape = true;
            return true;
        }
        if (m_where == Where::Tensor && m_field == "data_offsets") {
            m_where = Where::Offsets;
            m_tensor.hasOffsets = true;
            return true;
        }
        return scalar("a list");
    }
    bool end_array() override
    {
        if (leaveSkip())
            return true;
        m_where = Where::Tensor;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override
    {
        bad("the header is not well-formed JSON (at byte " + std::to_string(position) + " of the header)");
    }

private:
    enum class Where { Start, Top, Metadata, Tensor, Shape, Offsets, Done };

    [[noreturn]] void bad(const std::string& why) const { fail(m_name, why); }

    // The value of a key the format does not define: skipped, as the reference reader does.
    bool ignoredField() const
    {
        return m_where == Where::Tensor && m_field != "dtype" && m_field != "shape" && m_field != "data_offsets";
    }
    bool enterSkip()
    {
        if (m_skip > 0 || ignoredField()) {
            if (++m_skip > maxSkipDepth)
                bad("the header nests deeper than " + std::to_string(maxSkipDepth) + " levels");
            return true;
        }
        return false;
    }
    bool leaveSkip()
    {
        if (m_skip == 0)
            return false;
        --m_skip;
        return true;
    }

    // A value where the format wants something else: say what was expected.
    bool scalar(const std::string& what)
    {
        if (m_skip > 0 || ignoredField())
            return true;
        switch (m_where) {
        case Where::Start:
            bad("the header is not a JSON object");
        case Where::Top:
            bad("'" + m_key + "' is " + what + ", not an object with dtype, shape and data_offsets");
        case Where::Metadata:
            bad("__metadata__ maps names to strings, but '" + m_field + "' is " + what);
        case Where::Tensor:
            if (m_field == "dtype")
                bad("the dtype of '" + m_tensor.name + "' is " + what + ", not a string such as \"F32\"");
            bad("the " + m_field + " of '" + m_tensor.name + "' is " + what + ", not a list of whole numbers");
        case Where::Shape:
        case Where::Offsets:
            bad("the " + std::string(m_where == Where::Shape ? "shape" : "data_offsets") + " of '" + m_tensor.name
                + "' holds " + what + ", not only whole numbers");
        case Where::Done:
            break;
        }
        bad("the header has data after its JSON object");
    }

    void finishTensor()
    {
        if (!m_tensor.hasDtype)
            bad("'" + m_tensor.name + "' has no dtype");
        if (!m_tensor.hasShape)
            bad("'" + m_tensor.name + "' has no shape");
        if (!m_tensor.hasOffsets)
            bad("'" + m_tensor.name + "' has no data_offsets");
        if (m_tensor.offsets.size() != 2)
            bad("the data_offsets of '" + m_tensor.name + "' are not two numbers [begin, end]");
        if (m_tensor.offsets[0] > m_tensor.offsets[1])
            bad("the data_offsets of '" + m_tensor.name + "' end before they begin");
        tensors.push_back(std::move(m_tensor));
    }

    std::string m_name;
    Where m_where = Where::Start;
    int m_skip = 0;
    std::string m_key; // the current top-level key
    std::string m_field; // the current key inside a tensor's object
    std::set<std::string> m_names; // the top-level keys so far
    std::set<std::string> m_fields; // the keys so far of the current tensor or of __metadata__
    RawTensor m_tensor;
};

std::string range(uint64_t begin, uint64_t end)
{
    return std::to_string(begin) + "–" + std::to_string(end);
}

} // namespace

SafetensorsHeader readSafetensorsHeader(const ByteSource& source)
{
    const std::string& name = source.name();
    const uint64_t fileSize = source.size();
    if (fileSize < 8)
        fail(name, "is not a .safetensors file (" + std::to_string(fileSize) + " bytes: too short for its header)");
    unsigned char start[8];
    source.read(0, std::span<char>(reinterpret_cast<char*>(start), 8));
    uint64_t headerSize = 0;
    for (int i = 0; i < 8; ++i)
        headerSize |= static_cast<uint64_t>(start[i]) << (8 * i);
    if (headerSize > maxHeaderSize)
        fail(name,
            "the header claims " + std::to_string(headerSize)
                + " bytes, more than the format's limit of 100 MB: this is not a .safetensors file");
    if (headerSize > fileSize - 8)
        fail(name,
            "the file is truncated inside the header (" + std::to_string(headerSize) + " header bytes announced, "
                + std::to_string(fileSize - 8) + " present)");

    std::string text(static_cast<size_t>(headerSize), '\0');
    source.read(8, std::span<char>(text.data(), text.size()));
    // The format requires the header to open with '{' (so the file cannot pass for another format).
    if (text.empty() || text.front() != '{')
        fail(name, "the header does not start with '{': this is not a .safetensors file");
    HeaderHandler handler(name);
    nlohmann::json::sax_parse(text, &handler);

    const uint64_t dataStart = 8 + headerSize;
    const uint64_t dataSize = fileSize - dataStart;
    SafetensorsHeader header;
    header.metadata = std::move(handler.metadata);
    for (RawTensor& raw : handler.tensors) {
        SafetensorsTensor t;
        t.entry.name = raw.name;
        t.entry.shape = raw.shape;
        const uint64_t begin = raw.offsets[0];
        const uint64_t end = raw.offsets[1];
        if (end > dataSize)
            fail(name,
                "the data of '" + raw.name + "' (bytes " + range(begin, end) + ") lies beyond the end of the file ("
                    + std::to_string(dataSize) + " data bytes)");
        const auto count = checkedProduct(raw.shape, std::numeric_limits<int64_t>::max() / 8);
        if (!count)
            fail(name, "the shape " + dimsToString(raw.shape) + " of '" + raw.name + "' is absurdly large");
        const DtypeInfo* dtype = findDtype(raw.dtype);
        if (dtype) {
            const uint64_t needed = static_cast<uint64_t>(*count) * static_cast<uint64_t>(dtype->size);
            if (needed != end - begin)
                fail(name,
                    "'" + raw.name + "' has shape " + dimsToString(raw.shape) + " of " + raw.dtype + ", which needs "
                        + std::to_string(needed) + " bytes, but its data_offsets give " + std::to_string(end - begin));
            t.layout.dtype.type = dtype->type;
            t.layout.dtype.size = dtype->size;
            t.entry.dtype = dtype->readable ? dtypeName(t.layout.dtype) : raw.dtype;
            if (!dtype->readable)
                t.entry.problem
                    = raw.dtype + ", which NormScope does not read (it reads F16, BF16, F32, F64, integers and BOOL)";
        } else {
            t.entry.dtype = raw.dtype;
            t.entry.problem = "the dtype '" + raw.dtype + "' is not one the format defines";
        }
        t.layout.shape = raw.shape;
        t.layout.count = static_cast<uint64_t>(*count);
        t.layout.dataOffset = dataStart + begin;
        t.begin = begin;
        t.end = end;
        header.tensors.push_back(std::move(t));
    }

    // The byte ranges, ordered by (begin, end) as the reference reader orders them, must tile the
    // data exactly.
    std::sort(header.tensors.begin(), header.tensors.end(), [](const SafetensorsTensor& a, const SafetensorsTensor& b) {
        return std::tie(a.begin, a.end, a.entry.name) < std::tie(b.begin, b.end, b.entry.name);
    });
    uint64_t covered = 0;
    const SafetensorsTensor* previous = nullptr;
    for (const SafetensorsTensor& t : header.tensors) {
        const uint64_t begin = t.begin;
        const uint64_t end = t.end;
        if (begin < covered)
            fail(name,
                "the data of '" + t.entry.name + "' (bytes " + range(begin, end) + ") overlaps that of '"
                    + previous->entry.name + "'");
        if (begin > covered)
            fail(name,
                "bytes " + range(covered, begin) + " of the data belong to no tensor (the format allows no gaps)");
        covered = std::max(covered, end);
        previous = &t;
    }
    if (covered != dataSize)
        fail(name,
            "the file has " + std::to_string(dataSize - covered)
                + " bytes after the last tensor's data (the format allows none)");
    return header;
}

std::vector<ArrayEntry> listSafetensors(const ByteSource& source)
{
    std::vector<ArrayEntry> entries;
    for (SafetensorsTensor& t : readSafetensorsHeader(source).tensors)
        entries.push_back(std::move(t.entry));
    return entries;
}

NpyArray readSafetensors(const ByteSource& source, const std::string& name, const ReadOptions& options)
{
    const SafetensorsHeader header = readSafetensorsHeader(source);
    std::vector<ArrayEntry> entries;
    for (const SafetensorsTensor& t : header.tensors)
        entries.push_back(t.entry);
    const ArrayEntry& chosen = chooseEntry(entries, name, source.name());
    const auto& tensor = header.tensors[static_cast<size_t>(&chosen - entries.data())];
    if (!chosen.problem.empty())
        throw NormError(source.name() + ":" + chosen.name + ": " + chosen.problem);
    return readArray(source, tensor.layout, options);
}

} // namespace normscope
