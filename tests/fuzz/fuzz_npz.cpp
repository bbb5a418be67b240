// The .npz reader on arbitrary bytes (libzip underneath): it lists the archive or refuses it with
// NormError; every array it lists as readable either reads with exactly the listed shape, its
// data matching the shape, or is refused with NormError (a bad CRC, a stream longer than
// declared); an accepted tensor goes through every norm (fuzz::exerciseNorms, the last 8 bytes
// choosing the configurations).
#include "fuzzsupport.h"
#include "io/npz.h"
#include "norms/normerror.h"

#include <cmath>

using namespace normscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const MemorySource source(std::span<const char>(reinterpret_cast<const char*>(data), size), "fuzz.npz");
    std::vector<ArrayEntry> entries;
    try {
        entries = listNpz(source);
    } catch (const NormError&) {
        return 0;
    }
    const size_t choices = size < 8 ? size : 8;
    for (const ArrayEntry& entry : entries) {
        int64_t count = 1;
        for (int64_t d : entry.shape) {
            fuzz::require(d >= 0, "listed dimensions are not negative");
            count = d == 0 || count <= (int64_t(1) << 40) / d ? count * d : int64_t(1) << 40;
        }
        // Large arrays are legal; reading them only makes the run slow.
        if (!entry.problem.empty() || count > (1 << 20))
            continue;
        NpyArray array;
        try {
            array = readNpz(source, entry.name);
        } catch (const NormError&) {
            continue;
        }
        fuzz::require(array.shape == entry.shape, "the array has the shape the list showed");
        fuzz::require(static_cast<size_t>(count) == array.data.size(), "the data matches the shape");
        try {
            const Tensor tensor = tensorFromArray(std::move(array), "fuzz.npz:" + entry.name);
            for (float v : tensor.data())
                fuzz::require(std::isfinite(v), "an accepted tensor is finite");
            fuzz::exerciseNorms(tensor, std::span<const uint8_t>(data + size - choices, choices));
        } catch (const NormError&) {
        }
    }
    return 0;
}
