// File > Save Session and Open Session in the window: a session saved from one window and opened
// in a fresh one shows the same thing (source, layer, γ/β, running statistics after Steps, the
// selected set, camera, theme, bins, histogram options) and computes bit for bit the same output;
// a file that changed after saving is refused and leaves the window as it was; unknown keys are
// named in the status bar.
#include "cube/cubeview.h"
#include "files/layoutchoice.h"
#include "files/sessionio.h"
#include "io/npy.h"
#include "plots/histogrampanel.h"
#include "testsupport.h"
#include "window/mainwindow.h"
#include "windowsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <cstring>

using namespace normscope;

class TestSessionWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void generatedRoundTrip();
    void fileRoundTripAndChangedFile();
    void unknownKeyNamed();
    void layoutAndRmsRoundTrip();
    void layoutThatNoLongerFits();

private:
    QTemporaryDir m_dir;
};

namespace {

// The next snapshot after the window settles.
std::shared_ptr<const Snapshot> settled(MainWindow& window)
{
    QTest::qWait(50);
    QElapsedTimer timer;
    timer.start();
    while ((window.controller()->busy() || !window.controller()->snapshot()) && timer.elapsed() < 10000)
        QTest::qWait(20);
    QTest::qWait(300);
    return window.controller()->snapshot();
}

// Opens a session and waits for it to be on screen; the message shown, or empty.
QString openSession(MainWindow& window, const QString& path)
{
    QSignalSpy done(window.sessionActions(), &SessionActions::opened);
    window.sessionActions()->open(path);
    if (done.isEmpty() && !done.wait(20000))
        return QStringLiteral("the session did not open within 20 s");
    return done.takeFirst().at(0).toString();
}

bool sameOutput(const Snapshot& a, const Snapshot& b)
{
    const auto x = a.output->data();
    const auto y = b.output->data();
    return a.output->shape() == b.output->shape() && std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0;
}

// Dismisses the warning box a refused session shows.
void closeMessageBoxes()
{
    QTimer::singleShot(200, [] {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (w->inherits("QMessageBox"))
                w->close();
        }
    });
}

} // namespace

void TestSessionWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestSessionWindow::generatedRoundTrip()
{
    MainWindow first;
    ExplorerState& s = *first.state();
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = Shape::fromDims({ 4, 6, 5, 5 });
    spec.seed = 123456789012345ull;
    s.setGenerator(spec);
    s.setNormKind(NormKind::Batch);
    NormConfig config = s.config();
    config.eps = 1e-3;
    config.momentum = 0.25;
    s.setConfig(config);
    s.setAffine({ 1.5, -0.5, true, 9 });
    settled(first);
    first.controller()->stepRunningStats(3);
    QTRY_COMPARE_WITH_TIMEOUT(s.batchesFed(), uint64_t(3), 10000);
    config.training = false; // eval: the output depends on the running statistics
    s.setConfig(config);
    s.setSelectedSet(4);
    s.setBins(90);
    s.setAllSets(true);
    first.cubeView()->setCamera({ 71.0, -12.5, 1.4 });
    first.histogramPanel()->setOverlay(true);
    first.applyTheme(QStringLiteral("dark"));
    const auto before = settled(first);
    QVERIFY(before);

    const QString path = m_dir.filePath(QStringLiteral("generated.json"));
    QVERIFY(first.sessionActions()->save(path).isEmpty());

    MainWindow second;
    second.applyTheme(QStringLiteral("light")); // the theme is remembered in QSettings too
    settled(second);
    QVERIFY(openSession(second, path).isEmpty());
    const ExplorerState& t = *second.state();
    QCOMPARE(t.source().kind, TensorSource::Kind::Generated);
    QCOMPARE(t.source().generator.seed, spec.seed);
    QCOMPARE(t.shape(), spec.shape);
    QCOMPARE(t.config().kind, NormKind::Batch);
    QCOMPARE(t.config().eps, 1e-3);
    QCOMPARE(*t.config().momentum, 0.25);
    QVERIFY(!t.config().training);
    QVERIFY(t.affine() == (AffineSpec { 1.5, -0.5, true, 9 }));
    QCOMPARE(t.running().runningMean, s.running().runningMean);
    QCOMPARE(t.running().runningVar, s.running().runningVar);
    QCOMPARE(t.batchesFed(), uint64_t(3));
    QCOMPARE(t.selectedSet(), int64_t(4));
    QCOMPARE(t.bins(), 90);
    QVERIFY(t.allSets());
    QVERIFY(second.cubeView()->paintOptions().camera == (CameraState { 71.0, -12.5, 1.4 }));
    QVERIFY(second.histogramPanel()->overlay());
    QCOMPARE(second.themeKey(), QStringLiteral("dark"));
    const auto after = settled(second);
    QVERIFY(after);
    QVERIFY(sameOutput(*before, *after));
}

void TestSessionWindow::fileRoundTripAndChangedFile()
{
    const QString copy = m_dir.filePath(QStringLiteral("acts.npz"));
    QVERIFY(QFile::copy(QString::fromStdString(test::dataPath("npz/savez_compressed.npz")), copy));
    MainWindow first;
    QVERIFY(test::openAndWait(first, { copy + QStringLiteral(":half") }).isEmpty());
    first.state()->setNormKind(NormKind::Group);
    const auto before = settled(first);
    QVERIFY(before);
    const QString path = m_dir.filePath(QStringLiteral("file.json"));
    QVERIFY(first.sessionActions()->save(path).isEmpty());

    MainWindow second;
    settled(second);
    QVERIFY(openSession(second, path).isEmpty());
    QVERIFY(second.state()->source().files.first().endsWith(QStringLiteral("acts.npz:half")));
    QCOMPARE(second.state()->config().kind, NormKind::Group);
    const auto after = settled(second);
    QVERIFY(sameOutput(*before, *after));

    // The same size, other content: refused, and the window keeps what it shows.
    QFile file(copy);
    QVERIFY(file.open(QIODevice::ReadWrite));
    file.seek(file.size() - 30);
    const QByteArray tail = file.read(1);
    file.seek(file.size() - 30);
    file.write(QByteArray(1, static_cast<char>(tail[0] ^ 0x5a)));
    file.close();
    MainWindow third;
    settled(third);
    const Shape shape = third.state()->shape();
    closeMessageBoxes();
    const QString refused = openSession(third, path);
    QVERIFY2(refused.contains(QStringLiteral("has changed since the session was saved")), qPrintable(refused));
    QCOMPARE(third.state()->source().kind, TensorSource::Kind::Generated);
    QCOMPARE(third.state()->shape(), shape);
}

void TestSessionWindow::unknownKeyNamed()
{
    MainWindow window;
    settled(window);
    const QString path = m_dir.filePath(QStringLiteral("extra.json"));
    QVERIFY(window.sessionActions()->save(path).isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray text = file.readAll();
    file.close();
    text.replace("\"layout\"", "\"future_option\": 3, \"layout\"");
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
    file.close();
    QVERIFY(openSession(window, path).isEmpty());
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("ignored the unknown key 'future_option'")),
        qPrintable(window.statusBar()->currentMessage()));
}

void TestSessionWindow::layoutAndRmsRoundTrip()
{
    // A 3-D activation read as (B, T, C) with RMSNorm at eps=None. The file was last opened as
    // (N, C, L) in this NormScope: the session's layout wins, without a question.
    const QString npy = m_dir.filePath(QStringLiteral("tokens.npy"));
    std::vector<float> values(2 * 5 * 6);
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = static_cast<float>((i * 37) % 11) * 0.3f - 1.2f + static_cast<float>(i % 3);
    writeNpy(npy.toStdString(), values, { 2, 5, 6 });
    MainWindow first;
    settled(first);
    QVERIFY(test::openAndWait(first, { npy }).isEmpty());
    // A file never seen asks for its layout; answered here through the state instead.
    for (QWidget* w : QApplication::topLevelWidgets()) {
        if (w->inherits("normscope::LayoutQuestion"))
            w->close();
    }
    first.state()->setLayout(Layout::BTC, 3);
    first.state()->setNormKind(NormKind::Rms);
    QCOMPARE(first.state()->config().normalizedShape, (std::vector<int64_t> { 6 })); // per token, over C
    QVERIFY(first.state()->config().epsNone);
    first.state()->setSelectedSet(7); // b = 1, t = 2
    const auto before = settled(first);
    QVERIFY(before);
    QCOMPARE(before->config.kind, NormKind::Rms);
    const QString path = m_dir.filePath(QStringLiteral("tokens.json"));
    QVERIFY(first.sessionActions()->save(path).isEmpty());
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray json = saved.readAll();
    QVERIFY2(json.contains("\"layout\": \"BTC\"") && json.contains("\"eps\": null"), json.constData());

    rememberLayout({ npy }, Layout::ChannelsFirst, 3);
    MainWindow second;
    settled(second);
    QVERIFY(openSession(second, path).isEmpty());
    const ExplorerState& t = *second.state();
    QCOMPARE(t.layout(), Layout::BTC);
    QCOMPARE(t.shape().userDims(), (std::vector<int64_t> { 2, 5, 6 }));
    QCOMPARE(t.config().kind, NormKind::Rms);
    QVERIFY(t.config().epsNone);
    QCOMPARE(t.config().normalizedShape, (std::vector<int64_t> { 6 }));
    QCOMPARE(t.selectedSet(), int64_t(7));
    for (QWidget* w : QApplication::topLevelWidgets())
        QVERIFY2(!w->isVisible() || !w->inherits("normscope::LayoutQuestion"), "the session asked for the layout");
    const auto after = settled(second);
    QVERIFY(after);
    QVERIFY(sameOutput(*before, *after));
    // The session's answer is now the file's.
    QCOMPARE(rememberedLayout(npy, 3), std::optional<Layout>(Layout::BTC));
}

void TestSessionWindow::layoutThatNoLongerFits()
{
    // Saved as (B, T, C); the file is 4-D now (same name, rewritten, size and hash edited to match
    // by hand): refused in one sentence, and the window keeps its tensor.
    const QString npy = m_dir.filePath(QStringLiteral("grown.npy"));
    std::vector<float> values(2 * 3 * 4 * 5, 0.5f);
    values[3] = 2.0f;
    writeNpy(npy.toStdString(), values, { 2, 3, 4, 5 });
    SessionFile file;
    QVERIFY(describeSessionFile(npy, &file).isEmpty());
    Session session;
    session.files = { file };
    session.layout = "BTC";
    session.config = NormConfig::defaults(NormKind::Layer);
    const QString path = m_dir.filePath(QStringLiteral("grown.json"));
    writeSessionFile(path.toStdString(), session);
    MainWindow window;
    settled(window);
    const Shape shape = window.state()->shape();
    closeMessageBoxes();
    const QString refused = openSession(window, path);
    QCOMPARE(refused,
        QStringLiteral("the session reads its tensor as (B, T, C), which needs a 3-D array, but the file holds a 4-D "
                       "one"));
    QCOMPARE(window.state()->source().kind, TensorSource::Kind::Generated);
    QCOMPARE(window.state()->shape(), shape);
}

QTEST_MAIN(TestSessionWindow)
#include "test_ui_session.moc"
