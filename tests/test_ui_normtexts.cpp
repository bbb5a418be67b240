// The sentences shared by the statistics panel and exported slides: headings name the layer's key
// parameter, and data of rank 3 (N, C, L) is described with L, never H and W.
#include "look/normtexts.h"
#include "testsupport.h"

#include <QtTest>

using namespace normscope;

class TestNormTexts : public QObject {
    Q_OBJECT
private slots:
    void headings_data();
    void headings();
    void rankThreeSaysL();
};

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

QTEST_GUILESS_MAIN(TestNormTexts)
#include "test_ui_normtexts.moc"
