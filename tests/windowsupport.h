// For the window tests: files open off the GUI thread (TensorLoader), so a test opens them and
// waits for the window to say it is done.
#pragma once

#include "window/mainwindow.h"

#include <QSignalSpy>
#include <QStringList>

namespace normscope::test {

// Opens `paths` in `window` and waits for the load; returns the message the window showed, or
// an empty string on success.
inline QString openAndWait(MainWindow& window, const QStringList& paths, int timeoutMs = 20000)
{
    QSignalSpy done(&window, &MainWindow::openFinished);
    window.openFiles(paths);
    // A refusal before the load starts (an unreadable archive) is signalled at once.
    if (done.isEmpty() && !done.wait(timeoutMs))
        return QStringLiteral("the load did not finish within %1 ms").arg(timeoutMs);
    return done.takeFirst().at(0).toString();
}

} // namespace normscope::test
