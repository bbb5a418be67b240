// ExplorerState keeps the user's choices coherent: switching the norm keeps looking at the same
// sample and channel, and GroupNorm starts with real groups.
#include "control/explorerstate.h"
#include "testsupport.h"

#include <QtTest>

using namespace normscope;

class TestExplorerState : public QObject {
    Q_OBJECT
private slots:
    void defaultGroups_data();
    void defaultGroups();
    void switchingNormKeepsSampleAndChannel();
    void selectingMovesOnlyPinnedCoordinates();
};

void TestExplorerState::defaultGroups_data()
{
    QTest::addColumn<qint64>("c");
    QTest::addColumn<qint64>("groups");
    QTest::newRow("C=6, nn.GroupNorm(3, 6) as in the tutorial") << qint64(6) << qint64(3);
    QTest::newRow("C=64, the common G=32") << qint64(64) << qint64(32);
    QTest::newRow("C=9") << qint64(9) << qint64(3);
    QTest::newRow("prime C=7: only 1 or 7") << qint64(7) << qint64(1);
    QTest::newRow("C=1") << qint64(1) << qint64(1);
}

void TestExplorerState::defaultGroups()
{
    QFETCH(qint64, c);
    QFETCH(qint64, groups);
    QCOMPARE(defaultGroupsFor(c), groups);
}

void TestExplorerState::switchingNormKeepsSampleAndChannel()
{
    ExplorerState state; // 8 x 6 x 8 x 8 normal
    QCOMPARE(state.config().groups, int64_t(3));
    // BatchNorm, channel 4.
    state.setSelectedSet(4);
    // LayerNorm over (C, H, W): one set per sample; the anchor is sample 0.
    state.setNormKind(NormKind::Layer);
    QCOMPARE(state.selectedSet(), int64_t(0));
    state.setSelectedSet(5); // sample 5
    // InstanceNorm: sample 5, channel 4 -> set 5 * 6 + 4.
    state.setNormKind(NormKind::Instance);
    QCOMPARE(state.selectedSet(), int64_t(5 * 6 + 4));
    // GroupNorm with G = 3: channel 4 lies in group 2 -> set 5 * 3 + 2.
    state.setNormKind(NormKind::Group);
    QCOMPARE(state.selectedSet(), int64_t(5 * 3 + 2));
    // Back to BatchNorm: still channel 4.
    state.setNormKind(NormKind::Batch);
    QCOMPARE(state.selectedSet(), int64_t(4));
}

void TestExplorerState::selectingMovesOnlyPinnedCoordinates()
{
    ExplorerState state;
    state.setNormKind(NormKind::Instance);
    state.setSelectedSet(2 * 6 + 1); // n = 2, c = 1
    NormConfig config = state.config();
    config.kind = NormKind::Group;
    config.groups = 2; // channels 0-2 and 3-5
    state.setConfig(config);
    QCOMPARE(state.selectedSet(), int64_t(2 * 2 + 0));
    state.setSelectedSet(3 * 2 + 1); // n = 3, second group: c moves to 3, the group's first channel
    state.setNormKind(NormKind::Batch);
    QCOMPARE(state.selectedSet(), int64_t(3));
}

QTEST_GUILESS_MAIN(TestExplorerState)
#include "test_ui_explorerstate.moc"
