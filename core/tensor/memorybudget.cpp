#include "tensor/memorybudget.h"

#include "norms/normerror.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace normscope {

namespace {

std::optional<uint64_t> readNumber(const char* path)
{
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max")
        return std::nullopt;
    try {
        return std::stoull(text);
    } catch (...) {
        return std::nullopt;
    }
}

// "Key:   123 kB" lines of /proc/meminfo, or "key 123" lines of a cgroup's memory.stat.
std::optional<uint64_t> readField(const char* path, const std::string& key, uint64_t unit)
{
    std::ifstream in(path);
    std::string name;
    uint64_t value = 0;
    std::string rest;
    while (in >> name >> value) {
        std::getline(in, rest);
        if (name == key)
            return value * unit;
    }
    return std::nullopt;
}

// Limit minus use, where a cgroup (v2 or v1) limits this process's memory. Reclaimable page
// cache (inactive files) counts as free, as the kernel would drop it before killing anyone.
std::optional<uint64_t> cgroupHeadroom()
{
    struct Files {
        const char* limit;
        const char* usage;
        const char* stat;
        const char* inactiveKey;
    };
    for (const Files& f : { Files { "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current",
                                "/sys/fs/cgroup/memory.stat", "inactive_file" },
             Files { "/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes",
                 "/sys/fs/cgroup/memory/memory.stat", "total_inactive_file" } }) {
        const auto limit = readNumber(f.limit);
        const auto usage = readNumber(f.usage);
        // v1 reports "no limit" as a number near 2^63.
        if (!limit || !usage || *limit >= (uint64_t(1) << 60))
            continue;
        const uint64_t inactive = readField(f.stat, f.inactiveKey, 1).value_or(0);
        const uint64_t used = *usage > inactive ? *usage - inactive : 0;
        return *limit > used ? *limit - used : 0;
    }
    return std::nullopt;
}

} // namespace

std::optional<uint64_t> availableMemoryBytes()
{
    std::optional<uint64_t> available = readField("/proc/meminfo", "MemAvailable:", 1024);
    if (const auto headroom = cgroupHeadroom())
        available = available ? std::min(*available, *headroom) : *headroom;
    return available;
}

void requireMemory(uint64_t bytes, const std::string& what)
{
    // Small requests skip asking the system (a few file reads): their answer could not matter.
    if (bytes <= (uint64_t(16) << 20))
        return;
    const auto available = availableMemoryBytes();
    if (available && bytes > *available)
        throw NormError(what + " is too large: it needs " + formatBytes(bytes) + " of memory and "
            + formatBytes(*available) + " is available");
}

std::string formatBytes(uint64_t bytes)
{
    if (bytes < 1024)
        return std::to_string(bytes) + " bytes";
    const char* units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    double value = static_cast<double>(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 5) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

} // namespace normscope
