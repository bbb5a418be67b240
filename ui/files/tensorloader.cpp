#include "files/tensorloader.h"

#include <QMetaObject>

namespace normscope {

namespace {

// Input, output and the snapshot's copies: the window holds about three tensors of a file's size.
constexpr int windowCopies = 3;

} // namespace

TensorLoader::TensorLoader(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<normscope::LoadedTensor>("normscope::LoadedTensor");
}

TensorLoader::~TensorLoader()
{
    // Requests the stop and joins: the worker notices within one 1 MiB chunk (or one image).
    m_thread = std::jthread();
}

void TensorLoader::load(const QStringList& paths, ImageScale scale)
{
    const uint64_t generation = ++m_generation;
    m_thread = std::jthread(); // stop and join the previous load, if any
    m_paths = paths;
    m_permille->store(-1);
    const bool wasBusy = m_busy;
    m_busy = true;
    if (!wasBusy)
        emit busyChanged(true);
    m_thread = std::jthread([this, paths, scale, generation, permille = m_permille](std::stop_token stop) {
        ReadOptions options;
        options.copies = windowCopies;
        options.stop = stop;
        options.progress = [permille](uint64_t done, uint64_t total) {
            permille->store(total > 0 ? static_cast<int>(done * 1000 / total) : -1, std::memory_order_relaxed);
        };
        auto result = loadTensorFiles(paths, scale, options);
        // Delivered on the GUI thread; dropped there if a newer load started meanwhile. The
        // destructor joins this thread first, so `this` is alive whenever the call runs.
        QMetaObject::invokeMethod(
            this, [this, generation, result = std::move(result)]() mutable { finish(generation, std::move(result)); },
            Qt::QueuedConnection);
    });
}

void TensorLoader::cancel()
{
    if (!m_busy)
        return;
    ++m_generation; // whatever the worker still delivers is stale
    m_thread.request_stop();
    m_busy = false;
    emit busyChanged(false);
    emit cancelled(m_paths);
}

double TensorLoader::progress() const
{
    const int permille = m_permille->load(std::memory_order_relaxed);
    return permille < 0 ? -1.0 : permille / 1000.0;
}

void TensorLoader::finish(uint64_t generation, std::variant<LoadedTensor, QString, LoadCancelled> result)
{
    if (generation != m_generation)
        return;
    m_busy = false;
    emit busyChanged(false);
    if (auto* tensor = std::get_if<LoadedTensor>(&result))
        emit loaded(m_paths, *tensor);
    else if (auto* message = std::get_if<QString>(&result))
        emit failed(m_paths, *message);
    else
        emit cancelled(m_paths);
}

} // namespace normscope
