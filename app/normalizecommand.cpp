#include "normalizecommand.h"

#include "cliutil.h"
#include "io/npy.h"
#include "norms/normalize.h"
#include "norms/normerror.h"

#include <QTextStream>

#include <cmath>

namespace normscope::cli {

void describeNormalize(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "normscope normalize: apply torch.nn.BatchNorm2d, LayerNorm, InstanceNorm2d or GroupNorm to .npy tensors.\n"
        "Inputs are (N, C, H, W), (N, C, L) or (N, C). Several --input files are successive batches fed to the same "
        "layer (running statistics update after each in training); --output receives the last batch's result."));
    parser.addHelpOption();
    addNormOptions(parser);
    parser.addOptions({
        { QStringLiteral("input"), QStringLiteral("Input tensor (.npy); repeat for successive batches."),
            QStringLiteral("X.npy") },
        { QStringLiteral("output"), QStringLiteral("Where to write the last batch's result (float32 .npy)."),
            QStringLiteral("Y.npy") },
        { QStringLiteral("save-running-mean"), QStringLiteral("Write the running mean after the last batch."),
            QStringLiteral("F.npy") },
        { QStringLiteral("save-running-var"), QStringLiteral("Write the running variance after the last batch."),
            QStringLiteral("F.npy") },
        { QStringLiteral("threads"),
            QStringLiteral("Worker threads (default: all cores; results do not depend on it)."), QStringLiteral("T") },
    });
}

namespace {

Tensor loadInput(const QString& path)
{
    try {
        return readTensor(path.toStdString());
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--input: %1").arg(QString::fromStdString(e.what())), 1);
    }
}

} // namespace

int runNormalize(const QStringList& arguments)
{
    QCommandLineParser parser;
    describeNormalize(parser);
    parseOrThrow(parser, arguments, QStringLiteral("normalize"));

    const QStringList inputs = parser.values(QStringLiteral("input"));
    if (inputs.isEmpty())
        throw CliError(QStringLiteral("--input is required"));
    if (!parser.isSet(QStringLiteral("output")))
        throw CliError(QStringLiteral("--output is required"));
    const NormConfig config = normConfigFromOptions(parser);
    for (const char* option : { "save-running-mean", "save-running-var" }) {
        if (parser.isSet(QLatin1String(option)) && !config.hasRunningStats())
            throw CliError(QStringLiteral("--%1 needs running statistics: --norm batch or instance with "
                                          "--track-running-stats")
                               .arg(QLatin1String(option)));
    }
    NormParams params = normParamsFromOptions(parser, config);
    const int64_t threads = parser.isSet(QStringLiteral("threads"))
        ? parseInt(parser.value(QStringLiteral("threads")), QStringLiteral("threads"))
        : 0;
    if (threads < 0 || threads > 1024)
        throw CliError(QStringLiteral("--threads must be between 0 (all cores) and 1024"));

    // Everything is computed before anything is written, and the files are written together, so
    // an error leaves no file behind.
    Tensor output;
    SetStatistics stats;
    for (const QString& path : inputs) {
        const Tensor input = loadInput(path);
        try {
            output = normalize(input, config, params, static_cast<int>(threads), &stats);
        } catch (const NormError& e) {
            throw CliError(QString::fromStdString(e.what()), 1);
        }
    }

    const auto channels = static_cast<int64_t>(output.shape().c);
    std::vector<NpyFile> files { { parser.value(QStringLiteral("output")).toStdString(), output.values(),
        output.shape().dims() } };
    if (parser.isSet(QStringLiteral("save-running-mean"))) {
        if (params.runningMean.empty())
            params.runningMean.assign(static_cast<size_t>(channels), 0.0f);
        files.push_back(
            { parser.value(QStringLiteral("save-running-mean")).toStdString(), params.runningMean, { channels } });
    }
    if (parser.isSet(QStringLiteral("save-running-var"))) {
        if (params.runningVar.empty())
            params.runningVar.assign(static_cast<size_t>(channels), 1.0f);
        files.push_back(
            { parser.value(QStringLiteral("save-running-var")).toStdString(), params.runningVar, { channels } });
    }
    try {
        writeNpyFiles(files);
    } catch (const NormError& e) {
        throw CliError(QString::fromStdString(e.what()), 1);
    }
    if (const int64_t bad = nonFiniteSets(stats, config); bad > 0)
        QTextStream(stderr) << "normscope normalize: warning: eps is 0 and the variance is 0 in " << bad
                            << " set(s): their outputs are NaN or infinite, as in PyTorch\n";
    return 0;
}

} // namespace normscope::cli
