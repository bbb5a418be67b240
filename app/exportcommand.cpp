#include "exportcommand.h"

#include "analysis/pipeline.h"
#include "analysis/snapshotcsv.h"
#include "cliutil.h"
#include "compareoptions.h"
#include "control/explorerstate.h"
#include "export/comparefigure.h"
#include "export/exportactions.h"
#include "export/figureexport.h"
#include "exportoptions.h"
#include "files/sessionio.h"
#include "files/tensorfiles.h"
#include "io/npy.h"
#include "io/tensorfile.h"
#include "labexport.h"
#include "look/translations.h"
#include "norms/normerror.h"
#include "window/plottabs.h"

#include <QApplication>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>

namespace normscope::cli {

namespace {

// Qt's notes about the environment (no XDG_RUNTIME_DIR on a build server) are not errors of
// the export: keep stderr to the one line a failing export prints.
void quietEnvironmentNotes(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtWarningMsg && message.startsWith(QLatin1String("QStandardPaths:")))
        return;
    QTextStream(stderr) << qFormatLogMessage(type, context, message) << '\n';
}

} // namespace

// The same writers as File > Export's data entries; atomic, an error message or empty.
QString exportData(const QString& path, const QString& kind, const Snapshot& snapshot)
{
    if (kind == QLatin1String("statistics"))
        return ExportActions::saveBytes(path, QByteArray::fromStdString(setStatisticsCsv(snapshot)));
    if (kind == QLatin1String("histogram"))
        return ExportActions::saveBytes(path, QByteArray::fromStdString(histogramCsv(snapshot)));
    if (kind == QLatin1String("input"))
        return ExportActions::saveTensor(path, *snapshot.input);
    return ExportActions::saveTensor(path, *snapshot.output);
}

int runExport(int argc, char** argv)
{
    qInstallMessageHandler(quietEnvironmentNotes);
    // Exports need no display: render offscreen unless the caller chose a platform.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // The arguments as given: QApplication takes "--session ID" for X11 session management and
    // removes it from argv, but here --session names a NormScope session file.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    arguments.removeAt(1);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("normscope"));

    try {
        QCommandLineParser parser;
        ExportRequest request = parseExportRequest(parser, arguments);
        // A session gives the tensor, the layer and the view; --theme, --lang and --select override.
        Session session;
        const bool fromSession = !request.session.isEmpty();
        if (fromSession) {
            std::vector<std::string> warnings;
            try {
                session = readSessionFile(request.session.toStdString(), &warnings);
            } catch (const NormError& e) {
                throw CliError(QStringLiteral("--session: %1").arg(QString::fromStdString(e.what())), 1);
            }
            for (const std::string& warning : warnings)
                QTextStream(stderr) << "normscope export: warning: " << QString::fromStdString(warning) << '\n';
            const QString changed = checkSessionFiles(session);
            if (!changed.isEmpty())
                throw CliError(QStringLiteral("--session: %1").arg(changed), 1);
            request.config = session.config;
            request.generator = session.generator;
            for (const SessionFile& file : session.files)
                request.inputs << QString::fromStdString(file.spec);
            request.imageValues = QString::fromStdString(session.imageValues);
            if (!parser.isSet(QStringLiteral("theme")))
                request.theme = QString::fromStdString(session.theme);
            if (!parser.isSet(QStringLiteral("lang")))
                request.lang = QString::fromStdString(session.language);
            request.allSets = request.allSets || session.allSets;
            request.overlay = request.overlay || session.overlay;
            request.logY = request.logY || session.logY;
        }
        if (request.lab) {
            runLabExport(request, parser);
            return 0;
        }
        const std::optional<FigureKind> figure = parseFigureKind(request.figure);
        FigureOptions options;
        options.width = request.width;
        options.height = request.height;
        options.dpi = request.dpi;
        options.theme = Theme::byKey(request.theme);
        options.allSets = request.allSets;
        options.overlay = request.overlay;
        options.logY = request.logY;
        if (fromSession)
            options.camera = session.camera;

        const NormConfig& config = request.config;
        const bool compare = request.figure == QLatin1String("compare");
        NormParams params;
        if (fromSession) {
            params.runningMean = session.runningMean;
            params.runningVar = session.runningVar;
        } else if (!compare) {
            // The comparison reads its γ and β itself: one value per channel, shared by the four norms.
            params = normParamsFromOptions(parser, config);
        }
        const ImageScale imageScale
            = request.imageValues == QLatin1String("0-255") ? ImageScale::Byte : ImageScale::Unit;

        PipelineInput input;
        const QStringList& inputs = request.inputs;
        const bool images = !inputs.isEmpty()
            && std::all_of(inputs.begin(), inputs.end(), [](const QString& f) { return isImageFile(f); });
        if (images && parser.isSet(QStringLiteral("layout")))
            throw CliError(QStringLiteral("--layout applies to .npy inputs and generated tensors; images are read "
                                          "as (N, C, H, W)"));
        if (images) {
            // Read as the window reads them; the message stays English, like every other error here.
            auto loaded = loadTensorFiles(inputs, imageScale);
            if (const auto* message = std::get_if<QString>(&loaded))
                throw CliError(QStringLiteral("--input: %1").arg(*message), 1);
            input.tensor = std::get<LoadedTensor>(loaded).tensor;
            TensorSource source;
            source.kind = TensorSource::Kind::Loaded;
            source.files = inputs;
            options.pictures = pictureSourceFor(source, imageScale);
        } else if (inputs.size() > 1) {
            const auto other
                = std::find_if(inputs.begin(), inputs.end(), [](const QString& f) { return !isImageFile(f); });
            throw CliError(QStringLiteral("--input: %1 is not an image: give one tensor file, or one or more images")
                               .arg(QFileInfo(*other).fileName()));
        } else if (!inputs.isEmpty()) {
            // The input, its output and the snapshot's copies are held at once.
            input.tensor
                = std::make_shared<const Tensor>(readInputTensor(parser, inputs.first(), QStringLiteral("input"), 3,
                    fromSession ? [&session](int rank) { return sessionLayout(session, rank); }
                                : std::function<Layout(int)>()));
            options.sourceText = QString::fromStdString(parseInputSpec(inputs.first().toStdString()).displayName());
        } else {
            input.generator = request.generator;
        }
        input.config = config;
        input.weight = params.weight;
        input.bias = params.bias;
        input.running = params;
        if (fromSession) {
            input.affine = session.affine;
            input.bins = session.bins;
        }

        const Shape inputShape = input.tensor ? input.tensor->shape() : input.generator->shape;
        if (figure == FigureKind::Images && inputShape.rank != 4)
            throw CliError(QStringLiteral("--figure images needs an (N, C, H, W) input to draw; this one is %1")
                               .arg(QString::fromStdString(inputShape.toString())));

        installTranslation(request.lang);
        if (input.generator) // as the window describes it, in the chosen language
            options.sourceText = ExplorerState::describe(*input.generator);
        if (images)
            options.sourceText = describeImageBatch(inputs, input.tensor->shape().c, imageScale);
        if (compare) {
            std::shared_ptr<const Comparison> comparison;
            try {
                SnapshotPipeline pipeline;
                comparison = computeComparison(compareRequestFromOptions(parser, pipeline.tensorFor(input)));
            } catch (const NormError& e) {
                throw CliError(QString::fromStdString(e.what()), 1);
            }
            const QString error = exportCompareFigure(request.output, *comparison, options);
            if (!error.isEmpty())
                throw CliError(error, 1);
            return 0;
        }
        std::shared_ptr<const Snapshot> snapshot;
        try {
            SnapshotPipeline pipeline;
            const auto tensor = pipeline.tensorFor(input);
            input.selectedSet = fromSession && request.select.isEmpty()
                ? session.selectedSet
                : selectionFromText(request.select, ReductionGeometry(config, tensor->shape()));
            snapshot = pipeline.run(input);
        } catch (const NormError& e) {
            throw CliError(QString::fromStdString(e.what()), 1);
        }
        refuseOverflow(snapshot->output->data(), snapshot->nonFiniteSets);
        const QString error = figure ? exportFigure(request.output, *figure, *snapshot, options)
                                     : exportData(request.output, request.data, *snapshot);
        if (!error.isEmpty())
            throw CliError(error, 1);
        return 0;
    } catch (const HelpRequested& help) {
        QTextStream(stdout) << help.text();
        return 0;
    } catch (const CliError& e) {
        QTextStream(stderr) << "normscope export: error: " << QString::fromStdString(e.what()) << '\n';
        return e.status();
    } catch (const std::exception& e) {
        QTextStream(stderr) << "normscope export: error: " << QString::fromStdString(e.what()) << '\n';
        return 1;
    }
}

} // namespace normscope::cli
