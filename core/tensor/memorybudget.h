// How much memory a new tensor may take, and a clear refusal when it would not fit. Linux
// overcommits: an allocation larger than the free memory succeeds and the process is killed
// later, with no message, when the pages are touched. So sizes are checked before allocating.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace normscope {

// Memory this process can still use: MemAvailable, lowered by a cgroup (container) limit.
// nullopt where the system does not say.
std::optional<uint64_t> availableMemoryBytes();

// Throws NormError "WHAT is too large: it needs 93.1 GiB of memory and 21.4 GiB is available"
// when `bytes` exceeds the available memory. Requests up to 16 MiB always pass.
void requireMemory(uint64_t bytes, const std::string& what);

// "512 bytes", "3.0 MiB", "93.1 GiB"
std::string formatBytes(uint64_t bytes);

} // namespace normscope
