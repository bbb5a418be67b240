#include "norms/normconfig.h"

namespace normscope {

std::string_view normKey(NormKind kind)
{
    switch (kind) {
    case NormKind::Batch:
        return "batch";
    case NormKind::Layer:
        return "layer";
    case NormKind::Instance:
        return "instance";
    case NormKind::Group:
        return "group";
    case NormKind::Rms:
        return "rms";
    }
    return "batch";
}

std::string_view normTitle(NormKind kind)
{
    switch (kind) {
    case NormKind::Batch:
        return "BatchNorm";
    case NormKind::Layer:
        return "LayerNorm";
    case NormKind::Instance:
        return "InstanceNorm";
    case NormKind::Group:
        return "GroupNorm";
    case NormKind::Rms:
        return "RMSNorm";
    }
    return "BatchNorm";
}

std::optional<NormKind> parseNormKind(std::string_view key)
{
    for (NormKind kind : allNormKinds) {
        if (normKey(kind) == key)
            return kind;
    }
    return std::nullopt;
}

NormConfig NormConfig::defaults(NormKind kind)
{
    NormConfig config;
    config.kind = kind;
    // nn.InstanceNorm2d is the odd one out: affine=False, track_running_stats=False.
    config.affine = kind != NormKind::Instance;
    config.trackRunningStats = kind == NormKind::Batch;
    if (kind == NormKind::Rms) {
        config.eps = float32Eps;
        config.epsNone = true;
    }
    return config;
}

} // namespace normscope
