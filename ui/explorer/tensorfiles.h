// Opening tensors from files: .npy through the core reader, PNG/JPEG images through QImage as
// 1×3×H×W colour or 1×1×H×W grayscale. Several images of one size form a batch.
#pragma once

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

// Either the tensor or a message in the user's words; never throws.
std::variant<LoadedTensor, QString> loadTensorFiles(const QStringList& paths, ImageScale scale);

// One image as a tensor, or a message.
std::variant<Tensor, QString> imageToTensor(const QString& path, ImageScale scale);

bool isImageFile(const QString& path);
// How the window names a batch of images: "rose.png (RGB, 0–1)", "3 images (grayscale, 0–255)".
QString describeImageBatch(const QStringList& paths, int64_t channels, ImageScale scale);
QString openFileFilter();

} // namespace normscope
