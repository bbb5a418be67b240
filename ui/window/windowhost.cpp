#include "window/windowhost.h"

#include "control/explorerstate.h"
#include "files/settingsstore.h"
#include "files/tensorfiles.h"
#include "look/translations.h"
#include "window/mainwindow.h"

#include <QTabWidget>

namespace normscope {

WindowHost::WindowHost(QObject* parent)
    : QObject(parent)
    , m_state(new ExplorerState(this))
{
    restoreExplorerState(*m_state);
}

WindowHost::~WindowHost()
{
    delete m_window; // before the state it points to
}

MainWindow* WindowHost::makeWindow()
{
    auto* window = new MainWindow(m_state);
    window->setAttribute(Qt::WA_DeleteOnClose);
    connect(window, &MainWindow::languageChangeRequested, this, &WindowHost::switchLanguage, Qt::QueuedConnection);
    m_window = window;
    return window;
}

MainWindow* WindowHost::showWindow()
{
    MainWindow* window = m_window ? m_window.data() : makeWindow();
    window->show();
    return window;
}

void WindowHost::switchLanguage(const QString& lang)
{
    MainWindow* old = m_window;
    if (!installTranslation(lang) || !old)
        return;
    // Everything the new window reads at start (geometry, splitters, dock, theme, view options)
    // goes through the same settings as a restart, so a switch and a restart agree.
    old->saveWindowSettings();
    const TensorSource& source = m_state->source();
    if (source.kind == TensorSource::Kind::Generated)
        m_state->setDescription(ExplorerState::describe(source.generator));
    else if (!source.files.isEmpty())
        m_state->setDescription(describeTensorFiles(source.files, m_state->shape().c, old->imageScale()));
    MainWindow* next = makeWindow();
    // The same tab (a lecturer on the compare view stays on it).
    next->centralTabs()->setCurrentIndex(old->centralTabs()->currentIndex());
    next->show();
    old->setAttribute(Qt::WA_DeleteOnClose, false);
    old->hide();
    old->deleteLater();
    emit windowReplaced(next);
}

} // namespace normscope
