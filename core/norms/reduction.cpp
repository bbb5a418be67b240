#include "norms/reduction.h"

#include "norms/normerror.h"

#include <cmath>
#include <sstream>

namespace normscope {

namespace {

std::string torchSize(const Shape& shape)
{
    std::ostringstream out;
    out << "torch.Size(" << shape.toString() << ')';
    return out.str();
}

std::string formatNumber(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

// LayerNorm and RMSNorm: how many trailing NCHW dimensions cover the same elements as `normalizedShape`,
// a suffix of the user's dimensions. Empty means every dimension but N.
int layerDimsFor(const std::vector<int64_t>& normalizedShape, const Shape& shape)
{
    const std::vector<int64_t> dims = shape.dims();
    const size_t k = normalizedShape.empty() ? dims.size() - 1 : normalizedShape.size();
    if (k == dims.size())
        return 4;
    if (shape.rank == 4)
        return static_cast<int>(k);
    if (shape.rank == 3)
        return k == 1 ? 1 : 3; // (L) -> W; (C, L) -> C, 1, L
    return 3; // rank 2: (C) -> C, 1, 1
}

} // namespace

std::vector<int64_t> groupCounts(int64_t channels)
{
    std::vector<int64_t> out;
    for (int64_t d = 1; d <= channels; ++d) {
        if (channels % d == 0)
            out.push_back(d);
    }
    return out;
}

bool seesUserOrder(NormKind kind, const Shape& shape)
{
    return usesNormalizedShape(kind) && shape.layout == Layout::BTC;
}

std::vector<int64_t> normInputDims(NormKind kind, const Shape& shape)
{
    return seesUserOrder(kind, shape) ? shape.userDims() : shape.dims();
}

std::vector<int64_t> normalizedShapeOf(const NormConfig& config, const Shape& shape)
{
    if (!config.normalizedShape.empty())
        return config.normalizedShape;
    const std::vector<int64_t> dims = normInputDims(config.kind, shape);
    return { dims.begin() + 1, dims.end() };
}

void validateConfig(const NormConfig& config, const Shape& shape)
{
    if (!std::isfinite(config.eps) || config.eps < 0.0)
        throw NormError("eps must be a finite number >= 0, got " + formatNumber(config.eps));
    if (config.epsNone && config.kind != NormKind::Rms)
        throw NormError(
            std::string("eps=None is RMSNorm's; ") + std::string(normTitle(config.kind)) + " needs a number");
    if (config.epsNone && config.eps != float32Eps)
        throw NormError("eps=None stands for torch.finfo(torch.float32).eps = 1.1920929e-07, but eps holds "
            + formatNumber(config.eps));
    if (config.momentum && !(*config.momentum >= 0.0 && *config.momentum <= 1.0))
        throw NormError("momentum must be between 0 and 1 (or none), got " + formatNumber(*config.momentum));
    if (shape.numel() <= 0)
        throw NormError("the input tensor " + shape.toString() + " has no elements");

    switch (config.kind) {
    case NormKind::Batch:
        if (config.usesBatchStats() && shape.numel() / shape.c <= 1)
            throw NormError("Expected more than 1 value per channel when training, got input size " + torchSize(shape));
        break;
    case NormKind::Instance:
        if (config.usesBatchStats() && shape.hw() <= 1)
            throw NormError("Expected more than 1 spatial element when training, got input size " + torchSize(shape));
        break;
    case NormKind::Group:
        if (config.groups <= 0)
            throw NormError("num_groups must be a positive number, got " + std::to_string(config.groups));
        if (shape.c % config.groups != 0)
            throw NormError("num_channels must be divisible by num_groups (num_channels=" + std::to_string(shape.c)
                + ", num_groups=" + std::to_string(config.groups) + ")");
        // F.group_norm checks the batch as BatchNorm would see it reshaped to (N·C/G, G, H, W),
        // in training and evaluation alike.
        if (shape.n * (shape.c / config.groups) * shape.hw() <= 1) {
            std::vector<int64_t> seen = shape.dims();
            seen[0] = shape.n * (shape.c / config.groups);
            seen[1] = config.groups;
            throw NormError(
                "Expected more than 1 value per channel when training, got input size " + dimsToString(seen));
        }
        break;
    case NormKind::Layer:
    case NormKind::Rms: {
        const std::vector<int64_t> dims = normInputDims(config.kind, shape);
        const auto& ns = config.normalizedShape;
        bool suffix = ns.size() <= dims.size();
        for (size_t i = 0; suffix && i < ns.size(); ++i)
            suffix = ns[i] == dims[dims.size() - ns.size() + i];
        if (!suffix) {
            std::string star = dimsToString(ns);
            star.insert(1, ns.empty() ? "*" : "*, ");
            throw NormError("Given normalized_shape=" + dimsToString(ns) + ", expected input with shape " + star
                + ", but got input of size" + dimsToString(dims));
        }
        break;
    }
    }
}

ReductionGeometry::ReductionGeometry(const NormConfig& config, const Shape& input)
    : m_kind(config.kind)
    , m_shape(input)
    , m_rowShape(input)
    , m_transposed(seesUserOrder(config.kind, input))
{
    validateConfig(config, input);
    if (m_transposed) // (B, T, C) as rank-3 data (N, C, L) = (B, T, C): its rows are tokens
        m_rowShape = Shape { input.n, input.w, 1, input.c, 3 };
    const Shape& shape = m_rowShape;
    m_rowLength = shape.hw();
    switch (m_kind) {
    case NormKind::Batch:
        m_setCount = shape.c;
        break;
    case NormKind::Instance:
        m_setCount = shape.n * shape.c;
        break;
    case NormKind::Group:
        m_groups = config.groups;
        m_setCount = shape.n * m_groups;
        break;
    case NormKind::Layer:
    case NormKind::Rms:
        m_layerDims = layerDimsFor(config.normalizedShape, shape);
        switch (m_layerDims) {
        case 1:
            m_rowLength = shape.w;
            m_setCount = shape.n * shape.c * shape.h;
            break;
        case 2:
            m_setCount = shape.n * shape.c;
            break;
        case 3:
            m_setCount = shape.n;
            break;
        default:
            m_setCount = 1;
            break;
        }
        break;
    }
}

int64_t ReductionGeometry::setOfRow(int64_t row) const
{
    switch (m_kind) {
    case NormKind::Batch:
        return row % m_shape.c;
    case NormKind::Instance:
        return row;
    case NormKind::Group: {
        const int64_t n = row / m_shape.c;
        const int64_t c = row % m_shape.c;
        return n * m_groups + c / (m_shape.c / m_groups);
    }
    case NormKind::Layer:
    case NormKind::Rms:
        switch (m_layerDims) {
        case 1:
        case 2:
            return row; // rows are W-rows (1) or H*W planes (2): one set each
        case 3:
            return row / m_rowShape.c;
        default:
            return 0;
        }
    }
    return 0;
}

int64_t ReductionGeometry::setOf(int64_t n, int64_t c, int64_t h, int64_t w) const
{
    // (B, T, C) rows run along C: element (b, c, t) of the held tensor is token t's c-th value.
    const int64_t flat
        = m_transposed ? (n * m_shape.w + w) * m_shape.c + c : ((n * m_shape.c + c) * m_shape.h + h) * m_shape.w + w;
    return setOfRow(flat / m_rowLength);
}

int64_t ReductionGeometry::affineSize() const
{
    if (!usesNormalizedShape(m_kind))
        return m_shape.c;
    switch (m_layerDims) {
    case 1:
        return m_rowShape.w;
    case 2:
        return m_rowShape.hw();
    case 3:
        return m_rowShape.c * m_rowShape.hw();
    default:
        return m_rowShape.numel();
    }
}

int64_t ReductionGeometry::affineIndex(int64_t flat) const
{
    if (!usesNormalizedShape(m_kind))
        return (flat / m_shape.hw()) % m_shape.c;
    return flat % affineSize();
}

int64_t ReductionGeometry::channelOfSet(int64_t set) const
{
    switch (m_kind) {
    case NormKind::Batch:
        return set;
    case NormKind::Instance:
        return set % m_shape.c;
    default:
        return -1;
    }
}

bool ReductionGeometry::setsWithinSample() const
{
    return m_shape.n == 1 || (m_kind != NormKind::Batch && !(usesNormalizedShape(m_kind) && m_layerDims == 4));
}

bool ReductionGeometry::setsWithinChannel() const
{
    if (m_shape.c == 1)
        return true;
    switch (m_kind) {
    case NormKind::Batch:
    case NormKind::Instance:
        return true;
    case NormKind::Group:
        return m_groups == m_shape.c;
    case NormKind::Layer:
    case NormKind::Rms:
        // A token's set of (B, T, C) data spans every channel.
        return !m_transposed && m_layerDims <= 2;
    }
    return false;
}

std::string ReductionGeometry::setLabel(int64_t set) const
{
    std::ostringstream out;
    // (B, T, C) data names its samples b and its positions t.
    const char* n = m_shape.layout == Layout::BTC ? "b=" : "n=";
    switch (m_kind) {
    case NormKind::Batch:
        out << "c=" << set;
        break;
    case NormKind::Instance:
        out << n << set / m_shape.c << ", c=" << set % m_shape.c;
        break;
    case NormKind::Group:
        out << n << set / m_groups << ", g=" << set % m_groups;
        break;
    case NormKind::Layer:
    case NormKind::Rms:
        switch (m_layerDims) {
        case 1:
            if (m_transposed) { // one token: b, t
                out << n << set / m_rowShape.c << ", t=" << set % m_rowShape.c;
                break;
            }
            out << n << set / (m_shape.c * m_shape.h) << ", c=" << (set / m_shape.h) % m_shape.c;
            if (m_shape.rank == 4) // (N, C, L) data has no H to name
                out << ", h=" << set % m_shape.h;
            break;
        case 2:
            out << n << set / m_shape.c << ", c=" << set % m_shape.c;
            break;
        case 3:
            out << n << set;
            break;
        default:
            out << "all";
            break;
        }
        break;
    }
    return out.str();
}

namespace {

// PyTorch's shape checks beyond the element count: LayerNorm's and RMSNorm's γ/β must have
// exactly the shape normalized_shape, GroupNorm's must be vectors.
void checkAffineShape(const NormConfig& config, const Shape& shape, const std::vector<float>& values,
    const std::vector<int64_t>& given, const char* what)
{
    if (values.empty() || given.empty())
        return;
    if (usesNormalizedShape(config.kind)) {
        const std::vector<int64_t> expected = normalizedShapeOf(config, shape);
        if (given != expected)
            throw NormError(std::string("Expected ") + what + " to be of same shape as normalized_shape, but got "
                + what + " of shape " + dimsToString(given) + " and normalized_shape = " + dimsToString(expected));
    } else if (config.kind == NormKind::Group && given.size() != 1) {
        throw NormError(std::string("Expected ") + what
            + " to be a vector of size equal to the number of channels in input, but got " + what + " of shape "
            + dimsToString(given) + " and input of shape " + shape.toString());
    }
}

} // namespace

void validateParams(const NormConfig& config, const ReductionGeometry& geometry, const NormParams& params)
{
    const auto check
        = [](const std::vector<float>& values, int64_t expected, const char* what, const std::string& why) {
              if (!values.empty() && static_cast<int64_t>(values.size()) != expected)
                  throw NormError(std::string(what) + " has " + std::to_string(values.size()) + " elements but " + why
                      + " needs " + std::to_string(expected));
          };
    const Shape& shape = geometry.shape();
    const std::string affineWhy = usesNormalizedShape(config.kind)
        ? std::string(normTitle(config.kind)) + " with normalized_shape "
            + dimsToString(normalizedShapeOf(config, shape))
        : std::string(normTitle(config.kind)) + " with " + std::to_string(shape.c) + " channels";
    if (!hasBias(config.kind) && !params.bias.empty())
        throw NormError(std::string(normTitle(config.kind)) + " has no bias (β): it only scales by the weight (γ)");
    check(params.weight, geometry.affineSize(), "weight", affineWhy);
    check(params.bias, geometry.affineSize(), "bias", affineWhy);
    checkAffineShape(config, shape, params.weight, params.weightShape, "weight");
    checkAffineShape(config, shape, params.bias, params.biasShape, "bias");
    if (config.hasRunningStats()) {
        const std::string why = std::string(normTitle(config.kind)) + " with " + std::to_string(shape.c) + " channels";
        check(params.runningMean, shape.c, "running_mean", why);
        check(params.runningVar, shape.c, "running_var", why);
    }
}

} // namespace normscope
