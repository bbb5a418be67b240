// The explorer window: tensor and layer panels in docks; the cube, histograms, statistics and
// PyTorch code in the centre. Owns the ExplorerState and the Controller and wires them to the
// views; the views only draw snapshots.
#pragma once

#include "control/controller.h"
#include "control/explorerstate.h"
#include "export/figureexport.h"
#include "files/tensorfiles.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSettings;
class QSplitter;
class QTabWidget;

namespace normscope {

class CodePanel;
class ExplorerTabs;
class ExportActions;
class Presentation;
class CubeView;
class HistogramPanel;
class ImageView;
class PlotTabs;
class SessionActions;
class ParameterPanel;
class SourcePanel;
class StatsPanel;
class TensorLoader;
class ViewMessage;
class LabSession;
class RunningStatsView;
class BatchSizeView;
class ViewLinks;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Uses `state` when given (it outlives a window rebuilt for a new language), else owns one.
    explicit MainWindow(ExplorerState* state = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    ExplorerState* state() const { return m_state; }
    Controller* controller() const { return m_controller; }
    CubeView* cubeView() const { return m_cube; }
    HistogramPanel* histogramPanel() const { return m_histograms; }
    StatsPanel* statsPanel() const { return m_stats; }
    CodePanel* codePanel() const { return m_code; }
    ImageView* imageView() const { return m_images; }
    PlotTabs* plotTabs() const { return m_plotTabs; }
    SessionActions* sessionActions() const { return m_sessions; }
    // The explorer and the behaviour labs, as tabs of the central area.
    QTabWidget* centralTabs() const { return m_centralTabs; }
    LabSession* labSession() const { return m_labs; }
    RunningStatsView* runningStatsView() const { return m_runningView; }
    BatchSizeView* batchSizeView() const { return m_batchView; }
    // One norm, or the four side by side.
    ExplorerTabs* explorerTabs() const { return m_tabs; }

    // Opens .npy or image files, or one array of an .npz or .safetensors file ("x.npz:a"), off
    // the GUI thread (the status bar shows progress and Cancel). An archive given without a name
    // opens the ArrayChooser first. When done, openFinished() carries an empty string, or the
    // reason shown to the user; on failure or cancel the current tensor stays. A 3-D or 4-D array
    // is read in the layout `layoutFor` gives for its rank (a session's: no question asked, and a
    // NormError it throws is the open's error), else in the one remembered for the file.
    using LayoutForRank = std::function<Layout(int rank)>;
    void openFiles(const QStringList& paths, LayoutForRank layoutFor = {});
    TensorLoader* loader() const { return m_loader; }
    ImageScale imageScale() const { return m_imageScale; }
    // The current view (camera, all sets, histogram options, theme, code) as figure options.
    FigureOptions currentFigureOptions() const;
    QString themeKey() const { return m_theme.key; }
    void applyTheme(const QString& key);
    bool presenting() const { return m_presenting; }
    void setPresenting(bool on);
    Presentation* presentation() const { return m_presentation; }
    // Also reads images on screen again at the new scale.
    void setImageScale(ImageScale scale);
    // Writes what the next window starts from (state, place, layout, theme, view options): at
    // close, and before a language switch rebuilds the window.
    void saveWindowSettings();

signals:
    // The user picked another interface language; the application rebuilds the window.
    void languageChangeRequested(const QString& lang);
    // An openFiles() ended: empty on success, else the message the window showed.
    void openFinished(const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void restoreWindowGeometry(const QSettings& settings);
    void createViews();
    void createDocks();
    void createMenus();
    void createViewMenu();
    void createPresentationKeys();
    void showPresentationKeys();
    void setViewFontScale(double scale);
    void updateRecentMenu();
    void onFilesLoaded(const QStringList& paths, const LoadedTensor& loaded);
    void onSnapshot(const std::shared_ptr<const Snapshot>& snapshot);
    void onComputeFailed(const QString& message);
    void showError(const QString& title, const QString& message);
    void showAbout();

    ExplorerState* m_state;
    LayoutForRank m_layoutFor; // of the openFiles() in progress
    Controller* m_controller;
    CubeView* m_cube = nullptr;
    HistogramPanel* m_histograms = nullptr;
    ImageView* m_images = nullptr;
    PlotTabs* m_plotTabs = nullptr;
    ExplorerTabs* m_tabs = nullptr;
    ViewLinks* m_links = nullptr; // brushing between the histograms, the cube and the statistics
    StatsPanel* m_stats = nullptr;
    CodePanel* m_code = nullptr;
    SourcePanel* m_source = nullptr;
    ParameterPanel* m_parameters = nullptr;
    QSplitter* m_topSplitter = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_bottomSplitter = nullptr;
    QTabWidget* m_centralTabs = nullptr;
    LabSession* m_labs = nullptr;
    RunningStatsView* m_runningView = nullptr;
    BatchSizeView* m_batchView = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QAction* m_allSetsAction = nullptr;
    QMenu* m_exportMenu = nullptr;
    QAction* m_copyAction = nullptr;
    QList<ViewMessage*> m_viewMessages; // over the cube, the histograms and the images
    bool m_failureShown = false;
    QProgressBar* m_busy = nullptr;
    TensorLoader* m_loader = nullptr;
    QLabel* m_hover = nullptr;
    ImageScale m_imageScale = ImageScale::Unit;
    ExportActions* m_export = nullptr;
    SessionActions* m_sessions = nullptr;
    Presentation* m_presentation = nullptr;
    QList<QAction*> m_presentationKeys;
    QAction* m_presentAction = nullptr;
    QDockWidget* m_dock = nullptr;
    Theme m_theme = Theme::light();
    bool m_presenting = false;
    bool m_dockWasVisible = true;
    bool m_codeWasVisible = true;
};

} // namespace normscope
