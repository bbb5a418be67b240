#include "text/pytorchsnippet.h"

#include "norms/normerror.h"
#include "norms/reduction.h"
#include "tensor/generators.h"
#include "tensor/layout.h"
#include "text/pythonload.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace normscope {

namespace {

// Python's repr of a finite number whose shortest round-trip digits std::to_chars gives: the
// same digits, in exponent form below 1e-4 and from 1e16, as repr() writes them.
std::string pythonRepr(const char* first, const char* last)
{
    const std::string text(first, last); // "-1.77e+00": sign, digits, exponent
    const auto e = text.find('e');
    std::string mantissa = text.substr(0, e);
    const int exponent = std::stoi(text.substr(e + 1));
    const bool negative = mantissa.front() == '-';
    if (negative)
        mantissa.erase(0, 1);
    std::string digits;
    for (const char ch : mantissa)
        if (ch != '.')
            digits += ch;
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
        out += digits.substr(0, 1);
        if (digits.size() > 1)
            out += "." + digits.substr(1);
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        return out + buffer;
    }
    if (exponent < 0)
        return out + "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    const auto whole = static_cast<size_t>(exponent + 1);
    if (digits.size() <= whole)
        return out + digits + std::string(whole - digits.size(), '0') + ".0";
    return out + digits.substr(0, whole) + "." + digits.substr(whole);
}

template <typename T> std::string shortestRepr(T value)
{
    if (value == 0)
        return std::signbit(value) ? "-0.0" : "0.0";
    if (std::isnan(value))
        return "float(\"nan\")";
    if (std::isinf(value))
        return value > 0 ? "float(\"inf\")" : "-float(\"inf\")";
    // to_chars is exact, shortest and independent of the C locale (strtod is not).
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    return pythonRepr(buffer, result.ptr);
}

} // namespace

std::string pythonFloat(double value)
{
    return shortestRepr(value);
}

std::string pythonFloat32(float value)
{
    // The shortest digits that round to this float32 are a Python float that torch rounds back to it.
    return shortestRepr(value);
}

namespace {

std::string pyBool(bool value)
{
    return value ? "True" : "False";
}

std::string pyList(const std::vector<int64_t>& dims)
{
    std::string out = "[";
    for (size_t i = 0; i < dims.size(); ++i)
        out += (i ? ", " : "") + std::to_string(dims[i]);
    return out + "]";
}

std::string sizeArgs(const std::vector<int64_t>& dims)
{
    std::string out;
    for (size_t i = 0; i < dims.size(); ++i)
        out += (i ? ", " : "") + std::to_string(dims[i]);
    return out;
}

std::string momentumText(const NormConfig& c)
{
    return c.momentum ? pythonFloat(*c.momentum) : "None";
}

// LayerNorm's and RMSNorm's normalized_shape, the default filled in: the dimensions after the
// first of the tensor the layer is given ((B, T, C) itself for them on (B, T, C) data).
std::vector<int64_t> layerShape(const NormConfig& config, const Shape& shape)
{
    return normalizedShapeOf(config, shape);
}

// The user's x and y are in the file's layout; BatchNorm, InstanceNorm and GroupNorm want
// channels first, so NHWC goes through permute(0, 3, 1, 2) and (B, T, C) through transpose(1, 2).
// LayerNorm and RMSNorm take (B, T, C) as it is. Empty: the layer takes x as it is.
struct LayoutCode {
    std::string toLayer; // appended to x to give the layer's input
    std::string back; // appended to the layer's output to give y in x's layout
    std::string layerTakes; // "(N, C, H, W)"
};

LayoutCode layoutCode(NormKind kind, const Shape& shape)
{
    if (shape.layout == Layout::NHWC)
        return { ".permute(0, 3, 1, 2)", ".permute(0, 2, 3, 1)", "(N, C, H, W)" };
    if (shape.layout == Layout::BTC && !seesUserOrder(kind, shape))
        return { ".transpose(1, 2)", ".transpose(1, 2)", "(B, C, T)" };
    return {};
}

// A float32 list torch turns back into exactly these values, eight to a line.
std::string floatList(const std::vector<float>& values, const std::string& indent)
{
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            out += i % 8 == 0 ? ",\n" + indent + " " : ", ";
        out += pythonFloat32(values[i]);
    }
    return out + "]";
}

bool uniform(const std::vector<float>& v)
{
    return std::all_of(v.begin(), v.end(), [&](float x) { return x == v.front(); });
}

// The Python expression that turns tensor `t` into one row per reduction set, in NormScope's
// set order, and what a row holds.
std::pair<std::string, std::string> setRows(const NormConfig& config, const Shape& shape)
{
    // (B, T, C) data: the channels are features, the samples sequences and the length tokens.
    const bool btc = shape.layout == Layout::BTC;
    const std::string hw = shape.rank == 4 ? "H, W" : btc ? "T" : shape.rank == 3 ? "L" : "";
    const std::string channel = btc ? "feature" : "channel";
    const std::string sample = btc ? "sequence b" : "sample n";
    switch (config.kind) {
    case NormKind::Batch:
        return { "t.transpose(0, 1).reshape(" + std::to_string(shape.c) + ", -1)",
            channel + " c over " + (btc ? "B" : "N") + (hw.empty() ? std::string() : ", " + hw) };
    case NormKind::Instance:
        return { "t.reshape(" + std::to_string(shape.n * shape.c) + ", -1)",
            channel + " c of " + sample + " over " + hw };
    case NormKind::Group:
        return { "t.reshape(" + std::to_string(shape.n * config.groups) + ", -1)",
            "group g of " + sample + " over C/G" + (hw.empty() ? std::string() : ", " + hw) };
    case NormKind::Layer:
    case NormKind::Rms: {
        int64_t size = 1;
        for (int64_t d : layerShape(config, shape))
            size *= d;
        const size_t k = layerShape(config, shape).size();
        if (btc && k == 1)
            return { "t.reshape(-1, " + std::to_string(size) + ")", "the C features of one token (b, t)" };
        return { "t.reshape(-1, " + std::to_string(size) + ")",
            "the last " + std::to_string(k) + " dimension(s) of one position" };
    }
    }
    return {};
}

// The input: the file(s) on screen, or the generated values saved by File > Export > Input tensor.
void writeInput(std::ostringstream& py, const SnippetSource& source, const Shape& shape)
{
    // x is in the user's layout, as the file holds it and as File > Export > Input tensor writes it.
    const std::string size = sizeArgs(shape.userDims());
    if (source.kind == SnippetSource::File && source.image) {
        const bool gray = shape.c == 1;
        const std::string mode = gray ? "\"L\"" : "\"RGB\"";
        const std::string scale = source.imageScale == 1.0 ? " / 255.0" : "";
        if (source.files.size() == 1) {
            py << "pixels = np.asarray(Image.open(" << pythonString(source.files.front()) << ").convert(" << mode
               << "), dtype=np.float32)" << scale << '\n';
            py << "x = torch.from_numpy(pixels)" << (gray ? "[None, None]" : ".permute(2, 0, 1)[None].contiguous()");
        } else {
            py << "paths = [";
            for (size_t i = 0; i < source.files.size(); ++i)
                py << (i ? ",\n         " : "") << pythonString(source.files[i]);
            py << "]\n";
            py << "pixels = np.stack([np.asarray(Image.open(p).convert(" << mode
               << "), dtype=np.float32) for p in paths])" << scale << '\n';
            py << "x = torch.from_numpy(pixels)" << (gray ? "[:, None]" : ".permute(0, 3, 1, 2).contiguous()");
        }
        py << "  # " << shape.n << "×" << shape.c << "×" << shape.h << "×" << shape.w << '\n';
        return;
    }
    if (source.kind == SnippetSource::File) {
        if (source.files.size() > 1) {
            py << "# The window shows the first file; a Step feeds them all in turn:\n";
            for (size_t i = 1; i < source.files.size(); ++i)
                py << "#   " << pythonString(source.files[i]) << '\n';
        }
        // float32 in the machine's byte order, whatever the file holds; an archive's named array.
        py << "x = " << pythonLoad(source.files.empty() ? std::string() : source.files.front()).expression << '\n';
        return;
    }

    const auto param
        = [&](size_t i, double fallback) { return i < source.params.size() ? source.params[i] : fallback; };
    py << "# NormScope's generator: " << source.generatorKey << ", seed " << source.seed << ", shape (" << size
       << ").\n"
       << "# Its values come from NormScope's own random stream: File > Export > Input tensor saves\n"
       << "# them as " << source.inputFile << ", and next to that file this code prints the window's numbers.\n";
    py << "x = torch.from_numpy(np.load(" << pythonString(source.inputFile) << "))\n";
    // The same kind of tensor from torch's stream, for a reader without the file.
    std::ostringstream alike;
    alike << "torch.manual_seed(" << source.seed << ")\n";
    const std::string& g = source.generatorKey;
    if (g == "normal") {
        const double mean = param(0, 0.0);
        const double std = param(1, 1.0);
        if (mean == 0.0 && std == 1.0)
            alike << "x = torch.randn(" << size << ")\n";
        else
            alike << "x = " << pythonFloat(mean) << " + " << pythonFloat(std) << " * torch.randn(" << size << ")\n";
    } else if (g == "uniform") {
        const double lo = param(0, -1.0);
        const double hi = param(1, 1.0);
        alike << "x = " << pythonFloat(lo) << " + " << pythonFloat(hi - lo) << " * torch.rand(" << size << ")\n";
    } else if (g == "constant") {
        alike << "x = torch.full((" << size << (shape.dims().size() == 1 ? "," : "") << "), "
              << pythonFloat(param(0, 1.0)) << ")\n";
    } else if (g == "channel-shift" || g == "sample-shift") {
        const bool channel = g == "channel-shift";
        std::vector<int64_t> dims = shape.userDims();
        std::vector<int64_t> groupShape(dims.size(), 1);
        const size_t channelDim = shape.layout == Layout::ChannelsFirst ? 1 : dims.size() - 1;
        groupShape[channel ? channelDim : 0] = dims[channel ? channelDim : 0];
        alike << "shift = " << pythonFloat(param(0, 3.0)) << " * torch.randn(" << sizeArgs(groupShape) << ")  # each "
              << (channel ? "channel" : "sample") << "'s own mean ...\n";
        alike << "scale = torch.exp((2 * torch.rand(" << sizeArgs(groupShape) << ") - 1) * torch.log(torch.tensor("
              << pythonFloat(param(1, 3.0)) << ")))  # ... and spread\n";
        alike << "x = shift + scale * torch.randn(" << size << ")\n";
    } else if (g == "heavy-tailed") {
        alike << "x = torch.randn(" << size << ")\n";
        alike << "outliers = torch.rand(" << size << ") < " << pythonFloat(param(0, 0.01)) << '\n';
        alike << "x[outliers] = torch.sign(torch.randn(int(outliers.sum()))) * " << pythonFloat(param(1, 20.0))
              << " * (1 + x[outliers].abs())\n";
    } else if (g == "bimodal") {
        alike << "upper = torch.rand(" << size << ") < " << pythonFloat(param(1, 0.5)) << '\n';
        alike << "x = torch.where(upper, 0.5, -0.5) * " << pythonFloat(param(0, 4.0)) << " + torch.randn(" << size
              << ")\n";
    } else {
        alike << "x = torch.randn(" << size << ")\n";
    }
    py << "# Without the file, a tensor of the same kind from torch's stream (other values):\n";
    std::istringstream lines(alike.str());
    for (std::string line; std::getline(lines, line);)
        py << "# " << line << '\n';
}

// γ or β: a constant, the list of values, or the "Randomize" draw repeated.
void writeAffine(std::ostringstream& py, const char* name, const std::vector<float>& values,
    const std::optional<AffineSpec>& drawn, bool weight)
{
    if (values.empty())
        return;
    const std::string target = std::string("m.") + name;
    if (uniform(values)) {
        py << "    nn.init.constant_(" << target << ", " << pythonFloat32(values.front()) << ")\n";
    } else if (drawn) {
        const auto n = std::to_string(values.size());
        if (weight)
            py << "    " << target << ".copy_((" << pythonFloat(drawn->gamma) << " * (0.5 + drawn(" << n << ", "
               << drawn->gammaStream() << "))).float().reshape(" << target << ".shape))\n";
        else
            py << "    " << target << ".copy_((" << pythonFloat(drawn->beta) << " + (2 * drawn(" << n << ", "
               << drawn->betaStream() << ") - 1)).float().reshape(" << target << ".shape))\n";
    } else {
        py << "    " << target << ".copy_(torch.tensor(" << floatList(values, "                ") << ").reshape("
           << target << ".shape))\n";
    }
}

} // namespace

std::string pythonString(const std::string& text)
{
    std::string out = "\"";
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\')
            out += std::string("\\") + ch;
        else if (c < 0x20 || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        } else
            out += ch; // UTF-8 passes through: Python 3 source is UTF-8
    }
    return out + '"';
}

std::string pytorchConstructor(const NormConfig& config, const Shape& shape)
{
    const std::string dim = shape.rank == 4 ? "2d" : "1d";
    const std::string c = std::to_string(shape.c);
    const std::string eps = pythonFloat(config.eps);
    switch (config.kind) {
    case NormKind::Batch:
        return "nn.BatchNorm" + dim + "(" + c + ", eps=" + eps + ", momentum=" + momentumText(config)
            + ", affine=" + pyBool(config.affine) + ", track_running_stats=" + pyBool(config.trackRunningStats) + ")";
    case NormKind::Instance:
        return "nn.InstanceNorm" + dim + "(" + c + ", eps=" + eps + ", momentum=" + momentumText(config)
            + ", affine=" + pyBool(config.affine) + ", track_running_stats=" + pyBool(config.trackRunningStats) + ")";
    case NormKind::Layer:
        return "nn.LayerNorm(" + pyList(layerShape(config, shape)) + ", eps=" + eps
            + ", elementwise_affine=" + pyBool(config.affine) + ")";
    case NormKind::Group:
        return "nn.GroupNorm(" + std::to_string(config.groups) + ", " + c + ", eps=" + eps
            + ", affine=" + pyBool(config.affine) + ")";
    case NormKind::Rms:
        return "nn.RMSNorm(" + pyList(layerShape(config, shape)) + ", eps=" + (config.epsNone ? "None" : eps)
            + ", elementwise_affine=" + pyBool(config.affine) + ")";
    }
    return {};
}

std::string pytorchCall(const NormConfig& config, const Shape& shape)
{
    const LayoutCode layout = layoutCode(config.kind, shape);
    return "y = m(x" + layout.toLayer + ")" + layout.back;
}

std::string pytorchSnippet(const NormConfig& config, const Shape& shape, const SnippetSource& source,
    const NormParams& params, const SnippetOptions& options)
{
    std::ostringstream py;
    const bool file = source.kind == SnippetSource::File;
    if (!options.error.empty())
        py << "# NormScope cannot compute this setting: " << options.error << "\n\n";
    py << "import numpy as np\nimport torch\nimport torch.nn as nn\n";
    if (file && !source.image && !source.files.empty())
        py << pythonLoad(source.files.front()).imports;
    if (file && source.image)
        py << "from PIL import Image\n";
    py << '\n';
    writeInput(py, source, shape);

    if (config.kind == NormKind::Rms)
        py << '\n'
           << "if not hasattr(nn, \"RMSNorm\"):  # nn.RMSNorm came with PyTorch 2.4; before it, the same layer:\n"
           << "    class RMSNorm(nn.Module):\n"
           << "        def __init__(self, normalized_shape, eps=None, elementwise_affine=True):\n"
           << "            super().__init__()\n"
           << "            self.normalized_shape, self.eps = tuple(normalized_shape), eps\n"
           << "            self.weight = nn.Parameter(torch.ones(self.normalized_shape)) if elementwise_affine else "
              "None\n\n"
           << "        def forward(self, x):\n"
           << "            eps = torch.finfo(x.dtype).eps if self.eps is None else self.eps\n"
           << "            dims = tuple(range(-len(self.normalized_shape), 0))\n"
           << "            y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)\n"
           << "            return y if self.weight is None else y * self.weight\n\n"
           << "    nn.RMSNorm = RMSNorm\n";

    py << '\n' << "m = " << pytorchConstructor(config, shape) << '\n';
    const bool hasAffine = config.affine && (!params.weight.empty() || !params.bias.empty());
    if (hasAffine) {
        // Values drawn by "Randomize" are too many to list from 64 on: the code repeats the draw.
        const auto drawnFor = [&](const std::vector<float>& values, bool weight) -> std::optional<AffineSpec> {
            if (!options.affine || values.size() <= 64 || uniform(values))
                return std::nullopt;
            const auto size = static_cast<int64_t>(values.size());
            const auto expected = weight ? options.affine->weights(size) : options.affine->biases(size);
            return expected == values ? options.affine : std::nullopt;
        };
        const auto drawnWeight = drawnFor(params.weight, true);
        const auto drawnBias = drawnFor(params.bias, false);
        if (drawnWeight || drawnBias)
            py << "def drawn(n, s):  # NormScope's \"Randomize\": exact integer steps, so the same γ and β\n"
               << "    h = (torch.arange(n, dtype=torch.int64) * 48271 + s) % " << affineDrawModulus << '\n'
               << "    for _ in range(3):\n"
               << "        h = (h * h + 12345) % " << affineDrawModulus << '\n'
               << "    return h.double() / " << affineDrawModulus << "\n\n";
        py << "with torch.no_grad():  # γ and β as set in NormScope\n";
        writeAffine(py, "weight", config.affine ? params.weight : std::vector<float> {}, drawnWeight, true);
        writeAffine(py, "bias", config.affine ? params.bias : std::vector<float> {}, drawnBias, false);
    }
    if (config.hasRunningStats() && !params.runningMean.empty()) {
        py << "with torch.no_grad():  # the running statistics NormScope accumulated";
        if (options.steps > 0)
            py << " (" << options.steps << (options.steps == 1 ? " Step)" : " Steps)");
        py << '\n';
        py << "    m.running_mean.copy_(torch.tensor(" << floatList(params.runningMean, "                            ")
           << "))\n";
        py << "    m.running_var.copy_(torch.tensor(" << floatList(params.runningVar, "                           ")
           << "))\n";
        py << "    m.num_batches_tracked.fill_(" << params.numBatchesTracked << ")\n";
    }
    if (!config.training)
        py << "m.eval()\n";
    const LayoutCode layout = layoutCode(config.kind, shape);
    py << pytorchCall(config, shape);
    if (!layout.toLayer.empty())
        py << "  # " << normTitle(config.kind) << " takes " << layout.layerTakes << "; y is "
           << layoutTitle(shape.layout, shape.rank) << " like x";
    else if (shape.layout == Layout::BTC && layerShape(config, shape).size() == 1)
        py << "  # (B, T, C) as it is: one set per token, over its C features";
    py << '\n';
    if (!options.error.empty())
        return py.str();

    // What the statistics panel shows, computed from x and y as the panel computes it.
    int64_t setCount = 0;
    std::string label;
    try {
        const ReductionGeometry geometry(config, shape);
        setCount = geometry.setCount();
        label = geometry.setLabel(std::clamp<int64_t>(options.selectedSet, 0, setCount - 1));
    } catch (const NormError&) {
        return py.str();
    }
    const int64_t selected = std::clamp<int64_t>(options.selectedSet, 0, setCount - 1);
    const auto [rows, what] = setRows(config, shape);
    py << "\n# The statistics panel's numbers, to its 4 significant digits:\n"
       << "def g(v):\n"
       << "    v = float(v)\n"
       << "    return \"NaN\" if v != v else \"0\" if abs(v) < 5e-7 else \"%.4g\" % v\n\n"
       << "def sets(t):  # one row per set: " << what << '\n'
       << "    t = t.detach().double()" << layout.toLayer
       << (layout.toLayer.empty() ? std::string() : "  # " + layout.layerTakes + ", as the layer sees it") << '\n'
       << "    return " << rows << "\n\n"
       << "before, after = sets(x), sets(y)\n"
       << "mb, sb = before.mean(1), before.std(1, unbiased=False)\n"
       << "ma, sa = after.mean(1), after.std(1, unbiased=False)\n"
       << "print(\"set " << label << ":  mean\", g(mb[" << selected << "]), \"->\", g(ma[" << selected
       << "]), \" std\", g(sb[" << selected << "]), \"->\", g(sa[" << selected << "]))\n"
       << "print(\"" << (setCount == 1 ? std::string("the one set") : "all " + std::to_string(setCount) + " sets")
       << ":  means [%s, %s] -> [%s, %s]  stds [%s, %s] -> [%s, %s]\"\n"
       << "      % tuple(g(v) for v in (mb.min(), mb.max(), ma.min(), ma.max(), sb.min(), sb.max(), sa.min(), "
          "sa.max())))\n";
    if (config.kind == NormKind::Rms)
        // What RMSNorm makes 1 (before γ): the root mean square of each set, not its std.
        py << "rb, ra = before.pow(2).mean(1).sqrt(), after.pow(2).mean(1).sqrt()\n"
           << "print(\"root mean square: set " << label << "\", g(rb[" << selected << "]), \"->\", g(ra[" << selected
           << "]), \" all sets [%s, %s] -> [%s, %s]\"\n"
           << "      % tuple(g(v) for v in (rb.min(), rb.max(), ra.min(), ra.max())))\n";
    return py.str();
}

} // namespace normscope
