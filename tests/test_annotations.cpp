// Annotations of a result whose output was released (the window computing the next result on a
// large tensor, see withoutOutput): they keep the last result's answers to the same question,
// leave out what would need the output, and never keep a replaced result's output alive.
#include "analysis/annotations.h"
#include "analysis/snapshot.h"
#include "tensor/generators.h"

#include <QtTest>

using namespace normscope;

class TestAnnotations : public QObject {
    Q_OBJECT
private slots:
    void releasedOutputKeepsTheLastAnswers();
    void releasedOutputAnswersNothingNew();
    void annotationsDoNotOwnTheirSnapshot();
};

namespace {

std::shared_ptr<const Snapshot> layerNormSnapshot()
{
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = Shape { 4, 6, 8, 8, 4 };
    spec.seed = 5;
    SnapshotRequest request;
    request.input = std::make_shared<const Tensor>(generateTensor(spec));
    request.config = NormConfig::defaults(NormKind::Layer);
    return computeSnapshot(request);
}

AnnotationRequest askEverything(const std::shared_ptr<const Snapshot>& snapshot)
{
    AnnotationRequest request;
    request.snapshot = snapshot;
    request.brush = BinBrush { HistogramSide::After, 20 };
    request.example = ElementIndex { 1, 2, 3, 4 };
    request.marked = ElementIndex { 3, 5, 7, 0 };
    request.values = CubeValues::After;
    return request;
}

} // namespace

void TestAnnotations::releasedOutputKeepsTheLastAnswers()
{
    const auto full = layerNormSnapshot();
    AnnotationRequest request = askEverything(full);
    const auto answered = annotate(request);
    QVERIFY(answered->isFor(full));
    QVERIFY(answered->brush && answered->brush->count > 0);
    QVERIFY(answered->example && answered->marked && answered->cells);
    // The value the layer returned at (1, 2, 3, 4), read from the output directly.
    QCOMPARE(answered->example->output, full->output->at(1, 2, 3, 4));

    const auto lean = withoutOutput(*full);
    QVERIFY(!lean->output);
    QCOMPARE(lean->input, full->input);
    QCOMPARE(lean->histAfter.counts, full->histAfter.counts);
    request.snapshot = lean;
    request.previous = answered;
    const auto kept = annotate(request);
    QVERIFY(kept->isFor(lean));
    QVERIFY(!kept->isFor(full));
    QVERIFY(kept->brush && kept->example && kept->marked);
    QCOMPARE(kept->brush->count, answered->brush->count);
    QCOMPARE(kept->example->output, full->output->at(1, 2, 3, 4));
    QCOMPARE(kept->marked->output, full->output->at(3, 5, 7, 0));
    QCOMPARE(kept->cells, answered->cells);
}

void TestAnnotations::releasedOutputAnswersNothingNew()
{
    const auto full = layerNormSnapshot();
    AnnotationRequest request = askEverything(full);
    const auto answered = annotate(request);
    request.snapshot = withoutOutput(*full);
    request.previous = answered;
    // Another element, another bin: their answers need the output, which is gone.
    request.example = ElementIndex { 0, 0, 0, 0 };
    request.brush = BinBrush { HistogramSide::After, 21 };
    const auto other = annotate(request);
    QVERIFY(!other->example);
    QVERIFY(!other->brush);
    QVERIFY(other->marked); // still the same question
    // No previous answers at all: nothing that needs the output.
    request.previous = nullptr;
    request.marked = ElementIndex { 3, 5, 7, 0 };
    const auto none = annotate(request);
    QVERIFY(!none->marked && !none->example && !none->brush && !none->cells);
    // The input's cell values need no output: the mean of each cell's input values.
    request.values = CubeValues::Before;
    const auto before = annotate(request);
    QVERIFY(before->cells);
    const CubeModel model(full->geometry);
    const CubeCell cell { 1, 2, 3 };
    const int64_t s = model.bands(CubeAxis::S).begin(3);
    QVERIFY(!model.coarsened());
    QCOMPARE(before->cells->at(cell), full->input->at(1, 2, s / 8, s % 8));
}

void TestAnnotations::annotationsDoNotOwnTheirSnapshot()
{
    // Annotations stay on screen after their snapshot is replaced; holding it would keep its
    // output (a whole tensor) alive next to the new one.
    auto full = layerNormSnapshot();
    const auto answered = annotate(askEverything(full));
    const std::weak_ptr<const Tensor> output = full->output;
    const std::weak_ptr<const Snapshot> snapshot = full;
    full.reset();
    QVERIFY(snapshot.expired());
    QVERIFY(output.expired());
    QVERIFY(!answered->isFor(nullptr));
}

QTEST_GUILESS_MAIN(TestAnnotations)
#include "test_annotations.moc"
