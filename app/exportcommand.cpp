#include "exportcommand.h"

#include "analysis/pipeline.h"
#include "analysis/snapshotcsv.h"
#include "cliutil.h"
#include "explorer/explorerstate.h"
#include "explorer/plottabs.h"
#include "explorer/tensorfiles.h"
#include "export/exportactions.h"
#include "export/figureexport.h"
#include "io/npy.h"
#include "look/translations.h"
#include "norms/normerror.h"

#include <QApplication>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>

namespace normscope::cli {

namespace {

QString generatorHelp()
{
    QString text = QStringLiteral("Generator kinds (--generate KIND, parameters with --param NAME=VALUE):\n");
    for (const auto& info : generatorCatalog()) {
        text += QStringLiteral("  %1: %2\n")
                    .arg(QString::fromStdString(info.key), QString::fromStdString(info.description));
        for (const auto& p : info.params)
            text += QStringLiteral("      %1 (default %2): %3\n")
                        .arg(QString::fromStdString(p.key))
                        .arg(p.defaultValue)
                        .arg(QString::fromStdString(p.description));
    }
    return text;
}

void describe(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        QStringLiteral("normscope export: render the cube, the histograms, a 16:9 slide or the images before and "
                       "after for one setting as PNG, SVG or PDF, with no display; or write the data behind them "
                       "(--data), as File > Export does.\n\n")
        + generatorHelp());
    parser.addHelpOption();
    addNormOptions(parser);
    parser.addOptions({
        { QStringLiteral("input"),
            QStringLiteral("Input tensor (.npy), or PNG/JPEG images: repeat --input for several images of one size, "
                           "which form a batch."),
            QStringLiteral("FILE") },
        { QStringLiteral("image-values"),
            QStringLiteral("Read images as values 0-1 (default) or 0-255, as File > Image values in the window."),
            QStringLiteral("0-1|0-255") },
        { QStringLiteral("generate"), QStringLiteral("Generate the input instead (see the kinds above)."),
            QStringLiteral("KIND") },
        { QStringLiteral("shape"), QStringLiteral("Shape of the generated tensor (default 8,6,8,8)."),
            QStringLiteral("N,C,H,W") },
        { QStringLiteral("seed"), QStringLiteral("Seed of the generated tensor (default 0)."), QStringLiteral("S") },
        { QStringLiteral("param"), QStringLiteral("A generator parameter, e.g. --param std=2 (repeatable)."),
            QStringLiteral("NAME=VALUE") },
        { QStringLiteral("figure"),
            QStringLiteral("What to draw: cube, histogram, slide, or images (each image before and after; needs an "
                           "(N, C, H, W) input)."),
            QStringLiteral("cube|histogram|slide|images") },
        { QStringLiteral("data"),
            QStringLiteral("Write data instead of a figure: statistics (per-set means and stds before and after, "
                           ".csv), histogram (the bins of both histograms, .csv), input (the tensor, e.g. a "
                           "generator's exact values, .npy) or output (the normalized tensor, .npy)."),
            QStringLiteral("statistics|histogram|input|output") },
        { QStringLiteral("output"), QStringLiteral("The file to write: .png, .svg or .pdf (.csv or .npy for --data)."),
            QStringLiteral("FILE") },
        { QStringLiteral("width"), QStringLiteral("Width in pixels (default 1600)."), QStringLiteral("W") },
        { QStringLiteral("height"), QStringLiteral("Height in pixels (default 900)."), QStringLiteral("H") },
        { QStringLiteral("dpi"), QStringLiteral("Resolution (default 144); sets the physical size of SVG and PDF."),
            QStringLiteral("D") },
        { QStringLiteral("lang"), QStringLiteral("Language of the figure's text: en or zh_CN (default en)."),
            QStringLiteral("en|zh_CN") },
        { QStringLiteral("theme"), QStringLiteral("light (white slides, print) or dark (default light)."),
            QStringLiteral("light|dark") },
        { QStringLiteral("select"),
            QStringLiteral("The set to highlight, by its indices: c (batch), n / n,c / n,c,h (layer, by "
                           "normalized_shape), n,c (instance), n,g (group). Default: the first set."),
            QStringLiteral("I[,J...]") },
        { QStringLiteral("all-sets"), QStringLiteral("Colour every reduction set distinctly.") },
        { QStringLiteral("overlay"), QStringLiteral("Overlay the before/after histograms in one plot.") },
        { QStringLiteral("log-y"), QStringLiteral("Logarithmic histogram counts.") },
    });
}

enum class DataKind { Statistics, Histogram, Input, Output };

// --data KIND: which data, checked against the output's suffix so a CSV never lands in x.npy.
DataKind dataFromOptions(const QCommandLineParser& parser, const QString& output)
{
    const QString key = parser.value(QStringLiteral("data"));
    const bool csv = key == QLatin1String("statistics") || key == QLatin1String("histogram");
    if (!csv && key != QLatin1String("input") && key != QLatin1String("output"))
        throw CliError(QStringLiteral("unknown --data '%1': expected statistics, histogram, input or output").arg(key));
    const QString suffix = csv ? QStringLiteral("csv") : QStringLiteral("npy");
    if (QFileInfo(output).suffix().toLower() != suffix)
        throw CliError(QStringLiteral("--data %1 writes .%2: end --output in .%2").arg(key, suffix));
    return key == QLatin1String("statistics") ? DataKind::Statistics
        : key == QLatin1String("histogram")   ? DataKind::Histogram
        : key == QLatin1String("input")       ? DataKind::Input
                                              : DataKind::Output;
}

// The same writers as File > Export's data entries; atomic, an error message or empty.
QString exportData(const QString& path, DataKind kind, const Snapshot& snapshot)
{
    switch (kind) {
    case DataKind::Statistics:
        return ExportActions::saveBytes(path, QByteArray::fromStdString(setStatisticsCsv(snapshot)));
    case DataKind::Histogram:
        return ExportActions::saveBytes(path, QByteArray::fromStdString(histogramCsv(snapshot)));
    case DataKind::Input:
        return ExportActions::saveTensor(path, *snapshot.input);
    case DataKind::Output:
        return ExportActions::saveTensor(path, *snapshot.output);
    }
    return {};
}

int64_t intOption(const QCommandLineParser& parser, const QString& name, int64_t fallback)
{
    return parser.isSet(name) ? parseInt(parser.value(name), name) : fallback;
}

GeneratorSpec generatorFromOptions(const QCommandLineParser& parser)
{
    const QString key = parser.value(QStringLiteral("generate"));
    const auto kind = parseGeneratorKind(key.toStdString());
    if (!kind)
        throw CliError(QStringLiteral("unknown generator '%1' (see normscope export --help)").arg(key));
    GeneratorSpec spec;
    spec.kind = *kind;
    spec.shape = Shape::fromDims(parseDims(
        parser.isSet(QStringLiteral("shape")) ? parser.value(QStringLiteral("shape")) : QStringLiteral("8,6,8,8"),
        QStringLiteral("shape")));
    const int64_t seed = intOption(parser, QStringLiteral("seed"), 0);
    if (seed < 0)
        throw CliError(QStringLiteral("--seed must be >= 0"));
    spec.seed = static_cast<uint64_t>(seed);
    const auto& infos = generatorInfo(*kind).params;
    for (const auto& info : infos)
        spec.params.push_back(info.defaultValue);
    for (const QString& assignment : parser.values(QStringLiteral("param"))) {
        const QString name = assignment.section(QLatin1Char('='), 0, 0);
        size_t i = 0;
        while (i < infos.size() && QString::fromStdString(infos[i].key) != name)
            ++i;
        if (i == infos.size() || !assignment.contains(QLatin1Char('=')))
            throw CliError(
                QStringLiteral("--param %1: the %2 generator has no parameter '%3'").arg(assignment, key, name));
        spec.params[i] = parseDouble(assignment.section(QLatin1Char('='), 1), QStringLiteral("param"));
    }
    return spec;
}

int64_t selectionFromOptions(const QCommandLineParser& parser, const ReductionGeometry& g)
{
    if (!parser.isSet(QStringLiteral("select")))
        return 0;
    const QString text = parser.value(QStringLiteral("select"));
    std::vector<int64_t> idx;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qlonglong v = part.trimmed().toLongLong(&ok);
        if (!ok || v < 0)
            throw CliError(QStringLiteral("--select expects indices >= 0 separated by commas, got '%1'").arg(text));
        idx.push_back(v);
    }
    const Shape& s = g.shape();
    std::vector<int64_t> limits;
    switch (g.kind()) {
    case NormKind::Batch:
        limits = { s.c };
        break;
    case NormKind::Instance:
        limits = { s.n, s.c };
        break;
    case NormKind::Group:
        limits = { s.n, g.groups() };
        break;
    case NormKind::Layer:
        if (g.layerDims() == 1)
            limits = { s.n, s.c, s.h };
        else if (g.layerDims() == 2)
            limits = { s.n, s.c };
        else if (g.layerDims() == 3)
            limits = { s.n };
        break;
    }
    const QString form = g.kind() == NormKind::Batch ? QStringLiteral("c")
        : g.kind() == NormKind::Group                ? QStringLiteral("n,g")
        : limits.size() == 3                         ? QStringLiteral("n,c,h")
        : limits.size() == 2                         ? QStringLiteral("n,c")
        : limits.size() == 1                         ? QStringLiteral("n")
                                                     : QString();
    if (idx.size() != limits.size())
        throw CliError(QStringLiteral("--select for this %1 expects %2, got '%3'")
                           .arg(QString::fromLatin1(normTitle(g.kind()).data()),
                               form.isEmpty() ? QStringLiteral("nothing (one set)") : form, text));
    int64_t set = 0;
    for (size_t i = 0; i < idx.size(); ++i) {
        if (idx[i] >= limits[i])
            throw CliError(QStringLiteral("--select %1: %2 must be below %3")
                               .arg(text, form.section(QLatin1Char(','), static_cast<int>(i), static_cast<int>(i)))
                               .arg(limits[i]));
        set = set * limits[i] + idx[i];
    }
    return set;
}

} // namespace

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

int runExport(int argc, char** argv)
{
    qInstallMessageHandler(quietEnvironmentNotes);
    // Exports need no display: render offscreen unless the caller chose a platform.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("normscope"));
    QStringList arguments = QApplication::arguments();
    arguments.removeAt(1);

    try {
        QCommandLineParser parser;
        describe(parser);
        parseOrThrow(parser, arguments, QStringLiteral("export"));

        if (parser.isSet(QStringLiteral("figure")) == parser.isSet(QStringLiteral("data")))
            throw CliError(QStringLiteral("give exactly one of --figure (cube, histogram, slide or images) or --data "
                                          "(statistics, histogram, input or output)"));
        if (!parser.isSet(QStringLiteral("output")))
            throw CliError(QStringLiteral("--output is required"));
        const QString output = parser.value(QStringLiteral("output"));
        std::optional<FigureKind> figure;
        std::optional<DataKind> data;
        if (parser.isSet(QStringLiteral("data"))) {
            data = dataFromOptions(parser, output);
        } else {
            figure = parseFigureKind(parser.value(QStringLiteral("figure")));
            if (!figure)
                throw CliError(QStringLiteral("unknown --figure '%1': expected cube, histogram, slide or images")
                                   .arg(parser.value(QStringLiteral("figure"))));
        }
        if (parser.isSet(QStringLiteral("input")) == parser.isSet(QStringLiteral("generate")))
            throw CliError(QStringLiteral("give exactly one of --input FILE.npy or --generate KIND"));

        const QString lang
            = parser.isSet(QStringLiteral("lang")) ? parser.value(QStringLiteral("lang")) : QStringLiteral("en");
        if (lang != QLatin1String("en") && lang != QLatin1String("zh_CN"))
            throw CliError(QStringLiteral("unknown --lang '%1': expected en or zh_CN").arg(lang));
        const QString theme
            = parser.isSet(QStringLiteral("theme")) ? parser.value(QStringLiteral("theme")) : QStringLiteral("light");
        if (theme != QLatin1String("light") && theme != QLatin1String("dark"))
            throw CliError(QStringLiteral("unknown --theme '%1': expected light or dark").arg(theme));

        FigureOptions options;
        options.width = static_cast<int>(intOption(parser, QStringLiteral("width"), 1600));
        options.height = static_cast<int>(intOption(parser, QStringLiteral("height"), 900));
        options.dpi = parser.isSet(QStringLiteral("dpi"))
            ? parseDouble(parser.value(QStringLiteral("dpi")), QStringLiteral("dpi"))
            : 144.0;
        options.theme = Theme::byKey(theme);
        options.allSets = parser.isSet(QStringLiteral("all-sets"));
        options.overlay = parser.isSet(QStringLiteral("overlay"));
        options.logY = parser.isSet(QStringLiteral("log-y"));
        if (options.width < 16 || options.height < 16 || options.width > 16384 || options.height > 16384)
            throw CliError(QStringLiteral("--width and --height must be between 16 and 16384 pixels"));
        if (!(options.dpi >= 10.0 && options.dpi <= 2400.0))
            throw CliError(QStringLiteral("--dpi must be between 10 and 2400"));

        const NormConfig config = normConfigFromOptions(parser);
        const NormParams params = normParamsFromOptions(parser, config);
        const QString imageValues = parser.isSet(QStringLiteral("image-values"))
            ? parser.value(QStringLiteral("image-values"))
            : QStringLiteral("0-1");
        if (imageValues != QLatin1String("0-1") && imageValues != QLatin1String("0-255"))
            throw CliError(QStringLiteral("unknown --image-values '%1': expected 0-1 or 0-255").arg(imageValues));
        const ImageScale imageScale = imageValues == QLatin1String("0-255") ? ImageScale::Byte : ImageScale::Unit;

        PipelineInput input;
        const QStringList inputs = parser.values(QStringLiteral("input"));
        const bool images = !inputs.isEmpty()
            && std::all_of(inputs.begin(), inputs.end(), [](const QString& f) { return isImageFile(f); });
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
            throw CliError(QStringLiteral("--input: %1 is not an image: give one .npy file, or one or more images")
                               .arg(QFileInfo(*other).fileName()));
        } else if (!inputs.isEmpty()) {
            try {
                input.tensor = std::make_shared<const Tensor>(readTensor(inputs.first().toStdString()));
            } catch (const NormError& e) {
                throw CliError(QStringLiteral("--input: %1").arg(QString::fromStdString(e.what())), 1);
            }
            options.sourceText = QFileInfo(inputs.first()).fileName();
        } else {
            input.generator = generatorFromOptions(parser);
        }
        input.config = config;
        input.weight = params.weight;
        input.bias = params.bias;
        input.running = params;

        const Shape inputShape = input.tensor ? input.tensor->shape() : input.generator->shape;
        if (figure == FigureKind::Images && inputShape.rank != 4)
            throw CliError(QStringLiteral("--figure images needs an (N, C, H, W) input to draw; this one is %1")
                               .arg(QString::fromStdString(inputShape.toString())));

        installTranslation(lang);
        if (input.generator) // as the window describes it, in the chosen language
            options.sourceText = ExplorerState::describe(*input.generator);
        if (images)
            options.sourceText = describeImageBatch(inputs, input.tensor->shape().c, imageScale);
        std::shared_ptr<const Snapshot> snapshot;
        try {
            SnapshotPipeline pipeline;
            const auto tensor = pipeline.tensorFor(input);
            input.selectedSet = selectionFromOptions(parser, ReductionGeometry(config, tensor->shape()));
            snapshot = pipeline.run(input);
        } catch (const NormError& e) {
            throw CliError(QString::fromStdString(e.what()), 1);
        }
        const QString error
            = data ? exportData(output, *data, *snapshot) : exportFigure(output, *figure, *snapshot, options);
        if (!error.isEmpty())
            throw CliError(error, 1);
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
