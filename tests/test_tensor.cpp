// Shapes: element counts never overflow. A shape whose product does not fit is refused as too
// large when it is built, and a hand-built one throws instead of wrapping (which is undefined
// behaviour, and once turned 65536^4 into 0 elements: "has no elements").
#include "norms/normerror.h"
#include "tensor/memorybudget.h"
#include "tensor/tensor.h"

#include <QtTest>

#include <climits>

using namespace normscope;

class TestTensor : public QObject {
    Q_OBJECT
private slots:
    void checkedProduct_data();
    void checkedProduct();
    void hugeShapesAreTooLarge_data();
    void hugeShapesAreTooLarge();
    void handBuiltShapeThrows();
    void memoryRefusal();
};

void TestTensor::checkedProduct_data()
{
    QTest::addColumn<QVector<qint64>>("dims");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<qint64>("expected"); // -1: refused
    QTest::newRow("small") << QVector<qint64> { 2, 3, 4 } << qint64(INT64_MAX) << qint64(24);
    QTest::newRow("empty list") << QVector<qint64> {} << qint64(INT64_MAX) << qint64(1);
    QTest::newRow("2^16 four times") << QVector<qint64> { 65536, 65536, 65536, 65536 } << qint64(INT64_MAX)
                                     << qint64(-1);
    QTest::newRow("just fits") << QVector<qint64> { 3037000499, 3037000499 } << qint64(INT64_MAX)
                               << qint64(9223372030926249001);
    QTest::newRow("one more") << QVector<qint64> { 3037000500, 3037000500 } << qint64(INT64_MAX) << qint64(-1);
    // A zero makes the product 0, but the other dimensions must still multiply safely: code
    // forms partial products such as C·H·W.
    QTest::newRow("zero beside huge") << QVector<qint64> { 0, INT64_MAX, INT64_MAX } << qint64(INT64_MAX) << qint64(-1);
    QTest::newRow("zero beside small") << QVector<qint64> { 0, 5, 7 } << qint64(INT64_MAX) << qint64(0);
    QTest::newRow("negative") << QVector<qint64> { 2, -3 } << qint64(INT64_MAX) << qint64(-1);
    QTest::newRow("limit") << QVector<qint64> { 10, 10 } << qint64(99) << qint64(-1);
    QTest::newRow("at limit") << QVector<qint64> { 10, 10 } << qint64(100) << qint64(100);
}

void TestTensor::checkedProduct()
{
    QFETCH(QVector<qint64>, dims);
    QFETCH(qint64, limit);
    QFETCH(qint64, expected);
    const std::vector<int64_t> d(dims.begin(), dims.end());
    const auto product = normscope::checkedProduct(d, limit);
    if (expected < 0)
        QVERIFY(!product.has_value());
    else
        QCOMPARE(product.value_or(-1), expected);
}

void TestTensor::hugeShapesAreTooLarge_data()
{
    QTest::addColumn<QVector<qint64>>("dims");
    QTest::newRow("65536^4") << QVector<qint64> { 65536, 65536, 65536, 65536 };
    QTest::newRow("2^32 x 2^32") << QVector<qint64> { 4294967296, 4294967296 };
    QTest::newRow("rank 3") << QVector<qint64> { 1 << 30, 1 << 30, 1 << 30 };
    QTest::newRow("bytes overflow") << QVector<qint64> { INT64_MAX / 4, 1 }; // fits as a count, not as bytes
}

void TestTensor::hugeShapesAreTooLarge()
{
    QFETCH(QVector<qint64>, dims);
    try {
        const Shape s = Shape::fromDims(std::vector<int64_t>(dims.begin(), dims.end()));
        QFAIL(qPrintable(QStringLiteral("accepted, numel %1").arg(s.numel())));
    } catch (const NormError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("too large")), e.what());
    }
}

void TestTensor::handBuiltShapeThrows()
{
    const Shape s { 65536, 65536, 65536, 65536, 4 };
    QVERIFY_THROWS_EXCEPTION(NormError, s.numel());
    const Shape wide { 1, 1, 1LL << 32, 1LL << 32, 4 };
    QVERIFY_THROWS_EXCEPTION(NormError, wide.hw());
    QCOMPARE((Shape { 2, 3, 4, 5, 4 }).numel(), 120);
}

void TestTensor::memoryRefusal()
{
    // 1 EiB fits no machine; the message names the thing and says how much is needed.
    try {
        requireMemory(uint64_t(1) << 60, "x.npy");
        QFAIL("1 EiB accepted");
    } catch (const NormError& e) {
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.startsWith(QStringLiteral("x.npy is too large: it needs 1.0 EiB")), e.what());
    }
    const auto available = availableMemoryBytes();
    QVERIFY(available.has_value()); // Linux says, through /proc/meminfo
    QVERIFY(*available > 0);
    requireMemory(1024, "a small array"); // does not throw
    QCOMPARE(QString::fromStdString(formatBytes(512)), QStringLiteral("512 bytes"));
    QCOMPARE(QString::fromStdString(formatBytes(3 << 20)), QStringLiteral("3.0 MiB"));
}

QTEST_APPLESS_MAIN(TestTensor)
#include "test_tensor.moc"
