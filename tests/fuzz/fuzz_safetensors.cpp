// The .safetensors reader on arbitrary bytes: the header is refused with NormError or describes
// byte ranges inside the file, in order, without overlap, each exactly shape × dtype bytes; every
// readable tensor reads with the listed shape and its data matches it; an accepted tensor goes
// through every norm (fuzz::exerciseNorms, the last 8 bytes choosing the configurations).
#include "fuzzsupport.h"
#include "io/safetensors.h"
#include "norms/normerror.h"

#include <cmath>

using namespace normscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const MemorySource source(std::span<const char>(reinterpret_cast<const char*>(data), size), "fuzz.safetensors");
    SafetensorsHeader header;
    try {
        header = readSafetensorsHeader(source);
    } catch (const NormError&) {
        return 0;
    }
    uint64_t previousEnd = 0;
    for (const SafetensorsTensor& t : header.tensors) {
        fuzz::require(t.begin >= previousEnd && t.begin <= t.end, "ranges are in order and do not overlap");
        fuzz::require(t.layout.dataOffset + (t.end - t.begin) <= size, "every range lies inside the file");
        previousEnd = t.end;
        if (t.entry.problem.empty())
            fuzz::require(t.end - t.begin == t.layout.count * static_cast<uint64_t>(t.layout.dtype.size),
                "a readable tensor's range is exactly shape x dtype bytes");
    }
    const size_t choices = size < 8 ? size : 8;
    for (const SafetensorsTensor& t : header.tensors) {
        if (!t.entry.problem.empty() || t.layout.count > (1 << 20))
            continue;
        NpyArray array;
        try {
            array = readSafetensors(source, t.entry.name);
        } catch (const NormError&) {
            continue;
        }
        fuzz::require(array.shape == t.entry.shape, "the tensor has the shape the header gave");
        fuzz::require(array.data.size() == t.layout.count, "the data matches the shape");
        try {
            const Tensor tensor = tensorFromArray(std::move(array), "fuzz.safetensors:" + t.entry.name);
            for (float v : tensor.data())
                fuzz::require(std::isfinite(v), "an accepted tensor is finite");
            fuzz::exerciseNorms(tensor, std::span<const uint8_t>(data + size - choices, choices));
        } catch (const NormError&) {
        }
    }
    return 0;
}
