// Brushing: which values one histogram bin holds and where they sit in the tensor. A student
// points at a bin (a tail, say); the cube lights the cells holding those values, the other
// histogram shows the same elements after (or before) the norm, and the counts per sample and
// per channel say where they come from. Computed off the GUI thread, drawn by the views.
#pragma once

#include "analysis/snapshot.h"
#include "cube/cubemodel.h"

#include <cstdint>
#include <vector>

namespace normscope {

enum class HistogramSide { Before, After };

struct BinBrush {
    HistogramSide side = HistogramSide::Before;
    int64_t bin = 0;
    bool operator==(const BinBrush&) const = default;
};

struct BrushResult {
    BinBrush brush;
    double lo = 0.0; // the bin's edges
    double hi = 0.0;
    int64_t count = 0; // values in the bin
    // The same elements' values before and after the norm, binned on the snapshot's whole-tensor
    // edges (histBefore, histAfter), so each histogram can show them over its own bars.
    Histogram before;
    Histogram after;
    std::vector<int64_t> perSample; // how many of them lie in each sample n
    std::vector<int64_t> perChannel; // ... and in each channel c
    // How many lie in each cube cell, indexed cellIndex(cell) over the model's bands.
    std::vector<int64_t> perCell;
    int64_t bandsN = 0;
    int64_t bandsC = 0;
    int64_t bandsS = 0;

    int64_t cellIndex(const CubeCell& cell) const { return (cell.n * bandsC + cell.c) * bandsS + cell.s; }
    int64_t cellCount(const CubeCell& cell) const;
};

// The elements of `brush`'s bin of the snapshot's whole-tensor histogram (histBefore or
// histAfter), with the cells of `model` (built on the snapshot's geometry) that hold them.
BrushResult brushBin(const Snapshot& snapshot, const BinBrush& brush, const CubeModel& model);

} // namespace normscope
