// LabSession: the state of both behaviour labs and the computations behind them. The explorer
// hands it its tensor source and layer settings (LabData, LabLayer); the lab views change the
// labs' own settings (steps fed, shift, play, channel, fixed sample, draws); results arrive off
// the GUI thread through two LabWorkers and are kept here for the views and the exports.
//
// The running-statistics lab's momentum is the layer's own: the views ask for a new one with
// requestMomentum() and the explorer applies it, so there is one momentum in the window.
#pragma once

#include "labs/batchsize.h"
#include "labs/runningstats.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>

namespace normscope {

class LabWorker;

// Where the labs' batches come from: the explorer's generator, or its loaded batches.
struct LabData {
    std::optional<GeneratorSpec> generator;
    std::vector<std::shared_ptr<const Tensor>> batches;
    QString description; // "channel-shift, seed 0", "x.npy"
    bool sameSource(const LabData& other) const;
    Shape shape() const;
};

// What the labs take from the explorer's layer.
struct LabLayer {
    double eps = 1e-5;
    std::optional<double> momentum = 0.1;
    std::vector<float> weight; // BatchNorm's γ per channel (empty: ones)
    std::vector<float> bias;
    int64_t groups = 1; // GroupNorm's G in the batch-size lab
    bool operator==(const LabLayer&) const = default;
};

class LabSession : public QObject {
    Q_OBJECT
public:
    enum class Lab { RunningStats, BatchSize };

    explicit LabSession(QObject* parent = nullptr);
    ~LabSession() override;

    void setData(const LabData& data);
    void setLayer(const LabLayer& layer);
    // Both at once, as the window changes them: a request never pairs one tensor with the γ/β
    // of another (a different channel count).
    void setInputs(const LabData& data, const LabLayer& layer);
    const LabData& data() const { return m_data; }
    const LabLayer& layer() const { return m_layer; }
    // A lab computes only while active (its view is shown, or an export needs it).
    void setActive(Lab lab, bool active);

    // Running statistics: the batches to feed, and what to do with them.
    uint64_t steps() const { return m_steps; }
    uint64_t maxSteps() const;
    void step(uint64_t count);
    void resetSteps();
    const PopulationShift& shift() const { return m_shift; }
    void setShift(const PopulationShift& shift);
    bool playing() const { return m_play.isActive(); }
    void setPlaying(bool on);
    int playSpeed() const { return m_playSpeed; } // steps per second
    void setPlaySpeed(int stepsPerSecond);
    void requestMomentum(const std::optional<double>& momentum) { emit momentumRequested(momentum); }

    // The highlighted channel, in both labs.
    int64_t channel() const { return m_channel; }
    void setChannel(int64_t channel);

    // Batch size: the fixed sample, draws and batch sizes (eps, G and the running statistics come
    // from the layer and the running-statistics lab).
    int64_t sample() const { return m_sample; }
    void setSample(int64_t sample);
    int draws() const { return m_draws; }
    void setDraws(int draws);
    int64_t largestBatch() const { return m_largest; }
    void setLargestBatch(int64_t size); // batch sizes 1, 2, 4, ... up to it

    std::shared_ptr<const RunningStatsHistory> runningStats() const { return m_runningStats; }
    std::shared_ptr<const BatchSizeResult> batchSize() const { return m_batchSize; }
    // Why the lab shows nothing (PyTorch's refusal, a bad setting); empty when it has a result.
    QString runningStatsError() const { return m_runningError; }
    QString batchSizeError() const { return m_batchError; }
    LabWorker* worker(Lab lab) const { return lab == Lab::RunningStats ? m_runningWorker : m_batchWorker; }
    void cancel(Lab lab);

signals:
    void momentumRequested(const std::optional<double>& momentum);
    // The labs' own settings changed (steps, shift, play, channel, sample, draws, sizes).
    void settingsChanged();
    void runningStatsChanged();
    void batchSizeChanged();

private:
    struct Labs; // the core lab objects, used by the workers only

    void requestRunningStats();
    void requestBatchSize();
    void onPlayTick();

    LabData m_data;
    LabLayer m_layer;
    uint64_t m_steps = 0;
    PopulationShift m_shift;
    int64_t m_channel = 0;
    int64_t m_sample = 0;
    int m_draws = 50;
    int64_t m_largest = 64;
    int m_playSpeed = 20;
    bool m_runningActive = false;
    bool m_batchActive = false;
    bool m_runningStale = true;
    bool m_batchStale = true;
    QTimer m_play;

    std::shared_ptr<const RunningStatsHistory> m_runningStats;
    std::shared_ptr<const BatchSizeResult> m_batchSize;
    QString m_runningError;
    QString m_batchError;

    std::shared_ptr<Labs> m_labs;
    LabWorker* m_runningWorker;
    LabWorker* m_batchWorker;
};

// Batch sizes 1, 2, 4, ... up to `largest` (and `largest` itself when it is no power of 2).
std::vector<int64_t> powersOfTwoUpTo(int64_t largest);

} // namespace normscope
