// The explorer's side of the labs: its tensor source and layer settings flow into the
// LabSession, and a momentum chosen in a lab flows back into the layer, so the window has one
// momentum. Kept apart from the main window, which only creates the pieces.
#pragma once

#include "control/explorerstate.h"
#include "labs/labsession.h"

namespace normscope {

// The batches the labs draw from: the generator's population, or the loaded batches.
LabData labDataFrom(const ExplorerState& state);
// eps, momentum, γ and β (per channel, as BatchNorm takes them) and GroupNorm's G.
LabLayer labLayerFrom(const ExplorerState& state);
// Keeps `session` following `state` from now on.
void connectLabs(ExplorerState* state, LabSession* session);

} // namespace normscope
