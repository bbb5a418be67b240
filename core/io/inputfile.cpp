#include "io/inputfile.h"

#include "norms/normerror.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace normscope {

namespace {

// What a non-regular file is, in the user's words.
std::string describeFileType(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a named pipe (FIFO)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

[[noreturn]] void refuseType(const std::string& path, mode_t mode)
{
    throw NormError("cannot read " + path + ": it is " + describeFileType(mode) + ", not a regular file");
}

} // namespace

InputFile::InputFile(const std::string& path)
    : m_path(path)
    , m_name(std::filesystem::path(path).filename().string())
{
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. It has no
    // effect on the regular files that pass the check below.
    m_fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (m_fd < 0)
        throw NormError("cannot open " + path + ": " + std::strerror(errno));
    struct stat info {};
    if (::fstat(m_fd, &info) != 0) {
        const int error = errno;
        ::close(m_fd);
        throw NormError("cannot read " + path + ": " + std::strerror(error));
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(m_fd);
        refuseType(path, info.st_mode);
    }
    m_size = static_cast<uint64_t>(info.st_size);
}

InputFile::~InputFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void InputFile::read(uint64_t offset, std::span<char> out) const
{
    size_t done = 0;
    while (done < out.size()) {
        const ssize_t got = ::pread(m_fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            throw NormError("cannot read " + m_path + ": " + std::strerror(errno));
        }
        if (got == 0)
            throw NormError(m_name + ": the file ended early (did it change while it was being read?)");
        done += static_cast<size_t>(got);
    }
}

void MemorySource::read(uint64_t offset, std::span<char> out) const
{
    if (offset > m_bytes.size() || out.size() > m_bytes.size() - offset)
        throw NormError(m_name + ": the data ends early");
    std::memcpy(out.data(), m_bytes.data() + offset, out.size());
}

void requireRegularFile(const std::string& path)
{
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        throw NormError("cannot open " + path + ": " + std::strerror(errno));
    if (!S_ISREG(info.st_mode))
        refuseType(path, info.st_mode);
}

} // namespace normscope
