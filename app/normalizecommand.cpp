#include "normalizecommand.h"

#include "analysis/workedexample.h"
#include "cliutil.h"
#include "io/npy.h"
#include "io/tensorfile.h"
#include "norms/normalize.h"
#include "norms/normerror.h"
#include "tensor/layout.h"

#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace normscope::cli {

void describeNormalize(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "normscope normalize: apply torch.nn.BatchNorm2d, LayerNorm, InstanceNorm2d, GroupNorm or RMSNorm to tensors "
        "in .npy, .npz or .safetensors files.\n"
        "Inputs are (N, C, H, W), (N, C, L) or (N, C), or channels last with --layout: (N, H, W, C) or (B, T, C). "
        "Several --input files are successive batches fed to the same layer (running statistics update after each "
        "in training); --output receives the last batch's result, in the input's layout."));
    parser.addHelpOption();
    addNormOptions(parser);
    addLayoutOption(parser);
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
        { QStringLiteral("explain"),
            QStringLiteral(
                "Print the worked example of one element of the last batch: x, the mean and variance it "
                "is normalized with (its set's, or the running statistics in --eval), x_hat, gamma, beta "
                "and y (RMSNorm: the mean square, x_hat, gamma, y). Indices in the input's --layout: n,c,h,w "
                "(n,h,w,c for nhwc; n,c,l or b,t,c for 3-D; n,c for 2-D)."),
            QStringLiteral("N,C,H,W") },
        { QStringLiteral("threads"),
            QStringLiteral("Worker threads (default: all cores; results do not depend on it)."), QStringLiteral("T") },
    });
}

namespace {

// --explain's indices, given in the input's layout, as an element of the tensor as held (channels
// first; rank-2 and rank-3 data as (N, C, 1, 1) and (N, C, 1, L)).
ElementIndex explainIndex(const QString& text, const Shape& shape)
{
    std::vector<int64_t> idx;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qlonglong v = part.trimmed().toLongLong(&ok);
        if (!ok || v < 0)
            throw CliError(QStringLiteral("--explain expects indices >= 0 separated by commas, got '%1'").arg(text));
        idx.push_back(v);
    }
    const std::vector<int64_t> dims = shape.userDims(); // in the input's layout: (b, t, c), (n, h, w, c)
    if (idx.size() != dims.size())
        throw CliError(QStringLiteral("--explain needs %1 indices for an input of shape %2, got '%3'")
                           .arg(dims.size())
                           .arg(QString::fromStdString(shape.toString()), text));
    for (size_t i = 0; i < idx.size(); ++i) {
        if (idx[i] >= dims[i])
            throw CliError(QStringLiteral("--explain %1: index %2 must be below %3").arg(text).arg(i + 1).arg(dims[i]));
    }
    if (shape.layout == Layout::BTC)
        return { idx[0], idx[2], 0, idx[1] }; // held as (B, C, T)
    if (shape.layout == Layout::NHWC)
        return { idx[0], idx[3], idx[1], idx[2] };
    ElementIndex at { idx[0], idx[1], 0, 0 };
    if (idx.size() == 4) {
        at.h = idx[2];
        at.w = idx[3];
    } else if (idx.size() == 3) {
        at.w = idx[2];
    }
    return at;
}

void printExample(const WorkedExample& e, const QString& indices)
{
    const auto f = [](double v) { return QString::number(v, 'g', 17); };
    QTextStream out(stdout);
    out << "worked example at " << indices << " (set " << QString::fromStdString(e.setLabel) << ", " << e.setSize
        << " values) of the last batch\n";
    out << (e.runningStats ? QStringLiteral("statistics: running_mean and running_var of channel %1 after %2 batches")
                                 .arg(e.at.c)
                                 .arg(e.numBatchesTracked)
            : e.rms ? QStringLiteral("statistics: the set's own mean square (RMSNorm subtracts no mean)")
                    : QStringLiteral("statistics: the set's own mean and biased variance"))
        << '\n';
    out << "x = " << f(e.x) << '\n';
    if (e.rms) { // RMSNorm: no mean, no β
        out << "mean_square = " << f(e.var) << "  # mean(x^2) over the set\n";
        out << "eps = " << f(e.eps) << '\n';
        out << "x_hat = " << f(e.xhat) << "  # x / sqrt(mean_square + eps)\n";
        out << "gamma = " << f(e.gamma) << (e.affine ? "" : "  # no elementwise_affine") << '\n';
        out << "y = " << f(e.y) << "  # gamma * x_hat\n";
        out << "output = " << f(e.output) << "  # as float32\n";
        return;
    }
    out << "mean = " << f(e.mean) << '\n';
    out << "var = " << f(e.var) << '\n';
    out << "eps = " << f(e.eps) << '\n';
    out << "x_hat = " << f(e.xhat) << "  # (x - mean) / sqrt(var + eps)\n";
    out << "gamma = " << f(e.gamma) << (e.affine ? "" : "  # no affine") << '\n';
    out << "beta = " << f(e.beta) << '\n';
    out << "y = " << f(e.y) << "  # gamma * x_hat + beta\n";
    out << "output = " << f(e.output) << "  # as float32\n";
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
    request.explain = parser.value(QStringLiteral("explain"));
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
    Tensor input;
    NormParams used; // what the last batch was normalized with, before its running-statistics update
    for (const QString& path : request.inputs) {
        output = Tensor(); // the previous batch's result is not needed any more: free it first
        // Input and output are held at once; the reader refuses a file when both would not fit.
        input = readInputTensor(parser, path, QStringLiteral("input"), 2);
        used = params;
        try {
            output = normalize(input, config, params, request.threads, &stats);
        } catch (const NormError& e) {
            throw CliError(QString::fromStdString(e.what()), 1);
        }
    }
    std::optional<WorkedExample> example;
    if (!request.explain.isEmpty()) {
        const ElementIndex at = explainIndex(request.explain, input.shape());
        example = workedExample(input, output, ReductionGeometry(config, input.shape()), stats, config, used, at);
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
    // Written in the input's layout: (B, T, C) in, (B, T, C) out.
    const std::vector<int64_t> outputDims = output.shape().userDims();
    const bool reorder = output.shape().layout != Layout::ChannelsFirst;
    std::vector<float> userOrder;
    if (reorder) {
        userOrder = valuesInUserOrder(output);
        output = Tensor(); // one copy at a time
    }
    const std::span<const float> values = reorder ? std::span<const float>(userOrder) : output.data();
    std::vector<NpyFile> files { { request.output.toStdString(), values, outputDims } };
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
    if (example)
        printExample(*example, request.explain);
    if (zeroSets > 0)
        QTextStream(stderr) << "normscope normalize: warning: eps is 0 and the variance is 0 in " << zeroSets
                            << " set(s): their outputs are NaN or infinite, as in PyTorch\n";
    return 0;
}

} // namespace normscope::cli
