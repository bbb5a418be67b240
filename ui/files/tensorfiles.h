// Opening tensors from files: .npy, .npz and .safetensors (FILE:NAME) through the core readers,
// PNG/JPEG images through QImage as 1×3×H×W colour or 1×1×H×W grayscale. Several images of one
// size form a batch. Only regular files are read (a FIFO would block forever); the window runs
// this off the GUI thread (TensorLoader), so it can be stopped between chunks.
#pragma once

#include "io/arrayentry.h"
#include "io/npy.h"
#include "tensor/tensor.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <variant>
#include <vector>

namespace normscope {

enum class ImageScale { Unit, Byte }; // values 0–1 or 0–255

struct LoadedTensor {
    std::shared_ptr<const Tensor> tensor;
    QString description; // for the window: "photo.png (RGB image, 0–1)"
    // Several .npy files of one channel count: every file, `tensor` first. A Step in the window
    // feeds them in turn, as `normscope normalize --input a.npy --input b.npy` does.
    std::vector<std::shared_ptr<const Tensor>> batches;
};

// The load was stopped through ReadOptions::stop before it finished.
struct LoadCancelled { };

// The tensor, a message in the user's words, or LoadCancelled; never throws. `options.copies`
// says how many tensors of a file's size the caller will hold (the window: input, output and
// snapshot); `options.stop` stops it between files and between chunks of a file.
std::variant<LoadedTensor, QString, LoadCancelled> loadTensorFiles(
    const QStringList& paths, ImageScale scale, const ReadOptions& options = {});

// One image as a tensor, or a message.
std::variant<Tensor, QString> imageToTensor(const QString& path, ImageScale scale);

bool isImageFile(const QString& path);

// The arrays of an .npz or .safetensors file opened without naming one ("acts.npz", not
// "acts.npz:x"), for the window to ask which; empty for anything else (a .npy, an image, a named
// array). A message when the file cannot be listed.
std::variant<std::vector<ArrayEntry>, QString> arraysToChoose(const QString& path);
// "x.npz:a" with its file part made absolute ("/data/x.npz:a"); the array name is kept as it is.
QString absoluteSpec(const QString& spec);
// How the window names a batch of images: "rose.png (RGB, 0–1)", "3 images (grayscale, 0–255)".
QString describeImageBatch(const QStringList& paths, int64_t channels, ImageScale scale);
// How the window names what was opened: a batch of images as above, .npy files by name
// ("acts.npz:layer3", "a.npy and 2 more"). In the current language, so a switch can rename it.
QString describeTensorFiles(const QStringList& paths, int64_t channels, ImageScale scale);
QString openFileFilter();

} // namespace normscope
