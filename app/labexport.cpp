#include "labexport.h"

#include "cliutil.h"
#include "control/explorerstate.h"
#include "export/exportactions.h"
#include "export/labfigures.h"
#include "files/tensorfiles.h"
#include "labs/labcsv.h"
#include "look/translations.h"
#include "norms/normerror.h"

#include <QFileInfo>

namespace normscope::cli {

namespace {

struct Loaded {
    std::optional<LabSource> source;
    QString description;
};

Loaded loadSource(const ExportRequest& request)
{
    Loaded out;
    if (request.inputs.isEmpty()) {
        out.source.emplace(*request.generator);
        out.description = ExplorerState::describe(*request.generator);
        return out;
    }
    // As the window opens them: several .npy files are batches fed in turn, images one batch.
    const ImageScale scale = request.imageValues == QLatin1String("0-255") ? ImageScale::Byte : ImageScale::Unit;
    auto loaded = loadTensorFiles(request.inputs, scale);
    if (const auto* message = std::get_if<QString>(&loaded))
        throw CliError(QStringLiteral("--input: %1").arg(*message), 1);
    LoadedTensor& tensors = std::get<LoadedTensor>(loaded);
    if (tensors.batches.empty())
        tensors.batches.push_back(tensors.tensor);
    out.source.emplace(std::move(tensors.batches));
    out.description = tensors.description;
    return out;
}

} // namespace

void runLabExport(const ExportRequest& request, const QCommandLineParser& parser)
{
    const LabRequest& lab = *request.lab;
    const bool csv = QFileInfo(request.output).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0;
    const FigureKind kind
        = request.figure == QLatin1String("running-stats") ? FigureKind::RunningStats : FigureKind::BatchSize;
    const QString suffix = QFileInfo(request.output).suffix().toLower();
    if (!csv && suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        throw CliError(QStringLiteral("--figure %1 writes .png, .svg or .pdf, or its numbers as .csv: end --output "
                                      "in one of them")
                           .arg(request.figure));
    installTranslation(request.lang);
    try {
        Loaded loaded = loadSource(request);
        const LabSource& source = *loaded.source;
        const Shape shape = source.shape();
        if (lab.channel >= shape.c)
            throw CliError(QStringLiteral("--channel %1: the input has %2 channels (0 to %3)")
                               .arg(lab.channel)
                               .arg(shape.c)
                               .arg(shape.c - 1));
        if (lab.steps > maxLabSteps(shape.c))
            throw CliError(QStringLiteral("--steps %1: the lab keeps at most %2 steps for %3 channels")
                               .arg(lab.steps)
                               .arg(maxLabSteps(shape.c))
                               .arg(shape.c));

        // γ and β as the layer takes them: --weight / --bias files of C values, or none.
        NormConfig config = NormConfig::defaults(NormKind::Batch);
        config.affine = !parser.isSet(QStringLiteral("no-affine"));
        const NormParams params = normParamsFromOptions(parser, config);
        validateParams(config, ReductionGeometry(NormConfig {}, shape), params);
        RunningStatsSettings running = lab.running;
        running.weight = params.weight;
        running.bias = params.bias;

        BatchSizeSettings batch = lab.batch;
        if (kind == FigureKind::BatchSize) {
            batch.groups = batch.groups > 0 ? batch.groups : defaultGroupsFor(shape.c);
            validateBatchSizeSettings(batch, shape); // before any batch is drawn
        }

        RunningStatsLab runningLab { source };
        runningLab.feed(lab.steps);
        auto history = std::make_shared<const RunningStatsHistory>(runningLab.history(lab.steps, running));

        FigureOptions options;
        options.width = request.width;
        options.height = request.height;
        options.dpi = request.dpi;
        options.theme = Theme::byKey(request.theme);
        options.sourceText = loaded.description;
        options.labs.channel = lab.channel;
        options.labs.runningStats = history;
        if (kind == FigureKind::BatchSize) {
            batch.running = RunningStatsLab::runningAt(*history, lab.steps);
            BatchSizeLab batchLab { source };
            batchLab.draw(batch.draws, batch.sizes.back());
            options.labs.batchSize = std::make_shared<const BatchSizeResult>(batchLab.evaluate(batch));
        }

        QString error;
        if (csv) {
            const std::string text
                = kind == FigureKind::RunningStats ? runningStatsCsv(*history) : batchSizeCsv(*options.labs.batchSize);
            error = ExportActions::saveBytes(request.output, QByteArray::fromStdString(text));
        } else {
            error = exportPaintedFigure(request.output, options,
                [&](QPainter& painter, const QRectF& rect) { paintLabFigure(painter, rect, kind, options); });
        }
        if (!error.isEmpty())
            throw CliError(error, 1);
    } catch (const NormError& e) {
        throw CliError(QString::fromStdString(e.what()), 1);
    }
}

} // namespace normscope::cli
