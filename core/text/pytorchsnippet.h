// The PyTorch code for the explorer's current setting: runnable Python that builds the same
// layer with the same arguments, γ, β and running statistics, runs it on the same input, and
// prints the numbers the statistics panel shows (to the same 4 significant digits), so a student
// can check every number NormScope shows.
#pragma once

#include "norms/affinespec.h"
#include "norms/normconfig.h"
#include "tensor/tensor.h"

#include <cstdint>
#include <optional>
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
    // Kind::Generated: where File > Export > Input tensor saves the drawn values (the code loads them).
    std::string inputFile = "input.npy";
    // Kind::File: the paths as Python should open them. .npy files: the one on screen first (a
    // Step feeds the others in turn); images: every image of the batch.
    std::vector<std::string> files;
    bool image = false; // the files are PNG/JPEG images, read as N×C×H×W
    double imageScale = 1.0; // values 0–1 (1) or 0–255 (255)
};

struct SnippetOptions {
    int64_t selectedSet = 0; // the set whose statistics the code prints first, as the window does
    // γ and β as "Randomize" drew them: the code repeats the draw instead of listing many values.
    std::optional<AffineSpec> affine;
    uint64_t steps = 0; // how many Steps accumulated the running statistics (said in a comment)
    // When the setting cannot be computed: the reason, written at the top.
    std::string error;
};

// Python's repr of a float, as PyTorch prints eps and momentum: 1e-05, 0.001, 0.1, 0.0.
std::string pythonFloat(double value);
// The shortest Python literal that torch rounds to exactly this float32 (1.77, not 1.7699999809265137).
std::string pythonFloat32(float value);

// A Python string literal for any text, e.g. a path with quotes or backslashes in it.
std::string pythonString(const std::string& text);

// The layer's constructor call, e.g. "nn.GroupNorm(3, 6, eps=1e-05, affine=True)".
std::string pytorchConstructor(const NormConfig& config, const Shape& shape);
// The layer's call, giving y in x's layout: "y = m(x)", or for NHWC data
// "y = m(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)" and for BatchNorm, InstanceNorm and GroupNorm
// on (B, T, C) data "y = m(x.transpose(1, 2)).transpose(1, 2)".
std::string pytorchCall(const NormConfig& config, const Shape& shape);

std::string pytorchSnippet(const NormConfig& config, const Shape& shape, const SnippetSource& source,
    const NormParams& params, const SnippetOptions& options = {});

} // namespace normscope
