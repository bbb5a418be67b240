#include "files/sessionio.h"

#include "cube/cubeview.h"
#include "io/inputfile.h"
#include "io/tensorfile.h"
#include "look/translations.h"
#include "norms/normerror.h"
#include "plots/histogrampanel.h"
#include "window/mainwindow.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

#include <functional>

namespace normscope {

QString describeSessionFile(const QString& spec, SessionFile* out)
{
    const InputSpec parsed = parseInputSpec(spec.toStdString());
    const QString path = QString::fromStdString(parsed.path);
    try {
        requireRegularFile(parsed.path);
    } catch (const NormError& e) {
        return QString::fromStdString(e.what());
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QObject::tr("cannot read %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return QObject::tr("cannot read %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
    out->spec = parsed.text();
    out->size = static_cast<uint64_t>(file.size());
    out->sha256 = hash.result().toHex().toStdString();
    return {};
}

QString checkSessionFiles(const Session& session)
{
    for (const SessionFile& saved : session.files) {
        SessionFile now;
        const QString name = QString::fromStdString(parseInputSpec(saved.spec).path);
        const QString error = describeSessionFile(QString::fromStdString(saved.spec), &now);
        if (!error.isEmpty())
            return QObject::tr("The session needs %1, which cannot be read: %2").arg(name, error);
        if (now.size != saved.size || now.sha256 != saved.sha256)
            return QObject::tr("%1 has changed since the session was saved (%2 bytes then, %3 now%4): the session "
                               "would show other numbers, so it was not opened.")
                .arg(name)
                .arg(saved.size)
                .arg(now.size)
                .arg(now.size == saved.size ? QObject::tr(", other content") : QString());
    }
    return {};
}

Session captureSession(const MainWindow& window)
{
    const ExplorerState& state = *window.state();
    Session s;
    const TensorSource& source = state.source();
    if (source.kind == TensorSource::Kind::Generated) {
        s.generator = source.generator;
    } else {
        for (const QString& spec : source.files) {
            SessionFile file;
            if (describeSessionFile(spec, &file).isEmpty())
                s.files.push_back(file);
            else // described when opened; gone now: saved as it was, and refused when opened again
                s.files.push_back({ spec.toStdString(), 0, std::string(64, '0') });
        }
        s.imageValues = window.imageScale() == ImageScale::Byte ? "0-255" : "0-1";
    }
    s.layout = sessionLayoutName(state.shape());
    s.config = state.config();
    s.affine = state.affine();
    const int64_t channels = state.shape().c;
    s.weight = s.affine.weights(channels);
    s.bias = s.affine.biases(channels);
    s.runningMean = state.running().runningMean;
    s.runningVar = state.running().runningVar;
    s.batchesFed = state.batchesFed();
    s.sourceSteps = state.sourceSteps();
    s.selectedSet = state.selectedSet();
    s.camera = window.cubeView()->paintOptions().camera;
    s.theme = window.themeKey().toStdString();
    s.language = currentLanguage().toStdString();
    s.bins = state.bins();
    s.allSets = state.allSets();
    s.overlay = window.histogramPanel()->overlay();
    s.logY = window.histogramPanel()->logY();
    return s;
}

namespace {

// Everything after the source: the layer, γ/β, running statistics, selection and view.
void applyAfterSource(MainWindow& window, const Session& session)
{
    ExplorerState& state = *window.state();
    state.setConfig(session.config);
    state.setAffine(session.affine);
    NormParams running;
    running.runningMean = session.runningMean;
    running.runningVar = session.runningVar;
    state.restoreRunning(running, session.batchesFed, session.sourceSteps);
    state.setSelectedSet(session.selectedSet);
    state.setBins(session.bins);
    state.setAllSets(session.allSets);
    window.cubeView()->setCamera(session.camera);
    window.histogramPanel()->setOverlay(session.overlay);
    window.histogramPanel()->setLogY(session.logY);
    window.histogramPanel()->setBins(session.bins);
    window.applyTheme(QString::fromStdString(session.theme));
    const QString language = QString::fromStdString(session.language);
    if (language != currentLanguage())
        emit window.languageChangeRequested(language);
}

} // namespace

void applySession(MainWindow& window, const Session& session, const std::function<void(const QString&)>& done)
{
    const QString changed = checkSessionFiles(session);
    if (!changed.isEmpty()) {
        done(changed);
        return;
    }
    if (session.generator) {
        try {
            validateGeneratorSpec(*session.generator);
        } catch (const NormError& e) {
            done(QString::fromStdString(e.what()));
            return;
        }
        window.state()->setGenerator(*session.generator);
        applyAfterSource(window, session);
        done({});
        return;
    }
    window.setImageScale(session.imageValues == "0-255" ? ImageScale::Byte : ImageScale::Unit);
    QStringList specs;
    for (const SessionFile& file : session.files)
        specs << QString::fromStdString(file.spec);
    // The files load off the GUI thread: the rest follows once they are on screen.
    auto* waiting = new QObject(&window);
    QObject::connect(
        &window, &MainWindow::openFinished, waiting, [&window, session, done, waiting](const QString& error) {
            waiting->deleteLater();
            if (error.isEmpty())
                applyAfterSource(window, session);
            done(error);
        });
    window.openFiles(specs, [session](int rank) { return sessionLayout(session, rank); });
}

SessionActions::SessionActions(MainWindow* window, QMenu* fileMenu)
    : QObject(window)
    , m_window(window)
{
    const QString filter = tr("NormScope sessions (*.json)");
    QAction* save = fileMenu->addAction(tr("&Save Session…"), this, [this, filter] {
        const QString dir = QSettings().value(QStringLiteral("sessionDir")).toString();
        QString path = QFileDialog::getSaveFileName(m_window, tr("Save session"), dir, filter);
        if (path.isEmpty())
            return;
        if (!path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
            path += QStringLiteral(".json");
        QSettings().setValue(QStringLiteral("sessionDir"), QFileInfo(path).absolutePath());
        const QString error = this->save(path);
        if (error.isEmpty())
            m_window->statusBar()->showMessage(tr("Saved the session %1").arg(QFileInfo(path).fileName()), 8000);
        else
            QMessageBox::warning(m_window, tr("Cannot save the session"), error);
    });
    save->setShortcut(QKeySequence::Save);
    save->setToolTip(tr("Save the tensor's source, the layer with every parameter, the running statistics and the "
                        "view as a small JSON file, to open again or to render with normscope export --session."));
    QAction* open = fileMenu->addAction(tr("Open Sessio&n…"), this, [this, filter] {
        const QString dir = QSettings().value(QStringLiteral("sessionDir")).toString();
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Open session"), dir, filter);
        if (path.isEmpty())
            return;
        QSettings().setValue(QStringLiteral("sessionDir"), QFileInfo(path).absolutePath());
        this->open(path);
    });
    open->setToolTip(tr("Open a session saved by Save Session: the same tensor, layer and view."));
}

QString SessionActions::save(const QString& path)
{
    try {
        writeSessionFile(path.toStdString(), captureSession(*m_window));
    } catch (const NormError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QString SessionActions::open(const QString& path)
{
    std::vector<std::string> warnings;
    Session session;
    try {
        session = readSessionFile(path.toStdString(), &warnings);
    } catch (const NormError& e) {
        const QString error = QString::fromStdString(e.what());
        QMessageBox::warning(m_window, tr("Cannot open the session"), error);
        emit opened(error);
        return error;
    }
    QStringList notes;
    for (const std::string& w : warnings)
        notes << QString::fromStdString(w);
    const QString name = QFileInfo(path).fileName();
    applySession(*m_window, session, [this, name, notes](const QString& error) {
        if (!error.isEmpty()) {
            QMessageBox::warning(m_window, tr("Cannot open the session"), error);
        } else {
            QString text = tr("Opened the session %1").arg(name);
            if (!notes.isEmpty())
                text += QStringLiteral(" · ") + notes.join(QStringLiteral("; "));
            m_window->statusBar()->showMessage(text, 15000);
        }
        emit opened(error);
    });
    return {};
}

} // namespace normscope
