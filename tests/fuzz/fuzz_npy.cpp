// The .npy reader on arbitrary bytes: it either refuses them with NormError or returns an array
// whose size matches its shape; a tensor it accepts is finite; and what it reads, written back
// with encodeNpy, reads back identically.
#include "fuzzsupport.h"
#include "io/npy.h"
#include "norms/normerror.h"

#include <cmath>
#include <cstring>

using namespace normscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::span<const char> bytes(reinterpret_cast<const char*>(data), size);
    NpyArray array;
    try {
        array = parseNpy(bytes, "fuzz.npy");
    } catch (const NormError&) {
        return 0;
    }
    int64_t count = 1;
    for (int64_t d : array.shape) {
        fuzz::require(d >= 0, "dimensions are not negative");
        count *= d;
    }
    fuzz::require(static_cast<size_t>(count) == array.data.size(), "the data matches the shape");

    const std::vector<char> again = encodeNpy(array.data, array.shape);
    const NpyArray back = parseNpy(again, "again.npy");
    fuzz::require(back.shape == array.shape, "the shape survives a round trip");
    fuzz::require(back.data.size() == array.data.size()
            && (array.data.empty()
                || std::memcmp(back.data.data(), array.data.data(), array.data.size() * sizeof(float)) == 0),
        "the values survive a round trip bit for bit");

    try {
        const Tensor tensor = tensorFromArray(std::move(array), "fuzz.npy");
        for (float v : tensor.data())
            fuzz::require(std::isfinite(v), "an accepted tensor is finite");
    } catch (const NormError&) {
    }
    return 0;
}
