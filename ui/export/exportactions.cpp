#include "export/exportactions.h"

#include "analysis/snapshotcsv.h"
#include "export/exportdialog.h"
#include "export/filewriting.h"
#include "export/labfigures.h"
#include "labs/labcsv.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

namespace normscope {

ExportActions::ExportActions(QWidget* window, SnapshotFn snapshot, OptionsFn options)
    : QObject(window)
    , m_window(window)
    , m_snapshot(std::move(snapshot))
    , m_options(std::move(options))
{
}

void ExportActions::populate(QMenu* menu)
{
    QAction* slide
        = menu->addAction(tr("&Slide (16:9)…"), this, [this] { exportFigureInteractively(FigureKind::Slide); });
    slide->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    slide->setToolTip(tr("Cube, histograms, statistics and PyTorch code on one 16:9 page, as PNG, SVG or PDF."));
    menu->addAction(tr("&Cube…"), this, [this] { exportFigureInteractively(FigureKind::Cube); });
    menu->addAction(tr("&Histograms…"), this, [this] { exportFigureInteractively(FigureKind::Histogram); });
    QAction* images = menu->addAction(
        tr("&Images, before and after (16:9)…"), this, [this] { exportFigureInteractively(FigureKind::Images); });
    // Offered only for inputs with pictures in them; the tooltip says why not otherwise.
    menu->setToolTipsVisible(true);
    connect(menu, &QMenu::aboutToShow, images, [this, images] {
        const auto snapshot = m_snapshot();
        const QString reason = snapshot ? figureUnavailableReason(FigureKind::Images, *snapshot) : QString();
        images->setEnabled(snapshot && reason.isEmpty());
        images->setToolTip(reason.isEmpty() ? tr("Every image of the batch before and after the norm, with how values "
                                                 "became pixels, as PNG, SVG or PDF.")
                                            : reason);
    });
    QAction* running = menu->addAction(
        tr("&Running statistics lab (16:9)…"), this, [this] { exportFigureInteractively(FigureKind::RunningStats); });
    QAction* batch = menu->addAction(
        tr("Batch-si&ze lab (16:9)…"), this, [this] { exportFigureInteractively(FigureKind::BatchSize); });
    menu->addSeparator();
    menu->addAction(tr("Histogram &bins (CSV)…"), this, [this] {
        exportData(tr("Export histogram bins"), QStringLiteral("histograms.csv"), tr("CSV (*.csv)"),
            [](const Snapshot& s, const QString& path) {
                return saveBytes(path, QByteArray::fromStdString(histogramCsv(s)));
            });
    });
    menu->addAction(tr("Per-set &statistics (CSV)…"), this, [this] {
        exportData(tr("Export per-set statistics"), QStringLiteral("set_statistics.csv"), tr("CSV (*.csv)"),
            [](const Snapshot& s, const QString& path) {
                return saveBytes(path, QByteArray::fromStdString(setStatisticsCsv(s)));
            });
    });
    // The input too: a generated tensor comes from NormScope's own random stream, so this is how a
    // lecturer gets the exact values on screen into PyTorch.
    menu->addAction(tr("&Input tensor (.npy)…"), this, [this] {
        exportData(tr("Export input tensor"), QStringLiteral("input.npy"), tr("NumPy arrays (*.npy)"),
            [](const Snapshot& s, const QString& path) { return saveTensor(path, *s.input); });
    });
    menu->addAction(tr("Normalized &tensor (.npy)…"), this, [this] {
        exportData(tr("Export normalized tensor"), QStringLiteral("normalized.npy"), tr("NumPy arrays (*.npy)"),
            [](const Snapshot& s, const QString& path) { return saveTensor(path, *s.output); });
    });
    QAction* runningData = menu->addAction(
        tr("Running statistics &numbers (CSV)…"), this, [this] { exportLabData(FigureKind::RunningStats); });
    QAction* batchData
        = menu->addAction(tr("Batch-size n&umbers (CSV)…"), this, [this] { exportLabData(FigureKind::BatchSize); });
    // The labs' entries are offered once a lab has something to show; the tooltip says why not.
    connect(menu, &QMenu::aboutToShow, this, [this, running, batch, runningData, batchData] {
        const LabFigureData labs = m_options().labs;
        for (auto [figure, actions] : { std::pair { FigureKind::RunningStats, std::pair { running, runningData } },
                 std::pair { FigureKind::BatchSize, std::pair { batch, batchData } } }) {
            const QString reason = labFigureUnavailableReason(figure, labs);
            for (QAction* action : { actions.first, actions.second }) {
                action->setEnabled(reason.isEmpty());
                action->setToolTip(reason);
            }
        }
    });
}

QString ExportActions::saveTensor(const QString& path, const Tensor& tensor)
{
    return writeExportTensor(path, tensor);
}

QString ExportActions::saveBytes(const QString& path, const QByteArray& bytes)
{
    return writeExportFile(path, bytes);
}

QString ExportActions::askPath(const QString& title, const QString& suggested, const QString& filter)
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("exportDir")).toString();
    const QString path = QFileDialog::getSaveFileName(m_window, title, QFileInfo(dir, suggested).filePath(), filter);
    if (!path.isEmpty())
        settings.setValue(QStringLiteral("exportDir"), QFileInfo(path).absolutePath());
    return path;
}

void ExportActions::report(const QString& path, const QString& error)
{
    if (error.isEmpty()) {
        emit message(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
        return;
    }
    emit message(error);
    QMessageBox::warning(m_window, tr("Export failed"), error);
}

void ExportActions::exportFigureInteractively(FigureKind kind)
{
    // While the window computes the next result on a large tensor the one shown has released its
    // output (withoutOutput): exports get it computed again, as it was.
    const auto snapshot = withOutput(m_snapshot());
    if (!snapshot && !isLabFigure(kind))
        return;
    FigureOptions view = m_options();
    std::map<FigureKind, QString> unavailable;
    const QString noSnapshot = tr("Nothing is computed for the explorer's setting.");
    for (FigureKind figure : { FigureKind::Cube, FigureKind::Histogram, FigureKind::Slide, FigureKind::Images })
        unavailable[figure] = snapshot ? figureUnavailableReason(figure, *snapshot) : noSnapshot;
    for (FigureKind figure : { FigureKind::RunningStats, FigureKind::BatchSize })
        unavailable[figure] = labFigureUnavailableReason(figure, view.labs);
    ExportDialog dialog(kind, view.theme.key, unavailable, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const FigureOptions chosen = dialog.options();
    view.width = chosen.width;
    view.height = chosen.height;
    view.dpi = chosen.dpi;
    view.theme = chosen.theme;
    const char* names[] = { "cube", "histograms", "slide", "images", "running_stats", "batch_size" };
    const QString path = askPath(tr("Export figure"),
        QString::fromLatin1(names[static_cast<int>(dialog.figure())]) + QStringLiteral(".png"),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    const FigureKind figure = dialog.figure();
    if (isLabFigure(figure)) {
        report(path, exportPaintedFigure(path, view, [&](QPainter& painter, const QRectF& rect) {
            paintLabFigure(painter, rect, figure, view);
        }));
        return;
    }
    report(path, exportFigure(path, figure, *snapshot, view));
}

void ExportActions::exportLabData(FigureKind kind)
{
    const LabFigureData labs = m_options().labs;
    const QString reason = labFigureUnavailableReason(kind, labs);
    if (!reason.isEmpty()) {
        emit message(reason);
        return;
    }
    const bool running = kind == FigureKind::RunningStats;
    const QString path = askPath(running ? tr("Export the running statistics") : tr("Export the batch-size numbers"),
        running ? QStringLiteral("running_stats.csv") : QStringLiteral("batch_size.csv"), tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    const std::string text = running ? runningStatsCsv(*labs.runningStats) : batchSizeCsv(*labs.batchSize);
    report(path, saveBytes(path, QByteArray::fromStdString(text)));
}

void ExportActions::exportData(const QString& title, const QString& suggested, const QString& filter,
    const std::function<QString(const Snapshot&, const QString&)>& write)
{
    const auto snapshot = withOutput(m_snapshot());
    if (!snapshot)
        return;
    const QString path = askPath(title, suggested, filter);
    if (!path.isEmpty())
        report(path, write(*snapshot, path));
}

void ExportActions::copyFigure()
{
    const auto snapshot = withOutput(m_snapshot());
    if (!snapshot)
        return;
    FigureOptions options = m_options();
    options.width = 1920;
    options.height = 1080;
    QApplication::clipboard()->setImage(renderFigureImage(FigureKind::Slide, *snapshot, options));
    emit message(tr("Copied the slide (1920 × 1080) to the clipboard"));
}

} // namespace normscope
