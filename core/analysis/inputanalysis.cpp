#include "analysis/inputanalysis.h"

#include "norms/tokentiles.h"

#include <algorithm>

namespace normscope {

bool InputAnalysis::matches(
    const std::shared_ptr<const Tensor>& other, const ReductionGeometry& otherGeometry, int otherBins) const
{
    return tensor == other && bins == otherBins && geometry.kind() == otherGeometry.kind()
        && geometry.groups() == otherGeometry.groups() && geometry.layerDims() == otherGeometry.layerDims()
        && geometry.shape() == otherGeometry.shape();
}

std::shared_ptr<const InputAnalysis> analyzeInput(std::shared_ptr<const Tensor> tensor,
    const ReductionGeometry& geometry, int bins, int threads, const kernels::Cancelled& cancelled)
{
    auto a = std::make_shared<InputAnalysis>();
    a->tensor = std::move(tensor);
    a->geometry = geometry;
    a->bins = bins;
    if (!rowMomentsOf(*a->tensor, geometry, threads, a->rows, cancelled))
        return nullptr;
    a->stats = std::make_shared<const SetStatistics>(statisticsOf(setMoments(a->rows, geometry), geometry.setSize()));
    a->summary = summaryOf(kernels::mergeMoments(a->rows));
    const Histogram range = histogramOver(a->summary.min, a->summary.max, bins);
    if (cancelled && cancelled())
        return nullptr;
    a->histogram = makeHistogram(a->tensor->data(), bins, range.lo, range.hi, threads);
    return a;
}

std::vector<int64_t> rowsOfSet(const ReductionGeometry& geometry, int64_t set)
{
    std::vector<int64_t> rows;
    for (int64_t r = 0; r < geometry.rowCount(); ++r)
        if (geometry.setOfRow(r) == set)
            rows.push_back(r);
    return rows;
}

SetView viewOfSet(const Tensor& tensor, const ReductionGeometry& geometry, std::span<const kernels::Moments> rows,
    int64_t set, const Histogram& edges)
{
    const std::vector<int64_t> members = rowsOfSet(geometry, set);
    SetView view;
    view.summary = summaryOf(kernels::mergeMoments(rows, members));
    view.histogram = edges;
    std::fill(view.histogram.counts.begin(), view.histogram.counts.end(), 0);
    view.histogram.total = 0;
    const kernels::BinSpec spec = kernels::BinSpec::over(edges.lo, edges.hi, static_cast<int>(edges.counts.size()));
    kernels::SubHistogram sub(spec.bins);
    const int64_t len = geometry.rowLength();
    std::vector<float> row(geometry.transposed() ? static_cast<size_t>(len) : 0);
    for (int64_t r : members) { // at most 2^28 values: the 32-bit counters cannot overflow
        if (geometry.transposed()) { // a token of (B, T, C) data: its values are strided
            copyRow(tensor.data().data(), geometry, r, row.data());
            kernels::binValues(row.data(), len, spec, sub);
        } else {
            kernels::binValues(tensor.data().data() + r * len, len, spec, sub);
        }
    }
    sub.flushInto(view.histogram.counts);
    for (int64_t c : view.histogram.counts)
        view.histogram.total += c;
    return view;
}

} // namespace normscope
