// Where a reader's bytes come from: a file the user named, read in ranges, or bytes already in
// memory (tests, fuzzers). Readers (.npy today, .npz and .safetensors later) are written against
// ByteSource, so the fuzzers exercise exactly the code that reads files.
#pragma once

#include <cstdint>
#include <exception>
#include <span>
#include <stop_token>
#include <string>

namespace normscope {

// Thrown by readers when the caller asked them to stop (the window's Cancel); not an error.
class ReadCancelled : public std::exception {
public:
    const char* what() const noexcept override { return "reading was cancelled"; }
};

class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual uint64_t size() const = 0;
    // The name messages use (the file name without its folder).
    virtual const std::string& name() const = 0;
    // Fills `out` with the bytes at `offset`; throws NormError when they are not all there.
    virtual void read(uint64_t offset, std::span<char> out) const = 0;
};

// A regular file opened for reading. Anything else (a FIFO, a device, a folder, a socket) is
// refused before a byte is read: a FIFO would block forever and /dev/zero never ends.
class InputFile : public ByteSource {
public:
    explicit InputFile(const std::string& path); // throws NormError
    ~InputFile() override;
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    uint64_t size() const override { return m_size; }
    const std::string& name() const override { return m_name; }
    void read(uint64_t offset, std::span<char> out) const override;

private:
    int m_fd = -1;
    uint64_t m_size = 0;
    std::string m_path;
    std::string m_name;
};

class MemorySource : public ByteSource {
public:
    MemorySource(std::span<const char> bytes, std::string name)
        : m_bytes(bytes)
        , m_name(std::move(name))
    {
    }
    uint64_t size() const override { return m_bytes.size(); }
    const std::string& name() const override { return m_name; }
    void read(uint64_t offset, std::span<char> out) const override;

private:
    std::span<const char> m_bytes;
    std::string m_name;
};

// Refuses paths that are not regular files (after following symlinks) with a message naming
// what they are; for readers that hand the path to another library (images through Qt).
void requireRegularFile(const std::string& path);

} // namespace normscope
