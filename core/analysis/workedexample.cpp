#include "analysis/workedexample.h"

#include "norms/normerror.h"

#include <cmath>

namespace normscope {

WorkedExample workedExample(const Tensor& input, const Tensor& output, const ReductionGeometry& geometry,
    const SetStatistics& usedStats, const NormConfig& config, const NormParams& params, const ElementIndex& at)
{
    const Shape& s = input.shape();
    if (at.n < 0 || at.c < 0 || at.h < 0 || at.w < 0 || at.n >= s.n || at.c >= s.c || at.h >= s.h || at.w >= s.w)
        throw NormError("element (" + std::to_string(at.n) + ", " + std::to_string(at.c) + ", " + std::to_string(at.h)
            + ", " + std::to_string(at.w) + ") is outside the tensor " + s.toString());
    WorkedExample e;
    e.at = at;
    e.set = geometry.setOf(at.n, at.c, at.h, at.w);
    e.setLabel = geometry.setLabel(e.set);
    e.setSize = geometry.setSize();
    e.runningStats = !config.usesBatchStats();
    e.numBatchesTracked = params.numBatchesTracked;
    e.x = input.at(at.n, at.c, at.h, at.w);
    e.mean = usedStats.mean[static_cast<size_t>(e.set)];
    e.var = usedStats.var[static_cast<size_t>(e.set)];
    e.eps = config.eps;
    e.rms = config.kind == NormKind::Rms;
    // As normalize.cpp: BatchNorm and InstanceNorm on batch statistics run PyTorch's batch_norm
    // kernel, which uses 1/std = 0 for a zero variance with eps = 0 (the output is then β).
    const bool batchKernel = config.kind == NormKind::Batch || config.kind == NormKind::Instance;
    e.invStd
        = batchKernel && config.usesBatchStats() && e.var == 0.0 && e.eps == 0.0 ? 0.0 : 1.0 / std::sqrt(e.var + e.eps);
    e.xhat = (e.x - e.mean) * e.invStd;
    e.affine = config.affine;
    if (e.affine) {
        // LayerNorm and RMSNorm on (B, T, C) index γ in the user's order: token w's c-th value.
        const int64_t flat
            = geometry.transposed() ? (at.n * s.w + at.w) * s.c + at.c : input.index(at.n, at.c, at.h, at.w);
        const auto index = static_cast<size_t>(geometry.affineIndex(flat));
        e.gamma = params.weight.empty() ? 1.0 : params.weight[index];
        e.beta = params.bias.empty() ? 0.0 : params.bias[index];
    }
    e.y = e.xhat * e.gamma + e.beta;
    e.output = output.at(at.n, at.c, at.h, at.w);
    return e;
}

WorkedExample workedExample(const Snapshot& snapshot, const ElementIndex& at)
{
    return workedExample(
        *snapshot.input, *snapshot.output, snapshot.geometry, snapshot.usedStats, snapshot.config, snapshot.params, at);
}

} // namespace normscope
