// Runs tests/reference/labs_torch.py (Debian's python3-torch) on a folder the test filled with
// config.json and .npy batches, and returns its JSON answer. Header-only: the labs' tests share it.
#pragma once

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>

#include <optional>

namespace normscope::test {

// Whether Debian's python3 can import torch and numpy (the tests QSKIP otherwise, saying so).
inline bool torchAvailable()
{
    static const bool available = [] {
        QProcess probe;
        probe.start(
            QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), QStringLiteral("import torch, numpy") });
        return probe.waitForFinished(120000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
    }();
    return available;
}

// The script's JSON, or nullopt with `error` set to what went wrong.
inline std::optional<QJsonObject> runLabsTorch(const QString& folder, QString* error)
{
    QProcess python;
    const QString script
        = QDir(QStringLiteral(NORMSCOPE_TEST_DATA_DIR)).filePath(QStringLiteral("../reference/labs_torch.py"));
    python.start(QStringLiteral("/usr/bin/python3"), { script, folder });
    if (!python.waitForFinished(300000) || python.exitCode() != 0) {
        *error = QString::fromUtf8(python.readAllStandardError());
        return std::nullopt;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(python.readAllStandardOutput(), &parse);
    if (!doc.isObject()) {
        *error = parse.errorString();
        return std::nullopt;
    }
    return doc.object();
}

} // namespace normscope::test
