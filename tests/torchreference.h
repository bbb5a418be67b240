// Runs tests/reference/labs_torch.py (Debian's python3-torch) on a folder the test filled with
// config.json and .npy batches, and returns its JSON answer. Header-only: the labs' tests share it.
// Callers check test::missingPython() first: without PyTorch they fail naming it, never skip.
#pragma once

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>

#include <optional>

namespace normscope::test {

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
