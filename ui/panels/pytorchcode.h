// The PyTorch box's text for what the window shows: the state's tensor source (generator,
// .npy files, images) and layer, with the snapshot's γ, β and running statistics, or, while
// the setting cannot be computed, the code that fails and why.
#pragma once

#include "analysis/snapshot.h"
#include "control/explorerstate.h"
#include "files/tensorfiles.h"
#include "text/pytorchsnippet.h"

#include <QString>

namespace normscope {

// How the code reads the state's tensor.
SnippetSource snippetSourceFor(const TensorSource& source, const Shape& shape, ImageScale scale);

// The code for `snapshot` (the window's result), or for the state alone with `error` when the
// setting cannot be computed (snapshot null).
QString pytorchCodeFor(
    const ExplorerState& state, ImageScale scale, const Snapshot* snapshot, const QString& error = {});

} // namespace normscope
