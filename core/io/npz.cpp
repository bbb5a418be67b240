#include "io/npz.h"

#include "io/npyheader.h"
#include "norms/normerror.h"

#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <set>

namespace normscope {

namespace {

// libzip reads the archive through this callback, so it sees exactly the bytes a ByteSource
// gives: a regular file checked by InputFile, or memory (tests, fuzzers). Exceptions must not
// cross libzip's C frames: a failed read becomes ZIP_ER_READ and its message is kept here.
struct ArchiveBytes {
    const ByteSource* source = nullptr;
    uint64_t position = 0;
    zip_error_t error {};
    std::string message;
};

zip_int64_t archiveCallback(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command)
{
    auto& bytes = *static_cast<ArchiveBytes*>(state);
    const uint64_t size = bytes.source->size();
    switch (command) {
    case ZIP_SOURCE_OPEN:
        bytes.position = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        const uint64_t n = std::min<uint64_t>(length, size - std::min(bytes.position, size));
        try {
            bytes.source->read(bytes.position, std::span<char>(static_cast<char*>(data), static_cast<size_t>(n)));
        } catch (const NormError& e) {
            bytes.message = e.what();
            zip_error_set(&bytes.error, ZIP_ER_READ, EIO);
            return -1;
        }
        bytes.position += n;
        return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE: // the state belongs to ZipArchive
        return 0;
    case ZIP_SOURCE_STAT: {
        auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, length, &bytes.error);
        if (!st)
            return -1;
        zip_stat_init(st);
        st->size = size;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&bytes.error, data, length);
    case ZIP_SOURCE_SEEK: {
        const zip_int64_t to = zip_source_seek_compute_offset(bytes.position, size, data, length, &bytes.error);
        if (to < 0)
            return -1;
        bytes.position = static_cast<uint64_t>(to);
        return 0;
    }
    case ZIP_SOURCE_TELL:
        return static_cast<zip_int64_t>(bytes.position);
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_SEEKABLE;
    default:
        zip_error_set(&bytes.error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

// libzip's error in the user's words.
std::string describeZipError(zip_error_t* error, const ArchiveBytes& bytes)
{
    switch (zip_error_code_zip(error)) {
    case ZIP_ER_NOZIP:
        return "is not a zip archive (an .npz file is one)";
    case ZIP_ER_INCONS:
        return "the zip archive is damaged (its directory and contents disagree)";
    case ZIP_ER_CRC:
        return "the data fails its checksum (CRC): the archive is damaged";
    case ZIP_ER_READ:
        if (!bytes.message.empty())
            return bytes.message;
        break;
    case ZIP_ER_COMPNOTSUPP:
        return "the data is compressed with a method libzip cannot read";
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
        return "the data is encrypted";
    case ZIP_ER_EXISTS: // libzip's word for two members of one name
        return "the archive holds two members of the same name: which one is meant is ambiguous";
    case ZIP_ER_MEMORY:
        return "there is not enough memory to read the archive";
    default:
        break;
    }
    return std::string("the zip archive cannot be read: ") + zip_error_strerror(error);
}

struct Member {
    zip_uint64_t index = 0;
    std::string name; // without ".npy"
    uint64_t size = 0; // declared uncompressed size
    std::string problem; // encrypted, or an unsupported compression
};

class ZipArchive {
public:
    explicit ZipArchive(const ByteSource& source)
        : m_bytes(std::make_unique<ArchiveBytes>())
        , m_name(source.name())
    {
        m_bytes->source = &source;
        zip_error_init(&m_bytes->error);
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* zipSource = zip_source_function_create(archiveCallback, m_bytes.get(), &error);
        if (zipSource)
            m_zip = zip_open_from_source(zipSource, ZIP_RDONLY | ZIP_CHECKCONS, &error);
        if (!m_zip) {
            if (zipSource)
                zip_source_free(zipSource);
            const std::string why = describeZipError(&error, *m_bytes);
            zip_error_fini(&error);
            throw NormError(m_name + ": " + why);
        }
        zip_error_fini(&error);
        readDirectory();
    }
    ~ZipArchive()
    {
        if (m_zip)
            zip_discard(m_zip);
        zip_error_fini(&m_bytes->error);
    }
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    zip_t* handle() const { return m_zip; }
    const std::vector<Member>& members() const { return m_members; }
    const std::string& name() const { return m_name; }
    const ArchiveBytes& bytes() const { return *m_bytes; }

private:
    void readDirectory()
    {
        const zip_int64_t count = zip_get_num_entries(m_zip, 0);
        std::set<std::string> seen;
        for (zip_int64_t i = 0; i < count; ++i) {
            zip_stat_t st;
            zip_stat_init(&st);
            if (zip_stat_index(m_zip, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
                throw NormError(m_name + ": " + describeZipError(zip_get_error(m_zip), *m_bytes));
            const std::string file = st.name;
            if (!seen.insert(file).second)
                throw NormError(m_name + ": the archive holds two members of the same name ('" + file
                    + "'): which one is meant is ambiguous");
            const std::string suffix = ".npy";
            if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0)
                continue; // not an array (np.load keeps such members apart too)
            Member m;
            m.index = static_cast<zip_uint64_t>(i);
            m.name = file.substr(0, file.size() - suffix.size());
            m.size = st.size;
            if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
                m.problem = "it is encrypted";
            else if ((st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported(st.comp_method, 0))
                m.problem
                    = "it is compressed with a method libzip cannot read (" + std::to_string(st.comp_method) + ")";
            m_members.push_back(std::move(m));
        }
    }

    std::unique_ptr<ArchiveBytes> m_bytes;
    std::string m_name;
    zip_t* m_zip = nullptr;
    std::vector<Member> m_members;
};

// One member's uncompressed bytes as a ByteSource of its declared size, for the .npy reader.
// Decompression only goes forward: a read behind the current position starts the member again
// (the .npy reader reads the header's first bytes twice, then the data in order).
class MemberSource : public ByteSource {
public:
    MemberSource(const ZipArchive& archive, const Member& member)
        : m_archive(archive)
        , m_member(member)
        , m_name(archive.name() + ":" + member.name)
    {
    }
    ~MemberSource() override { close(); }
    MemberSource(const MemberSource&) = delete;
    MemberSource& operator=(const MemberSource&) = delete;

    uint64_t size() const override { return m_member.size; }
    const std::string& name() const override { return m_name; }

    void read(uint64_t offset, std::span<char> out) const override
    {
        if (offset > m_member.size || out.size() > m_member.size - offset)
            throw NormError(m_name + ": the data ends early");
        if (!m_file || offset < m_position)
            open();
        char skip[4096];
        while (m_position < offset)
            pull(std::span<char>(skip, static_cast<size_t>(std::min<uint64_t>(sizeof skip, offset - m_position))));
        pull(out);
    }

    // After the declared bytes the stream must end, where libzip checks the CRC. A longer stream
    // is refused at its first extra byte, without inflating the rest.
    void requireEnd() const
    {
        if (!m_file || m_position != m_member.size)
            open();
        char skip[4096];
        while (m_position < m_member.size)
            pull(std::span<char>(
                skip, static_cast<size_t>(std::min<uint64_t>(sizeof skip, m_member.size - m_position))));
        char extra = 0;
        const zip_int64_t got = zip_fread(m_file, &extra, 1);
        if (got < 0)
            fail();
        if (got > 0)
            throw NormError(m_name + ": the member holds more data than the " + std::to_string(m_member.size)
                + " bytes its archive declares: the archive is damaged or crafted");
    }

private:
    void open() const
    {
        close();
        m_file = zip_fopen_index(m_archive.handle(), m_member.index, 0);
        if (!m_file)
            throw NormError(m_name + ": " + describeZipError(zip_get_error(m_archive.handle()), m_archive.bytes()));
        m_position = 0;
    }
    void close() const
    {
        if (m_file)
            zip_fclose(m_file);
        m_file = nullptr;
    }
    void pull(std::span<char> out) const
    {
        size_t done = 0;
        while (done < out.size()) {
            const zip_int64_t got = zip_fread(m_file, out.data() + done, out.size() - done);
            if (got < 0)
                fail();
            if (got == 0)
                throw NormError(m_name + ": the member's data ends before the " + std::to_string(m_member.size)
                    + " bytes its archive declares: the archive is damaged");
            done += static_cast<size_t>(got);
            m_position += static_cast<uint64_t>(got);
        }
    }
    [[noreturn]] void fail() const
    {
        const std::string why = describeZipError(zip_file_get_error(m_file), m_archive.bytes());
        close();
        throw NormError(m_name + ": " + why);
    }

    const ZipArchive& m_archive;
    const Member& m_member;
    std::string m_name;
    mutable zip_file_t* m_file = nullptr;
    mutable uint64_t m_position = 0;
};

ArrayEntry entryFor(const ZipArchive& archive, const Member& member)
{
    ArrayEntry entry;
    entry.name = member.name;
    if (!member.problem.empty()) {
        entry.problem = member.problem;
        return entry;
    }
    try {
        const MemberSource source(archive, member);
        const NpyHeader header = readNpyHeader(source);
        entry.shape = header.shape;
        entry.dtype = dtypeName(header.dtype);
    } catch (const NormError& e) {
        // Without the "x.npz:name: " the reader puts first: the list shows both already.
        const std::string prefix = archive.name() + ":" + member.name + ": ";
        const std::string why = e.what();
        entry.problem = why.rfind(prefix, 0) == 0 ? why.substr(prefix.size()) : why;
    }
    return entry;
}

} // namespace

std::vector<ArrayEntry> listNpz(const ByteSource& source)
{
    const ZipArchive archive(source);
    std::vector<ArrayEntry> entries;
    for (const Member& member : archive.members())
        entries.push_back(entryFor(archive, member));
    return entries;
}

NpyArray readNpz(const ByteSource& source, const std::string& name, const ReadOptions& options)
{
    const ZipArchive archive(source);
    const auto& members = archive.members();
    const auto found = name.empty() && members.size() == 1
        ? members.begin()
        : std::find_if(
            members.begin(), members.end(), [&](const Member& m) { return !name.empty() && m.name == name; });
    if (found == members.end()) {
        chooseEntry(listNpz(source), name, source.name()); // throws, naming the arrays with their shapes
        throw NormError(source.name() + " has no array named '" + name + "'");
    }
    if (!found->problem.empty())
        throw NormError(source.name() + ":" + found->name + ": " + found->problem);
    const MemberSource bytes(archive, *found);
    NpyArray array = readNpy(bytes, options);
    bytes.requireEnd();
    return array;
}

} // namespace normscope
