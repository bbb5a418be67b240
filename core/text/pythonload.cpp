#include "text/pythonload.h"

#include "io/tensorfile.h"
#include "text/pytorchsnippet.h"

#include <algorithm>
#include <cctype>

namespace normscope {

namespace {

bool endsWith(std::string text, const std::string& suffix)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The member `name` of a mapping (an NpzFile, load_file's dict), or its only value.
std::string member(const std::string& mapping, const std::string& name)
{
    return name.empty() ? "next(iter(" + mapping + ".values()))" : mapping + "[" + pythonString(name) + "]";
}

} // namespace

PythonLoad pythonLoad(const std::string& spec)
{
    const InputSpec parsed = parseInputSpec(spec);
    const std::string path = pythonString(parsed.path);
    if (endsWith(parsed.path, ".safetensors")) {
        // .float(): BF16 and F16 tensors as the float32 values the window computes with.
        return { "from safetensors.torch import load_file\n",
            member("load_file(" + path + ")", parsed.array) + ".float()" };
    }
    // astype: float32 in the machine's byte order, whatever dtype and byte order the file holds.
    const std::string array
        = endsWith(parsed.path, ".npz") ? member("np.load(" + path + ")", parsed.array) : "np.load(" + path + ")";
    return { {}, "torch.from_numpy(" + array + ".astype(np.float32))" };
}

} // namespace normscope
