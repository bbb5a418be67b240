#include "cliutil.h"

#include "io/npy.h"
#include "io/tensorfile.h"
#include "norms/normerror.h"
#include "tensor/layout.h"
#include "tensor/memorybudget.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace normscope::cli {

std::vector<int64_t> parseDims(const QString& text, const QString& option)
{
    std::vector<int64_t> dims;
    const QStringList parts = text.split(QLatin1Char(','));
    for (const QString& part : parts) {
        bool ok = false;
        const qlonglong value = part.trimmed().toLongLong(&ok);
        if (!ok || value <= 0)
            throw CliError(
                QStringLiteral("--%1 expects positive whole numbers separated by commas, got '%2'").arg(option, text));
        dims.push_back(value);
    }
    return dims;
}

double parseDouble(const QString& text, const QString& option)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok) {
        // Qt refuses numbers beyond double's range outright; say so rather than "not a number".
        const QByteArray latin = text.trimmed().toLatin1();
        char* end = nullptr;
        errno = 0;
        std::strtod(latin.constData(), &end);
        if (!latin.isEmpty() && end == latin.constData() + latin.size() && errno == ERANGE)
            throw CliError(QStringLiteral("--%1 must be a finite number, got '%2'").arg(option, text));
    }
    if (!ok)
        throw CliError(QStringLiteral("--%1 expects a number, got '%2'").arg(option, text));
    return value;
}

int64_t parseInt(const QString& text, const QString& option, int64_t min, int64_t max)
{
    const QString trimmed = text.trimmed();
    const auto range = [&] {
        if (min == INT64_MIN && max == INT64_MAX)
            return QStringLiteral("a whole number that fits in 64 bits");
        if (max == INT64_MAX)
            return QStringLiteral("a whole number >= %1").arg(min);
        return QStringLiteral("a whole number from %1 to %2").arg(min).arg(max);
    };
    bool ok = false;
    const qlonglong value = trimmed.toLongLong(&ok);
    if (!ok) {
        // Digits that do not fit in 64 bits are out of range, not "not a number".
        static const QRegularExpression digits(QStringLiteral("^[+-]?[0-9]+$"));
        if (digits.match(trimmed).hasMatch())
            throw CliError(QStringLiteral("--%1 must be %2, got %3").arg(option, range(), trimmed));
        throw CliError(QStringLiteral("--%1 expects a whole number, got '%2'").arg(option, text));
    }
    if (value < min || value > max)
        throw CliError(QStringLiteral("--%1 must be %2, got %3").arg(option, range(), trimmed));
    return value;
}

Shape parseShape(const QString& text, const QString& option, int copies)
{
    const std::vector<int64_t> dims = parseDims(text, option);
    try {
        const Shape shape = Shape::fromDims(dims);
        requireMemory(static_cast<uint64_t>(shape.numel()) * sizeof(float) * static_cast<uint64_t>(copies),
            "a tensor of shape " + shape.toString());
        return shape;
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--%1: %2").arg(option, QString::fromStdString(e.what())));
    }
}

void addNormOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        { QStringLiteral("norm"),
            QStringLiteral("The layer: batch (BatchNorm2d), layer (LayerNorm), instance "
                           "(InstanceNorm2d), group (GroupNorm) or rms (RMSNorm)."),
            QStringLiteral("kind") },
        { QStringLiteral("eps"),
            QStringLiteral("Added to the variance (RMSNorm: to the mean square) before the square root (default "
                           "1e-5; for rms 'none', PyTorch's eps=None: torch.finfo(float32).eps = 1.1920929e-07)."),
            QStringLiteral("E|none") },
        { QStringLiteral("momentum"),
            QStringLiteral("Running-statistics momentum in [0, 1], or 'none' for a cumulative average "
                           "(batch, instance; default 0.1)."),
            QStringLiteral("M|none") },
        { QStringLiteral("groups"), QStringLiteral("Number of groups G, a divisor of C (group; required)."),
            QStringLiteral("G") },
        { QStringLiteral("normalized-shape"),
            QStringLiteral("Trailing dimensions LayerNorm or RMSNorm normalizes over, e.g. 8,8 for (H, W) (layer, "
                           "rms; default: every dimension but N)."),
            QStringLiteral("D[,D...]") },
        { QStringLiteral("affine"),
            QStringLiteral("Learnable weight and bias (default on for batch, layer, group, rms; off for instance). "
                           "RMSNorm has a weight only.") },
        { QStringLiteral("no-affine"), QStringLiteral("No weight and bias.") },
        { QStringLiteral("track-running-stats"),
            QStringLiteral(
                "Keep running mean and variance (batch, instance; default on for batch, off for instance).") },
        { QStringLiteral("no-track-running-stats"), QStringLiteral("Keep no running statistics.") },
        { QStringLiteral("weight"),
            QStringLiteral(
                "Affine weight (gamma): a .npy file, or FILE.npz:NAME / FILE.safetensors:NAME (default ones)."),
            QStringLiteral("W.npy") },
        { QStringLiteral("bias"), QStringLiteral("Affine bias (beta), as --weight (default zeros)."),
            QStringLiteral("B.npy") },
        { QStringLiteral("eval"),
            QStringLiteral("Evaluation mode: normalize with the running statistics (default: training mode).") },
        { QStringLiteral("running-mean"), QStringLiteral("Initial running mean, as --weight (default zeros)."),
            QStringLiteral("RM.npy") },
        { QStringLiteral("running-var"), QStringLiteral("Initial running variance, as --weight (default ones)."),
            QStringLiteral("RV.npy") },
    });
}

void addLayoutOption(QCommandLineParser& parser)
{
    parser.addOption({ QStringLiteral("layout"),
        QStringLiteral("How the input orders its dimensions: nchw (default for 4-D data), nhwc (channels last; "
                       "normalized exactly as PyTorch would after x.permute(0, 3, 1, 2)), ncl (default for 3-D "
                       "data), btc (batch, tokens, features: LayerNorm and RMSNorm take x as it is, so "
                       "--normalized-shape C gives one set per token; BatchNorm, InstanceNorm and GroupNorm take "
                       "x.transpose(1, 2), as in a transformer). Outputs are written in the input's layout, and "
                       "--shape is read in it."),
        QStringLiteral("nchw|nhwc|ncl|btc") });
}

Layout layoutFromOptions(const QCommandLineParser& parser, int rank)
{
    if (!parser.isSet(QStringLiteral("layout")))
        return Layout::ChannelsFirst;
    try {
        return parseLayout(parser.value(QStringLiteral("layout")).toLower().toStdString(), rank);
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--layout: %1").arg(QString::fromStdString(e.what())));
    }
}

Tensor readInputTensor(const QCommandLineParser& parser, const QString& path, const QString& option, int copies,
    const std::function<Layout(int rank)>& layoutFor)
{
    Tensor asRead;
    try {
        asRead = readTensorFile(path.toStdString(), ReadOptions::holding(copies));
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--%1: %2").arg(option, QString::fromStdString(e.what())), 1);
    }
    const int rank = asRead.shape().rank;
    // --layout wins over the caller's (a session's), as --theme does.
    const bool fromCaller = layoutFor && !parser.isSet(QStringLiteral("layout"));
    const Layout layout = fromCaller ? Layout::ChannelsFirst : layoutFromOptions(parser, rank);
    try {
        return arrangeFrom(std::move(asRead), fromCaller ? layoutFor(rank) : layout);
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--%1: %2").arg(option, QString::fromStdString(e.what())), 1);
    }
}

namespace {

bool flag(const QCommandLineParser& parser, const QString& on, const QString& off, bool fallback)
{
    const bool hasOn = parser.isSet(on);
    const bool hasOff = parser.isSet(off);
    if (hasOn && hasOff)
        throw CliError(QStringLiteral("--%1 and --%2 contradict each other").arg(on, off));
    return hasOn ? true : (hasOff ? false : fallback);
}

std::vector<float> loadVector(
    const QCommandLineParser& parser, const QString& option, std::vector<int64_t>* shape = nullptr)
{
    if (!parser.isSet(option))
        return {};
    try {
        return readVectorFile(parser.value(option).toStdString(), shape);
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--%1: %2").arg(option, QString::fromStdString(e.what())), 1);
    }
}

} // namespace

NormConfig normConfigFromOptions(const QCommandLineParser& parser)
{
    if (!parser.isSet(QStringLiteral("norm")))
        throw CliError(QStringLiteral("--norm is required (batch, layer, instance, group or rms)"));
    const QString key = parser.value(QStringLiteral("norm"));
    const auto kind = parseNormKind(key.toStdString());
    if (!kind)
        throw CliError(QStringLiteral("unknown --norm '%1': expected batch, layer, instance, group or rms").arg(key));

    NormConfig config = NormConfig::defaults(*kind);
    const bool hasRunning = *kind == NormKind::Batch || *kind == NormKind::Instance;
    const auto refuse = [&](const QString& option, const QString& applies) {
        if (parser.isSet(option))
            throw CliError(QStringLiteral("--%1 applies only to %2, not to --norm %3").arg(option, applies, key));
    };
    if (*kind != NormKind::Group)
        refuse(QStringLiteral("groups"), QStringLiteral("--norm group"));
    if (!hasRunning) {
        for (const char* option :
            { "momentum", "track-running-stats", "no-track-running-stats", "running-mean", "running-var" })
            refuse(QLatin1String(option), QStringLiteral("batch and instance"));
    }
    if (!usesNormalizedShape(*kind))
        refuse(QStringLiteral("normalized-shape"), QStringLiteral("--norm layer and rms"));
    if (!hasBias(*kind))
        refuse(QStringLiteral("bias"), QStringLiteral("norms with a bias (RMSNorm has a weight only)"));

    if (parser.isSet(QStringLiteral("eps"))) {
        const QString eps = parser.value(QStringLiteral("eps"));
        if (eps.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
            if (*kind != NormKind::Rms)
                throw CliError(QStringLiteral("--eps none is RMSNorm's eps=None; --norm %1 needs a number").arg(key));
            config.eps = float32Eps;
            config.epsNone = true;
        } else {
            config.eps = parseDouble(eps, QStringLiteral("eps"));
            config.epsNone = false;
        }
    }
    if (parser.isSet(QStringLiteral("momentum"))) {
        const QString m = parser.value(QStringLiteral("momentum"));
        if (m.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
            config.momentum.reset();
        else
            config.momentum = parseDouble(m, QStringLiteral("momentum"));
    }
    if (*kind == NormKind::Group) {
        if (!parser.isSet(QStringLiteral("groups")))
            throw CliError(QStringLiteral("--groups is required for --norm group"));
        config.groups = parseInt(parser.value(QStringLiteral("groups")), QStringLiteral("groups"));
    }
    if (parser.isSet(QStringLiteral("normalized-shape")))
        config.normalizedShape
            = parseDims(parser.value(QStringLiteral("normalized-shape")), QStringLiteral("normalized-shape"));
    config.affine = flag(parser, QStringLiteral("affine"), QStringLiteral("no-affine"), config.affine);
    config.trackRunningStats = flag(parser, QStringLiteral("track-running-stats"),
        QStringLiteral("no-track-running-stats"), config.trackRunningStats);
    config.training = !parser.isSet(QStringLiteral("eval"));
    return config;
}

NormParams normParamsFromOptions(const QCommandLineParser& parser, const NormConfig& config)
{
    for (const char* option : { "weight", "bias" }) {
        if (!config.affine && parser.isSet(QLatin1String(option)))
            throw CliError(QStringLiteral("--%1 needs affine parameters, but they are off (add --affine)")
                               .arg(QLatin1String(option)));
    }
    for (const char* option : { "running-mean", "running-var" }) {
        if (!config.hasRunningStats() && parser.isSet(QLatin1String(option)))
            throw CliError(QStringLiteral("--%1 needs running statistics, but they are off (add --track-running-stats)")
                               .arg(QLatin1String(option)));
    }
    NormParams params;
    params.weight = loadVector(parser, QStringLiteral("weight"), &params.weightShape);
    params.bias = loadVector(parser, QStringLiteral("bias"), &params.biasShape);
    params.runningMean = loadVector(parser, QStringLiteral("running-mean"));
    params.runningVar = loadVector(parser, QStringLiteral("running-var"));
    // PyTorch takes a negative running variance and returns NaN for its whole channel; no
    // variance is negative, so such a file is a mistake worth naming.
    const auto negative
        = std::find_if(params.runningVar.begin(), params.runningVar.end(), [](float v) { return v < 0; });
    if (negative != params.runningVar.end())
        throw CliError(
            QStringLiteral("--running-var: %1 has %2 negative value(s), the first %3 for channel %4: a "
                           "variance cannot be negative")
                .arg(QFileInfo(parser.value(QStringLiteral("running-var"))).fileName())
                .arg(std::count_if(params.runningVar.begin(), params.runningVar.end(), [](float v) { return v < 0; }))
                .arg(static_cast<double>(*negative))
                .arg(negative - params.runningVar.begin()),
            1);
    return params;
}

void refuseOverflow(std::span<const float> output, int64_t expectedNonFiniteSets)
{
    if (expectedNonFiniteSets > 0)
        return;
    const auto bad = std::count_if(output.begin(), output.end(), [](float v) { return !std::isfinite(v); });
    if (bad > 0)
        throw CliError(
            QStringLiteral("%1 output value(s) overflow float32 (beyond ±3.4e38): the weight (γ) or bias (β) "
                           "is too large for this data, or variance + eps too small")
                .arg(bad),
            1);
}

void parseOrThrow(QCommandLineParser& parser, const QStringList& arguments, const QString& command)
{
    if (!parser.parse(arguments))
        throw CliError(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        // QCommandLineParser names only the program; the usage line must name the subcommand.
        QString help = parser.helpText();
        help.replace(QRegularExpression(QStringLiteral("^Usage: \\S+")), QStringLiteral("Usage: normscope ") + command);
        throw HelpRequested(help);
    }
    // A second value would silently win; in a lecture build script that hides a typo. --input
    // (successive batches) and --param (one per generator parameter) are repeatable.
    const QStringList names = parser.optionNames();
    for (const QString& name : names) {
        if (name != QLatin1String("input") && name != QLatin1String("param") && names.count(name) > 1)
            throw CliError(QStringLiteral("--%1 is given more than once").arg(name));
        // An empty file name would otherwise reach the reader or writer as "cannot write : ..."
        // (found by fuzz_cli_options); an empty value means nothing for any option.
        const QStringList values = parser.values(name);
        if (std::any_of(values.begin(), values.end(), [](const QString& v) { return v.trimmed().isEmpty(); }))
            throw CliError(QStringLiteral("--%1 is empty: give it a value").arg(name));
    }
    if (!parser.positionalArguments().isEmpty())
        throw CliError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
}

} // namespace normscope::cli
