// Every norm on whatever the .npy reader accepts: the last 8 bytes choose the configurations
// (eps > 0 always), the rest is the file. Outputs and running statistics must be finite.
#include "fuzzsupport.h"
#include "io/npy.h"
#include "norms/normerror.h"

using namespace normscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const size_t choices = size < 8 ? size : 8;
    const std::span<const char> file(reinterpret_cast<const char*>(data), size - choices);
    Tensor tensor;
    try {
        tensor = tensorFromArray(parseNpy(file, "fuzz.npy"), "fuzz.npy");
    } catch (const NormError&) {
        return 0;
    }
    fuzz::exerciseNorms(tensor, std::span<const uint8_t>(data + size - choices, choices));
    return 0;
}
