// Export files from the window and from `normscope export`, written through core's OutputFile
// (all or nothing, through symbolic links, keeping permissions; see io/outputfile.h), with the
// reason for a failure in the interface language, on one line.
#pragma once

#include "tensor/tensor.h"

#include <QByteArray>
#include <QString>

namespace normscope {

class WriteError;

// Each returns an error message, or an empty string on success.
QString writeExportFile(const QString& path, const QByteArray& bytes);
QString writeExportTensor(const QString& path, const Tensor& tensor);

QString describeWriteError(const WriteError& error);

} // namespace normscope
