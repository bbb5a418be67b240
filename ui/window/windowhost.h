// Holds the explorer's state across the windows built for it. Switching the interface language
// builds a new window around the same state (every string retranslated, nothing the user set up
// lost) where the old one was, in the same theme, and names the tensor in the new language.
#pragma once

#include <QObject>
#include <QPointer>

namespace normscope {

class ExplorerState;
class MainWindow;

class WindowHost : public QObject {
    Q_OBJECT
public:
    // Restores the state from the settings; makes no window yet.
    explicit WindowHost(QObject* parent = nullptr);
    ~WindowHost() override;

    ExplorerState* state() const { return m_state; }
    MainWindow* window() const { return m_window; }
    // Builds the first window and shows it.
    MainWindow* showWindow();
    // Installs `lang` and replaces the window by one built in it.
    void switchLanguage(const QString& lang);

signals:
    void windowReplaced(MainWindow* window);

private:
    MainWindow* makeWindow();

    ExplorerState* m_state;
    QPointer<MainWindow> m_window;
};

} // namespace normscope
