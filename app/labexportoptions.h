// The options of `normscope export --figure running-stats|batch-size`: the labs' parameters
// (steps, momentum, shift, batch sizes, draws, the fixed sample, the channel) and the layer
// settings they take. Parsed without a display, like every other export option.
#pragma once

#include "labs/batchsize.h"
#include "labs/runningstats.h"

#include <QCommandLineParser>

namespace normscope::cli {

struct LabRequest {
    uint64_t steps = 100; // batches fed to the running-statistics lab (the batch-size lab's eval curve too)
    RunningStatsSettings running; // momentum, eps and shift (γ and β are read from --weight / --bias)
    BatchSizeSettings batch; // sizes, draws, sample, eps; groups 0 until the shape is known
    int64_t channel = 0;
};

// The lab options for --help.
QList<QCommandLineOption> labOptions();
// Whether `figure` names a lab figure.
bool isLabFigureKey(const QString& figure);
// Refuses options that do not apply to the labs (and lab options given to other figures) and
// reads the rest. Throws CliError.
LabRequest parseLabRequest(const QCommandLineParser& parser);
void refuseLabOptions(const QCommandLineParser& parser, const QString& figure);

} // namespace normscope::cli
