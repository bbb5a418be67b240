#include "analysis/cellvalues.h"

#include <cmath>
#include <limits>

namespace normscope {

CellValues cellValues(const Tensor& tensor, const CubeModel& model)
{
    CellValues v;
    const AxisBands& bn = model.bands(CubeAxis::N);
    const AxisBands& bc = model.bands(CubeAxis::C);
    const AxisBands& bs = model.bands(CubeAxis::S);
    v.bandsN = bn.count();
    v.bandsC = bc.count();
    v.bandsS = bs.count();
    v.coarsened = model.coarsened();
    const auto cells = static_cast<size_t>(v.bandsN * v.bandsC * v.bandsS);
    std::vector<double> sum(cells, 0.0);
    std::vector<int64_t> count(cells, 0);
    const Shape& s = tensor.shape();
    const int64_t hw = s.hw();
    std::vector<int64_t> sBand(static_cast<size_t>(hw));
    for (int64_t i = 0; i < hw; ++i)
        sBand[static_cast<size_t>(i)] = bs.bandOf(i);
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    const auto data = tensor.data();
    for (int64_t n = 0; n < s.n; ++n) {
        const int64_t cellN = bn.bandOf(n);
        for (int64_t c = 0; c < s.c; ++c) {
            const int64_t row = (cellN * v.bandsC + bc.bandOf(c)) * v.bandsS;
            const int64_t base = (n * s.c + c) * hw;
            for (int64_t i = 0; i < hw; ++i) {
                const double x = data[static_cast<size_t>(base + i)];
                if (!std::isfinite(x))
                    continue;
                const auto cell = static_cast<size_t>(row + sBand[static_cast<size_t>(i)]);
                sum[cell] += x;
                ++count[cell];
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
        }
    }
    v.mean.resize(cells);
    for (size_t i = 0; i < cells; ++i)
        v.mean[i] = count[i] ? static_cast<float>(sum[i] / static_cast<double>(count[i]))
                             : std::numeric_limits<float>::quiet_NaN();
    if (lo <= hi) {
        v.lo = lo;
        v.hi = hi > lo ? hi : lo + 1.0;
    }
    return v;
}

} // namespace normscope
