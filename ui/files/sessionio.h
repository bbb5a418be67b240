// Session files in the window and for `normscope export --session`: what the explorer shows now
// as a Session (core/session), a Session put back on screen, and the check that the files a
// session names are still the files it was saved with (size and SHA-256).
#pragma once

#include "session/session.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QMenu;

namespace normscope {

class MainWindow;

// File > Save Session… and Open Session…: the dialogs, and what they call (for tests too).
class SessionActions : public QObject {
    Q_OBJECT
public:
    SessionActions(MainWindow* window, QMenu* fileMenu);
    // Writes the session (atomically); an error message, empty on success.
    QString save(const QString& path);
    // Reads and applies a session; files load off the GUI thread, so the end is signalled by
    // opened(). On failure shows the reason and changes nothing; a file that cannot be read as a
    // session is also returned at once (empty otherwise). Unknown keys are named in the status bar.
    QString open(const QString& path);

signals:
    // An open() ended: empty on success, else the message shown.
    void opened(const QString& error);

private:
    MainWindow* m_window;
};

// Size and SHA-256 of the file a spec ("x.npz:a") names; a message when it cannot be read.
QString describeSessionFile(const QString& spec, SessionFile* out);
// Empty when every file of the session is there with its saved size and content; otherwise one
// sentence saying which file changed or is missing.
QString checkSessionFiles(const Session& session);

Session captureSession(const MainWindow& window);
// Puts the session on screen, then calls `done` with an error message (empty on success): files
// are checked first, and nothing changes when they do not match; they load off the GUI thread.
// The language is applied last: when it differs, the window asks to be rebuilt in it.
void applySession(MainWindow& window, const Session& session, const std::function<void(const QString&)>& done);

} // namespace normscope
