#include "io/outputfile.h"

#include "norms/normerror.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace normscope {

namespace fs = std::filesystem;

namespace {

constexpr char tempMarker[] = ".tmp-normscope-";
// NAME_MAX is 255 on Linux file systems; the marker, a PID and a counter take at most 50.
constexpr size_t maxBaseLength = 200;

std::atomic<unsigned> g_counter { 0 };

// The reason in the user's words; strerror's text otherwise.
[[noreturn]] void refuse(const std::string& path, WriteError::Reason reason, int code = 0, const std::string& detail = {})
{
    using R = WriteError::Reason;
    std::string why;
    switch (reason) {
    case R::DiskFull:
        why = code == EDQUOT ? "the disk quota is exceeded" : "the disk is full (no space left on device)";
        break;
    case R::NoFolder:
        why = "the folder " + detail + " does not exist";
        break;
    case R::Folder:
        why = "it is a folder";
        break;
    case R::Fifo:
        why = "it is a named pipe (FIFO), not a regular file";
        break;
    case R::Special:
        why = "it is a device or socket, not a regular file";
        break;
    case R::DanglingLink:
        why = "it is a symbolic link to " + detail + ", which does not exist";
        break;
    case R::System:
        why = std::strerror(code);
        break;
    }
    throw WriteError(path, reason, reason == R::System || reason == R::DiskFull ? code : 0, "cannot write " + path + ": " + why);
}

[[noreturn]] void refuseErrno(const std::string& path, int code)
{
    refuse(path, code == ENOSPC || code == EDQUOT ? WriteError::Reason::DiskFull : WriteError::Reason::System, code);
}

[[noreturn]] void refuseNonRegular(const std::string& path, mode_t mode)
{
    if (S_ISDIR(mode))
        refuse(path, WriteError::Reason::Folder);
    if (S_ISFIFO(mode))
        refuse(path, WriteError::Reason::Fifo);
    refuse(path, WriteError::Reason::Special);
}

// The file a write to `path` replaces: `path` itself, or the end of its chain of symbolic links.
std::string resolveTarget(const std::string& path)
{
    struct stat link {};
    if (::lstat(path.c_str(), &link) != 0) {
        if (errno == ENOENT)
            return path; // a new file; a missing folder is reported when the temporary is created
        refuseErrno(path, errno);
    }
    if (!S_ISLNK(link.st_mode))
        return path;
    std::error_code ec;
    const fs::path resolved = fs::canonical(path, ec);
    if (ec)
        refuse(path, WriteError::Reason::DanglingLink, 0, fs::read_symlink(path, ec).string());
    return resolved.string();
}

} // namespace

bool isTemporaryName(const std::string& fileName, long* pid)
{
    const size_t at = fileName.rfind(tempMarker);
    if (at == std::string::npos || at == 0)
        return false;
    const std::string tail = fileName.substr(at + sizeof tempMarker - 1);
    const size_t dash = tail.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == tail.size())
        return false;
    for (size_t i = 0; i < tail.size(); ++i) {
        if (i != dash && (tail[i] < '0' || tail[i] > '9'))
            return false;
    }
    if (dash > 9)
        return false;
    if (pid)
        *pid = std::stol(tail.substr(0, dash));
    return true;
}

int removeStaleTemporaries(const std::string& folder)
{
    DIR* dir = ::opendir(folder.empty() ? "." : folder.c_str());
    if (!dir)
        return 0;
    int removed = 0;
    const long self = static_cast<long>(::getpid());
    while (const dirent* entry = ::readdir(dir)) {
        long pid = 0;
        const std::string name = entry->d_name;
        if (!isTemporaryName(name, &pid) || pid == self)
            continue;
        // Still running: a write in progress, not ours to touch.
        if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH))
            continue;
        const fs::path file = fs::path(folder.empty() ? "." : folder) / name;
        struct stat info {};
        if (::lstat(file.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::unlink(file.c_str()) == 0)
            ++removed;
    }
    ::closedir(dir);
    return removed;
}

OutputFile::OutputFile(const std::string& path)
    : m_path(path)
{
    if (path.empty())
        refuse(path, WriteError::Reason::System, ENOENT);
    m_target = resolveTarget(path);
    struct stat info {};
    if (::stat(m_target.c_str(), &info) == 0) {
        if (!S_ISREG(info.st_mode))
            refuseNonRegular(path, info.st_mode);
        // Replacing a file we could not write to would be a surprise: cp refuses it too.
        if (::access(m_target.c_str(), W_OK) != 0)
            refuseErrno(path, errno);
        m_exists = true;
        m_mode = info.st_mode & 07777;
        m_uid = info.st_uid;
        m_gid = info.st_gid;
    } else if (errno != ENOENT) {
        refuseErrno(path, errno);
    }

    const fs::path target(m_target);
    const std::string folder = target.parent_path().string();
    removeStaleTemporaries(folder);
    std::string base = target.filename().string();
    if (base.size() > maxBaseLength)
        base.resize(maxBaseLength);
    m_temp = (target.parent_path() / (base + tempMarker + std::to_string(::getpid()) + "-" + std::to_string(g_counter++)))
                 .string();
    // A new file gets 0666 less the umask, as any program's output; an existing one is given its
    // own permissions in finish(). Until then nobody else may read the half-written data.
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, m_exists ? 0600 : 0666);
    if (m_fd < 0) {
        const int error = errno;
        if (error == ENOENT)
            refuse(path, WriteError::Reason::NoFolder, 0, folder.empty() ? std::string(".") : folder);
        refuseErrno(path, error);
    }
}

OutputFile::~OutputFile()
{
    discard();
}

void OutputFile::fail(int error)
{
    discard();
    refuseErrno(m_path, error);
}

void OutputFile::write(std::span<const char> bytes)
{
    if (m_stage != Stage::Writing)
        throw NormError("cannot write " + m_path + ": the file is already closed");
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t put = ::write(m_fd, bytes.data() + done, bytes.size() - done);
        if (put < 0) {
            if (errno == EINTR)
                continue;
            fail(errno);
        }
        done += static_cast<size_t>(put);
    }
}

void OutputFile::finish()
{
    if (m_stage != Stage::Writing)
        throw NormError("cannot write " + m_path + ": the file is already closed");
    if (m_exists) {
        if (::fchmod(m_fd, static_cast<mode_t>(m_mode)) != 0)
            fail(errno);
        // Root writing a user's file must not take it over; others may not change owners (EPERM),
        // and then the file is theirs, as with any editor.
        if (::fchown(m_fd, static_cast<uid_t>(m_uid), static_cast<gid_t>(m_gid)) != 0 && errno != EPERM)
            fail(errno);
    }
    // On disk before the rename, so a crash leaves the old file or the new one, never an empty one.
    if (::fdatasync(m_fd) != 0)
        fail(errno);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0)
        fail(errno);
    m_stage = Stage::Finished;
}

void OutputFile::publish()
{
    if (m_stage == Stage::Writing)
        finish();
    if (m_stage != Stage::Finished)
        throw NormError("cannot write " + m_path + ": the file was discarded");
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0)
        fail(errno);
    m_stage = Stage::Published;
}

void OutputFile::commit()
{
    finish();
    publish();
}

void OutputFile::discard() noexcept
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (m_stage == Stage::Writing || m_stage == Stage::Finished)
        ::unlink(m_temp.c_str());
    if (m_stage != Stage::Published)
        m_stage = Stage::Discarded;
}

void writeFileAtomically(const std::string& path, std::span<const char> bytes)
{
    OutputFile file(path);
    file.write(bytes);
    file.commit();
}

} // namespace normscope
