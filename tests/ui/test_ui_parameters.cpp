// The layer panel's buttons and notices as a user meets them: Step feeds the next batch into the
// running statistics exactly as PyTorch's training forward does (checked against hand-computed
// means and unbiased variances of the files), eval mode then normalizes with them; eps = 0 on a
// tensor with constant sets says so where eps is typed, and the notice goes when eps does; the
// All sets entry of the View menu reaches the cube.
#include "cube/cubeview.h"
#include "io/npy.h"
#include "panels/statspanel.h"
#include "testsupport.h"
#include "widgets/epsedit.h"
#include "window/mainwindow.h"
#include "windowsupport.h"
#include "windowtest.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>

#include <cmath>

using namespace normscope;

class TestParameters : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void stepFeedsRunningStatistics();
    void epsZeroNotice();
    void allSetsMenu();

private:
    std::unique_ptr<test::ScratchSettings> m_settings;
};

void TestParameters::initTestCase()
{
    m_settings = std::make_unique<test::ScratchSettings>();
}

namespace {

QPushButton* buttonWithText(QWidget& window, const QString& text)
{
    for (QPushButton* b : window.findChildren<QPushButton*>())
        if (b->text() == text && b->isVisible())
            return b;
    return nullptr;
}

// Per-channel mean and unbiased variance over N, H, W, in double: what PyTorch's BatchNorm2d
// folds into running_mean / running_var in training mode.
void channelMoments(const Tensor& t, std::vector<double>& mean, std::vector<double>& var)
{
    const Shape& s = t.shape();
    mean.assign(static_cast<size_t>(s.c), 0.0);
    var.assign(static_cast<size_t>(s.c), 0.0);
    const double count = static_cast<double>(s.n * s.h * s.w);
    for (int64_t c = 0; c < s.c; ++c) {
        double sum = 0.0;
        for (int64_t n = 0; n < s.n; ++n)
            for (int64_t h = 0; h < s.h; ++h)
                for (int64_t w = 0; w < s.w; ++w)
                    sum += t.at(n, c, h, w);
        const double m = sum / count;
        double sq = 0.0;
        for (int64_t n = 0; n < s.n; ++n)
            for (int64_t h = 0; h < s.h; ++h)
                for (int64_t w = 0; w < s.w; ++w)
                    sq += (t.at(n, c, h, w) - m) * (t.at(n, c, h, w) - m);
        mean[static_cast<size_t>(c)] = m;
        var[static_cast<size_t>(c)] = sq / (count - 1.0);
    }
}

Tensor pattern(Shape shape, uint32_t seed)
{
    std::vector<float> v(static_cast<size_t>(shape.numel()));
    uint32_t x = seed;
    for (size_t i = 0; i < v.size(); ++i) {
        x = x * 1664525u + 1013904223u;
        const int64_t c = (static_cast<int64_t>(i) / (shape.h * shape.w)) % shape.c;
        v[i] = static_cast<float>(c) * 0.75f + static_cast<float>(x >> 8) / static_cast<float>(1 << 24);
    }
    return Tensor(shape, v);
}

QLabel* visibleLabelWith(QWidget& window, const QString& part)
{
    for (QLabel* label : window.findChildren<QLabel*>())
        if (label->isVisible() && label->text().contains(part))
            return label;
    return nullptr;
}

void typeEps(MainWindow& window, const QString& text)
{
    auto* eps = window.findChild<EpsEdit*>();
    QVERIFY(eps);
    auto* edit = eps->findChild<QLineEdit*>();
    QVERIFY(edit);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

} // namespace

void TestParameters::stepFeedsRunningStatistics()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTemporaryDir dir;
    const Tensor a = pattern({ 2, 3, 4, 5, 4 }, 1);
    const Tensor b = pattern({ 3, 3, 2, 7, 4 }, 2);
    const QString pa = dir.filePath(QStringLiteral("a.npy"));
    const QString pb = dir.filePath(QStringLiteral("b.npy"));
    writeTensor(pa.toStdString(), a);
    writeTensor(pb.toStdString(), b);
    QVERIFY(test::openAndWait(window, { pa, pb }).isEmpty());
    window.state()->setNormKind(NormKind::Batch); // momentum 0.1, running stats tracked
    QPushButton* step = buttonWithText(window, QStringLiteral("Step"));
    QVERIFY(step);

    // Fresh statistics: running_mean 0, running_var 1; the files are fed in turn, a first.
    std::vector<double> rm(3, 0.0), rv(3, 1.0), mean, var;
    for (const Tensor* fed : { &a, &b, &a }) {
        QTest::mouseClick(step, Qt::LeftButton);
        channelMoments(*fed, mean, var);
        for (size_t c = 0; c < 3; ++c) {
            rm[c] = 0.9 * rm[c] + 0.1 * mean[c];
            rv[c] = 0.9 * rv[c] + 0.1 * var[c];
        }
    }
    const NormParams& running = window.state()->running();
    QCOMPARE(running.numBatchesTracked, int64_t(3));
    QCOMPARE(running.runningMean.size(), size_t(3));
    const std::vector<float> expectedMean(rm.begin(), rm.end());
    const std::vector<float> expectedVar(rv.begin(), rv.end());
    NS_COMPARE_CLOSE(std::span<const float>(running.runningMean), std::span<const float>(expectedMean));
    NS_COMPARE_CLOSE(std::span<const float>(running.runningVar), std::span<const float>(expectedVar));

    // In eval mode the tensor on screen (a) is normalized with exactly these statistics.
    NormConfig config = window.state()->config();
    config.training = false;
    window.state()->setConfig(config);
    QTRY_VERIFY(window.controller()->snapshot() && !window.controller()->snapshot()->config.training);
    const auto snap = window.controller()->snapshot();
    std::vector<float> expected(static_cast<size_t>(a.numel()));
    const Shape& s = a.shape();
    for (int64_t n = 0; n < s.n; ++n)
        for (int64_t c = 0; c < s.c; ++c)
            for (int64_t h = 0; h < s.h; ++h)
                for (int64_t w = 0; w < s.w; ++w)
                    expected[static_cast<size_t>(a.index(n, c, h, w))] = static_cast<float>(
                        (a.at(n, c, h, w) - rm[static_cast<size_t>(c)]) / std::sqrt(rv[static_cast<size_t>(c)] + 1e-5));
    NS_COMPARE_CLOSE(snap->output->data(), std::span<const float>(expected));
    QVERIFY2(window.statsPanel()->text().contains(QStringLiteral("num_batches_tracked = 3")),
        qPrintable(window.statsPanel()->text()));

    // Reset puts PyTorch's initial statistics back.
    QPushButton* reset = nullptr;
    for (QPushButton* b : window.findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Reset running stats")
            && b->toolTip().startsWith(QStringLiteral("Running mean back to 0")))
            reset = b;
    QVERIFY(reset && reset->isVisible());
    QTest::mouseClick(reset, Qt::LeftButton);
    QCOMPARE(window.state()->running().numBatchesTracked, int64_t(0));
    QTRY_VERIFY(window.controller()->snapshot()->params.numBatchesTracked == 0);
    // running_mean 0 and running_var 1: eval output is x / sqrt(1 + eps).
    const double fresh = a.at(1, 2, 3, 4) / std::sqrt(1.0 + 1e-5);
    QVERIFY(std::abs(window.controller()->snapshot()->output->at(1, 2, 3, 4) - fresh) <= test::ulp(fresh));
}

void TestParameters::epsZeroNotice()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Channel 1 of sample 0 is constant: one InstanceNorm set with zero variance; BatchNorm's
    // channel 1 still varies through sample 1.
    Tensor t = pattern({ 2, 3, 2, 2, 4 }, 5);
    for (int64_t i = 0; i < 4; ++i)
        t.data()[static_cast<size_t>(t.index(0, 1, i / 2, i % 2))] = 2.5f;
    window.state()->setLoaded(std::make_shared<const Tensor>(t), QStringLiteral("constant.npy"), {});
    window.state()->setNormKind(NormKind::Instance);
    QTRY_VERIFY(window.controller()->snapshot() && window.controller()->snapshot()->config.kind == NormKind::Instance);
    QVERIFY2(!visibleLabelWith(window, QStringLiteral("eps = 0 and")), "no notice while eps > 0");

    typeEps(window, QStringLiteral("0"));
    QCOMPARE(window.state()->config().eps, 0.0);
    QTRY_VERIFY(window.controller()->snapshot()->config.eps == 0.0);
    // InstanceNorm runs on PyTorch's batch_norm kernel, which gives a set with var + eps = 0 an
    // inverse std of 0: torch.nn.functional.instance_norm(x, eps=0) outputs 0 (β) for it.
    QLabel* notice = visibleLabelWith(window, QStringLiteral("eps = 0 and 1 set(s) have zero variance"));
    QVERIFY2(notice, "eps = 0 is never silent");
    QVERIFY2(notice->text().contains(QStringLiteral("outputs β")), qPrintable(notice->text()));
    QCOMPARE(window.controller()->snapshot()->output->at(0, 1, 0, 0), 0.0f);

    // GroupNorm with G = C covers the same sets, but its kernel divides 0 by 0: NaN, as
    // torch.nn.functional.group_norm(x, 3, eps=0) gives, and the notice says so.
    NormConfig group = NormConfig::defaults(NormKind::Group);
    group.groups = 3;
    group.eps = 0.0;
    window.state()->setConfig(group);
    QTRY_VERIFY(window.controller()->snapshot()->config.kind == NormKind::Group);
    notice = visibleLabelWith(window, QStringLiteral("eps = 0 and 1 set(s) have zero variance"));
    QVERIFY(notice);
    QVERIFY2(notice->text().contains(QStringLiteral("NaN")), qPrintable(notice->text()));
    QVERIFY(std::isnan(window.controller()->snapshot()->output->at(0, 1, 0, 0)));

    // With two constant sets the count follows.
    for (int64_t i = 0; i < 4; ++i)
        t.data()[static_cast<size_t>(t.index(1, 2, i / 2, i % 2))] = -1.0f;
    window.state()->setLoaded(std::make_shared<const Tensor>(t), QStringLiteral("constant.npy"), {});
    QTRY_VERIFY(visibleLabelWith(window, QStringLiteral("eps = 0 and 2 set(s) have zero variance")));

    // Back to a positive eps: the notice goes, the output is finite (the constant set gives β = 0).
    typeEps(window, QStringLiteral("0.001"));
    QTRY_VERIFY(window.controller()->snapshot()->config.eps == 0.001);
    QVERIFY(!visibleLabelWith(window, QStringLiteral("eps = 0 and")));
    QCOMPARE(window.controller()->snapshot()->output->at(0, 1, 0, 0), 0.0f);
}

void TestParameters::allSetsMenu()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAction* all = test::actionNamed(&window, QStringLiteral("All sets"));
    QVERIFY(all && all->isCheckable());
    QVERIFY(!window.cubeView()->paintOptions().allSets);
    all->trigger();
    QVERIFY(window.state()->allSets());
    QVERIFY(window.cubeView()->paintOptions().allSets);
    QVERIFY(window.currentFigureOptions().allSets); // exports and Copy figure follow the view
    all->trigger();
    QVERIFY(!window.state()->allSets());
    QVERIFY(!window.cubeView()->paintOptions().allSets);
    // The state can change it too (a restored session): the menu's check mark follows.
    window.state()->setAllSets(true);
    QVERIFY(all->isChecked());
}

QTEST_MAIN(TestParameters)
#include "test_ui_parameters.moc"
