// The geometry behind the cube view (Figure 2 of Wu & He, "Group Normalization", 2018): the
// tensor as a block with axes N, C and H·W, its cells (coarsened into bands when an axis is too
// long to draw one cell per index), which reduction set each cell belongs to, a small 3D camera
// and picking. No painting here: ui/cubepainter.cpp draws what this computes, on screen and in
// exports alike, and tests check it without pixels.
#pragma once

#include "reduction.h"

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace normscope {

// One axis cut into bands of consecutive indices. band(i) = [begin(i), end(i)).
class AxisBands {
public:
    AxisBands() = default;
    AxisBands(int64_t size, int64_t maxBands);
    int64_t size() const { return m_size; }
    int64_t count() const { return static_cast<int64_t>(m_starts.size()); }
    bool coarsened() const { return count() < m_size; }
    int64_t begin(int64_t band) const { return m_starts[static_cast<size_t>(band)]; }
    int64_t end(int64_t band) const;
    int64_t bandOf(int64_t index) const;

private:
    int64_t m_size = 0;
    std::vector<int64_t> m_starts;
};

// A cell of the block: bands along N, C and H·W.
struct CubeCell {
    int64_t n = 0; // band indices
    int64_t c = 0;
    int64_t s = 0; // along H·W
    bool operator==(const CubeCell&) const = default;
};

// The three visible faces of the block, each a grid of cell faces.
enum class CubeFace { Front, Top, Side };

struct CubeQuad {
    CubeFace face;
    CubeCell cell;
    std::array<Eigen::Vector2d, 4> corners; // projected to widget pixels
    double depth; // larger is farther from the viewer
};

struct CameraState {
    double yaw = -35.0; // degrees
    double pitch = 25.0;
    double zoom = 1.0;
};

class CubeModel {
public:
    CubeModel() = default;
    CubeModel(const ReductionGeometry& geometry, int64_t maxBandsPerAxis = 24);

    const ReductionGeometry& geometry() const { return m_geometry; }
    const AxisBands& bandsN() const { return m_n; }
    const AxisBands& bandsC() const { return m_c; }
    const AxisBands& bandsS() const { return m_s; } // H·W flattened, index h * W + w

    // Whether any element of the cell belongs to `set`, and whether all do.
    bool cellTouchesSet(const CubeCell& cell, int64_t set) const;
    bool cellInsideSet(const CubeCell& cell, int64_t set) const;
    // The set of the cell's first element (for "all sets" colouring).
    int64_t setOfCell(const CubeCell& cell) const;
    // Every (n, c, hw) index triple of the set, for tests: the exact indices the norm reduces over.
    // A cell covers all (n, c, hw) in its bands.

    // Projection of the unit block into a widget of `width`×`height` pixels.
    // The block spans x ∈ [0, 1] along H·W, y ∈ [0, 1] along C (downwards), z ∈ [0, 1] along N (depth),
    // scaled by the axes' relative lengths.
    Eigen::Vector2d project(const Eigen::Vector3d& point, const CameraState& camera, double width, double height) const;
    // All quads of the visible faces, back to front.
    std::vector<CubeQuad> quads(const CameraState& camera, double width, double height) const;
    // The cell under a widget point, if any (front-most quad containing the point).
    std::optional<CubeCell> pick(
        const Eigen::Vector2d& point, const CameraState& camera, double width, double height) const;

private:
    ReductionGeometry m_geometry;
    AxisBands m_n;
    AxisBands m_c;
    AxisBands m_s;
};

} // namespace normscope
