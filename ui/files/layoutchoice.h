// Which layout a 3-D or 4-D .npy file is in, (N, C, L) or (B, T, C), NCHW or NHWC: the answer is
// remembered per file, and a file never seen is asked about once, without blocking the window.
#pragma once

#include "tensor/tensor.h"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <optional>

class QButtonGroup;

namespace normscope {

// The layout last chosen for `path`, if one was and it fits data of `rank`.
std::optional<Layout> rememberedLayout(const QString& path, int rank);
void rememberLayout(const QStringList& paths, Layout layout, int rank);
// For a file never seen: NHWC when a 4-D array ends in what looks like colour channels (1, 3 or 4)
// after two dimensions larger than 4 (height and width); channels first otherwise.
Layout guessedLayout(const std::vector<int64_t>& fileDims);

// "How is x.npy laid out?" with one choice per layout of its rank, each spelling out what its
// dimensions would mean ("B = 2, T = 16, C = 64"). Window-modal and opened with open(), so
// scripted use and tests never hang on it; `chosen` reports the answer.
class LayoutQuestion : public QDialog {
    Q_OBJECT
public:
    LayoutQuestion(const QString& fileName, const std::vector<int64_t>& fileDims, Layout current, QWidget* parent);

signals:
    void chosen(Layout layout);

private:
    QButtonGroup* m_choices;
};

} // namespace normscope
