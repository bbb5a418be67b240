// TensorLoader: opens tensor files off the GUI thread, so a large .npy (or a slow disk) never
// freezes the window. One load at a time: a newer request or cancel() stops the running one
// between chunks, and a stopped or failed load changes nothing. The window shows progress() in
// its status bar with a Cancel button (LoadIndicator).
#pragma once

#include "files/tensorfiles.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>
#include <stop_token>
#include <thread>

namespace normscope {

class TensorLoader : public QObject {
    Q_OBJECT
public:
    explicit TensorLoader(QObject* parent = nullptr);
    // Stops a running load and waits for its thread (at most one chunk).
    ~TensorLoader() override;

    // Starts loading; cancels a load still running. Images are read at `scale`.
    void load(const QStringList& paths, ImageScale scale);
    void cancel();
    bool busy() const { return m_busy; }
    QStringList paths() const { return m_paths; }
    // How far the running load is, 0 to 1, or -1 when unknown (images, the header).
    double progress() const;

signals:
    void loaded(const QStringList& paths, const normscope::LoadedTensor& tensor);
    void failed(const QStringList& paths, const QString& message);
    void cancelled(const QStringList& paths);
    void busyChanged(bool busy);

private:
    void finish(uint64_t generation, std::variant<LoadedTensor, QString, LoadCancelled> result);

    std::jthread m_thread;
    uint64_t m_generation = 0;
    bool m_busy = false;
    QStringList m_paths;
    // Permille of the running load, or -1; written by the worker, read by the GUI.
    std::shared_ptr<std::atomic<int>> m_permille = std::make_shared<std::atomic<int>>(-1);
};

} // namespace normscope

Q_DECLARE_METATYPE(normscope::LoadedTensor)
