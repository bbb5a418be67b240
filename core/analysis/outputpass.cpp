#include "analysis/outputpass.h"

#include "kernels/rows.h"
#include "norms/tokentiles.h"

#include <algorithm>
#include <cmath>

namespace normscope {

namespace {

std::shared_ptr<Tensor> outputBuffer(const Shape& shape, kernels::BufferPool* pool)
{
    return pool ? pool->take(shape) : std::make_shared<Tensor>(shape);
}

void addCounts(Histogram& h, const std::vector<std::vector<int64_t>>& perTask)
{
    for (const auto& counts : perTask)
        for (size_t b = 0; b < counts.size(); ++b) {
            h.counts[b] += counts[b];
            h.total += counts[b];
        }
}

// Write, measure, bin: for maps that are not monotone per row or not finite.
std::optional<OutputSide> threePasses(const InputAnalysis& input, const SetStatistics& used, const NormConfig& config,
    const NormParams& params, int64_t selected, kernels::BufferPool* pool, int threads,
    const kernels::Cancelled& cancelled)
{
    const ReductionGeometry& g = input.geometry;
    OutputSide out;
    out.output = outputBuffer(g.shape(), pool);
    if (!applyNormalizationInto(*input.tensor, *out.output, g, used, config, params, threads, cancelled))
        return std::nullopt;
    if (!rowMomentsOf(*out.output, g, threads, out.rows, cancelled))
        return std::nullopt;
    const Summary all = summaryOf(kernels::mergeMoments(out.rows));
    const Histogram edges = histogramOver(all.min, all.max, input.bins);
    out.histogram = makeHistogram(out.output->data(), input.bins, edges.lo, edges.hi, threads);
    out.selectedHistogram = viewOfSet(*out.output, g, out.rows, selected, edges).histogram;
    return out;
}

} // namespace

std::optional<OutputSide> computeOutputSide(const InputAnalysis& input, const SetStatistics& used,
    const NormConfig& config, const NormParams& params, int64_t selected, kernels::BufferPool* pool, int threads,
    const kernels::Cancelled& cancelled)
{
    const ReductionGeometry& g = input.geometry;
    const OutputMaps maps(g, used, config, params);
    if (maps.elementwise() || maps.anyNonFinite())
        return threePasses(input, used, config, params, selected, pool, threads, cancelled);

    // Each row's map, its output extremes (from the input's) and its output mean rounded to float
    // (the shift K for the output's moments: close to their mean, and exactly their value when
    // a row is constant, so a constant set keeps a variance of exactly 0).
    const int64_t rows = g.rowCount();
    const int64_t len = g.rowLength();
    std::vector<kernels::AffineMap> map(static_cast<size_t>(rows));
    std::vector<double> shiftK(map.size());
    std::vector<float> rowLo(map.size());
    std::vector<float> rowHi(map.size());
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (int64_t r = 0; r < rows; ++r) {
        const auto i = static_cast<size_t>(r);
        const kernels::Moments& x = input.rows[i];
        if (x.nonFinite)
            return threePasses(input, used, config, params, selected, pool, threads, cancelled);
        map[i] = maps.map(r);
        const float a = map[i](x.min);
        const float b = map[i](x.max);
        rowLo[i] = std::min(a, b);
        rowHi[i] = std::max(a, b);
        lo = std::min<double>(lo, rowLo[i]);
        hi = std::max<double>(hi, rowHi[i]);
        shiftK[i] = static_cast<float>(map[i].exact(x.mean()));
    }
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return threePasses(input, used, config, params, selected, pool, threads, cancelled);

    OutputSide out;
    out.onePass = true;
    out.histogram = histogramOver(lo, hi, input.bins);
    out.selectedHistogram = out.histogram;
    const kernels::BinSpec spec
        = kernels::BinSpec::over(out.histogram.lo, out.histogram.hi, static_cast<int>(out.histogram.counts.size()));
    out.output = outputBuffer(g.shape(), pool);
    const float* x = input.tensor->data().data();
    float* y = out.output->data().data();
    const bool stream = input.tensor->numel() * 4 >= kStreamBytes;
    const auto measured = [&](int64_t r, int64_t n, const kernels::ShiftedSums& s) {
        const auto i = static_cast<size_t>(r);
        kernels::Moments m;
        m.count = n;
        m.sum = static_cast<double>(n) * shiftK[i] + s.s1;
        m.m2 = std::max(0.0, s.s2 - s.s1 * s.s1 / static_cast<double>(n));
        m.min = rowLo[i];
        m.max = rowHi[i];
        return m;
    };
    if (g.transposed()) {
        // Tokens of (B, T, C) data: the same pass on gathered tiles, scattered back as written.
        const TokenTiles tiles(g);
        out.rows.assign(static_cast<size_t>(rows), kernels::Moments {});
        std::vector<std::vector<int64_t>> whole(static_cast<size_t>(tiles.count()));
        std::vector<std::vector<int64_t>> chosen(whole.size());
        const bool done = tiles.run(
            threads, x, y,
            [&](int64_t tile, const float* xs, float* ys) {
                kernels::SubHistogram all(spec.bins);
                kernels::SubHistogram set(spec.bins);
                const int64_t first = tiles.firstRow(tile);
                for (int64_t j = 0; j < tiles.rows(tile); ++j) {
                    const int64_t r = first + j;
                    const kernels::ShiftedSums s
                        = kernels::applyMeasureBin(xs + j * len, ys + j * len, len, map[static_cast<size_t>(r)],
                            shiftK[static_cast<size_t>(r)], spec, g.setOfRow(r) == selected ? set : all, false);
                    out.rows[static_cast<size_t>(r)] = measured(r, len, s);
                }
                // A tile holds about kTaskValues values, or one token: the 32-bit counters hold.
                whole[static_cast<size_t>(tile)].assign(out.histogram.counts.size(), 0);
                chosen[static_cast<size_t>(tile)].assign(out.histogram.counts.size(), 0);
                all.flushInto(whole[static_cast<size_t>(tile)]);
                set.flushInto(chosen[static_cast<size_t>(tile)]);
            },
            cancelled);
        if (!done)
            return std::nullopt;
        addCounts(out.histogram, whole);
        addCounts(out.histogram, chosen);
        addCounts(out.selectedHistogram, chosen);
        return out;
    }
    const kernels::RowPieces pieces(rows, len);
    std::vector<kernels::Moments> parts(static_cast<size_t>(pieces.count()));
    std::vector<std::vector<int64_t>> whole(static_cast<size_t>(pieces.tasks()));
    std::vector<std::vector<int64_t>> chosen(whole.size());
    const bool done = pieces.runTasks(
        threads,
        [&](int64_t task, int64_t first, int64_t end) {
            kernels::SubHistogram all(spec.bins);
            kernels::SubHistogram set(spec.bins);
            for (int64_t p = first; p < end; ++p) {
                const int64_t r = pieces.row(p);
                const auto i = static_cast<size_t>(r);
                const int64_t b = pieces.begin(p);
                const int64_t n = pieces.end(p) - b;
                // The selected set's values count only into its histogram, added to the whole below.
                const kernels::ShiftedSums s = kernels::applyMeasureBin(x + r * len + b, y + r * len + b, n, map[i],
                    shiftK[i], spec, g.setOfRow(r) == selected ? set : all, stream);
                parts[static_cast<size_t>(p)] = measured(r, n, s);
            }
            // A task covers at most kSegment or kTaskValues values: the 32-bit counters hold.
            whole[static_cast<size_t>(task)].assign(out.histogram.counts.size(), 0);
            chosen[static_cast<size_t>(task)].assign(out.histogram.counts.size(), 0);
            all.flushInto(whole[static_cast<size_t>(task)]);
            set.flushInto(chosen[static_cast<size_t>(task)]);
        },
        cancelled);
    if (!done)
        return std::nullopt;
    addCounts(out.histogram, whole);
    addCounts(out.histogram, chosen);
    addCounts(out.selectedHistogram, chosen);
    if (pieces.perRow() == 1) {
        out.rows = std::move(parts);
    } else {
        out.rows.resize(static_cast<size_t>(rows));
        for (int64_t r = 0; r < rows; ++r)
            out.rows[static_cast<size_t>(r)] = kernels::mergeMoments(std::span<const kernels::Moments>(parts).subspan(
                static_cast<size_t>(r * pieces.perRow()), static_cast<size_t>(pieces.perRow())));
    }
    return out;
}

} // namespace normscope
