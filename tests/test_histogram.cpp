// Histograms and summaries against counts and moments worked out by hand.
#include "analysis/histogram.h"
#include "testsupport.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace normscope;

class TestHistogram : public QObject {
    Q_OBJECT
private slots:
    void binsByHand();
    void lastBinIncludesMaximum();
    void binOfByHand();
    void skipsNonFinite();
    void constantData();
    void densityIntegratesToOne();
    void summaryByHand();
};

void TestHistogram::binsByHand()
{
    const std::vector<float> v { 0.0f, 0.1f, 0.26f, 0.5f, 0.74f, 0.99f, 1.0f };
    const Histogram h = makeHistogram(v, 4, 0.0, 1.0);
    // bins [0,.25) [.25,.5) [.5,.75) [.75,1]
    QCOMPARE(h.counts, (std::vector<int64_t> { 2, 1, 2, 2 }));
    QCOMPARE(h.total, int64_t(7));
    QCOMPARE(h.binCenter(1), 0.375);
}

void TestHistogram::lastBinIncludesMaximum()
{
    const std::vector<float> v { -1.0f, 3.0f };
    const Histogram h = makeHistogram(v, 10);
    QCOMPARE(h.lo, -1.0);
    QCOMPARE(h.hi, 3.0);
    QCOMPARE(h.counts.front(), int64_t(1));
    QCOMPARE(h.counts.back(), int64_t(1));
}

// The bin a hover or a brush looks a value up in: the same rule as the counting, the right edge
// in the last bin, anything outside [lo, hi] or not finite in none.
void TestHistogram::binOfByHand()
{
    const std::vector<float> v { 0.0f, 0.5f, 1.0f };
    const Histogram h = makeHistogram(v, 4, 0.0, 1.0); // [0,.25) [.25,.5) [.5,.75) [.75,1]
    QCOMPARE(h.counts, (std::vector<int64_t> { 1, 0, 1, 1 }));
    QCOMPARE(h.binOf(0.0), int64_t(0));
    QCOMPARE(h.binOf(0.2499), int64_t(0));
    QCOMPARE(h.binOf(0.25), int64_t(1));
    QCOMPARE(h.binOf(0.5), int64_t(2));
    QCOMPARE(h.binOf(0.7499), int64_t(2));
    QCOMPARE(h.binOf(0.75), int64_t(3));
    QCOMPARE(h.binOf(1.0), int64_t(3)); // the maximum, counted in the last bin above
    QCOMPARE(h.binOf(std::nextafter(1.0, 2.0)), int64_t(-1));
    QCOMPARE(h.binOf(std::nextafter(0.0, -1.0)), int64_t(-1));
    QCOMPARE(h.binOf(std::numeric_limits<double>::quiet_NaN()), int64_t(-1));
    QCOMPARE(h.binOf(std::numeric_limits<double>::infinity()), int64_t(-1));
    // On the data's own range the largest value is in the last bin and the smallest in the first.
    const std::vector<float> w { -1.0f, 0.3f, 3.0f };
    const Histogram own = makeHistogram(w, 10);
    QCOMPARE(own.binOf(3.0), int64_t(9));
    QCOMPARE(own.binOf(-1.0), int64_t(0));
}

void TestHistogram::skipsNonFinite()
{
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<float> v { nan, 1.0f, inf, 2.0f, -inf };
    const Histogram h = makeHistogram(v, 2);
    QCOMPARE(h.total, int64_t(2));
    QCOMPARE(h.lo, 1.0);
    QCOMPARE(h.hi, 2.0);
}

void TestHistogram::constantData()
{
    const std::vector<float> v(10, 4.0f);
    const Histogram h = makeHistogram(v, 5);
    QCOMPARE(h.lo, 3.5);
    QCOMPARE(h.hi, 4.5);
    QCOMPARE(h.counts[2], int64_t(10));
}

void TestHistogram::densityIntegratesToOne()
{
    std::vector<float> v;
    for (int i = 0; i < 1000; ++i)
        v.push_back(static_cast<float>(std::sin(i * 0.37)));
    const Histogram h = makeHistogram(v, 37);
    double area = 0.0;
    for (size_t i = 0; i < h.counts.size(); ++i)
        area += h.density(i) * h.binWidth();
    QVERIFY(std::abs(area - 1.0) < 1e-12);
}

void TestHistogram::summaryByHand()
{
    const std::vector<float> v { 1.0f, 2.0f, 3.0f, 4.0f };
    const Summary s = summarize(v);
    QCOMPARE(s.mean, 2.5);
    QCOMPARE(s.std, std::sqrt(1.25)); // biased: (2.25 + .25 + .25 + 2.25) / 4
    QCOMPARE(s.min, 1.0);
    QCOMPARE(s.max, 4.0);
    // A large offset keeps its small spread (two passes in double).
    const std::vector<float> offset { 10000.0f, 10001.0f, 10002.0f, 10003.0f };
    QCOMPARE(summarize(offset).std, std::sqrt(1.25));
}

QTEST_APPLESS_MAIN(TestHistogram)
#include "test_histogram.moc"
