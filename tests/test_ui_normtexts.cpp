// The sentences shared by the statistics panel and exported slides: headings name the layer's key
// parameter, and data of rank 3 (N, C, L) is described with L, never H and W.
#include "analysis/pipeline.h"
#include "cube/cubepainter.h"
#include "export/figureexport.h"
#include "look/normtexts.h"
#include "norms/normalize.h"
#include "tensor/population.h"
#include "testsupport.h"

#include <QBuffer>
#include <QPainter>
#include <QSvgGenerator>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

using namespace normscope;

class TestNormTexts : public QObject {
    Q_OBJECT
private slots:
    void headings_data();
    void headings();
    void rankThreeSaysL();
    void messagesFollowSettingAndNumbers_data();
    void messagesFollowSettingAndNumbers();
    void zeroVarianceSetsAreAtBetaOnlyWhenSaid();
    void slideSaysWhatThePanelSays();
};

namespace {

// A snapshot of `kind` on `generator`, after `steps` Steps of the generator's population when
// `eval` (so the running statistics are those a user would have), with eps and β as given.
std::shared_ptr<const Snapshot> snapshotOf(
    NormKind kind, GeneratorKind generator, bool eval, double eps = 1e-5, double beta = 0.0, int steps = 3)
{
    PipelineInput input;
    GeneratorSpec spec;
    spec.kind = generator;
    input.generator = spec;
    input.config = NormConfig::defaults(kind);
    input.config.groups = 3;
    input.config.eps = eps;
    input.config.trackRunningStats = true;
    input.affine.beta = beta;
    if (eval) {
        const Population population(spec);
        NormConfig train = input.config;
        train.training = true;
        for (int k = 1; k <= steps; ++k)
            normalize(population.batch(static_cast<uint64_t>(k)), train, input.running);
        input.config.training = false;
    }
    return SnapshotPipeline().run(input);
}

QString everything(const Snapshot& s)
{
    const auto range = [](const Range& r) { return QStringLiteral("[%1, %2]").arg(r.min).arg(r.max); };
    QStringList parts;
    if (const auto paragraph = standardisedParagraph(s, range))
        parts << paragraph->heading << paragraph->lines;
    parts << normNote(s) << evalNote(s) << numberWarnings(s);
    return parts.join(QLatin1Char('\n'));
}

} // namespace

void TestNormTexts::messagesFollowSettingAndNumbers_data()
{
    // Each sentence with a setting where it is true and one where it would be false.
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("generator");
    QTest::addColumn<bool>("eval");
    QTest::addColumn<double>("eps");
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<bool>("shown");
    const int bn = int(NormKind::Batch), in = int(NormKind::Instance), ln = int(NormKind::Layer);
    const int normal = int(GeneratorKind::Normal), constant = int(GeneratorKind::Constant);
    const QString standardised = QStringLiteral("Also standardised");
    QTest::newRow("IN train: whole samples standardised") << in << normal << false << 1e-5 << standardised << true;
    QTest::newRow("IN eval: not standardised") << in << normal << true << 1e-5 << standardised << false;
    QTest::newRow("BN train: not guaranteed instead") << bn << normal << false << 1e-5 << standardised << false;
    const QString bnNote = QStringLiteral("BatchNorm standardises each channel over the whole batch");
    QTest::newRow("BN train: standardises each channel") << bn << normal << false << 1e-5 << bnNote << true;
    QTest::newRow("BN eval: does not") << bn << normal << true << 1e-5 << bnNote << false;
    const QString runningNote = QStringLiteral("In eval mode BatchNorm normalizes each channel with its running mean");
    QTest::newRow("BN eval: running statistics") << bn << normal << true << 1e-5 << runningNote << true;
    QTest::newRow("BN train: no running statistics") << bn << normal << false << 1e-5 << runningNote << false;
    const QString notGuaranteed = QStringLiteral("Not guaranteed");
    QTest::newRow("BN train: per-sample free") << bn << normal << false << 1e-5 << notGuaranteed << true;
    QTest::newRow("BN eval: per-sample still free") << bn << normal << true << 1e-5 << notGuaranteed << true;
    QTest::newRow("IN train: nothing left free") << in << normal << false << 1e-5 << notGuaranteed << false;
    const QString beta = QStringLiteral("keeps their output at β");
    QTest::newRow("constant BN train: at β") << bn << constant << false << 1e-5 << beta << true;
    QTest::newRow("constant BN eval: running statistics, not β") << bn << constant << true << 1e-5 << beta << false;
    const QString nan = QStringLiteral("their output is NaN");
    QTest::newRow("constant LN eps 0: NaN") << ln << constant << false << 0.0 << nan << true;
    QTest::newRow("constant LN eps 1e-5: no NaN") << ln << constant << false << 1e-5 << nan << false;
    QTest::newRow("normal LN eps 0: no NaN") << ln << normal << false << 0.0 << nan << false;
    const QString largeEps = QStringLiteral("is not small against the variance");
    QTest::newRow("eps 1 on unit variances: std below 1") << bn << normal << false << 1.0 << largeEps << true;
    QTest::newRow("eps 1e-5: std 1") << bn << normal << false << 1e-5 << largeEps << false;
    QTest::newRow("eps 1 in eval: not about this batch's sets") << bn << normal << true << 1.0 << largeEps << false;
}

void TestNormTexts::messagesFollowSettingAndNumbers()
{
    QFETCH(int, kind);
    QFETCH(int, generator);
    QFETCH(bool, eval);
    QFETCH(double, eps);
    QFETCH(QString, sentence);
    QFETCH(bool, shown);
    const auto snap = snapshotOf(static_cast<NormKind>(kind), static_cast<GeneratorKind>(generator), eval, eps);
    const QString text = everything(*snap);
    QVERIFY2(text.contains(sentence) == shown, qPrintable(text));
    // The cube's caption says which statistics were used, too.
    const QString caption = cubeCaption(CubeModel(snap->geometry), *snap, false);
    QCOMPARE(caption.contains(QStringLiteral("running mean and variance")), eval && kind != int(NormKind::Layer));
    QCOMPARE(caption.contains(QStringLiteral("mean and variance over")), !eval || kind == int(NormKind::Layer));
}

void TestNormTexts::zeroVarianceSetsAreAtBetaOnlyWhenSaid()
{
    // The sentence is a claim about the numbers: where it is shown, every output value is β; in
    // eval mode after three Steps on the constant 1 the output is (1 − running_mean) /
    // √(running_var + eps) + β, far from β, and the sentence is gone.
    const auto train = snapshotOf(NormKind::Batch, GeneratorKind::Constant, false, 1e-5, 0.25);
    QVERIFY(everything(*train).contains(QStringLiteral("keeps their output at β")));
    for (float v : train->output->data())
        QCOMPARE(v, 0.25f);
    const auto eval = snapshotOf(NormKind::Batch, GeneratorKind::Constant, true, 1e-5, 0.25);
    // running_mean = 1 − 0.9³ = 0.271, running_var = 0.9³ = 0.729 (unbiased batch variance 0).
    const double expected = (1.0 - 0.271) / std::sqrt(0.729 + 1e-5) + 0.25;
    QVERIFY(std::abs(eval->outputSummary.mean - expected) < 1e-5);
    QVERIFY(!everything(*eval).contains(QStringLiteral("β")));
}

void TestNormTexts::headings_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("groups");
    QTest::addColumn<QList<qint64>>("normalizedShape");
    QTest::addColumn<QString>("heading");
    QTest::newRow("batch") << int(NormKind::Batch) << qint64(1) << QList<qint64> {} << QStringLiteral("BatchNorm");
    QTest::newRow("group") << int(NormKind::Group) << qint64(3) << QList<qint64> {}
                           << QStringLiteral("GroupNorm (G = 3)");
    QTest::newRow("layer HW") << int(NormKind::Layer) << qint64(1) << QList<qint64> { 3, 5 }
                              << QStringLiteral("LayerNorm over (H, W)");
    QTest::newRow("layer CHW") << int(NormKind::Layer) << qint64(1) << QList<qint64> {}
                               << QStringLiteral("LayerNorm over (C, H, W)");
}

void TestNormTexts::headings()
{
    QFETCH(int, kind);
    QFETCH(qint64, groups);
    QFETCH(QList<qint64>, normalizedShape);
    QFETCH(QString, heading);
    NormConfig config = NormConfig::defaults(static_cast<NormKind>(kind));
    config.groups = groups;
    config.normalizedShape.assign(normalizedShape.begin(), normalizedShape.end());
    QCOMPARE(normHeading(ReductionGeometry(config, Shape::fromDims({ 4, 6, 3, 5 }))), heading);
}

void TestNormTexts::rankThreeSaysL()
{
    const Shape nchw = Shape::fromDims({ 4, 6, 3, 5 });
    const Shape ncl = Shape::fromDims({ 4, 6, 5 });
    QCOMPARE(forRank(QStringLiteral("over N, H, W along W; H·W = 15"), nchw),
        QStringLiteral("over N, H, W along W; H·W = 15"));
    QCOMPARE(forRank(QStringLiteral("over N, H, W along W; H·W = 5"), ncl), QStringLiteral("over N, L along L; L = 5"));
    // "With" keeps its W.
    QCOMPARE(forRank(QStringLiteral("With G = C"), ncl), QStringLiteral("With G = C"));
    NormConfig ln = NormConfig::defaults(NormKind::Layer);
    ln.normalizedShape = { 5 };
    QCOMPARE(normHeading(ReductionGeometry(ln, ncl)), QStringLiteral("LayerNorm over (L)"));
    QVERIFY(!normNote(ReductionGeometry(ln, ncl)).contains(QLatin1Char('W')));
}

void TestNormTexts::slideSaysWhatThePanelSays()
{
    // The exported slide's text (SVG keeps it searchable) follows the same rules: InstanceNorm in
    // training says every sample and channel is standardised; in eval mode it says no such thing.
    const auto slideText = [](const Snapshot& snapshot) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(QSize(1600, 900));
        svg.setViewBox(QRectF(0, 0, 1600, 900));
        QPainter painter(&svg);
        paintFigure(painter, QRectF(0, 0, 1600, 900), FigureKind::Slide, snapshot, FigureOptions {});
        painter.end();
        QXmlStreamReader xml(buffer.data());
        QString text;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
                text += xml.readElementText(QXmlStreamReader::IncludeChildElements) + QLatin1Char(' ');
        return text.simplified();
    };
    const QString train = slideText(*snapshotOf(NormKind::Instance, GeneratorKind::Normal, false));
    QVERIFY2(train.contains(QStringLiteral("Also standardised")), qPrintable(train));
    const QString eval = slideText(*snapshotOf(NormKind::Instance, GeneratorKind::Normal, true));
    QVERIFY2(!eval.contains(QStringLiteral("Also standardised")) && eval.contains(QStringLiteral("eval mode")),
        qPrintable(eval));
}

QTEST_MAIN(TestNormTexts)
#include "test_ui_normtexts.moc"
