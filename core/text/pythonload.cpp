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
        // .float(): BF16 and F16 tensors as the float32 values the window computes with. Where the
        // safetensors package is missing (Debian has none), the format is read with NumPy: an 8-byte
        // header length, a JSON header, raw little-endian bytes; BF16 is a float32's upper half.
        return { "try:\n"
                 "    from safetensors.torch import load_file\n"
                 "except ImportError:  # no safetensors package (Debian has none): the file read with NumPy\n"
                 "    import json\n\n"
                 "    def load_file(path):\n"
                 "        with open(path, \"rb\") as f:\n"
                 "            header = json.loads(f.read(int.from_bytes(f.read(8), \"little\")))\n"
                 "            data = f.read()\n"
                 "        kinds = {\"F64\": \"<f8\", \"F32\": \"<f4\", \"F16\": \"<f2\", \"BF16\": \"<u2\", "
                 "\"I64\": \"<i8\", \"I32\": \"<i4\",\n"
                 "                 \"I16\": \"<i2\", \"I8\": \"i1\", \"U64\": \"<u8\", \"U32\": \"<u4\", "
                 "\"U16\": \"<u2\", \"U8\": \"u1\", \"BOOL\": \"?\"}\n"
                 "        out = {}\n"
                 "        for name, t in header.items():\n"
                 "            if name == \"__metadata__\" or t[\"dtype\"] not in kinds:  # e.g. F8_E4M3\n"
                 "                continue\n"
                 "            begin, end = t[\"data_offsets\"]\n"
                 "            a = np.frombuffer(data[begin:end], dtype=kinds[t[\"dtype\"]]).reshape(t[\"shape\"])\n"
                 "            if t[\"dtype\"] == \"BF16\":\n"
                 "                a = (a.astype(np.uint32) << 16).view(np.float32)\n"
                 "            out[name] = torch.from_numpy(a.astype(np.float32))\n"
                 "        return out\n",
            member("load_file(" + path + ")", parsed.array) + ".float()" };
    }
    // astype: float32 in the machine's byte order, whatever dtype and byte order the file holds.
    const std::string array
        = endsWith(parsed.path, ".npz") ? member("np.load(" + path + ")", parsed.array) : "np.load(" + path + ")";
    return { {}, "torch.from_numpy(" + array + ".astype(np.float32))" };
}

} // namespace normscope
