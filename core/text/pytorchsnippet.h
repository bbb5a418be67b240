// The PyTorch code for the explorer's current setting: runnable Python that builds the same
// layer with the same arguments, so a student can reproduce every number in NormScope.
#pragma once

#include "norms/normconfig.h"
#include "tensor/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace normscope {

struct SnippetSource {
    enum Kind { Generated, File };
    Kind kind = Generated;
    std::string generatorKey; // "normal", "uniform", ...
    Shape shape;
    uint64_t seed = 0;
    std::vector<double> params;
    std::string fileName; // for Kind::File: the path as Python should open it
    bool image = false; // the file is a PNG/JPEG image read as 1×C×H×W
    double imageScale = 1.0; // values 0–1 (1) or 0–255 (255)
};

// Python's repr of a float, as PyTorch prints eps and momentum: 1e-05, 0.001, 0.1, 0.0.
std::string pythonFloat(double value);

// A Python string literal for any text, e.g. a path with quotes or backslashes in it.
std::string pythonString(const std::string& text);

// The layer's constructor call, e.g. "nn.GroupNorm(3, 6, eps=1e-05, affine=True)".
std::string pytorchConstructor(const NormConfig& config, const Shape& shape);

std::string pytorchSnippet(
    const NormConfig& config, const Shape& shape, const SnippetSource& source, const NormParams& params);

} // namespace normscope
