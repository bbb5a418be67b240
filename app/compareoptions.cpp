#include "compareoptions.h"

#include "cliutil.h"
#include "io/npy.h"
#include "norms/normerror.h"

namespace normscope::cli {

void refuseForCompare(const QCommandLineParser& parser)
{
    if (parser.isSet(QStringLiteral("norm")) && parser.value(QStringLiteral("norm")) != QLatin1String("group"))
        throw CliError(QStringLiteral("--figure compare shows all four norms: leave out --norm (GroupNorm's G is "
                                      "--groups)"));
    for (const char* option : { "momentum", "track-running-stats", "no-track-running-stats", "running-mean",
             "running-var", "eval", "normalized-shape", "select", "all-sets", "overlay", "log-y" }) {
        if (parser.isSet(QLatin1String(option)))
            throw CliError(QStringLiteral("--%1 does not apply to --figure compare (every norm in training mode, "
                                          "LayerNorm over C, H, W; the anchor is --anchor)")
                               .arg(QLatin1String(option)));
    }
}

namespace {

// As the window starts GroupNorm: the largest divisor of C below C (3 for C = 6, 32 for 64).
int64_t defaultGroups(int64_t channels)
{
    const std::vector<int64_t> divisors = groupCounts(channels);
    return divisors.size() > 1 ? divisors[divisors.size() - 2] : 1;
}

std::vector<float> perChannel(const QCommandLineParser& parser, const QString& option, int64_t channels)
{
    if (!parser.isSet(option))
        return {};
    std::vector<float> values;
    try {
        values = readVector(parser.value(option).toStdString());
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--%1: %2").arg(option, QString::fromStdString(e.what())), 1);
    }
    if (static_cast<int64_t>(values.size()) != channels)
        throw CliError(QStringLiteral("--%1 has %2 values but the four norms share one per channel (C = %3)")
                           .arg(option)
                           .arg(values.size())
                           .arg(channels));
    return values;
}

} // namespace

ComparisonRequest compareRequestFromOptions(const QCommandLineParser& parser, std::shared_ptr<const Tensor> tensor)
{
    ComparisonRequest r;
    const Shape& shape = tensor->shape();
    r.input = std::move(tensor);
    if (parser.isSet(QStringLiteral("eps")))
        r.eps = parseDouble(parser.value(QStringLiteral("eps")), QStringLiteral("eps"));
    if (!(r.eps >= 0.0))
        throw CliError(QStringLiteral("eps must be a finite number >= 0, got %1").arg(r.eps));
    const bool on = parser.isSet(QStringLiteral("affine"));
    const bool off = parser.isSet(QStringLiteral("no-affine"));
    if (on && off)
        throw CliError(QStringLiteral("--affine and --no-affine contradict each other"));
    r.affine = !off;
    if (!r.affine && (parser.isSet(QStringLiteral("weight")) || parser.isSet(QStringLiteral("bias"))))
        throw CliError(QStringLiteral("--weight and --bias need affine parameters, but they are off"));
    r.weight = perChannel(parser, QStringLiteral("weight"), shape.c);
    r.bias = perChannel(parser, QStringLiteral("bias"), shape.c);
    r.groups = parser.isSet(QStringLiteral("groups"))
        ? parseInt(parser.value(QStringLiteral("groups")), QStringLiteral("groups"))
        : defaultGroups(shape.c);
    if (r.groups < 1 || shape.c % r.groups != 0)
        throw CliError(QStringLiteral("--groups %1 does not divide the %2 channels").arg(r.groups).arg(shape.c));
    if (parser.isSet(QStringLiteral("anchor"))) {
        const QString text = parser.value(QStringLiteral("anchor"));
        std::vector<int64_t> idx;
        for (const QString& part : text.split(QLatin1Char(','))) {
            bool ok = false;
            const qlonglong v = part.trimmed().toLongLong(&ok);
            if (!ok || v < 0)
                throw CliError(QStringLiteral("--anchor expects indices >= 0 separated by commas, got '%1'").arg(text));
            idx.push_back(v);
        }
        const std::vector<int64_t> dims = shape.dims();
        if (idx.size() != dims.size())
            throw CliError(QStringLiteral("--anchor needs %1 indices for an input of shape %2, got '%3'")
                               .arg(dims.size())
                               .arg(QString::fromStdString(shape.toString()), text));
        for (size_t i = 0; i < idx.size(); ++i) {
            if (idx[i] >= dims[i])
                throw CliError(
                    QStringLiteral("--anchor %1: index %2 must be below %3").arg(text).arg(i + 1).arg(dims[i]));
        }
        // (N, C) and (N, C, L) inputs are held as (N, C, 1, 1) and (N, C, 1, L).
        const int64_t position = idx.size() == 4 ? idx[2] * shape.w + idx[3] : (idx.size() == 3 ? idx[2] : 0);
        r.anchor = { idx[0], idx[1], position };
    }
    return r;
}

} // namespace normscope::cli
