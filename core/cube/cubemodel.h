// The geometry behind the cube view (Figure 2 of Wu & He, "Group Normalization", 2018): the
// tensor as a block with axes C (across), H·W (up) and N (into the page), its cells (coarsened
// into bands when an axis is too long for one cell per index), the box of elements a reduction
// set covers, an orthographic camera and picking. No painting: ui/cubepainter.cpp draws what
// this computes, on screen and in exported figures alike, and tests check it without pixels.
#pragma once

#include "norms/reduction.h"

#include <Eigen/Core>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace normscope {

// One axis cut into bands of consecutive indices: band b covers [begin(b), end(b)).
class AxisBands {
public:
    AxisBands() = default;
    AxisBands(int64_t size, int64_t maxBands);
    int64_t size() const { return m_size; }
    int64_t count() const { return m_count; }
    bool coarsened() const { return m_count < m_size; }
    int64_t begin(int64_t band) const { return band * m_size / m_count; }
    int64_t end(int64_t band) const { return (band + 1) * m_size / m_count; }
    int64_t bandOf(int64_t index) const;

private:
    int64_t m_size = 0;
    int64_t m_count = 0;
};

enum class CubeAxis { N = 0, C = 1, S = 2 }; // S: H·W flattened, index h * W + w

// A cell: one band along each axis.
struct CubeCell {
    int64_t n = 0;
    int64_t c = 0;
    int64_t s = 0;
    bool operator==(const CubeCell&) const = default;
};

// An axis-aligned box of element indices, [begin, end) per axis.
struct IndexBox {
    std::array<int64_t, 3> begin {}; // n, c, s
    std::array<int64_t, 3> end {};
    bool operator==(const IndexBox&) const = default;
    bool contains(int64_t n, int64_t c, int64_t s) const
    {
        return n >= begin[0] && n < end[0] && c >= begin[1] && c < end[1] && s >= begin[2] && s < end[2];
    }
};

struct CameraState {
    double yaw = 32.0; // degrees, about the vertical axis
    double pitch = 24.0; // degrees, looking down on the top face
    double zoom = 1.0;
    bool operator==(const CameraState&) const = default;
};

// One face of a cell on the block's surface, projected to the output rectangle.
struct CubeQuad {
    int face = 0; // 0..5: -N, +N, -C, +C, -S, +S
    CubeCell cell;
    std::array<Eigen::Vector2d, 4> corners;
    double depth = 0.0; // larger is farther from the viewer
};

class CubeModel {
public:
    CubeModel() = default;
    explicit CubeModel(const ReductionGeometry& geometry, int64_t maxBandsPerAxis = 24);

    const ReductionGeometry& geometry() const { return m_geometry; }
    const AxisBands& bands(CubeAxis axis) const { return m_bands[static_cast<size_t>(axis)]; }
    bool coarsened() const;

    // The elements of a set: every set of the five norms is a box in (n, c, h·w) index space.
    IndexBox setBox(int64_t set) const;
    // The smallest box of whole cells containing the set (what the view highlights).
    IndexBox cellBox(int64_t set) const;
    // Whether any element of the cell belongs to `set`.
    bool cellTouchesSet(const CubeCell& cell, int64_t set) const;
    // The set of the cell's first element: what a click on the cell selects.
    int64_t setOfCell(const CubeCell& cell) const;

    // Block corners in model space: x along C, y along H·W (up), z along N (away from the viewer).
    Eigen::Vector3d modelPoint(double n, double c, double s) const; // indices, fractional allowed
    // Orthographic projection of a model point into `rect` = (x, y, width, height).
    Eigen::Vector2d project(const Eigen::Vector3d& point, const CameraState& camera, const Eigen::Vector4d& rect) const;
    double depth(const Eigen::Vector3d& point, const CameraState& camera) const;
    // Whether face f (0..5: -N, +N, -C, +C, -S, +S) faces the viewer.
    bool faceVisible(int face, const CameraState& camera) const;
    // The four projected corners of face f of an index box.
    std::array<Eigen::Vector2d, 4> boxFace(
        const IndexBox& box, int face, const CameraState& camera, const Eigen::Vector4d& rect) const;
    // The cells of the block's visible faces, back to front.
    std::vector<CubeQuad> surfaceQuads(const CameraState& camera, const Eigen::Vector4d& rect) const;
    // The cell under a point of `rect`, if any (front-most visible surface cell).
    std::optional<CubeCell> pick(
        const Eigen::Vector2d& point, const CameraState& camera, const Eigen::Vector4d& rect) const;

private:
    Eigen::Matrix3d rotation(const CameraState& camera) const;
    // Scale and offset that fit the rotated block into rect, before zoom.
    void fit(const CameraState& camera, const Eigen::Vector4d& rect, double& scale, Eigen::Vector2d& centre) const;

    ReductionGeometry m_geometry;
    std::array<AxisBands, 3> m_bands;
    Eigen::Vector3d m_extent { 1.0, 1.0, 1.0 }; // block size in model units along x (C), y (S), z (N)
};

bool pointInQuad(const Eigen::Vector2d& p, const std::array<Eigen::Vector2d, 4>& quad);

} // namespace normscope
