// Exported figures: PNG at exactly the requested size and not blank, SVG that parses and keeps
// its text, single-page PDF, atomic writes, themes and the Chinese interface.
#include "analysis/pipeline.h"
#include "export/exportactions.h"
#include "export/figureexport.h"
#include "io/npy.h"
#include "look/translations.h"
#include "testsupport.h"

#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace normscope;

class TestExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pngHasRequestedSize_data();
    void pngHasRequestedSize();
    void svgParsesAndKeepsText();
    void slideKeeps16by9();
    void pdfHasOnePage();
    void failuresLeaveFilesAlone();
    void darkThemeIsDark();
    void chineseDiffersFromEnglish();
    void inputTensorReproducesTheGenerator();

private:
    std::shared_ptr<const Snapshot> m_snapshot;
};

void TestExport::initTestCase()
{
    PipelineInput input;
    input.generator = GeneratorSpec {};
    input.config = NormConfig::defaults(NormKind::Group);
    input.config.groups = 3;
    m_snapshot = SnapshotPipeline().run(input);
}

void TestExport::pngHasRequestedSize_data()
{
    QTest::addColumn<FigureKind>("kind");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("cube 1000x800") << FigureKind::Cube << 1000 << 800;
    QTest::newRow("histogram 1234x567") << FigureKind::Histogram << 1234 << 567;
    QTest::newRow("slide 1920x1080") << FigureKind::Slide << 1920 << 1080;
    QTest::newRow("slide 640x360") << FigureKind::Slide << 640 << 360;
}

void TestExport::pngHasRequestedSize()
{
    QFETCH(FigureKind, kind);
    QFETCH(int, width);
    QFETCH(int, height);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.png"));
    FigureOptions options;
    options.width = width;
    options.height = height;
    QCOMPARE(exportFigure(path, kind, *m_snapshot, options), QString());
    const QImage image(path);
    QCOMPARE(image.size(), QSize(width, height));
    QSet<QRgb> colours;
    for (int y = 0; y < height; y += 7)
        for (int x = 0; x < width; x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 20, "the figure looks blank");
}

void TestExport::svgParsesAndKeepsText()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.svg"));
    QCOMPARE(exportFigure(path, FigureKind::Slide, *m_snapshot, FigureOptions {}), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString text;
    int textElements = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text")) {
            ++textElements;
            text += xml.readElementText(QXmlStreamReader::IncludeChildElements) + QLatin1Char('\n');
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(textElements > 10);
    for (const char* expected : { "GroupNorm", "Before: input", "After: output", "density", "nn.GroupNorm(3, 6" })
        QVERIFY2(text.contains(QLatin1String(expected)), expected);
    // GroupNorm with G < C standardises samples but not single channels: the slide names the
    // per-channel spread as not guaranteed, and never the per-sample one.
    QVERIFY(text.contains(QLatin1String("Not guaranteed")));
    QVERIFY(text.contains(QLatin1String("per-channel")));
    QVERIFY(!text.contains(QLatin1String("per-sample")));
}

void TestExport::slideKeeps16by9()
{
    // A portrait size gets the 16:9 slide centred between bands of background, not a squashed one.
    FigureOptions options;
    options.width = 900;
    options.height = 1200;
    const QImage image = renderFigureImage(FigureKind::Slide, *m_snapshot, options);
    const double slideHeight = 900.0 * 9.0 / 16.0;
    const int band = static_cast<int>((1200 - slideHeight) / 2.0) - 2;
    const QRgb background = options.theme.background.rgb();
    for (int y = 0; y < band; y += 5)
        for (int x = 0; x < 900; x += 5) {
            QCOMPARE(image.pixel(x, y), background);
            QCOMPARE(image.pixel(x, 1199 - y), background);
        }
    QVERIFY(image.pixel(450, 600) != background || image.pixel(200, 600) != background);
}

void TestExport::pdfHasOnePage()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.pdf"));
    QCOMPARE(exportFigure(path, FigureKind::Slide, *m_snapshot, FigureOptions {}), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pdf = file.readAll();
    QVERIFY(pdf.startsWith("%PDF"));
    // One page object: "/Type /Page" not followed by "s".
    int pages = 0;
    for (qsizetype at = pdf.indexOf("/Type /Page"); at >= 0; at = pdf.indexOf("/Type /Page", at + 1))
        pages += pdf.mid(at + 11, 1) != "s" ? 1 : 0;
    QCOMPARE(pages, 1);
}

void TestExport::failuresLeaveFilesAlone()
{
    QTemporaryDir dir;
    const QString existing = dir.filePath(QStringLiteral("keep.png"));
    QFile f(existing);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("previous figure");
    f.close();
    FigureOptions bad;
    bad.width = 5; // too small
    QVERIFY(exportFigure(existing, FigureKind::Cube, *m_snapshot, bad).contains(QStringLiteral("out of range")));
    bad = FigureOptions {};
    bad.dpi = 0;
    QVERIFY(!exportFigure(existing, FigureKind::Cube, *m_snapshot, bad).isEmpty());
    QVERIFY(exportFigure(dir.filePath(QStringLiteral("noextension")), FigureKind::Cube, *m_snapshot, {})
                .contains(QStringLiteral("no file extension")));
    QVERIFY(exportFigure(dir.filePath(QStringLiteral("x.gif")), FigureKind::Cube, *m_snapshot, {})
                .contains(QStringLiteral(".gif")));
    // A folder that does not exist, and a "folder" that is a file: unwritable, with the reason.
    const QString error
        = exportFigure(dir.filePath(QStringLiteral("missing/dir/f.png")), FigureKind::Cube, *m_snapshot, {});
    // The whole path: "Cannot write f.png" did not say which folder was missing.
    QVERIFY2(error.startsWith(QStringLiteral("Cannot write ") + dir.filePath(QStringLiteral("missing/dir/f.png"))),
        qPrintable(error));
    QVERIFY(!exportFigure(existing + QStringLiteral("/f.pdf"), FigureKind::Slide, *m_snapshot, {}).isEmpty());
    QFile check(existing);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArray("previous figure"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary leftovers
}

void TestExport::darkThemeIsDark()
{
    FigureOptions options;
    options.width = 400;
    options.height = 300;
    options.theme = Theme::dark();
    const QImage dark = renderFigureImage(FigureKind::Cube, *m_snapshot, options);
    QVERIFY(QColor(dark.pixel(2, 2)).lightness() < 60);
    options.theme = Theme::light();
    QVERIFY(QColor(renderFigureImage(FigureKind::Cube, *m_snapshot, options).pixel(2, 2)).lightness() > 240);
}

void TestExport::chineseDiffersFromEnglish()
{
    FigureOptions options;
    options.width = 800;
    options.height = 450;
    const QImage english = renderFigureImage(FigureKind::Slide, *m_snapshot, options);
    QVERIFY(installTranslation(QStringLiteral("zh_CN")));
    const QImage chinese = renderFigureImage(FigureKind::Slide, *m_snapshot, options);
    QTemporaryDir dir;
    const QString svg = dir.filePath(QStringLiteral("zh.svg"));
    QCOMPARE(exportFigure(svg, FigureKind::Slide, *m_snapshot, options), QString());
    installTranslation(QStringLiteral("en"));
    QVERIFY(english != chinese);
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY2(text.contains(QStringLiteral("组归一化")), "the Chinese slide should name 组归一化 as text");
}

void TestExport::inputTensorReproducesTheGenerator()
{
    // File > Export > Input tensor writes the generated values themselves, which is how the
    // PyTorch code can use the exact tensor on screen; the normalized export writes the output.
    QTemporaryDir dir;
    const QString in = dir.filePath(QStringLiteral("input.npy"));
    const QString out = dir.filePath(QStringLiteral("normalized.npy"));
    QCOMPARE(ExportActions::saveTensor(in, *m_snapshot->input), QString());
    QCOMPARE(ExportActions::saveTensor(out, *m_snapshot->output), QString());
    const Tensor generated = generateTensor(GeneratorSpec {});
    const Tensor read = readTensor(in.toStdString());
    QCOMPARE(read.shape(), generated.shape());
    QVERIFY(std::equal(read.data().begin(), read.data().end(), generated.data().begin()));
    // The normalized file is standardised per group: mean 0 over the first group of sample 0.
    const Tensor normalized = readTensor(out.toStdString());
    double sum = 0.0;
    for (int64_t c = 0; c < 2; ++c)
        for (int64_t h = 0; h < 8; ++h)
            for (int64_t w = 0; w < 8; ++w)
                sum += normalized.at(0, c, h, w);
    QVERIFY(std::abs(sum / 128.0) < 1e-5);
    QVERIFY(ExportActions::saveTensor(dir.filePath(QStringLiteral("no/dir/x.npy")), *m_snapshot->input)
                .contains(QStringLiteral("x.npy")));
}

QTEST_MAIN(TestExport)
#include "test_ui_export.moc"
