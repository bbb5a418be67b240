#include "control/labsbridge.h"

namespace normscope {

LabData labDataFrom(const ExplorerState& state)
{
    const TensorSource& source = state.source();
    LabData data;
    if (source.kind == TensorSource::Kind::Generated)
        data.generator = source.generator;
    else
        data.batches = source.batches.empty() ? std::vector { source.loaded } : source.batches;
    data.description = source.description;
    return data;
}

LabLayer labLayerFrom(const ExplorerState& state)
{
    const NormConfig& config = state.config();
    LabLayer layer;
    layer.eps = config.eps;
    layer.momentum = config.momentum;
    const int64_t channels = state.shape().c;
    if (config.affine) {
        layer.weight = state.affine().weights(channels);
        layer.bias = state.affine().biases(channels);
    }
    layer.groups = config.groups;
    return layer;
}

void connectLabs(ExplorerState* state, LabSession* session)
{
    const auto follow = [state, session] { session->setInputs(labDataFrom(*state), labLayerFrom(*state)); };
    QObject::connect(state, &ExplorerState::changed, session, follow);
    QObject::connect(session, &LabSession::momentumRequested, state, [state](const std::optional<double>& momentum) {
        NormConfig config = state->config();
        config.momentum = momentum;
        state->setConfig(config);
    });
    follow();
}

} // namespace normscope
