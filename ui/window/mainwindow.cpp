#include "window/mainwindow.h"

#include "widgets/viewmessage.h"
#include "widgets/wheelguard.h"

#include "control/labsbridge.h"
#include "cube/cubeview.h"
#include "export/exportactions.h"
#include "files/arraychooser.h"
#include "files/layoutchoice.h"
#include "files/sessionio.h"
#include "files/settingsstore.h"
#include "files/tensorloader.h"
#include "images/imageview.h"
#include "labs/batchsizeview.h"
#include "labs/runningstatsview.h"
#include "look/apptheme.h"
#include "look/translations.h"
#include "norms/normerror.h"
#include "panels/codepanel.h"
#include "panels/parameterpanel.h"
#include "panels/pytorchcode.h"
#include "panels/sourcepanel.h"
#include "panels/statspanel.h"
#include "plots/histogrampanel.h"
#include "tensor/layout.h"
#include "window/explorertabs.h"
#include "window/loadindicator.h"
#include "window/plottabs.h"
#include "window/presentation.h"
#include "window/viewlinks.h"

#include "plots/qcustomplotinclude.h"
#include <Eigen/Core>
#include <utility>

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

MainWindow::MainWindow(ExplorerState* state, QWidget* parent)
    : QMainWindow(parent)
    , m_state(state)
    , m_controller(nullptr)
{
    setWindowTitle(tr("NormScope"));
    setAcceptDrops(true);
    if (!m_state) {
        m_state = new ExplorerState(this);
        restoreExplorerState(*m_state);
    }
    m_controller = new Controller(m_state, this);
    m_presentation = new Presentation(m_state, m_controller, this);
    createViews();
    createDocks();
    createMenus();
    createPresentationKeys();

    m_hover = new QLabel(this);
    statusBar()->addWidget(m_hover, 1);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0); // indeterminate
    m_busy->setMaximumWidth(160);
    m_busy->setFormat(tr("computing…"));
    m_busy->hide();
    statusBar()->addPermanentWidget(m_busy);
    // Files load off the GUI thread: the window stays live, and Cancel keeps the tensor on screen.
    m_loader = new TensorLoader(this);
    statusBar()->addPermanentWidget(new LoadIndicator(m_loader, this));
    connect(m_loader, &TensorLoader::loaded, this, &MainWindow::onFilesLoaded);
    connect(m_loader, &TensorLoader::failed, this, [this](const QStringList&, const QString& message) {
        showError(tr("Cannot open"), message);
        emit openFinished(message);
    });
    connect(m_loader, &TensorLoader::cancelled, this, [this](const QStringList&) {
        const QString text = tr("Loading cancelled: the tensor on screen is unchanged.");
        statusBar()->showMessage(text, 5000);
        emit openFinished(text);
    });

    connect(m_controller, &Controller::snapshotReady, this, &MainWindow::onSnapshot);
    connect(m_controller, &Controller::computeFailed, this, &MainWindow::onComputeFailed);
    connect(m_controller, &Controller::stepFailed, this, [this](const QString& message) {
        m_parameters->showStepError(message);
        statusBar()->showMessage(tr("Step not taken: %1").arg(message), 10000);
    });
    connect(m_controller, &Controller::busyChanged, m_busy, &QWidget::setVisible);
    connect(m_state, &ExplorerState::viewChanged, this, [this] {
        m_cube->setAllSets(m_state->allSets());
        m_allSetsAction->setChecked(m_state->allSets());
    });

    QSettings settings;
    restoreWindowGeometry(settings);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_mainSplitter->restoreState(settings.value(QStringLiteral("window/mainSplitter")).toByteArray());
    m_topSplitter->restoreState(settings.value(QStringLiteral("window/topSplitter")).toByteArray());
    m_bottomSplitter->restoreState(settings.value(QStringLiteral("window/bottomSplitter")).toByteArray());
    m_imageScale = settings.value(QStringLiteral("imageScale")).toString() == QLatin1String("byte") ? ImageScale::Byte
                                                                                                    : ImageScale::Unit;
    m_histograms->setOverlay(settings.value(QStringLiteral("view/overlay"), false).toBool());
    m_histograms->setLogY(settings.value(QStringLiteral("view/logY"), false).toBool());
    // The box shows the state's bins, not its own default: after a language switch it said 60
    // while the histograms kept 62.
    m_histograms->setBins(m_state->bins());
    m_cube->setAllSets(m_state->allSets());
    m_allSetsAction->setChecked(m_state->allSets());
    applyTheme(settings.value(QStringLiteral("theme"), QStringLiteral("light")).toString());
}

MainWindow::~MainWindow() = default;

FigureOptions MainWindow::currentFigureOptions() const
{
    FigureOptions options;
    options.theme = m_theme;
    options.allSets = m_state->allSets();
    options.camera = m_cube->paintOptions().camera;
    options.overlay = m_histograms->overlay();
    options.logY = m_histograms->logY();
    options.sourceText = m_state->source().description;
    options.pictures = pictureSourceFor(m_state->source(), m_imageScale);
    options.labs = { m_labs->runningStats(), m_labs->batchSize(), m_labs->channel() };
    return options;
}

void MainWindow::applyTheme(const QString& key)
{
    m_theme = Theme::byKey(key);
    applyApplicationTheme(m_theme);
    m_cube->setTheme(m_theme);
    m_histograms->setTheme(m_theme);
    m_images->setTheme(m_theme);
    m_stats->setTheme(m_theme);
    m_code->setTheme(m_theme);
    m_runningView->setTheme(m_theme);
    m_batchView->setTheme(m_theme);
    m_tabs->setTheme(m_theme);
    QSettings().setValue(QStringLiteral("theme"), m_theme.key);
}

void MainWindow::setViewFontScale(double scale)
{
    m_cube->setFontScale(scale);
    m_histograms->setFontScale(scale);
    m_images->setFontScale(scale);
    m_stats->setFontScale(scale);
    m_code->setFontScale(scale);
    m_runningView->setFontScale(scale);
    m_batchView->setFontScale(scale);
    m_tabs->setFontScale(scale);
}

void MainWindow::setPresenting(bool on)
{
    if (on == m_presenting)
        return;
    m_presenting = on;
    for (QAction* key : std::as_const(m_presentationKeys))
        key->setEnabled(on);
    if (on) {
        m_dockWasVisible = m_dock->isVisible();
        m_dock->hide();
        menuBar()->hide();
        showFullScreen();
        // Readable from the back of a lecture hall, in proportion to the screen: 1.8× on a
        // 1080-line projector, 1.3× at 768 lines where 1.8× clipped the statistics.
        const int lines = screen() ? screen()->geometry().height() : 1080;
        setViewFontScale(std::clamp(lines / 600.0, 1.25, 2.4));
        // The full script needs sideways scrolling at lecture size; the statistics need the room.
        m_codeWasVisible = m_code->isVisible();
        m_code->hide();
        m_histograms->setControlsVisible(false);
        m_cube->setFocus();
        showPresentationKeys();
    } else {
        m_presentation->setSweeping(false);
        menuBar()->show();
        m_dock->setVisible(m_dockWasVisible);
        m_code->setVisible(m_codeWasVisible);
        showNormal();
        setViewFontScale(1.0);
        m_histograms->setControlsVisible(true);
        statusBar()->clearMessage();
    }
    m_presentAction->setChecked(on);
}

void MainWindow::showPresentationKeys()
{
    // On the running-statistics lab → and Space drive the lab, so the line says so.
    statusBar()->showMessage(m_centralTabs->currentWidget() == m_runningView
            ? tr("Presentation: → feed one batch · Space play/pause · Ctrl+Tab next tab · Esc leave")
            : tr("Presentation: ←/→ norm · ↑/↓ set · Space sweep · +/− speed · C compare · G/Shift+G groups · "
                 "P panel · Esc leave"));
}

void MainWindow::createPresentationKeys()
{
    const auto key = [this](const QKeySequence& sequence, std::function<void()> action) {
        auto* a = new QAction(this);
        a->setShortcut(sequence);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setEnabled(false);
        connect(a, &QAction::triggered, this, std::move(action));
        addAction(a);
        m_presentationKeys << a;
    };
    // On the running-statistics lab, → feeds one batch and Space plays or pauses.
    const auto onRunningLab = [this] { return m_centralTabs->currentWidget() == m_runningView; };
    key(QKeySequence(Qt::Key_Right),
        [this, onRunningLab] { onRunningLab() ? m_labs->step(1) : m_presentation->nextNorm(+1); });
    key(QKeySequence(Qt::Key_Left), [this] { m_presentation->nextNorm(-1); });
    key(QKeySequence(Qt::Key_Down), [this] { m_presentation->moveSelection(+1); });
    key(QKeySequence(Qt::Key_Up), [this] { m_presentation->moveSelection(-1); });
    key(QKeySequence(Qt::Key_Space), [this, onRunningLab] {
        onRunningLab() ? m_labs->setPlaying(!m_labs->playing())
                       : m_presentation->setSweeping(!m_presentation->sweeping());
    });
    key(QKeySequence(Qt::Key_Plus),
        [this] { m_presentation->setSetsPerSecond(m_presentation->setsPerSecond() * 1.5); });
    key(QKeySequence(Qt::Key_Equal),
        [this] { m_presentation->setSetsPerSecond(m_presentation->setsPerSecond() * 1.5); });
    key(QKeySequence(Qt::Key_Minus),
        [this] { m_presentation->setSetsPerSecond(m_presentation->setsPerSecond() / 1.5); });
    key(QKeySequence(Qt::Key_P), [this] { m_dock->setVisible(!m_dock->isVisible()); });
    key(QKeySequence(Qt::Key_Escape), [this] { setPresenting(false); });
    key(QKeySequence(Qt::Key_C), [this] { m_tabs->setComparing(!m_tabs->comparing()); });
    for (const int direction : { +1, -1 })
        key(QKeySequence(direction > 0 ? Qt::Key_G : (Qt::SHIFT | Qt::Key_G)), [this, direction] {
            statusBar()->showMessage(tr("GroupNorm: G = %1").arg(m_tabs->stepGroups(direction)), 3000);
        });
    connect(m_presentation, &Presentation::rateChanged, this,
        [this](double rate) { statusBar()->showMessage(tr("Sweep: %1 sets per second").arg(rate, 0, 'g', 3), 3000); });
}

void MainWindow::createViews()
{
    m_cube = new CubeView(this);
    m_histograms = new HistogramPanel(this);
    m_images = new ImageView(this);
    m_plotTabs = new PlotTabs(m_histograms, m_images, this);
    m_stats = new StatsPanel(this);
    m_code = new CodePanel(this);

    m_topSplitter = new QSplitter(Qt::Horizontal, this);
    m_topSplitter->addWidget(m_cube);
    m_topSplitter->addWidget(m_plotTabs);
    m_topSplitter->setStretchFactor(0, 1);
    m_topSplitter->setStretchFactor(1, 1);
    m_bottomSplitter = new QSplitter(Qt::Horizontal, this);
    m_bottomSplitter->addWidget(m_stats);
    m_bottomSplitter->addWidget(m_code);
    m_mainSplitter = new QSplitter(Qt::Vertical, this);
    m_mainSplitter->addWidget(m_topSplitter);
    m_mainSplitter->addWidget(m_bottomSplitter);
    m_mainSplitter->setStretchFactor(0, 3);
    m_mainSplitter->setStretchFactor(1, 1);
    // First start: cube and plots get most of the height, the numbers and code the rest.
    m_topSplitter->setSizes({ 560, 480 });
    m_mainSplitter->setSizes({ 500, 230 });
    m_bottomSplitter->setSizes({ 520, 520 });
    // One norm, the four side by side, and the labs: tabs of the central area, one click apart,
    // each with the whole central area for its plots.
    m_tabs = new ExplorerTabs(m_mainSplitter, m_state, m_controller, this);
    m_centralTabs = m_tabs;
    m_labs = new LabSession(this);
    m_runningView = new RunningStatsView(m_labs, this);
    m_batchView = new BatchSizeView(m_labs, this);
    m_centralTabs->addTab(m_runningView, tr("Running statistics"));
    m_centralTabs->addTab(m_batchView, tr("Batch size"));
    setCentralWidget(m_centralTabs);
    connectLabs(m_state, m_labs);
    connect(m_centralTabs, &QTabWidget::currentChanged, this, [this] {
        if (m_presenting)
            showPresentationKeys();
    });
    connect(m_runningView, &RunningStatsView::exportRequested, this, [this](bool data) {
        data ? m_export->exportLabData(FigureKind::RunningStats)
             : m_export->exportFigureInteractively(FigureKind::RunningStats);
    });
    connect(m_batchView, &BatchSizeView::exportRequested, this, [this](bool data) {
        data ? m_export->exportLabData(FigureKind::BatchSize)
             : m_export->exportFigureInteractively(FigureKind::BatchSize);
    });
    m_links = new ViewLinks(m_state, m_controller, m_cube, m_histograms, m_stats, this);
    connect(m_tabs, &ExplorerTabs::hoverTextChanged, this, [this](const QString& text) { m_hover->setText(text); });
    connect(
        m_tabs, &ExplorerTabs::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });

    m_viewMessages = { new ViewMessage(m_cube), new ViewMessage(m_histograms), new ViewMessage(m_images) };
    connect(m_cube, &CubeView::setClicked, m_state, [this](qint64 set) { m_state->setSelectedSet(set); });
    connect(m_cube, &CubeView::hoverTextChanged, this, [this](const QString& text) { m_hover->setText(text); });
    connect(m_images, &ImageView::setClicked, m_state, [this](qint64 set) { m_state->setSelectedSet(set); });
    connect(m_images, &ImageView::hoverTextChanged, this, [this](const QString& text) { m_hover->setText(text); });
    connect(m_histograms, &HistogramPanel::binsRequested, m_state, &ExplorerState::setBins);
}

void MainWindow::createDocks()
{
    auto* panels = new QWidget(this);
    auto* layout = new QVBoxLayout(panels);
    layout->setContentsMargins(0, 0, 0, 0);
    m_source = new SourcePanel(m_state, panels);
    m_parameters = new ParameterPanel(m_state, panels);
    layout->addWidget(m_source);
    layout->addWidget(m_parameters);
    layout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(panels);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    guardWheel(panels);
    // A fixed width: the panel's hint changes with the norm's rows, and a dock that resized on
    // every BN/LN/IN/GN click moved those very buttons from under the pointer.
    scroll->setMinimumWidth(panels->sizeHint().width() + 40);
    scroll->setMaximumWidth(scroll->minimumWidth() + 120);

    auto* dock = m_dock = new QDockWidget(tr("Tensor and layer"), this);
    dock->setObjectName(QStringLiteral("parametersDock"));
    dock->setWidget(scroll);
    dock->setFeatures(
        QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(m_parameters, &ParameterPanel::stepRequested, m_controller, [this] { m_controller->stepRunningStats(); });
}

void MainWindow::setImageScale(ImageScale scale)
{
    if (scale == m_imageScale)
        return;
    m_imageScale = scale;
    // Images on screen are read again at the new scale, so the tensor, the numbers and the
    // PyTorch code (which divides by 255 or not) agree with the menu.
    const TensorSource& source = m_state->source();
    const bool images = source.kind == TensorSource::Kind::Loaded && !source.files.isEmpty()
        && std::all_of(source.files.begin(), source.files.end(), [](const QString& f) { return isImageFile(f); });
    if (images)
        openFiles(source.files);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (const QString& path : files)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFiles({ path }); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::openFiles(const QStringList& paths, LayoutForRank layoutFor)
{
    m_layoutFor = std::move(layoutFor);
    // An archive given without an array name: ask which array (window-modal, not blocking).
    // Listing reads only the archive's directory, so it stays on the GUI thread.
    for (const QString& path : paths) {
        auto listed = arraysToChoose(path);
        QString message;
        if (auto* error = std::get_if<QString>(&listed))
            message = *error;
        else if (const auto& entries = std::get<std::vector<ArrayEntry>>(listed); entries.size() > 1) {
            if (paths.size() > 1)
                message
                    = tr("%1 holds several arrays: open it on its own to choose one.").arg(QFileInfo(path).fileName());
            else {
                auto* chooser = new ArrayChooser(QFileInfo(path).fileName(), entries, this);
                chooser->setAttribute(Qt::WA_DeleteOnClose);
                connect(chooser, &QDialog::accepted, this,
                    [this, path, chooser] { openFiles({ path + QLatin1Char(':') + chooser->chosenName() }); });
                chooser->open();
                return;
            }
        }
        if (!message.isEmpty()) {
            showError(tr("Cannot open"), message);
            emit openFinished(message);
            return;
        }
    }
    m_loader->load(paths, m_imageScale);
}

void MainWindow::onFilesLoaded(const QStringList& paths, const LoadedTensor& read)
{
    LoadedTensor loaded = read;
    QStringList absolute;
    for (const QString& path : paths)
        absolute << absoluteSpec(path);
    // A 3-D or 4-D array may be channels last: (B, T, C) or NHWC. The answer given for this file
    // before, or a guess now and a question that does not block the window.
    const std::vector<int64_t> fileDims = loaded.tensor->shape().dims();
    const int rank = static_cast<int>(fileDims.size());
    const bool npy = !isImageFile(paths.first());
    const LayoutForRank fixed = std::exchange(m_layoutFor, {});
    std::optional<Layout> remembered;
    Layout layout = Layout::ChannelsFirst;
    try {
        if (fixed) {
            layout = fixed(rank);
            if (npy)
                rememberLayout(absolute, layout, rank);
        } else if (npy) {
            remembered = rememberedLayout(absolute.first(), rank);
            layout = remembered.value_or(guessedLayout(fileDims));
        }
    } catch (const NormError& e) {
        showError(tr("Cannot open"), QString::fromStdString(e.what()));
        emit openFinished(QString::fromStdString(e.what()));
        return;
    }
    if (layout != Layout::ChannelsFirst) {
        try {
            if (loaded.batches.empty())
                loaded.batches.push_back(loaded.tensor);
            for (auto& batch : loaded.batches)
                batch = std::make_shared<const Tensor>(arrangeFrom(*batch, layout));
            loaded.tensor = loaded.batches.front();
            if (absolute.size() == 1)
                loaded.batches.clear();
        } catch (const NormError& e) {
            showError(tr("Cannot open"), QString::fromStdString(e.what()));
            emit openFinished(QString::fromStdString(e.what()));
            return;
        }
    }
    if (absolute.size() == 1)
        addRecentFile(absolute.first());
    updateRecentMenu();
    if (loaded.batches.size() > 1)
        m_state->setLoadedBatches(loaded.batches, loaded.description, absolute, absolute);
    else
        m_state->setLoaded(loaded.tensor, loaded.description, absolute);
    const QString layoutName = QString::fromStdString(layoutTitle(layout, rank));
    if (remembered && rank >= 3)
        statusBar()->showMessage(
            tr("Opened %1 as %2, as last time (Tensor → Layout changes it)").arg(loaded.description, layoutName), 8000);
    else
        statusBar()->showMessage(tr("Opened %1").arg(loaded.description), 5000);
    if (npy && !fixed && !remembered && layoutsForRank(rank).size() > 1) {
        auto* question = new LayoutQuestion(QFileInfo(paths.first()).fileName(), fileDims, layout, this);
        question->setAttribute(Qt::WA_DeleteOnClose);
        connect(question, &LayoutQuestion::chosen, this, [this, absolute, rank](Layout chosen) {
            // Only if those files are still on screen.
            if (m_state->source().kind != TensorSource::Kind::Loaded || m_state->source().files != absolute)
                return;
            m_state->setLayout(chosen, rank);
            rememberLayout(absolute, chosen, rank);
        });
        question->open();
    }
    emit openFinished({});
}

void MainWindow::showError(const QString& title, const QString& message)
{
    statusBar()->showMessage(message, 10000);
    // Window-modal but not blocking, so scripted use and tests never hang on it.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::onSnapshot(const std::shared_ptr<const Snapshot>& snapshot)
{
    for (ViewMessage* message : std::as_const(m_viewMessages))
        message->clearMessage();
    if (m_exportMenu)
        m_exportMenu->setEnabled(true);
    if (m_copyAction)
        m_copyAction->setEnabled(true);
    if (m_failureShown) {
        statusBar()->clearMessage();
        m_failureShown = false;
    }
    m_cube->setSnapshot(snapshot);
    m_histograms->setSnapshot(snapshot);
    m_plotTabs->setSnapshot(snapshot, pictureSourceFor(m_state->source(), m_imageScale));
    m_stats->setSnapshot(snapshot);
    m_source->setSnapshot(snapshot);
    m_parameters->setSnapshot(snapshot);
    m_code->setCode(pytorchCodeFor(*m_state, m_imageScale, snapshot.get()));
}

void MainWindow::onComputeFailed(const QString& message)
{
    // No view may go on showing the previous setting's result as if it were this one's: each
    // is emptied and says why, where the user is looking, until a setting can be computed.
    m_cube->setSnapshot(nullptr);
    m_histograms->setSnapshot(nullptr);
    m_plotTabs->setSnapshot(nullptr, pictureSourceFor(m_state->source(), m_imageScale));
    m_stats->showError(message);
    m_source->setSnapshot(nullptr);
    m_parameters->setSnapshot(nullptr);
    m_hover->clear();
    const QString title = tr("Cannot compute this setting");
    for (ViewMessage* view : std::as_const(m_viewMessages))
        view->showMessage(title, message);
    m_code->setCode(pytorchCodeFor(*m_state, m_imageScale, nullptr, message));
    // Nothing current to export or copy.
    if (m_exportMenu)
        m_exportMenu->setEnabled(false);
    if (m_copyAction)
        m_copyAction->setEnabled(false);
    statusBar()->showMessage(tr("Cannot compute: %1").arg(message));
    m_failureShown = true;
}

void MainWindow::restoreWindowGeometry(const QSettings& settings)
{
    // The client rectangle, set as such: restoreGeometry() stores the frame's corner and guesses
    // the frame on the way back, and the window came back 20 px lower after every language
    // switch or restart.
    const QRect rect = settings.value(QStringLiteral("window/rect")).toRect();
    if (rect.isValid() && QGuiApplication::screenAt(rect.center()))
        setGeometry(rect);
    else
        resize(1340, 740); // fits a 1366×768 screen
    if (settings.value(QStringLiteral("window/maximized"), false).toBool())
        setWindowState(windowState() | Qt::WindowMaximized);
}

void MainWindow::saveWindowSettings()
{
    saveExplorerState(*m_state);
    QSettings settings;
    // normalGeometry(): the window's own place, also while maximized or presenting.
    settings.setValue(QStringLiteral("window/rect"), normalGeometry());
    settings.setValue(QStringLiteral("window/maximized"), isMaximized());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/mainSplitter"), m_mainSplitter->saveState());
    settings.setValue(QStringLiteral("window/topSplitter"), m_topSplitter->saveState());
    settings.setValue(QStringLiteral("window/bottomSplitter"), m_bottomSplitter->saveState());
    settings.setValue(QStringLiteral("view/overlay"), m_histograms->overlay());
    settings.setValue(QStringLiteral("view/logY"), m_histograms->logY());
    settings.setValue(QStringLiteral("imageScale"),
        m_imageScale == ImageScale::Byte ? QStringLiteral("byte") : QStringLiteral("unit"));
    settings.setValue(QStringLiteral("theme"), m_theme.key);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveWindowSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    const QList<QUrl> urls = event->mimeData()->urls();
    for (const QUrl& url : urls) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    if (!paths.isEmpty()) {
        event->acceptProposedAction();
        openFiles(paths);
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About NormScope"),
        tr("<h3>NormScope %1</h3>"
           "<p>See what BatchNorm, LayerNorm, InstanceNorm, GroupNorm and RMSNorm do: which values each norm averages "
           "over, and the values before and after. The numbers follow PyTorch's torch.nn layers.</p>"
           "<p>Built with Qt %2 (running on %3), QCustomPlot %4 and Eigen %5.%6.%7.</p>")
            .arg(QApplication::applicationVersion(), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()),
                QStringLiteral(QCUSTOMPLOT_VERSION_STR))
            .arg(EIGEN_WORLD_VERSION)
            .arg(EIGEN_MAJOR_VERSION)
            .arg(EIGEN_MINOR_VERSION));
}

} // namespace normscope
