// The PyTorch box reproduces the window: for every norm, randomized γ and β, eval mode with
// running statistics accumulated by Step, .npy files and a batch of images, the code in the box,
// run by Debian's python3-torch on the input File > Export > Input tensor writes, prints the
// numbers the statistics panel shows. The window is driven as a user drives it. Layouts too:
// (B, T, C) with LayerNorm and RMSNorm per token and BatchNorm1d / GroupNorm through
// x.transpose(1, 2), NHWC through x.permute(0, 3, 1, 2), (N, C, L), and a (B, T, C) .npy file
// whose layout is answered in the window's question; RMSNorm's root mean squares as well.
#include "export/exportactions.h"
#include "files/layoutchoice.h"
#include "io/npy.h"
#include "panels/codepanel.h"
#include "panels/statspanel.h"
#include "testsupport.h"
#include "window/mainwindow.h"
#include "windowsupport.h"

#include <QDialogButtonBox>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace normscope;

class TestCodeBox : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void codeReproducesTheWindow();

private:
    struct Case {
        QString name;
        QString dir;
        QString stats; // the statistics panel's text
        QString error; // the window's error, when the setting cannot be computed
        NormParams params; // the layer's γ, β and running statistics in the window
    };
    // Writes the box's code (and the exported input) for the window as it is now.
    void capture(MainWindow& window, const QString& name);
    QTemporaryDir m_dir;
    QList<Case> m_cases;
};

namespace {

// Waits until the window shows the current setting's result (or its error).
bool settle(MainWindow& window)
{
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    QSignalSpy failed(window.controller(), &Controller::computeFailed);
    // Quiet for 300 ms: no computation was pending.
    while (ready.wait(300) || failed.wait(1)) { }
    return window.controller()->snapshot() || !window.controller()->error().isEmpty();
}

QPushButton* button(MainWindow& window, const QString& text)
{
    for (QPushButton* b : window.findChildren<QPushButton*>())
        if (b->text() == text && b->isVisible())
            return b;
    return nullptr;
}

// Answers the layout question asked on opening `fileName` with the choice whose text starts with
// `choice` ("(N, C, H, W)", "(B, T, C)"), as a user clicks it. False when no such question is open.
bool answerLayout(MainWindow& window, const QString& fileName, const QString& choice)
{
    for (LayoutQuestion* question : window.findChildren<LayoutQuestion*>()) {
        if (!question->isVisible() || !question->windowTitle().contains(fileName))
            continue;
        for (QRadioButton* b : question->findChildren<QRadioButton*>())
            if (b->text().startsWith(choice))
                QTest::mouseClick(b, Qt::LeftButton);
        QTest::mouseClick(question->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        return true;
    }
    return false;
}

void clickRadio(MainWindow& window, const QString& text)
{
    for (QRadioButton* b : window.findChildren<QRadioButton*>())
        if (b->text() == text)
            QTest::mouseClick(b, Qt::LeftButton);
}

// A rounded number shown by the window and printed by Python agree when they are equal, or
// one unit apart in the 4th significant digit (torch computes y in float32, NormScope in double).
bool sameShown(const QString& window, const QString& python)
{
    if (window == python)
        return true;
    bool okW = false, okP = false;
    const double w = window.toDouble(&okW);
    const double p = python.toDouble(&okP);
    if (!okW || !okP || !std::isfinite(w) || !std::isfinite(p))
        return false;
    const double magnitude = std::max(std::abs(w), std::abs(p));
    return std::abs(w - p) <= 1.01 * std::pow(10.0, std::floor(std::log10(magnitude)) - 3);
}

} // namespace

void TestCodeBox::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
}

void TestCodeBox::capture(MainWindow& window, const QString& name)
{
    QVERIFY(settle(window));
    Case c;
    c.name = name;
    c.dir = m_dir.filePath(QStringLiteral("case%1").arg(m_cases.size(), 2, 10, QLatin1Char('0')));
    QVERIFY(QDir().mkpath(c.dir));
    c.stats = window.statsPanel()->text();
    c.error = window.controller()->error();
    // File > Export > Input tensor, as the code's comment asks the user to do.
    const QString input = QDir(c.dir).filePath(QStringLiteral("input.npy"));
    if (const auto snapshot = window.controller()->snapshot()) {
        QVERIFY(ExportActions::saveTensor(input, *snapshot->input).isEmpty());
        c.params = snapshot->params;
    } else if (window.state()->source().kind == TensorSource::Kind::Generated) // export is off: the same values
        QVERIFY(ExportActions::saveTensor(input, generateTensor(window.state()->source().generator)).isEmpty());
    QFile code(QDir(c.dir).filePath(QStringLiteral("snippet.py")));
    QVERIFY(code.open(QIODevice::WriteOnly));
    code.write(window.codePanel()->code().toUtf8());
    m_cases << c;
}

void TestCodeBox::codeReproducesTheWindow()
{
    // A missing package fails the test by name: a skip would show as "Passed" in ctest.
    const QString missing
        = test::missingPython({ QStringLiteral("numpy"), QStringLiteral("torch"), QStringLiteral("PIL") });
    QVERIFY2(missing.isEmpty(), qPrintable(missing));

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ExplorerState* state = window.state();
    QVERIFY(settle(window));
    QPushButton* step = button(window, QStringLiteral("Step"));
    QPushButton* randomize = button(window, QStringLiteral("Randomize per channel"));
    QVERIFY(step && randomize);

    // BatchNorm, training, uniform γ = 1.77 and β = 0.3 (printed as 1.77, never 1.7699999809265137).
    AffineSpec affine;
    affine.gamma = 1.77;
    affine.beta = 0.3;
    state->setAffine(affine);
    capture(window, QStringLiteral("BN train, γ 1.77, β 0.3"));
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("nn.init.constant_(m.weight, 1.77)")));

    // BatchNorm on the per-channel shift, γ and β randomized, 3 Steps, eval, set c=2.
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.seed = 5;
    state->setGenerator(spec);
    QTest::mouseClick(randomize, Qt::LeftButton);
    for (int i = 0; i < 3; ++i)
        QTest::mouseClick(step, Qt::LeftButton);
    clickRadio(window, QStringLiteral("eval"));
    state->setSelectedSet(2);
    capture(window, QStringLiteral("BN eval after 3 Steps, randomized"));
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("m.eval()")));
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("m.num_batches_tracked.fill_(3)")));

    // InstanceNorm with affine and running statistics, 2 Steps, eval.
    state->setNormKind(NormKind::Instance);
    NormConfig config = state->config();
    config.affine = true;
    config.trackRunningStats = true;
    config.training = true;
    state->setConfig(config);
    QTest::mouseClick(randomize, Qt::LeftButton);
    QTest::mouseClick(step, Qt::LeftButton);
    QTest::mouseClick(step, Qt::LeftButton);
    clickRadio(window, QStringLiteral("eval"));
    state->setSelectedSet(13);
    capture(window, QStringLiteral("IN eval after 2 Steps, randomized"));

    // LayerNorm over (C, H, W): 384 drawn γ and β, repeated by the code's own draw.
    state->setNormKind(NormKind::Layer);
    QTest::mouseClick(randomize, Qt::LeftButton);
    state->setSelectedSet(5);
    capture(window, QStringLiteral("LN (C, H, W) randomized"));
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("drawn(384")));
    QVERIFY(!window.codePanel()->code().contains(QStringLiteral("normal_")));

    // LayerNorm over (W): 8 listed values.
    config = state->config();
    config.normalizedShape = { 8 };
    state->setConfig(config);
    state->setSelectedSet(37);
    capture(window, QStringLiteral("LN (W) randomized"));

    // GroupNorm with G = 3 on the sample shift.
    spec.kind = GeneratorKind::SampleShift;
    state->setGenerator(spec);
    state->setNormKind(NormKind::Group);
    state->setSelectedSet(5);
    capture(window, QStringLiteral("GN G=3 randomized"));

    // A batch of two photos (values 0-255), InstanceNorm, then BatchNorm in eval after Steps.
    QRandomGenerator random(7);
    QStringList photos;
    for (int i = 0; i < 2; ++i) {
        QImage image(7, 5, QImage::Format_RGB32);
        for (int y = 0; y < 5; ++y)
            for (int x = 0; x < 7; ++x)
                image.setPixel(x, y, qRgb(random.bounded(256), random.bounded(120), 60 + random.bounded(190)));
        photos << m_dir.filePath(QStringLiteral("photo %1.png").arg(i));
        QVERIFY(image.save(photos.last()));
    }
    window.setImageScale(ImageScale::Byte);
    QCOMPARE(test::openAndWait(window, photos), QString());
    state->setNormKind(NormKind::Instance);
    state->setSelectedSet(4);
    capture(window, QStringLiteral("two photos 0-255, IN"));
    QVERIFY(!window.codePanel()->code().contains(QStringLiteral("tensor.npy")));
    window.setImageScale(ImageScale::Unit);
    state->setNormKind(NormKind::Batch);
    QTest::mouseClick(step, Qt::LeftButton);
    QTest::mouseClick(step, Qt::LeftButton);
    clickRadio(window, QStringLiteral("eval"));
    capture(window, QStringLiteral("two photos 0-1, BN eval after 2 Steps"));

    // Two .npy files fed in turn (a, b, a), the first on screen.
    const QString a = m_dir.filePath(QStringLiteral("a.npy"));
    const QString b = m_dir.filePath(QStringLiteral("b.npy"));
    GeneratorSpec fileSpec;
    fileSpec.kind = GeneratorKind::ChannelShift;
    fileSpec.shape = { 4, 3, 5, 5, 4 };
    writeTensor(a.toStdString(), generateTensor(fileSpec));
    fileSpec.seed = 1;
    writeTensor(b.toStdString(), generateTensor(fileSpec));
    QCOMPARE(test::openAndWait(window, { a, b }), QString());
    QVERIFY(answerLayout(window, QStringLiteral("a.npy"), QStringLiteral("(N, C, H, W)")));
    config = state->config();
    config.training = true;
    state->setConfig(config);
    for (int i = 0; i < 3; ++i)
        QTest::mouseClick(step, Qt::LeftButton);
    clickRadio(window, QStringLiteral("eval"));
    capture(window, QStringLiteral("two .npy files, BN eval after 3 Steps"));

    // (B, T, C): LayerNorm and RMSNorm per token as the layer takes x; BatchNorm1d and GroupNorm
    // on x.transpose(1, 2).
    config = state->config();
    config.training = true;
    state->setConfig(config);
    GeneratorSpec tokens;
    tokens.kind = GeneratorKind::ChannelShift;
    tokens.seed = 11;
    tokens.shape = Shape::fromUserDims({ 3, 7, 6 }, Layout::BTC);
    state->setGenerator(tokens);
    state->setNormKind(NormKind::Layer);
    state->setSelectedSet(9);
    capture(window, QStringLiteral("(B, T, C) LN per token"));
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("m = nn.LayerNorm([6]")));
    state->setNormKind(NormKind::Rms);
    QTest::mouseClick(randomize, Qt::LeftButton);
    state->setSelectedSet(16);
    capture(window, QStringLiteral("(B, T, C) RMSNorm per token, randomized γ"));
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("m = nn.RMSNorm([6], eps=None")));
    state->setNormKind(NormKind::Batch);
    state->setSelectedSet(4);
    capture(window, QStringLiteral("(B, T, C) BatchNorm1d"));
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("y = m(x.transpose(1, 2)).transpose(1, 2)")));
    state->setNormKind(NormKind::Group);
    config = state->config();
    config.groups = 3;
    state->setConfig(config);
    state->setSelectedSet(4);
    capture(window, QStringLiteral("(B, T, C) GroupNorm G=3"));

    // NHWC: InstanceNorm2d and RMSNorm over (C, H, W) on x.permute(0, 3, 1, 2).
    GeneratorSpec pixels;
    pixels.kind = GeneratorKind::SampleShift;
    pixels.seed = 3;
    pixels.shape = Shape::fromUserDims({ 2, 4, 5, 3 }, Layout::NHWC);
    state->setGenerator(pixels);
    state->setNormKind(NormKind::Instance);
    state->setSelectedSet(4);
    capture(window, QStringLiteral("NHWC InstanceNorm2d"));
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("y = m(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)")));
    state->setNormKind(NormKind::Rms);
    state->setSelectedSet(1);
    capture(window, QStringLiteral("NHWC RMSNorm"));

    // (N, C, L): BatchNorm1d in eval after 2 Steps.
    GeneratorSpec series;
    series.kind = GeneratorKind::ChannelShift;
    series.seed = 8;
    series.shape = Shape::fromDims({ 4, 5, 9 });
    state->setGenerator(series);
    state->setNormKind(NormKind::Batch);
    QTest::mouseClick(step, Qt::LeftButton);
    QTest::mouseClick(step, Qt::LeftButton);
    clickRadio(window, QStringLiteral("eval"));
    state->setSelectedSet(3);
    capture(window, QStringLiteral("(N, C, L) BN eval after 2 Steps"));
    config = state->config();
    config.training = true;
    state->setConfig(config);

    // A 3-D .npy file answered as (B, T, C) in the window's question, LayerNorm per token.
    const QString acts = m_dir.filePath(QStringLiteral("acts.npy"));
    GeneratorSpec actsSpec;
    actsSpec.kind = GeneratorKind::SampleShift;
    actsSpec.seed = 21;
    actsSpec.shape = Shape::fromDims({ 2, 5, 4 });
    writeTensor(acts.toStdString(), generateTensor(actsSpec));
    QCOMPARE(test::openAndWait(window, { acts }), QString());
    QVERIFY(answerLayout(window, QStringLiteral("acts.npy"), QStringLiteral("(B, T, C)")));
    QCOMPARE(state->shape().layout, Layout::BTC);
    state->setNormKind(NormKind::Layer);
    state->setSelectedSet(7);
    capture(window, QStringLiteral("(B, T, C) .npy file, LN per token"));
    QVERIFY(window.codePanel()->code().contains(QStringLiteral("m = nn.LayerNorm([4]")));

    // A setting that cannot be computed: the code fails in PyTorch with the window's message.
    config.training = true;
    state->setConfig(config);
    spec.kind = GeneratorKind::Normal;
    spec.shape = { 1, 1, 1, 1, 4 };
    state->setGenerator(spec);
    capture(window, QStringLiteral("1×1×1×1 BN train: cannot compute"));
    QVERIFY(!m_cases.last().error.isEmpty());

    // One Python process runs every case in its folder, as a user would run the copied code.
    const QString driver = QStringLiteral(
        "import contextlib, glob, io, json, os, sys\n"
        "results = {}\n"
        "for folder in sorted(glob.glob(os.path.join(sys.argv[1], 'case*'))):\n"
        "    os.chdir(folder)\n"
        "    out = io.StringIO()\n"
        "    error = None\n"
        "    namespace = {}\n"
        "    layer = {}\n"
        "    # The layer as the code sets it up, before the call: torch's instance_norm writes the\n"
        "    # batch average of its running statistics back even in eval mode (last-bit changes).\n"
        "    code = open('snippet.py').read()\n"
        "    cut = code.index('\\ny = m(x') + 1  # the call, with any permute or transpose\n"
        "    setup, call = code[:cut], code[cut:]\n"
        "    try:\n"
        "        with contextlib.redirect_stdout(out):\n"
        "            exec(compile(setup, 'snippet.py', 'exec'), namespace)\n"
        "            m = namespace.get('m')\n"
        "            for name in ('weight', 'bias', 'running_mean', 'running_var'):\n"
        "                t = getattr(m, name, None)\n"
        "                if t is not None:\n"
        "                    layer[name] = [float(v) for v in t.detach().flatten()]\n"
        "            exec(compile(call, 'snippet.py', 'exec'), namespace)\n"
        "    except Exception as e:\n"
        "        error = str(e)\n"
        "    results[os.path.basename(folder)] = {'out': out.getvalue(), 'error': error, 'layer': layer}\n"
        "print(json.dumps(results))\n");
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), driver, m_dir.path() });
    QVERIFY(python.waitForFinished(300000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const QJsonObject results = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    QCOMPARE(results.size(), m_cases.size());

    static const QRegularExpression pyLines(QStringLiteral(
        "set (.+):  mean (\\S+) -> (\\S+)  std (\\S+) -> (\\S+)\\n(?:all \\d+ sets|the one set):  means \\[(\\S+), "
        "(\\S+)\\] -> \\[(\\S+), (\\S+)\\]  stds \\[(\\S+), (\\S+)\\] -> \\[(\\S+), (\\S+)\\]"));
    static const QRegularExpression windowLines(
        QStringLiteral(
            "Selected set (.+) \\(\\d+ "
            "values\\)\\s+mean\\s+(\\S+)\\s+→\\s+(\\S+)\\s+std\\s+(\\S+)\\s+→\\s+(\\S+)\\s+.*?"
            "per-set means\\s+\\[(\\S+), (\\S+)\\]\\s+→\\s+\\[(\\S+), (\\S+)\\]\\s+per-set stds\\s+\\[(\\S+), "
            "(\\S+)\\]\\s+→\\s+\\[(\\S+), (\\S+)\\]"),
        QRegularExpression::DotMatchesEverythingOption);
    for (const Case& c : std::as_const(m_cases)) {
        const QJsonObject result = results.value(QFileInfo(c.dir).fileName()).toObject();
        const QString out = result.value(QStringLiteral("out")).toString();
        const QString pyError = result.value(QStringLiteral("error")).toString();
        if (!c.error.isEmpty()) {
            QVERIFY2(pyError.contains(QStringLiteral("Expected more than 1 value per channel")),
                qPrintable(c.name + QStringLiteral(": PyTorch said: ") + pyError));
            QVERIFY2(c.error.contains(QStringLiteral("Expected more than 1 value per channel")), qPrintable(c.error));
            continue;
        }
        QVERIFY2(pyError.isEmpty(), qPrintable(c.name + QStringLiteral(": ") + pyError));
        // The layer the code built holds exactly the window's float32 γ, β and running statistics.
        const QJsonObject layer = result.value(QStringLiteral("layer")).toObject();
        const std::pair<const char*, const std::vector<float>*> expected[]
            = { { "weight", &c.params.weight }, { "bias", &c.params.bias }, { "running_mean", &c.params.runningMean },
                  { "running_var", &c.params.runningVar } };
        for (const auto& [name, values] : expected) {
            if (values->empty())
                continue; // PyTorch's initial values, which the code leaves alone
            const QJsonArray torchValues = layer.value(QLatin1String(name)).toArray();
            QVERIFY2(torchValues.size() == static_cast<qsizetype>(values->size()),
                qPrintable(c.name + u' ' + QLatin1String(name)));
            for (qsizetype i = 0; i < torchValues.size(); ++i)
                QVERIFY2(static_cast<float>(torchValues[i].toDouble()) == (*values)[static_cast<size_t>(i)],
                    qPrintable(QStringLiteral("%1: %2[%3] is %4 in PyTorch, %5 in the window")
                                   .arg(c.name, QLatin1String(name))
                                   .arg(i)
                                   .arg(torchValues[i].toDouble(), 0, 'g', 9)
                                   .arg((*values)[static_cast<size_t>(i)], 0, 'g', 9)));
        }
        const auto py = pyLines.match(out);
        const auto shown = windowLines.match(c.stats);
        QVERIFY2(py.hasMatch(), qPrintable(c.name + QStringLiteral(" printed:\n") + out));
        QVERIFY2(shown.hasMatch(), qPrintable(c.name + QStringLiteral(" shows:\n") + c.stats));
        QCOMPARE(py.captured(1), shown.captured(1)); // the same set
        for (int i = 2; i <= 13; ++i)
            QVERIFY2(sameShown(shown.captured(i), py.captured(i)),
                qPrintable(QStringLiteral("%1, number %2: the window shows %3, PyTorch prints %4\n%5")
                               .arg(c.name)
                               .arg(i - 1)
                               .arg(shown.captured(i), py.captured(i), out)));
        // RMSNorm: the root mean squares it makes 1, the selected set's and every set's range.
        static const QRegularExpression pyRms(QStringLiteral(
            "root mean square: set .+ (\\S+) -> (\\S+)  all sets \\[(\\S+), (\\S+)\\] -> \\[(\\S+), (\\S+)\\]"));
        static const QRegularExpression windowRms(
            QStringLiteral("\\bRMS\\s+(\\S+)\\s+→\\s+(\\S+)\\s+.*?per-set RMS\\s+\\[(\\S+), "
                           "(\\S+)\\]\\s+→\\s+\\[(\\S+), (\\S+)\\]"),
            QRegularExpression::DotMatchesEverythingOption);
        const auto pyR = pyRms.match(out);
        const auto shownR = windowRms.match(c.stats);
        QCOMPARE(pyR.hasMatch(), c.name.contains(QStringLiteral("RMSNorm")));
        QCOMPARE(shownR.hasMatch(), pyR.hasMatch());
        for (int i = 1; pyR.hasMatch() && i <= 6; ++i)
            QVERIFY2(sameShown(shownR.captured(i), pyR.captured(i)),
                qPrintable(QStringLiteral("%1, root mean square %2: the window shows %3, PyTorch prints %4\n%5")
                               .arg(c.name)
                               .arg(i)
                               .arg(shownR.captured(i), pyR.captured(i), out)));
        qInfo("%s: %s", qPrintable(c.name), qPrintable(out.section(QLatin1Char('\n'), 0, 0)));
    }
}

QTEST_MAIN(TestCodeBox)
#include "test_ui_codebox.moc"
