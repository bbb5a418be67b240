// The image view and the "images" figure: a loaded photo shown as a picture before and after the
// norm. Pixel values at known positions against levels worked out by hand (InstanceNorm removes
// a colour cast, BatchNorm keeps each image's own), grey and per-channel tiles, the selection
// frame, the view in a real window following the selected sample, a norm change and the theme,
// and the exported figure's size and captions.
#include "analysis/pipeline.h"
#include "export/figureexport.h"
#include "images/imagegrid.h"
#include "images/imageview.h"
#include "plots/histogrampanel.h"
#include "testsupport.h"
#include "window/mainwindow.h"
#include "window/plottabs.h"
#include "windowsupport.h"

#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <array>

using namespace normscope;

namespace {

using Rgb = std::array<int, 3>;

// A (N, 3, 2, 2) batch read as 0–1, as File → Open reads it: row 0 of image n is top[n] in both
// columns, row 1 is bottom[n].
std::shared_ptr<const Tensor> photoBatch(const std::vector<std::pair<Rgb, Rgb>>& rows)
{
    const auto n = static_cast<int64_t>(rows.size());
    Tensor t(Shape { n, 3, 2, 2, 4 });
    auto data = t.data();
    for (int64_t i = 0; i < n; ++i)
        for (int64_t c = 0; c < 3; ++c)
            for (int64_t h = 0; h < 2; ++h)
                for (int64_t w = 0; w < 2; ++w) {
                    const auto& row = h == 0 ? rows[static_cast<size_t>(i)].first : rows[static_cast<size_t>(i)].second;
                    data[static_cast<size_t>(t.index(i, c, h, w))]
                        = static_cast<float>(row[static_cast<size_t>(c)]) * (1.0f / 255.0f);
                }
    return std::make_shared<const Tensor>(std::move(t));
}

std::shared_ptr<const Snapshot> snapshotOf(
    std::shared_ptr<const Tensor> tensor, NormKind kind, int64_t selected = 0, int layerDims = 3)
{
    PipelineInput input;
    input.tensor = std::move(tensor);
    input.config = NormConfig::defaults(kind);
    if (kind == NormKind::Layer) {
        const std::vector<int64_t> dims = input.tensor->shape().dims();
        input.config.normalizedShape.assign(dims.end() - layerDims, dims.end());
    }
    input.selectedSet = selected;
    return SnapshotPipeline().run(input);
}

PictureSource photos(int count, double maxValue = 1.0)
{
    PictureSource source;
    source.photos = true;
    source.maxValue = maxValue;
    for (int i = 0; i < count; ++i)
        source.labels << QStringLiteral("photo%1.png").arg(i);
    return source;
}

Rgb rgbOf(QRgb p)
{
    return { qRed(p), qGreen(p), qBlue(p) };
}

// The colour drawn for element (h, w) of a tile: the centre of its square in the tile's rectangle.
Rgb drawnAt(const QImage& image, const QRectF& tile, const Shape& shape, int64_t h, int64_t w)
{
    const double x = tile.left() + (static_cast<double>(w) + 0.5) * tile.width() / static_cast<double>(shape.w);
    const double y = tile.top() + (static_cast<double>(h) + 0.5) * tile.height() / static_cast<double>(shape.h);
    return rgbOf(image.pixel(static_cast<int>(x), static_cast<int>(y)));
}

// The mean colour of a rectangle of an image.
std::array<double, 3> meanColour(const QImage& image, const QRect& rect)
{
    std::array<double, 3> sum {};
    int count = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            sum[0] += qRed(p);
            sum[1] += qGreen(p);
            sum[2] += qBlue(p);
            ++count;
        }
    for (double& s : sum)
        s /= count;
    return sum;
}

bool writePng(const QString& path, int width, int height, Rgb base)
{
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const int d = ((x + y) % 3) * 30; // texture, so every channel has a spread
            image.setPixel(x, y, qRgb(base[0] + d, base[1] + d, base[2] + d));
        }
    return image.save(path);
}

QString svgText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QXmlStreamReader xml(&file);
    QString text;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
            text += xml.readElementText(QXmlStreamReader::IncludeChildElements) + QLatin1Char('\n');
    }
    return xml.hasError() ? QString() : text;
}

} // namespace

class TestImageView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void instanceNormRemovesTheColourCast();
    void batchNormKeepsEachImagesCast();
    void releasedOutputKeepsThePictures();
    void greyPhoto();
    void channelTilesForOtherChannelCounts();
    void pagesOfSamplesAndChannels();
    void frameMarksTheSelectedSet();
    void pointerFindsTheElement();
    void windowShowsPhotosAndFollows();
    void windowRefusesDataWithoutPictures();
    void exportedFigure();
};

void TestImageView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestImageView::instanceNormRemovesTheColourCast()
{
    // One photo with a red cast: rows (230, 120, 100) and (180, 70, 50). InstanceNorm makes each
    // channel ±25/255 around its mean, i.e. ±d/sqrt(d² + eps) = ±0.99948 with d = 25/255, drawn
    // at 127.5 ± 42.478: 170 and 85 in every channel. The cast is gone: per-channel means all
    // 127.5, where the input's are 205, 95, 75.
    const auto snap = snapshotOf(photoBatch({ { { 230, 120, 100 }, { 180, 70, 50 } } }), NormKind::Instance);
    const ImageTiles tiles = makeImageTiles(*snap, photos(1));
    QCOMPARE(tiles.mode, TileMode::Colour);
    QCOMPARE(tiles.sampleCount, int64_t(1));
    const QImage& before = tiles.before[0][0];
    const QImage& after = tiles.after[0][0];
    for (int w = 0; w < 2; ++w) {
        QCOMPARE(rgbOf(before.pixel(w, 0)), (Rgb { 230, 120, 100 }));
        QCOMPARE(rgbOf(before.pixel(w, 1)), (Rgb { 180, 70, 50 }));
        QCOMPARE(rgbOf(after.pixel(w, 0)), (Rgb { 170, 170, 170 }));
        QCOMPARE(rgbOf(after.pixel(w, 1)), (Rgb { 85, 85, 85 }));
    }

    // The same values where the picture is drawn, at the centre of every pixel's square.
    ImageGridStyle style;
    QImage canvas(900, 520, QImage::Format_RGB32);
    canvas.fill(style.theme.background);
    {
        QPainter painter(&canvas);
        paintImageGrid(painter, QRectF(0, 0, 900, 520), tiles, style);
    }
    const ImageGridLayout layout = layoutImageGrid(QRectF(0, 0, 900, 520), tiles, style);
    QCOMPARE(layout.pairs.size(), size_t(1));
    QVERIFY(layout.tileHeight > 100);
    std::array<double, 3> meanBefore {};
    std::array<double, 3> meanAfter {};
    for (int64_t h = 0; h < 2; ++h)
        for (int64_t w = 0; w < 2; ++w) {
            const Rgb b = drawnAt(canvas, layout.pairs[0].before[0], tiles.shape, h, w);
            const Rgb a = drawnAt(canvas, layout.pairs[0].after[0], tiles.shape, h, w);
            QCOMPARE(b, h == 0 ? (Rgb { 230, 120, 100 }) : (Rgb { 180, 70, 50 }));
            QCOMPARE(a, h == 0 ? (Rgb { 170, 170, 170 }) : (Rgb { 85, 85, 85 }));
            for (size_t c = 0; c < 3; ++c) {
                meanBefore[c] += b[c] / 4.0;
                meanAfter[c] += a[c] / 4.0;
            }
        }
    QCOMPARE(meanBefore, (std::array<double, 3> { 205.0, 95.0, 75.0 }));
    QCOMPARE(meanAfter, (std::array<double, 3> { 127.5, 127.5, 127.5 }));
    // The bars under the pictures: the mean colour, orange-red before and mid grey (0 -> 127.5,
    // rounded to 128) after.
    QCOMPARE(tiles.beforeMean[0][0], QColor(205, 95, 75));
    QCOMPARE(tiles.afterMean[0][0], QColor(128, 128, 128));
    QCOMPARE(rgbOf(canvas.pixel(static_cast<int>(layout.pairs[0].afterBars[0].center().x()),
                 static_cast<int>(layout.pairs[0].afterBars[0].center().y()))),
        (Rgb { 128, 128, 128 }));
    QCOMPARE(rgbOf(canvas.pixel(static_cast<int>(layout.pairs[0].beforeBars[0].center().x()),
                 static_cast<int>(layout.pairs[0].beforeBars[0].center().y()))),
        (Rgb { 205, 95, 75 }));
}

void TestImageView::releasedOutputKeepsThePictures()
{
    // While the window computes the next result on a large tensor, the result on screen has no
    // output (withoutOutput): the pictures already drawn from it stay, as the histograms do; with
    // none drawn yet the "after" side stays empty instead of reading the missing output.
    const auto snap = snapshotOf(photoBatch({ { { 230, 120, 100 }, { 180, 70, 50 } } }), NormKind::Instance);
    const ImageTiles drawn = makeImageTiles(*snap, photos(1));
    const auto lean = withoutOutput(*snap);
    const ImageTiles kept = makeImageTiles(*lean, photos(1), &drawn);
    QCOMPARE(kept.after.size(), size_t(1));
    QCOMPARE(rgbOf(kept.after[0][0].pixel(0, 0)), (Rgb { 170, 170, 170 })); // as worked out above
    QCOMPARE(rgbOf(kept.after[0][0].pixel(1, 1)), (Rgb { 85, 85, 85 }));
    QCOMPARE(kept.afterMean[0][0], QColor(128, 128, 128));
    const ImageTiles empty = makeImageTiles(*lean, photos(1));
    QCOMPARE(empty.after.size(), size_t(1));
    QVERIFY(empty.after[0][0].isNull());
    QCOMPARE(rgbOf(empty.before[0][0].pixel(0, 0)), (Rgb { 230, 120, 100 }));
    QImage canvas(900, 520, QImage::Format_RGB32);
    QPainter painter(&canvas);
    paintImageGrid(painter, QRectF(0, 0, 900, 520), empty, ImageGridStyle {});
    // Exports compute the output again: the same pictures.
    const ImageTiles exported = makeImageTiles(*withOutput(lean), photos(1));
    QCOMPARE(exported.after[0][0], drawn.after[0][0]);
}

void TestImageView::batchNormKeepsEachImagesCast()
{
    // Image 0 has a red cast, image 1 the same values with red and blue swapped. BatchNorm's red
    // channel spans {230, 180, 100, 50}/255 twice each: mean 140/255, deviations ±90 and ±40,
    // std sqrt(4850)/255 = 69.642/255, so 230 -> +1.29232 -> 127.5 + 54.92 = 182, 180 -> +0.57437
    // -> 152, 100 -> 103, 50 -> 73. Green is ±25 about 95 in both: 170 and 85. The red image stays
    // red (mean red 167 against blue 88) and the blue one blue: BatchNorm leaves what differs
    // between images of the batch.
    const auto snap
        = snapshotOf(photoBatch({ { { 230, 120, 100 }, { 180, 70, 50 } }, { { 100, 120, 230 }, { 50, 70, 180 } } }),
            NormKind::Batch);
    const ImageTiles tiles = makeImageTiles(*snap, photos(2));
    QCOMPARE(tiles.sampleCount, int64_t(2));
    QCOMPARE(rgbOf(tiles.after[0][0].pixel(0, 0)), (Rgb { 182, 170, 103 }));
    QCOMPARE(rgbOf(tiles.after[0][0].pixel(1, 1)), (Rgb { 152, 85, 73 }));
    QCOMPARE(rgbOf(tiles.after[1][0].pixel(0, 0)), (Rgb { 103, 170, 182 }));
    QCOMPARE(rgbOf(tiles.after[1][0].pixel(1, 1)), (Rgb { 73, 85, 152 }));
    // Mean colours after: red (1.29232 + 0.57437) / 2 = +0.9333 -> 167.2, green 0 -> 128, blue
    // -0.9333 -> 87.8: image 0 keeps its red tint, image 1 its blue one.
    QCOMPARE(tiles.afterMean[0][0], QColor(167, 128, 88));
    QCOMPARE(tiles.afterMean[1][0], QColor(88, 128, 167));

    ImageGridStyle style;
    QImage canvas(1000, 400, QImage::Format_RGB32);
    canvas.fill(style.theme.background);
    {
        QPainter painter(&canvas);
        paintImageGrid(painter, QRectF(0, 0, 1000, 400), tiles, style);
    }
    const ImageGridLayout layout = layoutImageGrid(QRectF(0, 0, 1000, 400), tiles, style);
    QCOMPARE(layout.pairs.size(), size_t(2));
    QCOMPARE(drawnAt(canvas, layout.pairs[0].after[0], tiles.shape, 0, 1), (Rgb { 182, 170, 103 }));
    QCOMPARE(drawnAt(canvas, layout.pairs[1].after[0], tiles.shape, 1, 0), (Rgb { 73, 85, 152 }));
    QCOMPARE(drawnAt(canvas, layout.pairs[1].before[0], tiles.shape, 0, 0), (Rgb { 100, 120, 230 }));
}

void TestImageView::greyPhoto()
{
    // A grey photo read as 0–255: {10, 20, 30, 40}. InstanceNorm: mean 25, std sqrt(125) = 11.180,
    // y = -1.3416, -0.4472, 0.4472, 1.3416 -> 70.48, 108.49, 146.51, 184.52 -> 70, 108, 147, 185.
    auto t = std::make_shared<const Tensor>(Shape { 1, 1, 2, 2, 4 }, std::vector<float> { 10, 20, 30, 40 });
    const ImageTiles tiles = makeImageTiles(*snapshotOf(t, NormKind::Instance), photos(1, 255.0));
    QCOMPARE(tiles.mode, TileMode::Grey);
    const std::array<int, 4> before { 10, 20, 30, 40 };
    const std::array<int, 4> after { 70, 108, 147, 185 };
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(rgbOf(tiles.before[0][0].pixel(i % 2, i / 2)), (Rgb { before[i], before[i], before[i] }));
        QCOMPARE(rgbOf(tiles.after[0][0].pixel(i % 2, i / 2)), (Rgb { after[i], after[i], after[i] }));
    }
    QVERIFY(imageCaption(tiles).first().contains(QStringLiteral("pixel = value)")));
}

void TestImageView::channelTilesForOtherChannelCounts()
{
    // Not a photo, C = 2: one grey tile per channel. Before: one min–max map for the whole tensor,
    // -4 -> 0, 8 -> 255 (gain 21.25, offset 85): 0 -> 85, 4 -> 170. After BatchNorm each channel's
    // two values are ±1 -> 85 and 170.
    auto t = std::make_shared<const Tensor>(Shape { 1, 2, 1, 2, 4 }, std::vector<float> { 0, 4, -4, 8 });
    const ImageTiles tiles = makeImageTiles(*snapshotOf(t, NormKind::Batch), PictureSource {});
    QCOMPARE(tiles.mode, TileMode::Channels);
    QCOMPARE(tiles.before[0].size(), size_t(2));
    const auto grey = [](const QImage& image, int x) { return qRed(image.pixel(x, 0)); };
    QCOMPARE(grey(tiles.before[0][0], 0), 85);
    QCOMPARE(grey(tiles.before[0][0], 1), 170);
    QCOMPARE(grey(tiles.before[0][1], 0), 0);
    QCOMPARE(grey(tiles.before[0][1], 1), 255);
    for (size_t c = 0; c < 2; ++c) {
        QCOMPARE(grey(tiles.after[0][c], 0), 85);
        QCOMPARE(grey(tiles.after[0][c], 1), 170);
    }
    const QStringList caption = imageCaption(tiles);
    QVERIFY2(caption.first().contains(QStringLiteral("-4 black and 8 white")), qPrintable(caption.first()));
    QVERIFY(caption.first().contains(QStringLiteral("grey tile")));
}

void TestImageView::pagesOfSamplesAndChannels()
{
    // C = 10: eight channel tiles, the page holding the selected channel 9 (channels 2–9).
    auto wide = std::make_shared<const Tensor>(Shape { 1, 10, 1, 2, 4 }, std::vector<float>(20, 0.0f));
    ImageTiles tiles = makeImageTiles(*snapshotOf(wide, NormKind::Batch, 9), PictureSource {});
    QCOMPARE(tiles.firstChannel, int64_t(2));
    QCOMPARE(tiles.channelCount, int64_t(8));
    QVERIFY(imageCaption(tiles).last().contains(QStringLiteral("Channels 2–9 of 10 shown.")));
    // N = 20: twelve samples, the page holding sample 15 (samples 8–19).
    std::vector<float> values(20 * 4);
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = static_cast<float>(i % 7);
    auto many = std::make_shared<const Tensor>(Shape { 20, 1, 2, 2, 4 }, values);
    tiles = makeImageTiles(*snapshotOf(many, NormKind::Instance, 15), photos(20));
    QCOMPARE(tiles.firstSample, int64_t(8));
    QCOMPARE(tiles.sampleCount, int64_t(12));
    QCOMPARE(tiles.labels.first(), QStringLiteral("n = 8 · photo8.png"));
    QVERIFY(imageCaption(tiles).last().contains(QStringLiteral("Samples 8–19 of 20 shown.")));
}

void TestImageView::frameMarksTheSelectedSet()
{
    const QRectF tile(100, 100, 40, 80);
    // BatchNorm set c=1 of a photo batch: the green channel of every image, so every picture.
    auto batch = photoBatch({ { { 1, 2, 3 }, { 4, 5, 6 } }, { { 7, 8, 9 }, { 10, 11, 12 } } });
    ImageTiles tiles = makeImageTiles(*snapshotOf(batch, NormKind::Batch, 1), photos(2));
    QCOMPARE(selectedPart(tiles, 0, 0, tile), std::optional<QRectF>(tile));
    QCOMPARE(selectedPart(tiles, 1, 0, tile), std::optional<QRectF>(tile));
    QVERIFY(imageCaption(tiles).last().contains(QStringLiteral("green")));
    // InstanceNorm set n=1, c=2: only image 1.
    tiles = makeImageTiles(*snapshotOf(batch, NormKind::Instance, 5), photos(2));
    QVERIFY(!selectedPart(tiles, 0, 0, tile));
    QCOMPARE(selectedPart(tiles, 1, 0, tile), std::optional<QRectF>(tile));
    // LayerNorm over W, set (n=0, c=0, h=1) of 2 rows: the lower half of image 0.
    tiles = makeImageTiles(*snapshotOf(batch, NormKind::Layer, 1, 1), photos(2));
    QCOMPARE(selectedPart(tiles, 0, 0, tile), std::optional<QRectF>(QRectF(100, 140, 40, 40)));
    QVERIFY(!selectedPart(tiles, 1, 0, tile));
    // Channel tiles: GroupNorm G = 2 on C = 4, set (n=0, g=1) is channels 2 and 3 of sample 0.
    auto four = std::make_shared<const Tensor>(Shape { 2, 4, 2, 2, 4 }, std::vector<float>(32, 1.0f));
    PipelineInput input;
    input.tensor = four;
    input.config = NormConfig::defaults(NormKind::Group);
    input.config.groups = 2;
    input.selectedSet = 1;
    tiles = makeImageTiles(*SnapshotPipeline().run(input), PictureSource {});
    QVERIFY(!selectedPart(tiles, 0, 1, tile));
    QVERIFY(selectedPart(tiles, 0, 2, tile));
    QVERIFY(selectedPart(tiles, 0, 3, tile));
    QVERIFY(!selectedPart(tiles, 1, 3, tile));
}

void TestImageView::pointerFindsTheElement()
{
    // Pictures: the element under the pointer, every channel (c = -1), on either side.
    auto batch = photoBatch({ { { 1, 2, 3 }, { 4, 5, 6 } }, { { 7, 8, 9 }, { 10, 11, 12 } } });
    ImageTiles tiles = makeImageTiles(*snapshotOf(batch, NormKind::Instance), photos(2));
    ImageGridLayout layout = layoutImageGrid(QRectF(0, 0, 800, 500), tiles, ImageGridStyle {});
    const QRectF tile = layout.pairs[1].after[0];
    auto hit
        = hitImageGrid(layout, tiles, QPointF(tile.left() + tile.width() * 0.25, tile.top() + tile.height() * 0.75));
    QVERIFY(hit);
    QCOMPARE(hit->n, int64_t(1));
    QCOMPARE(hit->c, int64_t(-1));
    QCOMPARE(hit->h, int64_t(1));
    QCOMPARE(hit->w, int64_t(0));
    QVERIFY(hit->after);
    QVERIFY(!hitImageGrid(layout, tiles, QPointF(tile.right() + 5, tile.top() - 5)));
    // Channel tiles: the channel of the tile.
    auto four = std::make_shared<const Tensor>(Shape { 1, 4, 2, 2, 4 }, std::vector<float>(16, 1.0f));
    tiles = makeImageTiles(*snapshotOf(four, NormKind::Batch), PictureSource {});
    layout = layoutImageGrid(QRectF(0, 0, 800, 500), tiles, ImageGridStyle {});
    hit = hitImageGrid(layout, tiles, layout.pairs[0].before[2].center() + QPointF(1, 1));
    QVERIFY(hit);
    QCOMPARE(hit->c, int64_t(2));
    QCOMPARE(hit->h, int64_t(1));
    QCOMPARE(hit->w, int64_t(1));
    QVERIFY(!hit->after);
}

void TestImageView::windowShowsPhotosAndFollows()
{
    QTemporaryDir dir;
    const QString red = dir.filePath(QStringLiteral("red.png"));
    const QString blue = dir.filePath(QStringLiteral("blue.png"));
    QVERIFY(writePng(red, 12, 9, { 170, 80, 40 }));
    QVERIFY(writePng(blue, 12, 9, { 40, 80, 170 }));

    MainWindow window;
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!ready.isEmpty() || ready.wait(5000));
    // A generated tensor: the images tab is there but the histograms stay in front.
    QCOMPARE(window.plotTabs()->currentWidget(), static_cast<QWidget*>(window.histogramPanel()));
    QVERIFY(window.plotTabs()->imagesEnabled());

    ready.clear();
    QVERIFY(test::openAndWait(window, { red, blue }).isEmpty());
    QVERIFY(ready.wait(5000));
    ImageView* view = window.imageView();
    QCOMPARE(window.plotTabs()->currentWidget(), static_cast<QWidget*>(view)); // photos come to the front
    QVERIFY(view->isVisible());
    QCOMPARE(view->tiles().sampleCount, int64_t(2));
    QCOMPARE(
        view->tiles().labels, (QStringList { QStringLiteral("n = 0 · red.png"), QStringLiteral("n = 1 · blue.png") }));
    QVERIFY(view->tiles().photos);

    const auto afterMean = [&](int sample) {
        const QImage shot = view->grab().toImage();
        const QRectF tile = view->gridLayout().pairs[static_cast<size_t>(sample)].after[0];
        return meanColour(shot, tile.toAlignedRect().adjusted(2, 2, -2, -2));
    };
    // BatchNorm (the default): the red photo stays reddish after, the blue one bluish.
    QCOMPARE(window.state()->config().kind, NormKind::Batch);
    auto redAfter = afterMean(0);
    auto blueAfter = afterMean(1);
    QVERIFY2(redAfter[0] > redAfter[2] + 40, qPrintable(QStringLiteral("%1 %2").arg(redAfter[0]).arg(redAfter[2])));
    QVERIFY(blueAfter[2] > blueAfter[0] + 40);

    // InstanceNorm: both casts gone, every channel of both pictures grey on average.
    ready.clear();
    window.state()->setNormKind(NormKind::Instance);
    QVERIFY(ready.wait(5000));
    for (int sample : { 0, 1 }) {
        const auto mean = afterMean(sample);
        for (double c : mean)
            QVERIFY2(std::abs(c - 127.5) < 3.0, qPrintable(QStringLiteral("sample %1: %2").arg(sample).arg(c)));
    }

    // Selecting a set of image 1 frames image 1 and not image 0, in the highlight colour.
    const auto framed = [&](int sample) {
        const QImage shot = view->grab().toImage();
        const QRectF tile = view->gridLayout().pairs[static_cast<size_t>(sample)].before[0];
        const double frame = std::max(1.5, 3.0 * view->style().fontScale);
        const QRgb p = shot.pixel(static_cast<int>(tile.left() - frame / 2 - 1), static_cast<int>(tile.center().y()));
        const QColor want = view->style().theme.highlight;
        return std::abs(qRed(p) - want.red()) + std::abs(qGreen(p) - want.green()) + std::abs(qBlue(p) - want.blue())
            < 30;
    };
    QVERIFY(framed(0));
    QVERIFY(!framed(1));
    ready.clear();
    window.state()->setSelectedSet(1 * 3 + 2); // InstanceNorm set n=1, c=2
    QVERIFY(ready.wait(5000));
    QCOMPARE(view->tiles().selected.begin[0], int64_t(1));
    QVERIFY(!framed(0));
    QVERIFY(framed(1));

    // A click on image 0's output selects its set, keeping the channel on screen.
    const QPointF centre = view->gridLayout().pairs[0].after[0].center();
    QTest::mouseClick(view, Qt::LeftButton, {}, centre.toPoint());
    QCOMPARE(window.state()->selectedSet(), int64_t(0 * 3 + 2));

    // The view follows the theme at run time.
    window.applyTheme(QStringLiteral("dark"));
    QCOMPARE(view->grab().toImage().pixelColor(2, 2), Theme::dark().background);
    window.applyTheme(QStringLiteral("light"));
    QCOMPARE(view->grab().toImage().pixelColor(2, 2), Theme::light().background);
}

void TestImageView::windowRefusesDataWithoutPictures()
{
    MainWindow window;
    QSignalSpy ready(window.controller(), &Controller::snapshotReady);
    window.show();
    QVERIFY(!ready.isEmpty() || ready.wait(5000));
    window.plotTabs()->setCurrentWidget(window.imageView());
    ready.clear();
    // (N, C) data: no height and width, so no pictures; the tab says why and steps aside.
    window.state()->setLoaded(std::make_shared<const Tensor>(Shape { 4, 3, 1, 1, 2 }, std::vector<float>(12, 0.5f)),
        QStringLiteral("flat.npy"), {});
    QVERIFY(ready.wait(5000));
    QVERIFY(!window.plotTabs()->imagesEnabled());
    QCOMPARE(window.plotTabs()->currentWidget(), static_cast<QWidget*>(window.histogramPanel()));
    const QString tip = window.plotTabs()->tabToolTip(window.plotTabs()->indexOf(window.imageView()));
    QVERIFY2(tip.contains(QStringLiteral("(N, C, H, W)")), qPrintable(tip));
}

void TestImageView::exportedFigure()
{
    const auto snap
        = snapshotOf(photoBatch({ { { 230, 120, 100 }, { 180, 70, 50 } }, { { 100, 120, 230 }, { 50, 70, 180 } } }),
            NormKind::Instance);
    FigureOptions options;
    options.width = 1280;
    options.height = 720;
    options.pictures = photos(2);
    options.sourceText = QStringLiteral("2 images (RGB, 0–1)");
    QCOMPARE(figureUnavailableReason(FigureKind::Images, *snap), QString());
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("images.png"));
    QCOMPARE(exportFigure(png, FigureKind::Images, *snap, options), QString());
    QCOMPARE(QImage(png).size(), QSize(1280, 720));
    // InstanceNorm's output squares (170 and 85 grey) are on the slide.
    const QImage image(png);
    int greys170 = 0;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            greys170 += image.pixel(x, y) == qRgb(170, 170, 170) ? 1 : 0;
    QVERIFY2(greys170 > 500, qPrintable(QString::number(greys170)));

    const QString svg = dir.filePath(QStringLiteral("images.svg"));
    QCOMPARE(exportFigure(svg, FigureKind::Images, *snap, options), QString());
    // Wrapped lines and font changes (σ) split the text into elements: compare it as one string.
    const QString text = svgText(svg).simplified();
    for (const char* expected : { "InstanceNorm on 2 images: before and after", "Before", "After", "photo1.png",
             "the images as read", "fixed map", "42.5", "what the norm left" })
        QVERIFY2(text.contains(QString::fromUtf8(expected)), expected);

    const QString pdf = dir.filePath(QStringLiteral("images.pdf"));
    options.theme = Theme::dark();
    QCOMPARE(exportFigure(pdf, FigureKind::Images, *snap, options), QString());
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(4) == "%PDF");

    // (N, C) data cannot be drawn as images: the figure says so rather than drawing nothing.
    auto flat = std::make_shared<const Tensor>(Shape { 4, 3, 1, 1, 2 }, std::vector<float>(12, 0.5f));
    QVERIFY(figureUnavailableReason(FigureKind::Images, *snapshotOf(flat, NormKind::Batch))
                .contains(QStringLiteral("(N, C, H, W)")));
}

QTEST_MAIN(TestImageView)
#include "test_ui_imageview.moc"
