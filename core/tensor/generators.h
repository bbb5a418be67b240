// Seeded tensor generators: each tensor is reproducible from (kind, shape, seed, parameters).
// The random streams are NormScope's own (splitmix/xoshiro + Box-Muller), so a seed gives the
// same tensor on every platform and standard library.
#pragma once

#include "tensor/tensor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace normscope {

enum class GeneratorKind { Normal, Uniform, ChannelShift, SampleShift, HeavyTailed, Bimodal, Constant };

struct GeneratorParamInfo {
    std::string key; // command-line / settings key, e.g. "mean"
    std::string description; // one sentence for --help and tooltips
    double defaultValue;
    double minimum;
    double maximum;
};

struct GeneratorInfo {
    GeneratorKind kind;
    std::string key; // "normal", "uniform", "channel-shift", ...
    std::string title; // "Standard normal", ...
    std::string description;
    std::vector<GeneratorParamInfo> params; // up to three; values are passed in this order
};

const std::vector<GeneratorInfo>& generatorCatalog();
const GeneratorInfo& generatorInfo(GeneratorKind kind);
std::optional<GeneratorKind> parseGeneratorKind(std::string_view key);

struct GeneratorSpec {
    GeneratorKind kind = GeneratorKind::Normal;
    Shape shape { 8, 6, 8, 8, 4 };
    uint64_t seed = 0;
    std::vector<double> params; // missing entries take the defaults of generatorInfo(kind)

    // Parameter i, or its default.
    double param(size_t i) const;
};

// Throws NormError for an empty shape, a shape over 2^28 elements, or parameters out of range.
void validateGeneratorSpec(const GeneratorSpec& spec);
// Validates, then generates.
Tensor generateTensor(const GeneratorSpec& spec);

} // namespace normscope
