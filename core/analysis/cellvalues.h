// Values on the cube: the mean of every cube cell's values (one value per cell unless an axis is
// drawn in bands), so a heat map on the block shows per-channel offsets before a norm and their
// removal after it.
#pragma once

#include "cube/cubemodel.h"
#include "tensor/tensor.h"

#include <vector>

namespace normscope {

struct CellValues {
    std::vector<float> mean; // per cell, indexed (n * bandsC + c) * bandsS + s; NaN if none is finite
    double lo = 0.0; // the tensor's smallest and largest finite value: the colour scale's ends
    double hi = 1.0;
    int64_t bandsN = 0;
    int64_t bandsC = 0;
    int64_t bandsS = 0;
    bool coarsened = false; // some cells hold several values (then `mean` is their mean)

    float at(const CubeCell& cell) const
    {
        return mean[static_cast<size_t>((cell.n * bandsC + cell.c) * bandsS + cell.s)];
    }
};

CellValues cellValues(const Tensor& tensor, const CubeModel& model);

} // namespace normscope
