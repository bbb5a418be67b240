#include "text/pytorchsnippet.h"

#include "tensor/generators.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace normscope {

std::string pythonFloat(double value)
{
    if (value == 0.0)
        return "0.0";
    // repr() uses the shortest digits that round-trip, in exponent form below 1e-4 and from 1e16.
    for (int precision = 1; precision <= 17; ++precision) {
        std::ostringstream out;
        out.precision(precision);
        const double magnitude = std::abs(value);
        if (magnitude < 1e-4 || magnitude >= 1e16)
            out << std::scientific << value;
        else
            out << std::defaultfloat << value;
        std::string text = out.str();
        if (std::stod(text) != value)
            continue;
        const auto e = text.find('e');
        if (e != std::string::npos) {
            // C++ writes 1.0e-05 as "1e-05" only in defaultfloat; trim "1.000e-05" style mantissas.
            std::string mantissa = text.substr(0, e);
            std::string exponent = text.substr(e);
            if (mantissa.find('.') != std::string::npos) {
                mantissa.erase(mantissa.find_last_not_of('0') + 1);
                if (mantissa.back() == '.')
                    mantissa.pop_back();
            }
            return mantissa + exponent;
        }
        if (text.find('.') == std::string::npos && text.find("inf") == std::string::npos
            && text.find("nan") == std::string::npos)
            text += ".0";
        return text;
    }
    return std::to_string(value);
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

std::vector<int64_t> layerShape(const NormConfig& config, const Shape& shape)
{
    if (!config.normalizedShape.empty())
        return config.normalizedShape;
    const auto dims = shape.dims();
    return { dims.begin() + 1, dims.end() };
}

std::string reductionDims(const NormConfig& config, const Shape& shape)
{
    const int rank = shape.rank;
    switch (config.kind) {
    case NormKind::Batch:
        return rank == 2 ? "(0,)" : rank == 3 ? "(0, 2)" : "(0, 2, 3)";
    case NormKind::Instance:
        return rank == 3 ? "(2,)" : "(2, 3)";
    case NormKind::Layer: {
        const size_t k = layerShape(config, shape).size();
        std::string out = "(";
        for (size_t i = 0; i < k; ++i)
            out += (i ? ", " : "") + std::to_string(rank - static_cast<int>(k) + static_cast<int>(i));
        return out + (k == 1 ? ",)" : ")");
    }
    case NormKind::Group:
        return "";
    }
    return "";
}

std::string floatList(const std::vector<float>& values)
{
    std::ostringstream out;
    out << '[';
    out.precision(4);
    for (size_t i = 0; i < values.size(); ++i)
        out << (i ? ", " : "") << values[i];
    out << ']';
    return out.str();
}

bool uniform(const std::vector<float>& v)
{
    return std::all_of(v.begin(), v.end(), [&](float x) { return x == v.front(); });
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
    }
    return {};
}

std::string pytorchSnippet(
    const NormConfig& config, const Shape& shape, const SnippetSource& source, const NormParams& params)
{
    std::ostringstream py;
    const bool file = source.kind == SnippetSource::File;
    py << "import torch\nimport torch.nn as nn\n";
    if (file)
        py << "import numpy as np\n";
    if (file && source.image)
        py << "from PIL import Image\n";
    py << '\n';
    const std::string size = sizeArgs(shape.dims());
    if (file && source.image) {
        const bool gray = shape.c == 1;
        py << "pixels = np.asarray(Image.open(" << pythonString(source.fileName) << ").convert(\""
           << (gray ? "L" : "RGB") << "\"), dtype=np.float32)" << (source.imageScale == 1.0 ? " / 255.0" : "") << '\n';
        py << "x = torch.from_numpy(pixels)" << (gray ? "[None, None]" : ".permute(2, 0, 1)[None]") << "  # 1×"
           << shape.c << "×" << shape.h << "×" << shape.w << "\n";
    } else if (file) {
        py << "x = torch.from_numpy(np.load(" << pythonString(source.fileName) << ")).float()";
        if (shape.rank == 4 && source.fileName.find(".npy") == std::string::npos)
            py << ".reshape(" << size << ")";
        py << '\n';
    } else {
        const auto param
            = [&](size_t i, double fallback) { return i < source.params.size() ? source.params[i] : fallback; };
        py << "# NormScope's generator: " << source.generatorKey << ", seed " << source.seed
           << " (NormScope's own random stream: values differ from torch's;\n"
           << "# File > Export > Input tensor (.npy) saves the exact values for np.load)\n";
        py << "torch.manual_seed(" << source.seed << ")\n";
        const std::string& g = source.generatorKey;
        if (g == "normal") {
            const double mean = param(0, 0.0);
            const double std = param(1, 1.0);
            if (mean == 0.0 && std == 1.0)
                py << "x = torch.randn(" << size << ")\n";
            else
                py << "x = " << pythonFloat(mean) << " + " << pythonFloat(std) << " * torch.randn(" << size << ")\n";
        } else if (g == "uniform") {
            const double lo = param(0, -1.0);
            const double hi = param(1, 1.0);
            py << "x = " << pythonFloat(lo) << " + " << pythonFloat(hi - lo) << " * torch.rand(" << size << ")\n";
        } else if (g == "constant") {
            py << "x = torch.full((" << size << (shape.dims().size() == 1 ? "," : "") << "), "
               << pythonFloat(param(0, 1.0)) << ")\n";
        } else if (g == "channel-shift" || g == "sample-shift") {
            const bool channel = g == "channel-shift";
            std::vector<int64_t> dims = shape.dims();
            std::vector<int64_t> groupShape(dims.size(), 1);
            groupShape[channel ? 1 : 0] = dims[channel ? 1 : 0];
            py << "# each " << (channel ? "channel" : "sample") << " gets its own mean and spread\n";
            py << "shift = " << pythonFloat(param(0, 3.0)) << " * torch.randn(" << sizeArgs(groupShape) << ")\n";
            py << "scale = torch.exp((2 * torch.rand(" << sizeArgs(groupShape) << ") - 1) * torch.log(torch.tensor("
               << pythonFloat(param(1, 3.0)) << ")))\n";
            py << "x = shift + scale * torch.randn(" << size << ")\n";
        } else if (g == "heavy-tailed") {
            py << "x = torch.randn(" << size << ")\n";
            py << "outliers = torch.rand(" << size << ") < " << pythonFloat(param(0, 0.01)) << '\n';
            py << "x[outliers] = torch.sign(torch.randn(int(outliers.sum()))) * " << pythonFloat(param(1, 20.0))
               << " * (1 + x[outliers].abs())\n";
        } else if (g == "bimodal") {
            py << "upper = torch.rand(" << size << ") < " << pythonFloat(param(1, 0.5)) << '\n';
            py << "x = torch.where(upper, 0.5, -0.5) * " << pythonFloat(param(0, 4.0)) << " + torch.randn(" << size
               << ")\n";
        } else {
            py << "x = torch.randn(" << size << ")\n";
        }
    }
    py << '\n' << "m = " << pytorchConstructor(config, shape) << '\n';
    const bool hasAffine = config.affine && (!params.weight.empty() || !params.bias.empty());
    if (hasAffine) {
        py << "with torch.no_grad():\n";
        for (const auto& [name, values] :
            { std::pair { "weight", params.weight }, std::pair { "bias", params.bias } }) {
            if (values.empty())
                continue;
            if (uniform(values))
                py << "    nn.init.constant_(m." << name << ", " << pythonFloat(values.front()) << ")\n";
            else if (values.size() <= 64)
                py << "    m." << name << ".copy_(torch.tensor(" << floatList(values) << ").reshape(m." << name
                   << ".shape))\n";
            else
                py << "    m." << name << ".normal_()  # per-element values: " << values.size() << " of them\n";
        }
    }
    if (config.hasRunningStats() && !params.runningMean.empty()) {
        py << "with torch.no_grad():  # running statistics accumulated in NormScope\n";
        py << "    m.running_mean.copy_(torch.tensor(" << floatList(params.runningMean) << "))\n";
        py << "    m.running_var.copy_(torch.tensor(" << floatList(params.runningVar) << "))\n";
    }
    if (!config.training)
        py << "m.eval()\n";
    py << "y = m(x)\n";
    if (config.kind == NormKind::Group) {
        py << "g = y.reshape(" << shape.n << ", " << config.groups << ", -1)  # one row per (sample, group)\n";
        py << "print(g.mean(dim=2), g.std(dim=2, unbiased=False))\n";
    } else {
        const std::string dims = reductionDims(config, shape);
        py << "print(y.mean(dim=" << dims << "), y.std(dim=" << dims << ", unbiased=False))\n";
    }
    return py.str();
}

} // namespace normscope
