#include "benchcommand.h"

#include "analysis/histogram.h"
#include "analysis/pipeline.h"
#include "cliutil.h"
#include "kernels/rowkernels.h"
#include "labs/batchsize.h"
#include "labs/runningstats.h"
#include "norms/normalize.h"
#include "norms/normerror.h"
#include "tensor/generators.h"
#include "tensor/layout.h"

#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <functional>

namespace normscope::cli {

namespace {

// Results flow into this sink so the compiler cannot drop the measured work.
volatile double g_sink = 0.0;

double medianMs(int repeat, const std::function<double()>& body)
{
    std::vector<double> times;
    times.reserve(static_cast<size_t>(repeat));
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        g_sink = g_sink + body();
        const auto end = std::chrono::steady_clock::now();
        times.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(times.begin(), times.end());
    const size_t mid = times.size() / 2;
    return times.size() % 2 ? times[mid] : 0.5 * (times[mid - 1] + times[mid]);
}

double touch(const Tensor& t)
{
    return t.data().front() + t.data().back();
}

// The labs as the window runs them: the first two are what a new population costs (shown with
// progress), the updates what a click with the batches already drawn costs (meant to be < 100 ms).
void benchLabs(
    const GeneratorSpec& spec, int repeat, int threads, const std::function<void(const char*, double)>& report)
{
    RunningStatsSettings settings;
    report("running_stats_100", medianMs(repeat, [&] {
        RunningStatsLab lab { LabSource(spec) };
        lab.feed(100, {}, threads);
        return lab.history(100, settings).gap.back();
    }));
    RunningStatsLab fed { LabSource(spec) };
    fed.feed(100, {}, threads);
    int replays = 0;
    report("running_stats_replay", medianMs(repeat, [&] {
        settings.momentum = ++replays % 2 ? std::optional<double>() : std::optional<double>(0.01 * replays);
        return fed.history(100, settings).gap.back();
    }));

    BatchSizeSettings sweep;
    sweep.groups = spec.shape.c % 2 == 0 ? 2 : 1;
    report("batch_size_sweep", medianMs(repeat, [&] {
        BatchSizeLab lab { LabSource(spec) };
        lab.draw(sweep.draws, sweep.sizes.back(), {}, threads);
        return lab.evaluate(sweep).point(BatchSizeNorm::BatchTrain, 1).meanSpread;
    }));
    BatchSizeLab drawn { LabSource(spec) };
    drawn.draw(sweep.draws, sweep.sizes.back(), {}, threads);
    int updates = 0;
    report("batch_size_update", medianMs(repeat, [&] {
        sweep.sample = ++updates % spec.shape.n;
        return drawn.evaluate(sweep).point(BatchSizeNorm::BatchTrain, 1).meanSpread;
    }));
}

QString simdTargets()
{
    QStringList names;
    for (const auto& t : kernels::availableSimdTargets())
        names << QString::fromStdString(t);
    return names.join(QStringLiteral(", "));
}

} // namespace

int runBench(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "normscope bench: median time of each norm's forward pass, of the histogram and of the explorer's live "
        "update (live_update: what one slider move recomputes, painting excluded) on a generated N(0, 1) tensor, "
        "and of the labs on a channel-shift population of --lab-shape: running_stats_100 (100 batches fed from a "
        "new population), running_stats_replay (a new momentum replaying those 100), batch_size_sweep (50 draws "
        "of mates for batch sizes 1 to 64, from a new population) and batch_size_update (another sample or eval "
        "statistics, reusing the draws). The norms write into one reused output buffer, as the window does between "
        "slider moves. Prints a line '# simd TARGET, threads T' and then one line 'bench NAME MEDIAN_MS ms' per "
        "measurement, followed by 'NS ns/value' for the benches on the --shape tensor. With --layout btc, LayerNorm "
        "and RMSNorm normalize each token over C, as in a transformer, and layout_in times turning the file's order "
        "into NormScope's (also for nhwc)."));
    parser.addHelpOption();
    addLayoutOption(parser);
    parser.addOptions({
        { QStringLiteral("shape"),
            QStringLiteral("Tensor shape in --layout's order (default 16,64,56,56; 8,512,768 for btc, 16,64,3136 "
                           "for ncl)."),
            QStringLiteral("N,C,H,W") },
        { QStringLiteral("groups"), QStringLiteral("GroupNorm groups (default 32, or 1 when 32 does not divide C)."),
            QStringLiteral("G") },
        { QStringLiteral("threads"), QStringLiteral("Worker threads (default: all cores)."), QStringLiteral("T") },
        { QStringLiteral("repeat"), QStringLiteral("Runs per measurement (default 10)."), QStringLiteral("R") },
        { QStringLiteral("lab-shape"), QStringLiteral("Population shape of the lab measurements (default 8,32,32,32)."),
            QStringLiteral("N,C,H,W") },
        { QStringLiteral("no-labs"),
            QStringLiteral("Skip the lab measurements (bench/vs_pytorch.py times the tensor only).") },
        { QStringLiteral("simd"),
            QStringLiteral("Run as on a CPU with at most this instruction set: AVX2, SSE4 or SCALAR (default: the best "
                           "one here)."),
            QStringLiteral("TARGET") },
    });
    parseOrThrow(parser, arguments, QStringLiteral("bench"));

    const QString layoutKey = parser.value(QStringLiteral("layout")).toLower();
    const bool threeD = layoutKey == QLatin1String("btc") || layoutKey == QLatin1String("ncl");
    const QString defaultShape = layoutKey == QLatin1String("btc") ? QStringLiteral("8,512,768")
        : layoutKey == QLatin1String("ncl")                        ? QStringLiteral("16,64,3136")
                                                                   : QStringLiteral("16,64,56,56");
    const QString shapeText
        = parser.value(QStringLiteral("shape")).isEmpty() ? defaultShape : parser.value(QStringLiteral("shape"));
    const std::vector<int64_t> dims = parseDims(shapeText, QStringLiteral("shape"));
    if (dims.size() != (threeD ? 3u : 4u))
        throw CliError(threeD ? QStringLiteral("--shape expects three numbers for --layout %1").arg(layoutKey)
                              : QStringLiteral("--shape expects four numbers N,C,H,W"));
    const Layout layout = layoutFromOptions(parser, static_cast<int>(dims.size()));
    const int threads = parser.isSet(QStringLiteral("threads"))
        ? static_cast<int>(parseInt(parser.value(QStringLiteral("threads")), QStringLiteral("threads"), 0, 1024))
        : 0;
    const int repeat = parser.isSet(QStringLiteral("repeat"))
        ? static_cast<int>(parseInt(parser.value(QStringLiteral("repeat")), QStringLiteral("repeat"), 1, 1000000))
        : 10;
    GeneratorSpec labSpec;
    labSpec.kind = GeneratorKind::ChannelShift;
    labSpec.shape = parseShape(parser.isSet(QStringLiteral("lab-shape")) ? parser.value(QStringLiteral("lab-shape"))
                                                                         : QStringLiteral("8,32,32,32"),
        QStringLiteral("lab-shape"), 2);
    if (labSpec.shape.rank != 4)
        throw CliError(QStringLiteral("--lab-shape expects four numbers N,C,H,W"));
    try {
        validateGeneratorSpec(labSpec);
        validateConfig(NormConfig::defaults(NormKind::Batch), labSpec.shape);
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--lab-shape: %1").arg(QString::fromStdString(e.what())), 1);
    }
    const QString simd = parser.value(QStringLiteral("simd")).toUpper();
    if (!simd.isEmpty() && !kernels::limitSimd(simd.toStdString()))
        throw CliError(QStringLiteral("--simd: %1 is not available here (choose from %2)").arg(simd, simdTargets()));

    GeneratorSpec spec;
    // The input, an output and the live update's snapshot are held at once.
    parseShape(shapeText, QStringLiteral("shape"), 3); // names --shape in errors, checks the memory
    spec.shape = Shape::fromUserDims(dims, layout);
    Tensor input;
    try {
        input = generateTensor(spec);
    } catch (const NormError& e) {
        throw CliError(QString::fromStdString(e.what()), 1);
    }
    const int64_t c = spec.shape.c;
    int64_t groups = c % 32 == 0 ? 32 : 1;
    if (parser.isSet(QStringLiteral("groups")))
        groups = parseInt(parser.value(QStringLiteral("groups")), QStringLiteral("groups"));
    NormConfig group = NormConfig::defaults(NormKind::Group);
    group.groups = groups;
    try {
        validateConfig(group, spec.shape); // before any timing, so a bad --groups prints nothing
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("--groups: %1").arg(QString::fromStdString(e.what())), 1);
    }

    QTextStream out(stdout);
    out << "# simd " << QString::fromStdString(kernels::simdTarget()) << ", threads " << kernels::threadCount(threads)
        << '\n';
    const auto report = [&](const char* name, double ms) {
        out << "bench " << name << ' ' << QString::number(ms, 'f', 3) << " ms\n";
        out.flush();
    };
    // The tensor benches also give the cost per value, which must not jump with the size.
    const auto numel = static_cast<double>(spec.shape.numel());
    const auto reportPerValue = [&](const char* name, double ms) {
        out << "bench " << name << ' ' << QString::number(ms, 'f', 3) << " ms "
            << QString::number(ms * 1e6 / numel, 'f', 3) << " ns/value\n";
        out.flush();
    };
    Tensor output;
    const auto benchNorm = [&](const char* name, NormConfig config) {
        NormParams params;
        try {
            reportPerValue(name, medianMs(repeat, [&] {
                normalizeInto(input, output, config, params, threads);
                return touch(output);
            }));
        } catch (const NormError& e) {
            throw CliError(QStringLiteral("%1: %2").arg(QLatin1String(name), QString::fromStdString(e.what())), 1);
        }
    };

    benchNorm("batch_train", NormConfig::defaults(NormKind::Batch));
    NormConfig eval = NormConfig::defaults(NormKind::Batch);
    eval.training = false;
    benchNorm("batch_eval", eval);
    // (B, T, C): LayerNorm and RMSNorm per token, over C.
    const std::vector<int64_t> perToken = layout == Layout::BTC ? std::vector<int64_t> { c } : std::vector<int64_t> {};
    NormConfig layer = NormConfig::defaults(NormKind::Layer);
    layer.normalizedShape = perToken;
    benchNorm("layer", layer);
    benchNorm("instance", NormConfig::defaults(NormKind::Instance));
    benchNorm("group", group);
    NormConfig rms = NormConfig::defaults(NormKind::Rms);
    rms.normalizedShape = perToken;
    benchNorm("rms", rms);
    if (layout != Layout::ChannelsFirst) {
        // What reading a file in this layout adds: its values turned into NormScope's order.
        // (arrangeFrom's transpose, into a buffer allocated once, as the reader's is.)
        const std::vector<float> userOrder = valuesInUserOrder(input);
        std::vector<float> held(userOrder.size());
        report("layout_in", medianMs(repeat, [&] {
            transposeBlocks(userOrder, held, spec.shape.n, spec.shape.hw(), spec.shape.c);
            return static_cast<double>(held.front() + held.back());
        }));
    }
    reportPerValue("histogram", medianMs(repeat, [&] {
        const Histogram h = makeHistogram(input.data(), 100, threads);
        return static_cast<double>(h.counts[h.counts.size() / 2]);
    }));

    // What one slider move (γ here; eps and the selection take the same path) runs in the
    // explorer: new output, both histograms and all per-set statistics, with the input's analysis
    // cached and the previous output's buffer recycled as in the window. Painting is not included.
    output = Tensor();
    SnapshotPipeline pipeline;
    PipelineInput live;
    live.tensor = std::make_shared<const Tensor>(std::move(input));
    live.config = NormConfig::defaults(NormKind::Batch);
    try {
        pipeline.run(live, {}, threads);
        int step = 0;
        reportPerValue("live_update", medianMs(repeat, [&] {
            live.affine.gamma = 1.0 + 0.01 * (++step % 50);
            const auto snapshot = pipeline.run(live, {}, threads);
            return snapshot->outputSummary.mean + static_cast<double>(snapshot->histAfter.total);
        }));
    } catch (const NormError& e) {
        throw CliError(QStringLiteral("live_update: %1").arg(QString::fromStdString(e.what())), 1);
    }
    if (!parser.isSet(QStringLiteral("no-labs")))
        benchLabs(labSpec, repeat, threads, report);
    return 0;
}

} // namespace normscope::cli
