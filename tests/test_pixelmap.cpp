// Values as grey levels for the image view: the fixed map of a norm's output (0 -> 127.5,
// ±3 -> black/white), the exact pixels of an image read as 0–1 or 0–255, the min–max map of a
// tensor of no known scale, and what cannot be shown (clipped values, NaN). Expected levels are
// worked out by hand in the comments.
#include "analysis/pixelmap.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace normscope;

class TestPixelMap : public QObject {
    Q_OBJECT
private slots:
    void normalizedLevels_data();
    void normalizedLevels();
    void clipping();
    void pixelsComeBackExactly();
    void rangeMap();
    void planeAndNan();
};

void TestPixelMap::normalizedLevels_data()
{
    QTest::addColumn<float>("value");
    QTest::addColumn<int>("level");
    // level = round(127.5 + 42.5 y)
    QTest::newRow("0 is mid grey (127.5 rounds up)") << 0.0f << 128;
    QTest::newRow("+1 sigma") << 1.0f << 170;
    QTest::newRow("-1 sigma") << -1.0f << 85;
    QTest::newRow("+3 white") << 3.0f << 255;
    QTest::newRow("-3 black") << -3.0f << 0;
    QTest::newRow("0.5: 148.75") << 0.5f << 149;
    QTest::newRow("-2: 42.5 rounds up") << -2.0f << 43;
    QTest::newRow("+10 clamps") << 10.0f << 255;
    QTest::newRow("-10 clamps") << -10.0f << 0;
}

void TestPixelMap::normalizedLevels()
{
    QFETCH(float, value);
    QFETCH(int, level);
    QCOMPARE(static_cast<int>(LevelMap::normalized().level(value)), level);
}

void TestPixelMap::clipping()
{
    const LevelMap map = LevelMap::normalized();
    QVERIFY(!map.clips(3.0f)); // exactly white
    QVERIFY(!map.clips(-3.0f)); // exactly black
    QVERIFY(!map.clips(3.01f)); // 255.43: still rounds to 255
    QVERIFY(map.clips(3.02f)); // 255.85
    QVERIFY(map.clips(-3.02f)); // -0.85
    QVERIFY(map.clips(std::numeric_limits<float>::infinity()));
    const Tensor t(Shape { 1, 1, 1, 5, 4 }, { 0.0f, 2.9f, 3.5f, -4.0f, std::numeric_limits<float>::quiet_NaN() });
    const LevelCounts counts = countLevels(t, map);
    QCOMPARE(counts.total, int64_t(5));
    QCOMPARE(counts.clipped, int64_t(2));
    QCOMPARE(counts.nan, int64_t(1));
}

void TestPixelMap::pixelsComeBackExactly()
{
    // An image read as 0–1 holds p/255 in float32; the map must return p for every p.
    const LevelMap unit = LevelMap::pixels(1.0);
    const LevelMap byte = LevelMap::pixels(255.0);
    for (int p = 0; p <= 255; ++p) {
        QCOMPARE(static_cast<int>(unit.level(static_cast<float>(p) * (1.0f / 255.0f))), p);
        QCOMPARE(static_cast<int>(byte.level(static_cast<float>(p))), p);
        QVERIFY(!unit.clips(static_cast<float>(p) / 255.0f));
    }
}

void TestPixelMap::rangeMap()
{
    // lo -> 0, hi -> 255: gain 255/8 = 31.875, offset 63.75.
    const LevelMap map = LevelMap::range(-2.0, 6.0);
    QCOMPARE(static_cast<int>(map.level(-2.0f)), 0);
    QCOMPARE(static_cast<int>(map.level(6.0f)), 255);
    QCOMPARE(static_cast<int>(map.level(2.0f)), 128); // 127.5
    QCOMPARE(static_cast<int>(map.level(0.0f)), 64); // 63.75
    // A constant tensor is mid grey, not a division by zero.
    QCOMPARE(static_cast<int>(LevelMap::range(3.0, 3.0).level(3.0f)), 128);
}

void TestPixelMap::planeAndNan()
{
    // (1, 2, 2, 2): plane (0, 1) is 4 values; its second is NaN.
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const Tensor t(Shape { 1, 2, 2, 2, 4 }, { 9, 9, 9, 9, 1.0f, nan, -1.0f, 0.0f });
    const PlaneLevels plane = planeLevels(t, 0, 1, LevelMap::normalized());
    QCOMPARE(plane.height, int64_t(2));
    QCOMPARE(plane.width, int64_t(2));
    QCOMPARE(plane.levels, (std::vector<uint8_t> { 170, 0, 85, 128 }));
    QCOMPARE(plane.nan, (std::vector<uint8_t> { 0, 1, 0, 0 }));
    QVERIFY(std::isnan(plane.mean));
    const PlaneLevels first = planeLevels(t, 0, 0, LevelMap::normalized());
    QVERIFY(first.nan.empty());
    QCOMPARE(first.mean, 9.0);
    const Tensor u(Shape { 1, 1, 1, 4, 4 }, { 1.0f, 2.0f, 4.0f, 9.0f });
    QCOMPARE(planeLevels(u, 0, 0, LevelMap::normalized()).mean, 4.0);
}

QTEST_APPLESS_MAIN(TestPixelMap)
#include "test_pixelmap.moc"
