#include "cube/cubemodel.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace normscope {

AxisBands::AxisBands(int64_t size, int64_t maxBands)
    : m_size(size)
    , m_count(std::clamp<int64_t>(size, 1, std::max<int64_t>(1, maxBands)))
{
}

int64_t AxisBands::bandOf(int64_t index) const
{
    // Inverse of begin(b) = floor(b * size / count): the largest b with begin(b) <= index.
    int64_t band = std::min(m_count - 1, (index * m_count) / m_size);
    while (band + 1 < m_count && begin(band + 1) <= index)
        ++band;
    while (band > 0 && begin(band) > index)
        --band;
    return band;
}

namespace {

// Face f: axis f / 2 (0 = N, 1 = C, 2 = S), at the low (even f) or high (odd f) end.
int faceAxis(int face)
{
    return face / 2;
}
bool faceHigh(int face)
{
    return face % 2 == 1;
}

// Model-space outward normal of face f: N is z, C is x, S is y.
Eigen::Vector3d faceNormal(int face)
{
    const double sign = faceHigh(face) ? 1.0 : -1.0;
    switch (faceAxis(face)) {
    case 0:
        return { 0.0, 0.0, sign };
    case 1:
        return { sign, 0.0, 0.0 };
    default:
        return { 0.0, sign, 0.0 };
    }
}

} // namespace

CubeModel::CubeModel(const ReductionGeometry& geometry, int64_t maxBandsPerAxis)
    : m_geometry(geometry)
{
    const Shape& s = geometry.shape();
    // H·W gets more cells than N and C: a default 8×8 image shows one cell per position.
    m_bands = { AxisBands(s.n, maxBandsPerAxis), AxisBands(s.c, maxBandsPerAxis),
        AxisBands(s.hw(), maxBandsPerAxis * 8 / 3) };
    // Longer axes get longer edges, but gently: the block should read as the paper's cube, not as
    // a needle, whatever the tensor's proportions (an edge is 55% to 100% of the longest).
    const double longest
        = static_cast<double>(std::max({ m_bands[0].count(), m_bands[1].count(), m_bands[2].count() }));
    const auto edge = [&](const AxisBands& b) { return 0.55 + 0.45 * static_cast<double>(b.count()) / longest; };
    m_extent = { edge(m_bands[1]), edge(m_bands[2]), edge(m_bands[0]) };
}

bool CubeModel::coarsened() const
{
    return m_bands[0].coarsened() || m_bands[1].coarsened() || m_bands[2].coarsened();
}

IndexBox CubeModel::setBox(int64_t set) const
{
    const Shape& sh = m_geometry.shape();
    const int64_t hw = sh.hw();
    IndexBox box { { 0, 0, 0 }, { sh.n, sh.c, hw } };
    const auto one = [&](int axis, int64_t index) {
        box.begin[static_cast<size_t>(axis)] = index;
        box.end[static_cast<size_t>(axis)] = index + 1;
    };
    switch (m_geometry.kind()) {
    case NormKind::Batch:
        one(1, set);
        break;
    case NormKind::Instance:
        one(0, set / sh.c);
        one(1, set % sh.c);
        break;
    case NormKind::Group: {
        const int64_t perGroup = sh.c / m_geometry.groups();
        one(0, set / m_geometry.groups());
        box.begin[1] = (set % m_geometry.groups()) * perGroup;
        box.end[1] = box.begin[1] + perGroup;
        break;
    }
    case NormKind::Layer:
    case NormKind::Rms:
        if (m_geometry.transposed() && m_geometry.layerDims() == 1) {
            // One token of (B, T, C) data: a line across every channel at (b, t).
            one(0, set / sh.w);
            one(2, set % sh.w);
            break;
        }
        switch (m_geometry.layerDims()) {
        case 1: {
            const int64_t h = set % sh.h;
            one(0, set / (sh.c * sh.h));
            one(1, (set / sh.h) % sh.c);
            box.begin[2] = h * sh.w;
            box.end[2] = (h + 1) * sh.w;
            break;
        }
        case 2:
            one(0, set / sh.c);
            one(1, set % sh.c);
            break;
        case 3:
            one(0, set);
            break;
        default:
            break;
        }
        break;
    }
    return box;
}

IndexBox CubeModel::cellBox(int64_t set) const
{
    const IndexBox box = setBox(set);
    IndexBox cells;
    for (size_t a = 0; a < 3; ++a) {
        const AxisBands& b = m_bands[a];
        cells.begin[a] = b.begin(b.bandOf(box.begin[a]));
        cells.end[a] = b.end(b.bandOf(box.end[a] - 1));
    }
    return cells;
}

bool CubeModel::cellTouchesSet(const CubeCell& cell, int64_t set) const
{
    const IndexBox box = setBox(set);
    const int64_t index[3] = { cell.n, cell.c, cell.s };
    for (size_t a = 0; a < 3; ++a) {
        const AxisBands& b = m_bands[a];
        if (b.end(index[a]) <= box.begin[a] || b.begin(index[a]) >= box.end[a])
            return false;
    }
    return true;
}

int64_t CubeModel::setOfCell(const CubeCell& cell) const
{
    const int64_t s = m_bands[2].begin(cell.s);
    const int64_t w = m_geometry.shape().w;
    return m_geometry.setOf(m_bands[0].begin(cell.n), m_bands[1].begin(cell.c), s / w, s % w);
}

Eigen::Vector3d CubeModel::modelPoint(double n, double c, double s) const
{
    const Shape& sh = m_geometry.shape();
    return { c / static_cast<double>(sh.c) * m_extent.x(), s / static_cast<double>(sh.hw()) * m_extent.y(),
        n / static_cast<double>(sh.n) * m_extent.z() };
}

Eigen::Matrix3d CubeModel::rotation(const CameraState& camera) const
{
    const double toRad = std::numbers::pi / 180.0;
    // Looking down on the block (pitch) from the front-right (yaw); the viewer looks along +z.
    return (Eigen::AngleAxisd(-camera.pitch * toRad, Eigen::Vector3d::UnitX())
        * Eigen::AngleAxisd(camera.yaw * toRad, Eigen::Vector3d::UnitY()))
        .toRotationMatrix();
}

void CubeModel::fit(
    const CameraState& camera, const Eigen::Vector4d& rect, double& scale, Eigen::Vector2d& centre) const
{
    // The bounding sphere fits at every angle, so rotating never changes the block's size.
    const double radius = 0.5 * m_extent.norm();
    scale = std::min(rect[2], rect[3]) / (2.0 * radius) * camera.zoom;
    centre = { rect[0] + rect[2] / 2.0, rect[1] + rect[3] / 2.0 };
}

Eigen::Vector2d CubeModel::project(
    const Eigen::Vector3d& point, const CameraState& camera, const Eigen::Vector4d& rect) const
{
    double scale = 1.0;
    Eigen::Vector2d centre;
    fit(camera, rect, scale, centre);
    const Eigen::Vector3d p = rotation(camera) * (point - 0.5 * m_extent);
    return { centre.x() + scale * p.x(), centre.y() - scale * p.y() };
}

double CubeModel::depth(const Eigen::Vector3d& point, const CameraState& camera) const
{
    return (rotation(camera) * (point - 0.5 * m_extent)).z();
}

bool CubeModel::faceVisible(int face, const CameraState& camera) const
{
    return (rotation(camera) * faceNormal(face)).z() < -1e-9;
}

std::array<Eigen::Vector2d, 4> CubeModel::boxFace(
    const IndexBox& box, int face, const CameraState& camera, const Eigen::Vector4d& rect) const
{
    const int axis = faceAxis(face);
    // The two in-plane axes, in an order that keeps the corners going around the face.
    const int u = axis == 0 ? 1 : 0;
    const int v = axis == 2 ? 1 : 2;
    std::array<Eigen::Vector2d, 4> corners;
    const double uv[4][2] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };
    for (int k = 0; k < 4; ++k) {
        double idx[3];
        idx[axis] = static_cast<double>(
            faceHigh(face) ? box.end[static_cast<size_t>(axis)] : box.begin[static_cast<size_t>(axis)]);
        idx[u] = static_cast<double>(uv[k][0] ? box.end[static_cast<size_t>(u)] : box.begin[static_cast<size_t>(u)]);
        idx[v] = static_cast<double>(uv[k][1] ? box.end[static_cast<size_t>(v)] : box.begin[static_cast<size_t>(v)]);
        corners[static_cast<size_t>(k)] = project(modelPoint(idx[0], idx[1], idx[2]), camera, rect);
    }
    return corners;
}

std::vector<CubeQuad> CubeModel::surfaceQuads(const CameraState& camera, const Eigen::Vector4d& rect) const
{
    std::vector<CubeQuad> quads;
    for (int face = 0; face < 6; ++face) {
        if (!faceVisible(face, camera))
            continue;
        const int axis = faceAxis(face);
        const int u = axis == 0 ? 1 : 0;
        const int v = axis == 2 ? 1 : 2;
        const AxisBands& bu = m_bands[static_cast<size_t>(u)];
        const AxisBands& bv = m_bands[static_cast<size_t>(v)];
        const int64_t fixedBand = faceHigh(face) ? m_bands[static_cast<size_t>(axis)].count() - 1 : 0;
        for (int64_t i = 0; i < bu.count(); ++i) {
            for (int64_t j = 0; j < bv.count(); ++j) {
                int64_t band[3];
                band[axis] = fixedBand;
                band[u] = i;
                band[v] = j;
                CubeQuad q;
                q.face = face;
                q.cell = { band[0], band[1], band[2] };
                IndexBox box;
                for (size_t a = 0; a < 3; ++a) {
                    box.begin[a] = m_bands[a].begin(band[a]);
                    box.end[a] = m_bands[a].end(band[a]);
                }
                q.corners = boxFace(box, face, camera, rect);
                const double mid[3] = { 0.5 * static_cast<double>(box.begin[0] + box.end[0]),
                    0.5 * static_cast<double>(box.begin[1] + box.end[1]),
                    0.5 * static_cast<double>(box.begin[2] + box.end[2]) };
                double faceIdx[3] = { mid[0], mid[1], mid[2] };
                faceIdx[axis] = static_cast<double>(
                    faceHigh(face) ? box.end[static_cast<size_t>(axis)] : box.begin[static_cast<size_t>(axis)]);
                q.depth = depth(modelPoint(faceIdx[0], faceIdx[1], faceIdx[2]), camera);
                quads.push_back(q);
            }
        }
    }
    std::sort(quads.begin(), quads.end(), [](const CubeQuad& a, const CubeQuad& b) { return a.depth > b.depth; });
    return quads;
}

std::optional<CubeCell> CubeModel::pick(
    const Eigen::Vector2d& point, const CameraState& camera, const Eigen::Vector4d& rect) const
{
    const auto quads = surfaceQuads(camera, rect);
    for (auto it = quads.rbegin(); it != quads.rend(); ++it) {
        if (pointInQuad(point, it->corners))
            return it->cell;
    }
    return std::nullopt;
}

bool pointInQuad(const Eigen::Vector2d& p, const std::array<Eigen::Vector2d, 4>& quad)
{
    // Convex quad: the point is inside when it is on the same side of all four edges.
    int positive = 0;
    int negative = 0;
    for (size_t i = 0; i < 4; ++i) {
        const Eigen::Vector2d e = quad[(i + 1) % 4] - quad[i];
        const Eigen::Vector2d d = p - quad[i];
        const double cross = e.x() * d.y() - e.y() * d.x();
        positive += cross > 0 ? 1 : 0;
        negative += cross < 0 ? 1 : 0;
    }
    return positive == 0 || negative == 0;
}

} // namespace normscope
