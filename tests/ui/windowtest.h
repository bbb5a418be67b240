// Helpers for the window tests under tests/ui: settings kept in a scratch folder (never the
// user's, never another test's), answering modal dialogs the way a user would, and finding
// menu actions by their visible text.
#pragma once

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <QWidget>
#include <QtTest>

#include <functional>
#include <memory>

namespace normscope::test {

// Points QSettings at a fresh folder for the lifetime of the returned object, so tests running in
// parallel (ctest -j) and the user's own settings never meet. A second window built while it
// lives reads what the first wrote: that is a restart.
class ScratchSettings {
public:
    ScratchSettings()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("NormScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("window"));
    }
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
};

// Answers a modal dialog of type T: runs `answer` on the first one that opens while the returned
// watch lives (the caller then triggers what opens it). The watch says whether it ran; dropping
// it stops the watching, so a dialog that never came cannot be answered by a stale watch later.
struct ModalWatch {
    bool answered = false;
};

template <class T> std::shared_ptr<ModalWatch> answerModal(std::function<void(T*)> answer)
{
    auto watch = std::make_shared<ModalWatch>();
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, weak = std::weak_ptr<ModalWatch>(watch), answer] {
        const auto alive = weak.lock();
        auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget());
        if (!alive || (dialog && dialog->isVisible())) {
            timer->stop();
            timer->deleteLater();
        }
        if (alive && dialog && dialog->isVisible()) {
            alive->answered = true;
            answer(dialog);
        }
    });
    timer->start();
    return watch;
}

// The action whose text, without its '&' mnemonic, is `text`.
inline QAction* actionNamed(QWidget* window, const QString& text)
{
    for (QAction* a : window->findChildren<QAction*>()) {
        QString t = a->text();
        t.remove(QLatin1Char('&'));
        if (t == text)
            return a;
    }
    return nullptr;
}

} // namespace normscope::test
