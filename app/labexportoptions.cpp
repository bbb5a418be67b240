#include "labexportoptions.h"

#include "cliutil.h"

#include <climits>
#include <cmath>

namespace normscope::cli {

namespace {

const char* const labOnly[] = { "steps", "batch-sizes", "draws", "shift-step", "shift-amount", "sample", "channel" };
// Options of the other figures that mean nothing to a lab (BatchNorm in training, fed K batches).
const char* const notForLabs[] = { "eval", "normalized-shape", "track-running-stats", "no-track-running-stats",
    "running-mean", "running-var", "select", "all-sets", "overlay", "log-y", "data" };

} // namespace

QList<QCommandLineOption> labOptions()
{
    return {
        { QStringLiteral("steps"),
            QStringLiteral("running-stats, batch-size: batches fed into BatchNorm's running statistics (default 100; "
                           "the batch-size figure's eval curve uses them)."),
            QStringLiteral("K") },
        { QStringLiteral("shift-step"),
            QStringLiteral("running-stats: from this step on every value is shifted by --shift-amount."),
            QStringLiteral("K") },
        { QStringLiteral("shift-amount"), QStringLiteral("running-stats: the shift (with --shift-step)."),
            QStringLiteral("A") },
        { QStringLiteral("batch-sizes"),
            QStringLiteral("batch-size: the batch sizes, ascending (default 1,2,4,8,16,32,64)."),
            QStringLiteral("N[,N...]") },
        { QStringLiteral("draws"),
            QStringLiteral("batch-size: how often the batch mates are drawn for each size (default 50)."),
            QStringLiteral("R") },
        { QStringLiteral("sample"),
            QStringLiteral("batch-size: the fixed sample, an index into the batch (default 0)."), QStringLiteral("n") },
        { QStringLiteral("channel"), QStringLiteral("running-stats, batch-size: the channel drawn bold (default 0)."),
            QStringLiteral("c") },
    };
}

bool isLabFigureKey(const QString& figure)
{
    return figure == QLatin1String("running-stats") || figure == QLatin1String("batch-size");
}

void refuseLabOptions(const QCommandLineParser& parser, const QString& figure)
{
    for (const char* option : labOnly) {
        if (parser.isSet(QLatin1String(option)))
            throw CliError(QStringLiteral("--%1 applies only to --figure running-stats or batch-size, not to %2")
                               .arg(QLatin1String(option), figure.isEmpty() ? QStringLiteral("--data") : figure));
    }
}

LabRequest parseLabRequest(const QCommandLineParser& parser)
{
    const QString figure = parser.value(QStringLiteral("figure"));
    if (parser.isSet(QStringLiteral("norm")) && parser.value(QStringLiteral("norm")) != QLatin1String("batch"))
        throw CliError(QStringLiteral("--figure %1 shows BatchNorm (with LayerNorm, InstanceNorm and GroupNorm beside "
                                      "it in batch-size): leave --norm out or give --norm batch")
                           .arg(figure));
    for (const char* option : notForLabs) {
        if (parser.isSet(QLatin1String(option)))
            throw CliError(QStringLiteral("--%1 does not apply to --figure %2").arg(QLatin1String(option), figure));
    }
    const bool running = figure == QLatin1String("running-stats");
    for (const char* option : { "batch-sizes", "draws", "sample" }) {
        if (running && parser.isSet(QLatin1String(option)))
            throw CliError(QStringLiteral("--%1 applies only to --figure batch-size").arg(QLatin1String(option)));
    }
    if (!running && (parser.isSet(QStringLiteral("shift-step")) || parser.isSet(QStringLiteral("shift-amount"))))
        throw CliError(QStringLiteral("--shift-step and --shift-amount apply only to --figure running-stats"));
    if (running && parser.isSet(QStringLiteral("groups")))
        throw CliError(QStringLiteral("--groups applies only to --figure batch-size (GroupNorm's G)"));

    LabRequest r;
    const auto integer = [&](const char* name, int64_t fallback, int64_t min, int64_t max) {
        const QString option = QLatin1String(name);
        return parser.isSet(option) ? parseInt(parser.value(option), option, min, max) : fallback;
    };
    r.steps = static_cast<uint64_t>(integer("steps", 100, 0, 2000));
    if (parser.isSet(QStringLiteral("eps")))
        r.running.eps = parseDouble(parser.value(QStringLiteral("eps")), QStringLiteral("eps"));
    if (!std::isfinite(r.running.eps) || r.running.eps < 0.0)
        throw CliError(QStringLiteral("--eps must be a finite number >= 0"));
    if (parser.isSet(QStringLiteral("momentum"))) {
        const QString m = parser.value(QStringLiteral("momentum"));
        if (m.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
            r.running.momentum.reset();
        else
            r.running.momentum = parseDouble(m, QStringLiteral("momentum"));
        if (r.running.momentum && !(*r.running.momentum >= 0.0 && *r.running.momentum <= 1.0))
            throw CliError(QStringLiteral("--momentum must be between 0 and 1, or none"));
    }
    if (parser.isSet(QStringLiteral("shift-step")) != parser.isSet(QStringLiteral("shift-amount")))
        throw CliError(QStringLiteral("give --shift-step and --shift-amount together"));
    if (parser.isSet(QStringLiteral("shift-step"))) {
        r.running.shift.fromBatch = static_cast<uint64_t>(integer("shift-step", 1, 1, 2000));
        r.running.shift.amount
            = parseDouble(parser.value(QStringLiteral("shift-amount")), QStringLiteral("shift-amount"));
        if (!std::isfinite(r.running.shift.amount))
            throw CliError(QStringLiteral("--shift-amount must be a finite number"));
    }
    if (parser.isSet(QStringLiteral("batch-sizes")))
        r.batch.sizes = parseDims(parser.value(QStringLiteral("batch-sizes")), QStringLiteral("batch-sizes"));
    r.batch.draws = static_cast<int>(integer("draws", 50, 2, 1000));
    r.batch.sample = integer("sample", 0, 0, INT_MAX);
    r.batch.eps = r.running.eps;
    // 0: the window's choice for C, resolved once the shape is known.
    r.batch.groups = parser.isSet(QStringLiteral("groups")) ? integer("groups", 1, 1, INT_MAX) : 0;
    r.channel = integer("channel", 0, 0, INT_MAX);
    return r;
}

} // namespace normscope::cli
