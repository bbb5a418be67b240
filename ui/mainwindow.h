// The explorer window: tensor and layer panels in docks; the cube, histograms, statistics and
// PyTorch code in the centre. Owns the ExplorerState and the Controller and wires them to the
// views; the views only draw snapshots.
#pragma once

#include "controller.h"
#include "explorerstate.h"
#include "tensorfiles.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;

namespace normscope {

class CodePanel;
class CubeView;
class HistogramPanel;
class ParameterPanel;
class SourcePanel;
class StatsPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ExplorerState* state() const { return m_state; }
    Controller* controller() const { return m_controller; }
    CubeView* cubeView() const { return m_cube; }
    HistogramPanel* histogramPanel() const { return m_histograms; }
    StatsPanel* statsPanel() const { return m_stats; }
    CodePanel* codePanel() const { return m_code; }

    // Opens .npy or image files. On failure shows the reason, keeps the current tensor and
    // returns the message (empty on success).
    QString openFiles(const QStringList& paths);
    ImageScale imageScale() const { return m_imageScale; }
    void setImageScale(ImageScale scale) { m_imageScale = scale; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createViews();
    void createDocks();
    void createMenus();
    void updateRecentMenu();
    void onSnapshot(const std::shared_ptr<const Snapshot>& snapshot);
    void showError(const QString& title, const QString& message);
    void showAbout();

    ExplorerState* m_state;
    Controller* m_controller;
    CubeView* m_cube = nullptr;
    HistogramPanel* m_histograms = nullptr;
    StatsPanel* m_stats = nullptr;
    CodePanel* m_code = nullptr;
    SourcePanel* m_source = nullptr;
    ParameterPanel* m_parameters = nullptr;
    QSplitter* m_topSplitter = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_bottomSplitter = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QAction* m_allSetsAction = nullptr;
    QProgressBar* m_busy = nullptr;
    QLabel* m_hover = nullptr;
    ImageScale m_imageScale = ImageScale::Unit;
};

} // namespace normscope
