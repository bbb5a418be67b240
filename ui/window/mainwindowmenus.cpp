// The window's menus: File, Edit, View and Help, and the actions they hold.
#include "control/labsbridge.h"
#include "cube/cubeview.h"
#include "export/exportactions.h"
#include "files/arraychooser.h"
#include "files/sessionio.h"
#include "files/settingsstore.h"
#include "files/tensorloader.h"
#include "images/imageview.h"
#include "labs/batchsizeview.h"
#include "labs/runningstatsview.h"
#include "look/apptheme.h"
#include "look/translations.h"
#include "panels/codepanel.h"
#include "panels/parameterpanel.h"
#include "panels/pytorchcode.h"
#include "panels/sourcepanel.h"
#include "panels/statspanel.h"
#include "plots/histogrampanel.h"
#include "plots/qcustomplotinclude.h"
#include "widgets/viewmessage.h"
#include "widgets/wheelguard.h"
#include "window/explorertabs.h"
#include "window/loadindicator.h"
#include "window/mainwindow.h"
#include "window/plottabs.h"
#include "window/presentation.h"
#include "window/viewlinks.h"
#include <Eigen/Core>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <algorithm>

namespace normscope {

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, [this] {
        const QString dir = QSettings().value(QStringLiteral("lastDir")).toString();
        const QStringList paths
            = QFileDialog::getOpenFileNames(this, tr("Open tensor or images"), dir, openFileFilter());
        if (!paths.isEmpty()) {
            QSettings().setValue(QStringLiteral("lastDir"), QFileInfo(paths.first()).absolutePath());
            openFiles(paths);
        }
    });
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(
        tr("Open a tensor (.npy, or one array of an .npz or .safetensors file), or one or more images (several "
           "images of one size form a batch)."));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    updateRecentMenu();
    file->addSeparator();
    m_sessions = new SessionActions(this, file);
    file->addSeparator();
    QMenu* scale = file->addMenu(tr("Image &values"));
    auto* scaleGroup = new QActionGroup(this);
    QAction* unit = scale->addAction(tr("0 to 1"));
    QAction* byte = scale->addAction(tr("0 to 255"));
    for (QAction* a : { unit, byte }) {
        a->setCheckable(true);
        scaleGroup->addAction(a);
    }
    connect(unit, &QAction::triggered, this, [this] { setImageScale(ImageScale::Unit); });
    connect(byte, &QAction::triggered, this, [this] { setImageScale(ImageScale::Byte); });
    connect(scale, &QMenu::aboutToShow, this, [this, unit, byte] {
        unit->setChecked(m_imageScale == ImageScale::Unit);
        byte->setChecked(m_imageScale == ImageScale::Byte);
    });
    file->addSeparator();
    m_export = new ExportActions(
        this, [this] { return m_controller->snapshot(); }, [this] { return currentFigureOptions(); });
    connect(
        m_export, &ExportActions::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    m_exportMenu = file->addMenu(tr("&Export"));
    m_export->populate(m_exportMenu);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* copy = m_copyAction = edit->addAction(tr("&Copy figure"), m_export, &ExportActions::copyFigure);
    copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copy->setToolTip(tr("Copy the slide figure (cube, histograms, statistics, code) as an image."));
    createViewMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About NormScope"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createViewMenu()
{
    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_allSetsAction = m_viewMenu->addAction(tr("&All sets"));
    m_allSetsAction->setCheckable(true);
    // Not Ctrl+A: that selects all text everywhere else, also in this window's entry fields.
    m_allSetsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_allSetsAction->setToolTip(tr("Colour every reduction set of the norm distinctly in the cube."));
    connect(m_allSetsAction, &QAction::toggled, m_state, &ExplorerState::setAllSets);
    QAction* reset = m_viewMenu->addAction(tr("&Reset cube view"), m_cube, &CubeView::resetView);
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* overlay = m_viewMenu->addAction(tr("&Overlay histograms"));
    overlay->setCheckable(true);
    connect(overlay, &QAction::toggled, m_histograms, &HistogramPanel::setOverlay);
    connect(m_histograms, &HistogramPanel::overlayChanged, overlay, &QAction::setChecked);
    QAction* logY = m_viewMenu->addAction(tr("&Logarithmic counts"));
    logY->setCheckable(true);
    connect(logY, &QAction::toggled, m_histograms, &HistogramPanel::setLogY);
    connect(m_histograms, &HistogramPanel::logYChanged, logY, &QAction::setChecked);
    m_links->populateValuesMenu(m_viewMenu->addMenu(tr("&Values on the cube")));
    QAction* compare = m_viewMenu->addAction(tr("&Compare the four norms"));
    compare->setCheckable(true);
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(compare, &QAction::triggered, m_tabs, &ExplorerTabs::setComparing);
    connect(
        m_tabs, &QTabWidget::currentChanged, compare, [this, compare] { compare->setChecked(m_tabs->comparing()); });
    m_viewMenu->addSeparator();
    QAction* full = m_viewMenu->addAction(tr("&Full screen"));
    // X11 desktops often bind no key to QKeySequence::FullScreen; F11 works everywhere.
    QList<QKeySequence> fullKeys = QKeySequence::keyBindings(QKeySequence::FullScreen);
    if (!fullKeys.contains(QKeySequence(Qt::Key_F11)))
        fullKeys.prepend(QKeySequence(Qt::Key_F11));
    full->setShortcuts(fullKeys);
    full->setCheckable(true);
    connect(full, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });
    m_presentAction = m_viewMenu->addAction(tr("&Presentation mode"));
    m_presentAction->setCheckable(true);
    m_presentAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_presentAction->setToolTip(tr("Full screen with large text; arrow keys step the norm and the set, Space sweeps."));
    connect(m_presentAction, &QAction::triggered, this, &MainWindow::setPresenting);

    // Structured bindings are captured by copy (key = key): clang 14, the sanitizer build's
    // compiler, cannot capture them by name.
    QMenu* theme = m_viewMenu->addMenu(tr("&Theme"));
    auto* themes = new QActionGroup(this);
    for (const auto& [key, label] : { std::pair { QStringLiteral("light"), tr("&Light (white slides, print)") },
             std::pair { QStringLiteral("dark"), tr("&Dark (dark projectors)") } }) {
        QAction* a = theme->addAction(label, this, [this, key = key] { applyTheme(key); });
        a->setCheckable(true);
        themes->addAction(a);
        connect(theme, &QMenu::aboutToShow, a, [this, a, key = key] { a->setChecked(m_theme.key == key); });
    }
    QMenu* language = m_viewMenu->addMenu(tr("&Language"));
    for (const auto& [lang, label] : { std::pair { QStringLiteral("en"), QStringLiteral("English") },
             std::pair { QStringLiteral("zh_CN"), QStringLiteral("简体中文") } }) {
        QAction* a = language->addAction(label, this, [this, lang = lang] {
            QSettings().setValue(QStringLiteral("language"), lang);
            emit languageChangeRequested(lang);
        });
        a->setCheckable(true);
        a->setChecked(currentLanguage() == lang);
    }
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_dock->toggleViewAction());
}

} // namespace normscope
