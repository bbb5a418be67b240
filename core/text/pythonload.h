// How the PyTorch code box loads the tensor file on screen, so pasted code reads exactly the array
// the window shows: np.load for .npy, the named member of an .npz, and for .safetensors the
// safetensors package's load_file (what model hubs' users have), or where it is missing (Debian)
// the same read with NumPy in a few lines.
#pragma once

#include <string>

namespace normscope {

struct PythonLoad {
    std::string imports; // lines to add after "import numpy as np", each ending in '\n'
    std::string expression; // a float32 torch tensor, e.g. torch.from_numpy(np.load("x.npz")["a"]...)
};

// For a file spec as the window keeps it: "/data/x.npy", "/data/acts.npz:layer3",
// "/data/model.safetensors:h.0.ln_1.weight", or an archive without a name (its only array).
PythonLoad pythonLoad(const std::string& spec);

} // namespace normscope
