#include "normalizecommand.h"

#include "cliutil.h"
#include "io/npy.h"
#include "io/tensorfile.h"
#include "norms/normalize.h"
#include "norms/normerror.h"

#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace normscope::cli {

void describeNormalize(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "normscope normalize: apply torch.nn.BatchNorm2d, LayerNorm, InstanceNorm2d or GroupNorm to tensors in .npy, "
        ".npz or .safetensors files.\n"
        "Inputs are (N, C, H, W), (N, C, L) or (N, C). Several --input files are successive batches fed to the same "
        "layer (running statistics update after each in training); --output receives the last batch's result."));
    parser.addHelpOption();
    addNormOptions(parser);
    parser.addOptions({
        { QStringLiteral("input"),
            QStringLiteral("Input tensor: X.npy, or one array of an archive as X.npz:NAME or X.safetensors:NAME (the "
                           "name may be left out when the file holds one array); repeat for successive batches."),
            QStringLiteral("FILE") },
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

// Input and output are held at once; the reader refuses a file when both would not fit.
Tensor loadInput(const QString& path)
{
    try {
        return readTensorFile(path.toStdString(), ReadOptions::holding(2));
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--input: %1").arg(QString::fromStdString(e.what())), 1);
    }
}

} // namespace

NormalizeRequest parseNormalizeRequest(QCommandLineParser& parser, const QStringList& arguments)
{
    describeNormalize(parser);
    parseOrThrow(parser, arguments, QStringLiteral("normalize"));

    NormalizeRequest request;
    request.inputs = parser.values(QStringLiteral("input"));
    if (request.inputs.isEmpty())
        throw CliError(QStringLiteral("--input is required"));
    if (!parser.isSet(QStringLiteral("output")))
        throw CliError(QStringLiteral("--output is required"));
    request.output = parser.value(QStringLiteral("output"));
    request.config = normConfigFromOptions(parser);
    for (const char* option : { "save-running-mean", "save-running-var" }) {
        if (parser.isSet(QLatin1String(option)) && !request.config.hasRunningStats())
            throw CliError(QStringLiteral("--%1 needs running statistics: --norm batch or instance with "
                                          "--track-running-stats")
                               .arg(QLatin1String(option)));
    }
    request.saveRunningMean = parser.value(QStringLiteral("save-running-mean"));
    request.saveRunningVar = parser.value(QStringLiteral("save-running-var"));
    if (parser.isSet(QStringLiteral("threads")))
        request.threads
            = static_cast<int>(parseInt(parser.value(QStringLiteral("threads")), QStringLiteral("threads"), 0, 1024));
    return request;
}

int runNormalize(const QStringList& arguments)
{
    QCommandLineParser parser;
    const NormalizeRequest request = parseNormalizeRequest(parser, arguments);
    const NormConfig& config = request.config;
    NormParams params = normParamsFromOptions(parser, config);

    // Everything is computed before anything is written, and the files are written together, so
    // an error leaves no file behind.
    Tensor output;
    SetStatistics stats;
    for (const QString& path : request.inputs) {
        output = Tensor(); // the previous batch's result is not needed any more: free it first
        const Tensor input = loadInput(path);
        try {
            output = normalize(input, config, params, request.threads, &stats);
        } catch (const NormError& e) {
            throw CliError(QString::fromStdString(e.what()), 1);
        }
    }
    const int64_t zeroSets = nonFiniteSets(stats, config);
    refuseOverflow(output.data(), zeroSets);

    // The running variance is float32, as PyTorch's buffer: data whose variance is beyond
    // float32's range makes it inf there too. Saved, that inf would be silent.
    if (!request.saveRunningVar.isEmpty()
        && std::any_of(params.runningVar.begin(), params.runningVar.end(), [](float v) { return !std::isfinite(v); }))
        throw CliError(QStringLiteral("--save-running-var: the running variance overflows float32 (the data's variance "
                                      "is beyond ±3.4e38)"),
            1);
    const auto channels = static_cast<int64_t>(output.shape().c);
    std::vector<NpyFile> files { { request.output.toStdString(), output.values(), output.shape().dims() } };
    if (!request.saveRunningMean.isEmpty()) {
        if (params.runningMean.empty())
            params.runningMean.assign(static_cast<size_t>(channels), 0.0f);
        files.push_back({ request.saveRunningMean.toStdString(), params.runningMean, { channels } });
    }
    if (!request.saveRunningVar.isEmpty()) {
        if (params.runningVar.empty())
            params.runningVar.assign(static_cast<size_t>(channels), 1.0f);
        files.push_back({ request.saveRunningVar.toStdString(), params.runningVar, { channels } });
    }
    try {
        writeNpyFiles(files);
    } catch (const NormError& e) {
        throw CliError(QString::fromStdString(e.what()), 1);
    }
    if (zeroSets > 0)
        QTextStream(stderr) << "normscope normalize: warning: eps is 0 and the variance is 0 in " << zeroSets
                            << " set(s): their outputs are NaN or infinite, as in PyTorch\n";
    return 0;
}

} // namespace normscope::cli
