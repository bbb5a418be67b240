#include "cliutil.h"

#include "io/npy.h"
#include "norms/normerror.h"

#include <QRegularExpression>
#include <QTextStream>

#include <cerrno>
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

int64_t parseInt(const QString& text, const QString& option)
{
    bool ok = false;
    const qlonglong value = text.trimmed().toLongLong(&ok);
    if (!ok)
        throw CliError(QStringLiteral("--%1 expects a whole number, got '%2'").arg(option, text));
    return value;
}

void addNormOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        { QStringLiteral("norm"),
            QStringLiteral("The layer: batch (BatchNorm2d), layer (LayerNorm), instance "
                           "(InstanceNorm2d) or group (GroupNorm)."),
            QStringLiteral("kind") },
        { QStringLiteral("eps"), QStringLiteral("Added to the variance before the square root (default 1e-5)."),
            QStringLiteral("E") },
        { QStringLiteral("momentum"),
            QStringLiteral("Running-statistics momentum in [0, 1], or 'none' for a cumulative average "
                           "(batch, instance; default 0.1)."),
            QStringLiteral("M|none") },
        { QStringLiteral("groups"), QStringLiteral("Number of groups G, a divisor of C (group; required)."),
            QStringLiteral("G") },
        { QStringLiteral("normalized-shape"),
            QStringLiteral("Trailing dimensions LayerNorm normalizes over, e.g. 8,8 for (H, W) (layer; default: every "
                           "dimension but N)."),
            QStringLiteral("D[,D...]") },
        { QStringLiteral("affine"),
            QStringLiteral("Learnable weight and bias (default on for batch, layer, group; off for instance).") },
        { QStringLiteral("no-affine"), QStringLiteral("No weight and bias.") },
        { QStringLiteral("track-running-stats"),
            QStringLiteral(
                "Keep running mean and variance (batch, instance; default on for batch, off for instance).") },
        { QStringLiteral("no-track-running-stats"), QStringLiteral("Keep no running statistics.") },
        { QStringLiteral("weight"), QStringLiteral("Affine weight (gamma) as .npy (default ones)."),
            QStringLiteral("W.npy") },
        { QStringLiteral("bias"), QStringLiteral("Affine bias (beta) as .npy (default zeros)."),
            QStringLiteral("B.npy") },
        { QStringLiteral("eval"),
            QStringLiteral("Evaluation mode: normalize with the running statistics (default: training mode).") },
        { QStringLiteral("running-mean"), QStringLiteral("Initial running mean as .npy (default zeros)."),
            QStringLiteral("RM.npy") },
        { QStringLiteral("running-var"), QStringLiteral("Initial running variance as .npy (default ones)."),
            QStringLiteral("RV.npy") },
    });
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
        return readVector(parser.value(option).toStdString(), shape);
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--%1: %2").arg(option, QString::fromStdString(e.what())), 1);
    }
}

} // namespace

NormConfig normConfigFromOptions(const QCommandLineParser& parser)
{
    if (!parser.isSet(QStringLiteral("norm")))
        throw CliError(QStringLiteral("--norm is required (batch, layer, instance or group)"));
    const QString key = parser.value(QStringLiteral("norm"));
    const auto kind = parseNormKind(key.toStdString());
    if (!kind)
        throw CliError(QStringLiteral("unknown --norm '%1': expected batch, layer, instance or group").arg(key));

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
    if (*kind != NormKind::Layer)
        refuse(QStringLiteral("normalized-shape"), QStringLiteral("--norm layer"));

    if (parser.isSet(QStringLiteral("eps")))
        config.eps = parseDouble(parser.value(QStringLiteral("eps")), QStringLiteral("eps"));
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
    return params;
}

void parseOrThrow(QCommandLineParser& parser, const QStringList& arguments, const QString& command)
{
    if (!parser.parse(arguments))
        throw CliError(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        // QCommandLineParser names only the program; the usage line must name the subcommand.
        QString help = parser.helpText();
        help.replace(QRegularExpression(QStringLiteral("^Usage: \\S+")), QStringLiteral("Usage: normscope ") + command);
        QTextStream(stdout) << help;
        std::exit(0);
    }
    // A second value would silently win; in a lecture build script that hides a typo. --input
    // (successive batches) and --param (one per generator parameter) are repeatable.
    const QStringList names = parser.optionNames();
    for (const QString& name : names) {
        if (name != QLatin1String("input") && name != QLatin1String("param") && names.count(name) > 1)
            throw CliError(QStringLiteral("--%1 is given more than once").arg(name));
    }
    if (!parser.positionalArguments().isEmpty())
        throw CliError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
}

} // namespace normscope::cli
