#include "files/tensorfiles.h"

#include "io/inputfile.h"
#include "io/tensorfile.h"
#include "norms/normerror.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>

#include <algorithm>

namespace normscope {

// Translation context for the free functions below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
class TensorFiles {
    Q_DECLARE_TR_FUNCTIONS(TensorFiles)
};

namespace {

// "acts.npz:layer3" or "x.npy": the file name with the array chosen in it.
QString displayName(const QString& spec)
{
    return QString::fromStdString(parseInputSpec(spec.toStdString()).displayName());
}

// Image files beyond this are refused before reading: 256 MiB of compressed image would decode
// to far more than any tensor the window can show.
constexpr uint64_t maxImageFileBytes = uint64_t(256) << 20;

} // namespace

bool isImageFile(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("png") || suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg")
        || suffix == QLatin1String("bmp");
}

QString openFileFilter()
{
    return TensorFiles::tr("Tensors and images (*.npy *.npz *.safetensors *.png *.jpg *.jpeg *.bmp);;NumPy arrays "
                           "(*.npy *.npz);;safetensors (*.safetensors);;Images (*.png *.jpg *.jpeg *.bmp)");
}

std::variant<std::vector<ArrayEntry>, QString> arraysToChoose(const QString& path)
{
    if (isImageFile(path))
        return std::vector<ArrayEntry> {};
    const InputSpec spec = parseInputSpec(path.toStdString());
    if (!spec.array.empty())
        return std::vector<ArrayEntry> {};
    try {
        const InputFile file(spec.path);
        if (!holdsNamedArrays(detectFormat(file)))
            return std::vector<ArrayEntry> {};
        return listArrays(file);
    } catch (const NormError& e) {
        return QString::fromStdString(e.what());
    }
}

QString absoluteSpec(const QString& spec)
{
    const InputSpec parsed = parseInputSpec(spec.toStdString());
    const QString file = QFileInfo(QString::fromStdString(parsed.path)).absoluteFilePath();
    return parsed.array.empty() ? file : file + QLatin1Char(':') + QString::fromStdString(parsed.array);
}

std::variant<Tensor, QString> imageToTensor(const QString& path, ImageScale scale)
{
    // Read through InputFile, which refuses FIFOs and devices, rather than letting QImageReader
    // open the path (where a FIFO blocks forever).
    QByteArray bytes;
    try {
        const InputFile file(path.toStdString());
        if (file.size() > maxImageFileBytes)
            return TensorFiles::tr("The image %1 is too large (%2 MiB) to open.")
                .arg(QFileInfo(path).fileName())
                .arg(file.size() >> 20);
        bytes.resize(static_cast<qsizetype>(file.size()));
        file.read(0, std::span<char>(bytes.data(), static_cast<size_t>(bytes.size())));
    } catch (const NormError& e) {
        return QString::fromStdString(e.what());
    }
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    QImage image = reader.read();
    if (image.isNull())
        return TensorFiles::tr("Cannot read the image %1: %2").arg(QFileInfo(path).fileName(), reader.errorString());
    // allGray(), not isGrayscale(): a 4-bit or palette PNG of grays is grayscale too.
    const bool gray = image.allGray();
    image = image.convertToFormat(gray ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    const int64_t h = image.height();
    const int64_t w = image.width();
    const int64_t channels = gray ? 1 : 3;
    // value / 255, correctly rounded, as numpy computes it for the PyTorch code box (multiplying
    // by a rounded 1/255 differed from it in the last bit).
    const float divisor = scale == ImageScale::Unit ? 255.0f : 1.0f;
    Tensor tensor(Shape { 1, channels, h, w, 4 });
    auto data = tensor.data();
    for (int64_t y = 0; y < h; ++y) {
        const uchar* line = image.constScanLine(static_cast<int>(y));
        for (int64_t x = 0; x < w; ++x) {
            for (int64_t c = 0; c < channels; ++c)
                data[static_cast<size_t>(tensor.index(0, c, y, x))]
                    = static_cast<float>(line[x * channels + c]) / divisor;
        }
    }
    return tensor;
}

QString describeImageBatch(const QStringList& paths, int64_t channels, ImageScale scale)
{
    const QString scaleText = scale == ImageScale::Unit ? TensorFiles::tr("0–1") : TensorFiles::tr("0–255");
    QString description
        = paths.size() == 1 ? QFileInfo(paths.first()).fileName() : TensorFiles::tr("%1 images").arg(paths.size());
    description += QStringLiteral(" (") + (channels == 3 ? TensorFiles::tr("RGB") : TensorFiles::tr("grayscale"))
        + QStringLiteral(", ") + scaleText + QStringLiteral(")");
    return description;
}

QString describeTensorFiles(const QStringList& paths, int64_t channels, ImageScale scale)
{
    if (!paths.isEmpty() && std::all_of(paths.begin(), paths.end(), [](const QString& p) { return isImageFile(p); }))
        return describeImageBatch(paths, channels, scale);
    if (paths.size() <= 1)
        return displayName(paths.value(0));
    return TensorFiles::tr("%1 and %2 more").arg(displayName(paths.first())).arg(paths.size() - 1);
}

std::variant<LoadedTensor, QString, LoadCancelled> loadTensorFiles(
    const QStringList& paths, ImageScale scale, const ReadOptions& options)
{
    if (paths.isEmpty())
        return TensorFiles::tr("No file to open.");
    const auto npy = [](const QString& path) { return !isImageFile(path); };
    if (std::all_of(paths.begin(), paths.end(), npy)) {
        LoadedTensor loaded;
        for (const QString& path : paths) {
            try {
                loaded.batches.push_back(std::make_shared<const Tensor>(readTensorFile(path.toStdString(), options)));
            } catch (const ReadCancelled&) {
                return LoadCancelled {};
            } catch (const NormError& e) {
                return QString::fromStdString(e.what());
            } catch (const std::bad_alloc&) {
                return TensorFiles::tr("%1 is too large to load into memory.").arg(QFileInfo(path).fileName());
            }
            const Shape first = loaded.batches.front()->shape();
            const Shape s = loaded.batches.back()->shape();
            if (s.rank != first.rank || s.c != first.c)
                return TensorFiles::tr("%1 is %2 but %3 is %4: files fed in turn into one layer need the same "
                                       "number of dimensions and channels.")
                    .arg(QFileInfo(paths.first()).fileName(), QString::fromStdString(first.toString()),
                        QFileInfo(path).fileName(), QString::fromStdString(s.toString()));
        }
        loaded.tensor = loaded.batches.front();
        loaded.description = describeTensorFiles(paths, loaded.tensor->shape().c, scale);
        if (paths.size() == 1)
            loaded.batches.clear();
        return loaded;
    }

    std::vector<Tensor> images;
    for (const QString& path : paths) {
        if (!isImageFile(path))
            return TensorFiles::tr("%1 is not an image: open several images (one batch) or several .npy files "
                                   "(batches fed in turn), not both.")
                .arg(QFileInfo(path).fileName());
        if (options.stop.stop_requested())
            return LoadCancelled {};
        auto result = imageToTensor(path, scale);
        if (auto* message = std::get_if<QString>(&result))
            return *message;
        images.push_back(std::move(std::get<Tensor>(result)));
    }
    // A batch needs one size; mixed grayscale and colour images are all taken as colour.
    const Shape first = images.front().shape();
    bool anyColour = false;
    for (size_t i = 0; i < images.size(); ++i) {
        const Shape s = images[i].shape();
        if (s.h != first.h || s.w != first.w)
            return TensorFiles::tr("The images differ in size (%1 is %2×%3, %4 is %5×%6): a batch needs one size.")
                .arg(QFileInfo(paths.first()).fileName())
                .arg(first.w)
                .arg(first.h)
                .arg(QFileInfo(paths[static_cast<int>(i)]).fileName())
                .arg(s.w)
                .arg(s.h);
        anyColour = anyColour || s.c == 3;
    }
    const int64_t channels = anyColour ? 3 : 1;
    Tensor batch(Shape { static_cast<int64_t>(images.size()), channels, first.h, first.w, 4 });
    auto out = batch.data();
    const int64_t plane = first.h * first.w;
    for (size_t n = 0; n < images.size(); ++n) {
        const auto in = images[n].data();
        const int64_t c0 = images[n].shape().c;
        for (int64_t c = 0; c < channels; ++c) {
            const auto src = in.begin() + (c0 == 1 ? 0 : c) * plane;
            std::copy(src, src + plane, out.begin() + (static_cast<int64_t>(n) * channels + c) * plane);
        }
    }
    return LoadedTensor { std::make_shared<const Tensor>(std::move(batch)), describeImageBatch(paths, channels, scale),
        {} };
}

} // namespace normscope
