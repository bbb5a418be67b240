#include "analysis/brushing.h"

#include <algorithm>

namespace normscope {

int64_t BrushResult::cellCount(const CubeCell& cell) const
{
    if (cell.n < 0 || cell.c < 0 || cell.s < 0 || cell.n >= bandsN || cell.c >= bandsC || cell.s >= bandsS)
        return 0;
    return perCell[static_cast<size_t>(cellIndex(cell))];
}

BrushResult brushBin(const Snapshot& snapshot, const BinBrush& brush, const CubeModel& model)
{
    BrushResult r;
    r.brush = brush;
    const Tensor& input = *snapshot.input;
    const Tensor& output = *snapshot.output;
    const Histogram& source = brush.side == HistogramSide::Before ? snapshot.histBefore : snapshot.histAfter;
    const Tensor& values = brush.side == HistogramSide::Before ? input : output;
    r.lo = source.lo + static_cast<double>(brush.bin) * source.binWidth();
    r.hi = r.lo + source.binWidth();

    const Shape& s = input.shape();
    r.perSample.assign(static_cast<size_t>(s.n), 0);
    r.perChannel.assign(static_cast<size_t>(s.c), 0);
    const AxisBands& bn = model.bands(CubeAxis::N);
    const AxisBands& bc = model.bands(CubeAxis::C);
    const AxisBands& bs = model.bands(CubeAxis::S);
    r.bandsN = bn.count();
    r.bandsC = bc.count();
    r.bandsS = bs.count();
    r.perCell.assign(static_cast<size_t>(r.bandsN * r.bandsC * r.bandsS), 0);

    // The brushed elements' values on the other side, collected to be binned like the snapshot's.
    std::vector<float> before;
    std::vector<float> after;
    const auto in = input.data();
    const auto out = output.data();
    const auto data = values.data();
    const int64_t hw = s.hw();
    // Band of each H·W index, once: the inner loop then only looks it up.
    std::vector<int64_t> sBand(static_cast<size_t>(hw));
    for (int64_t i = 0; i < hw; ++i)
        sBand[static_cast<size_t>(i)] = bs.bandOf(i);
    if (brush.bin >= 0 && brush.bin < static_cast<int64_t>(source.counts.size())) {
        for (int64_t n = 0; n < s.n; ++n) {
            const int64_t cellN = bn.bandOf(n);
            for (int64_t c = 0; c < s.c; ++c) {
                const int64_t cellC = bc.bandOf(c);
                const int64_t base = (n * s.c + c) * hw;
                for (int64_t i = 0; i < hw; ++i) {
                    const auto flat = static_cast<size_t>(base + i);
                    if (source.binOf(data[flat]) != brush.bin)
                        continue;
                    ++r.count;
                    ++r.perSample[static_cast<size_t>(n)];
                    ++r.perChannel[static_cast<size_t>(c)];
                    ++r.perCell[static_cast<size_t>(
                        (cellN * r.bandsC + cellC) * r.bandsS + sBand[static_cast<size_t>(i)])];
                    before.push_back(in[flat]);
                    after.push_back(out[flat]);
                }
            }
        }
    }
    const auto binsOf = [](const Histogram& h) { return static_cast<int>(h.counts.size()); };
    r.before = makeHistogram(before, binsOf(snapshot.histBefore), snapshot.histBefore.lo, snapshot.histBefore.hi);
    r.after = makeHistogram(after, binsOf(snapshot.histAfter), snapshot.histAfter.lo, snapshot.histAfter.hi);
    return r;
}

} // namespace normscope
