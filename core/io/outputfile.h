// Writing a file the user named: the one place that decides what writing an output means, used by
// `normscope normalize`, `normscope export` and every export of the window.
//
// - All or nothing: the bytes go to a temporary file beside the target, which replaces the target
//   only when it is complete and on disk. On any failure (full disk, no permission) the target is
//   as it was, byte for byte, and the temporary is gone.
// - A symbolic link is written through: its target receives the content and the link stays, as
//   `cp` and editors do. A link to nothing is refused, as `cp` refuses it.
// - An existing file keeps its permissions (and its owner and group where we may set them).
// - A FIFO, device, socket or folder is refused before anything is written.
// - Temporaries are named TARGET.tmp-normscope-PID-N. A process killed in the middle of a write
//   (SIGKILL, power loss) leaves one behind; the next write into that folder deletes those whose
//   process no longer runs.
#pragma once

#include "norms/normerror.h"

#include <span>
#include <string>
#include <vector>

namespace normscope {

// Why a write failed, for interfaces that word it in their own language; what() is English.
class WriteError : public NormError {
public:
    enum class Reason {
        DiskFull, // no space left, or the quota is used up
        NoFolder, // the folder does not exist
        Folder, // the target is a folder
        Fifo, // the target is a named pipe
        Special, // a device or socket
        DanglingLink, // a symbolic link to nothing
        System, // another error: see code()
    };
    WriteError(const std::string& path, Reason reason, int code, const std::string& message)
        : NormError(message)
        , m_path(path)
        , m_reason(reason)
        , m_code(code)
    {
    }
    const std::string& path() const { return m_path; }
    Reason reason() const { return m_reason; }
    int code() const { return m_code; } // errno for System, else 0

private:
    std::string m_path;
    Reason m_reason;
    int m_code;
};

class OutputFile {
public:
    // Resolves the target and creates the temporary; throws WriteError with a one-line reason.
    explicit OutputFile(const std::string& path);
    // Discards the temporary unless published.
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(std::span<const char> bytes);
    // Flushes to disk and gives the temporary the target's permissions; after this only the
    // rename is left, which needs no space. Throws WriteError.
    void finish();
    // Renames the finished temporary over the target.
    void publish();
    // finish() and publish().
    void commit();
    // Deletes the temporary; the target is untouched.
    void discard() noexcept;

    // The path as the user gave it, and the file that will be replaced (symbolic links resolved).
    const std::string& path() const { return m_path; }
    const std::string& target() const { return m_target; }
    const std::string& temporary() const { return m_temp; }

private:
    [[noreturn]] void fail(int error);

    std::string m_path;
    std::string m_target;
    std::string m_temp;
    int m_fd = -1;
    bool m_exists = false;
    unsigned m_mode = 0;
    unsigned m_uid = 0;
    unsigned m_gid = 0;
    enum class Stage { Writing, Finished, Published, Discarded } m_stage = Stage::Writing;
};

// One file, all or nothing.
void writeFileAtomically(const std::string& path, std::span<const char> bytes);

// Deletes the temporaries of writes into `folder` whose process is gone; returns how many.
// OutputFile calls it for its target's folder.
int removeStaleTemporaries(const std::string& folder);

// Whether `fileName` has the form of one of our temporaries (TARGET.tmp-normscope-PID-N).
bool isTemporaryName(const std::string& fileName, long* pid = nullptr);

} // namespace normscope
