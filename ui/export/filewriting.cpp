#include "export/filewriting.h"

#include "io/npy.h"
#include "io/outputfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <cstring>

namespace normscope {

// Translation context for the free functions below (lupdate reads Q_DECLARE_TR_FUNCTIONS).
class FileWriting {
    Q_DECLARE_TR_FUNCTIONS(FileWriting)
};

QString describeWriteError(const WriteError& error)
{
    const QString path = QDir::toNativeSeparators(QString::fromStdString(error.path()));
    switch (error.reason()) {
    case WriteError::Reason::DiskFull:
        return FileWriting::tr("Cannot write %1: the disk is full.").arg(path);
    case WriteError::Reason::NoFolder:
        return FileWriting::tr("Cannot write %1: its folder does not exist.").arg(path);
    case WriteError::Reason::Folder:
        return FileWriting::tr("Cannot write %1: it is a folder.").arg(path);
    case WriteError::Reason::Fifo:
        return FileWriting::tr("Cannot write %1: it is a named pipe (FIFO), not a regular file.").arg(path);
    case WriteError::Reason::Special:
        return FileWriting::tr("Cannot write %1: it is a device or socket, not a regular file.").arg(path);
    case WriteError::Reason::DanglingLink:
        return FileWriting::tr("Cannot write %1: it is a symbolic link to a file that does not exist.").arg(path);
    case WriteError::Reason::System:
        break;
    }
    return FileWriting::tr("Cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(error.code())));
}

QString writeExportFile(const QString& path, const QByteArray& bytes)
{
    try {
        writeFileAtomically(
            path.toStdString(), std::span<const char>(bytes.constData(), static_cast<size_t>(bytes.size())));
        return {};
    } catch (const WriteError& e) {
        return describeWriteError(e);
    } catch (const NormError& e) {
        return QString::fromStdString(e.what());
    }
}

QString writeExportTensor(const QString& path, const Tensor& tensor)
{
    try {
        writeTensor(path.toStdString(), tensor);
        return {};
    } catch (const WriteError& e) {
        return describeWriteError(e);
    } catch (const NormError& e) {
        return QString::fromStdString(e.what());
    }
}

} // namespace normscope
