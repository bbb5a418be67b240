// Brushing a histogram bin: the values it holds, the cube cells holding them, their samples and
// channels, and the same elements on the other side of the norm, each against a direct count
// over every element with the binning rule written out here.
#include "analysis/brushing.h"
#include "tensor/generators.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>
#include <map>

using namespace normscope;

Q_DECLARE_METATYPE(normscope::Shape)

class TestBrushing : public QObject {
    Q_OBJECT
private slots:
    void matchesDirectCount_data();
    void matchesDirectCount();
    void outsideBinIsEmpty();
};

namespace {

// Bin of v in `bins` equal bins over [lo, hi], the last one closed: written out independently of
// the library's rule so that a change in either shows here.
int64_t directBin(double v, double lo, double hi, int64_t bins)
{
    if (!std::isfinite(v) || v < lo || v > hi)
        return -1;
    if (v == hi)
        return bins - 1;
    return static_cast<int64_t>(std::floor((v - lo) / (hi - lo) * static_cast<double>(bins)));
}

int64_t directBand(const AxisBands& bands, int64_t index)
{
    for (int64_t b = 0; b < bands.count(); ++b) {
        if (index >= bands.begin(b) && index < bands.end(b))
            return b;
    }
    return -1;
}

} // namespace

void TestBrushing::matchesDirectCount_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<int>("side");
    // 8×6×8×8 is drawn one cell per element; 3×30×10×10 in bands along C and H·W.
    QTest::newRow("BN before, exact cells") << int(NormKind::Batch) << Shape { 8, 6, 8, 8, 4 } << 0;
    QTest::newRow("BN after, exact cells") << int(NormKind::Batch) << Shape { 8, 6, 8, 8, 4 } << 1;
    QTest::newRow("LN after, banded cells") << int(NormKind::Layer) << Shape { 3, 30, 10, 10, 4 } << 1;
    QTest::newRow("GN before, banded cells") << int(NormKind::Group) << Shape { 3, 30, 10, 10, 4 } << 0;
}

void TestBrushing::matchesDirectCount()
{
    QFETCH(int, kind);
    QFETCH(Shape, shape);
    QFETCH(int, side);
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = shape;
    spec.seed = 11;
    SnapshotRequest request;
    request.input = std::make_shared<const Tensor>(generateTensor(spec));
    request.config = NormConfig::defaults(static_cast<NormKind>(kind));
    request.config.groups = 3;
    request.bins = 37;
    const auto snap = computeSnapshot(request);
    const CubeModel model(snap->geometry);
    const Tensor& source = side == 0 ? *snap->input : *snap->output;
    const Histogram& hist = side == 0 ? snap->histBefore : snap->histAfter;
    const int64_t bins = static_cast<int64_t>(hist.counts.size());

    int64_t total = 0;
    for (int64_t bin = 0; bin < bins; ++bin) {
        const BrushResult r = brushBin(*snap, { side == 0 ? HistogramSide::Before : HistogramSide::After, bin }, model);
        // The direct count, element by element.
        int64_t count = 0;
        std::map<std::tuple<int64_t, int64_t, int64_t>, int64_t> cells;
        std::vector<int64_t> perSample(static_cast<size_t>(shape.n));
        std::vector<int64_t> perChannel(static_cast<size_t>(shape.c));
        std::vector<float> before;
        std::vector<float> after;
        for (int64_t n = 0; n < shape.n; ++n)
            for (int64_t c = 0; c < shape.c; ++c)
                for (int64_t h = 0; h < shape.h; ++h)
                    for (int64_t w = 0; w < shape.w; ++w) {
                        if (directBin(source.at(n, c, h, w), hist.lo, hist.hi, bins) != bin)
                            continue;
                        ++count;
                        ++perSample[static_cast<size_t>(n)];
                        ++perChannel[static_cast<size_t>(c)];
                        ++cells[{ directBand(model.bands(CubeAxis::N), n), directBand(model.bands(CubeAxis::C), c),
                            directBand(model.bands(CubeAxis::S), h * shape.w + w) }];
                        before.push_back(snap->input->at(n, c, h, w));
                        after.push_back(snap->output->at(n, c, h, w));
                    }
        QCOMPARE(r.count, count);
        QCOMPARE(r.count, hist.counts[static_cast<size_t>(bin)]);
        QCOMPARE(r.perSample, perSample);
        QCOMPARE(r.perChannel, perChannel);
        int64_t lit = 0;
        for (int64_t n = 0; n < r.bandsN; ++n)
            for (int64_t c = 0; c < r.bandsC; ++c)
                for (int64_t s = 0; s < r.bandsS; ++s) {
                    const auto it = cells.find({ n, c, s });
                    const int64_t expected = it == cells.end() ? 0 : it->second;
                    QCOMPARE(r.cellCount({ n, c, s }), expected);
                    lit += expected > 0 ? 1 : 0;
                }
        QCOMPARE(lit, static_cast<int64_t>(cells.size()));
        // The same elements on both sides, binned with the snapshot's edges.
        QCOMPARE(r.before.total, count);
        QCOMPARE(r.after.total, count);
        QCOMPARE(r.before.counts,
            makeHistogram(
                before, static_cast<int>(snap->histBefore.counts.size()), snap->histBefore.lo, snap->histBefore.hi)
                .counts);
        QCOMPARE(r.after.counts,
            makeHistogram(
                after, static_cast<int>(snap->histAfter.counts.size()), snap->histAfter.lo, snap->histAfter.hi)
                .counts);
        // The brushed histogram holds its own bin's count exactly there on its own side.
        const Histogram& own = side == 0 ? r.before : r.after;
        QCOMPARE(own.counts[static_cast<size_t>(bin)], count);
        QVERIFY(std::abs(r.hi - r.lo - hist.binWidth()) < 1e-12);
        total += count;
    }
    QCOMPARE(total, source.numel());
}

void TestBrushing::outsideBinIsEmpty()
{
    GeneratorSpec spec;
    spec.shape = Shape { 2, 3, 4, 4, 4 };
    SnapshotRequest request;
    request.input = std::make_shared<const Tensor>(generateTensor(spec));
    const auto snap = computeSnapshot(request);
    const BrushResult r = brushBin(*snap, { HistogramSide::After, 1000 }, CubeModel(snap->geometry));
    QCOMPARE(r.count, 0);
    QCOMPARE(r.after.total, 0);
}

QTEST_GUILESS_MAIN(TestBrushing)
#include "test_brushing.moc"
