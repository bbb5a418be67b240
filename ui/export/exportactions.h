// The window's export actions: figures (PNG/SVG/PDF through FigureExport), the data behind them
// (histogram and per-set CSV, the normalized tensor as .npy), and copying the figure.
// Every write is atomic; a failure says why and leaves any previous file untouched.
#pragma once

#include "export/figureexport.h"

#include <QObject>

#include <functional>

class QMenu;
class QWidget;

namespace normscope {

class ExportActions : public QObject {
    Q_OBJECT
public:
    using SnapshotFn = std::function<std::shared_ptr<const Snapshot>()>;
    using OptionsFn = std::function<FigureOptions()>; // the window's current view as figure options

    ExportActions(QWidget* window, SnapshotFn snapshot, OptionsFn options);
    void populate(QMenu* exportMenu);

    void exportFigureInteractively(FigureKind kind);
    // A lab's numbers as CSV (kind RunningStats or BatchSize).
    void exportLabData(FigureKind kind);
    void copyFigure();
    // Writes `bytes` to `path` atomically; returns an error message or an empty string.
    static QString saveBytes(const QString& path, const QByteArray& bytes);
    // Writes a tensor as float32 .npy atomically; returns an error message or an empty string.
    static QString saveTensor(const QString& path, const Tensor& tensor);

signals:
    void message(const QString& text);

private:
    QString askPath(const QString& title, const QString& suggested, const QString& filter);
    void exportData(const QString& title, const QString& suggested, const QString& filter,
        const std::function<QString(const Snapshot&, const QString&)>& write);
    void report(const QString& path, const QString& error);

    QWidget* m_window;
    SnapshotFn m_snapshot;
    OptionsFn m_options;
};

} // namespace normscope
