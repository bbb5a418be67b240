#include "exportoptions.h"

#include "cliutil.h"
#include "compareoptions.h"

#include <QFileInfo>

#include <climits>

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

int64_t intOption(const QCommandLineParser& parser, const QString& name, int64_t fallback, int64_t min, int64_t max)
{
    return parser.isSet(name) ? parseInt(parser.value(name), name, min, max) : fallback;
}

GeneratorSpec generatorFromOptions(const QCommandLineParser& parser)
{
    const QString key = parser.value(QStringLiteral("generate"));
    const auto kind = parseGeneratorKind(key.toStdString());
    if (!kind)
        throw CliError(QStringLiteral("unknown generator '%1' (see normscope export --help)").arg(key));
    GeneratorSpec spec;
    spec.kind = *kind;
    // The generated input, its output and the snapshot's copies are held at once.
    const QString shapeText
        = parser.isSet(QStringLiteral("shape")) ? parser.value(QStringLiteral("shape")) : QStringLiteral("8,6,8,8");
    spec.shape = parseShape(shapeText, QStringLiteral("shape"), 3);
    // --shape is read in the layout's order: --layout btc --shape 4,16,32 is B = 4, T = 16, C = 32.
    const auto dims = parseDims(shapeText, QStringLiteral("shape"));
    spec.shape = Shape::fromUserDims(dims, layoutFromOptions(parser, static_cast<int>(dims.size())));
    spec.seed = static_cast<uint64_t>(intOption(parser, QStringLiteral("seed"), 0, 0, INT64_MAX));
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

} // namespace

void describeExport(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        QStringLiteral("normscope export: render the cube, the histograms, a 16:9 slide or the images before and "
                       "after for one setting as PNG, SVG or PDF, with no display; or write the data behind them "
                       "(--data), as File > Export does. The labs' slides: --figure running-stats (BatchNorm fed "
                       "--steps batches: running statistics, eval vs train) and --figure batch-size (one sample's "
                       "output over --draws draws of its batch mates, for each of --batch-sizes); with --output "
                       "x.csv they write their numbers instead.\n\n")
        + generatorHelp());
    parser.addHelpOption();
    addNormOptions(parser);
    addLayoutOption(parser);
    parser.addOptions({
        { QStringLiteral("input"),
            QStringLiteral("Input tensor: X.npy, or one array of an archive as X.npz:NAME or X.safetensors:NAME (the "
                           "name may be left out when the file holds one array); or PNG/JPEG images: repeat --input "
                           "for several images of one size, which form a batch."),
            QStringLiteral("FILE") },
        { QStringLiteral("image-values"),
            QStringLiteral("Read images as values 0-1 (default) or 0-255, as File > Image values in the window."),
            QStringLiteral("0-1|0-255") },
        { QStringLiteral("generate"), QStringLiteral("Generate the input instead (see the kinds above)."),
            QStringLiteral("KIND") },
        { QStringLiteral("shape"),
            QStringLiteral("Shape of the generated tensor, in --layout's order (default 8,6,8,8)."),
            QStringLiteral("N,C,H,W") },
        { QStringLiteral("seed"), QStringLiteral("Seed of the generated tensor (default 0)."), QStringLiteral("S") },
        { QStringLiteral("param"), QStringLiteral("A generator parameter, e.g. --param std=2 (repeatable)."),
            QStringLiteral("NAME=VALUE") },
        { QStringLiteral("figure"),
            QStringLiteral("What to draw: cube, histogram, slide, images (each image before and after; needs an "
                           "(N, C, H, W) input), running-stats or batch-size (the labs' slides; .csv writes their "
                           "numbers), or compare: BatchNorm, LayerNorm, InstanceNorm and GroupNorm side by side in "
                           "training mode with the shared --eps, --weight, --bias and --groups (no --norm), with "
                           "GroupNorm's measured distance to LayerNorm and InstanceNorm."),
            QStringLiteral("cube|histogram|slide|images|running-stats|batch-size|compare") },
        { QStringLiteral("anchor"),
            QStringLiteral("--figure compare: the element whose sets the four cubes outline, as n,c,h,w (n,c,l or n,c "
                           "for 3-D and 2-D inputs). Default: the first element."),
            QStringLiteral("N,C,H,W") },
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
            QStringLiteral("The set to highlight, by its indices: c (batch), n / n,c / n,c,h (layer and rms, by "
                           "normalized_shape; b,t for one token of --layout btc), n,c (instance), n,g (group). "
                           "Default: the first set."),
            QStringLiteral("I[,J...]") },
        { QStringLiteral("session"),
            QStringLiteral("Render a session file saved by File > Save Session: its tensor, layer, parameters, "
                           "running statistics, selected set and view (camera, theme, language, bins). --theme, "
                           "--lang and --select override the session's; --input, --generate and the layer's options "
                           "are refused with it."),
            QStringLiteral("FILE") },
        { QStringLiteral("all-sets"), QStringLiteral("Colour every reduction set distinctly.") },
        { QStringLiteral("overlay"), QStringLiteral("Overlay the before/after histograms in one plot.") },
        { QStringLiteral("log-y"), QStringLiteral("Logarithmic histogram counts.") },
    });
    parser.addOptions(labOptions());
}

int64_t selectionFromText(const QString& text, const ReductionGeometry& g)
{
    if (text.isEmpty())
        return 0;
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
    case NormKind::Rms:
        if (g.transposed() && g.layerDims() == 1)
            limits = { s.n, s.w }; // one token: b, t
        else if (g.transposed() && g.layerDims() == 3)
            limits = { s.n };
        else if (g.layerDims() == 1)
            limits = { s.n, s.c, s.h };
        else if (g.layerDims() == 2)
            limits = { s.n, s.c };
        else if (g.layerDims() == 3)
            limits = { s.n };
        break;
    }
    QString form = g.kind() == NormKind::Batch ? QStringLiteral("c")
        : g.kind() == NormKind::Group          ? QStringLiteral("n,g")
        : limits.size() == 3                   ? QStringLiteral("n,c,h")
        : limits.size() == 2                   ? (g.transposed() ? QStringLiteral("n,t") : QStringLiteral("n,c"))
        : limits.size() == 1                   ? QStringLiteral("n")
                                               : QString();
    if (s.layout == Layout::BTC && form.startsWith(QLatin1Char('n')))
        form[0] = QLatin1Char('b'); // (B, T, C) names its samples b
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

ExportRequest parseExportRequest(QCommandLineParser& parser, const QStringList& arguments)
{
    describeExport(parser);
    parseOrThrow(parser, arguments, QStringLiteral("export"));

    ExportRequest request;
    if (parser.isSet(QStringLiteral("figure")) == parser.isSet(QStringLiteral("data")))
        throw CliError(
            QStringLiteral("give exactly one of --figure (cube, histogram, slide, images or compare) or --data "
                           "(statistics, histogram, input or output)"));
    if (!parser.isSet(QStringLiteral("output")))
        throw CliError(QStringLiteral("--output is required"));
    request.output = parser.value(QStringLiteral("output"));
    if (parser.isSet(QStringLiteral("data"))) {
        // Checked against the output's suffix so a CSV never lands in x.npy.
        request.data = parser.value(QStringLiteral("data"));
        const bool csv = request.data == QLatin1String("statistics") || request.data == QLatin1String("histogram");
        if (!csv && request.data != QLatin1String("input") && request.data != QLatin1String("output"))
            throw CliError(QStringLiteral("unknown --data '%1': expected statistics, histogram, input or output")
                               .arg(request.data));
        const QString suffix = csv ? QStringLiteral("csv") : QStringLiteral("npy");
        if (QFileInfo(request.output).suffix().toLower() != suffix)
            throw CliError(QStringLiteral("--data %1 writes .%2: end --output in .%2").arg(request.data, suffix));
    } else {
        request.figure = parser.value(QStringLiteral("figure"));
        if (request.figure != QLatin1String("cube") && request.figure != QLatin1String("histogram")
            && request.figure != QLatin1String("slide") && request.figure != QLatin1String("images")
            && request.figure != QLatin1String("compare") && !isLabFigureKey(request.figure))
            throw CliError(QStringLiteral("unknown --figure '%1': expected cube, histogram, slide, images, "
                                          "running-stats, batch-size or compare")
                               .arg(request.figure));
    }
    // The comparison shows all four norms in training mode: one norm's options do not apply.
    const bool compare = request.figure == QLatin1String("compare");
    if (isLabFigureKey(request.figure)) {
        if (parser.isSet(QStringLiteral("session")))
            throw CliError(
                QStringLiteral("--figure %1 takes --input or --generate, not --session").arg(request.figure));
        request.lab = parseLabRequest(parser);
    } else {
        refuseLabOptions(parser, request.figure);
    }
    if (compare) {
        if (parser.isSet(QStringLiteral("session")))
            throw CliError(
                QStringLiteral("--figure compare takes its tensor from --input or --generate, not --session"));
        refuseForCompare(parser);
    } else if (parser.isSet(QStringLiteral("anchor"))) {
        throw CliError(QStringLiteral("--anchor applies only to --figure compare (the other figures take --select)"));
    }
    request.anchor = parser.value(QStringLiteral("anchor"));
    request.session = parser.value(QStringLiteral("session"));
    if (parser.isSet(QStringLiteral("session"))) {
        // The session holds all of these; two sources for one value would leave the user guessing.
        for (const char* option : { "input", "generate", "shape", "seed", "param", "image-values", "norm", "eps",
                 "momentum", "groups", "normalized-shape", "affine", "no-affine", "track-running-stats",
                 "no-track-running-stats", "weight", "bias", "eval", "running-mean", "running-var" }) {
            if (parser.isSet(QLatin1String(option)))
                throw CliError(QStringLiteral("--session gives the tensor and the layer: leave out --%1")
                                   .arg(QLatin1String(option)));
        }
        if (request.session.isEmpty())
            throw CliError(QStringLiteral("--session needs a file name"));
    } else if (parser.isSet(QStringLiteral("input")) == parser.isSet(QStringLiteral("generate"))) {
        throw CliError(QStringLiteral("give exactly one of --input FILE, --generate KIND or --session FILE"));
    }

    if (parser.isSet(QStringLiteral("lang")))
        request.lang = parser.value(QStringLiteral("lang"));
    if (request.lang != QLatin1String("en") && request.lang != QLatin1String("zh_CN"))
        throw CliError(QStringLiteral("unknown --lang '%1': expected en or zh_CN").arg(request.lang));
    if (parser.isSet(QStringLiteral("theme")))
        request.theme = parser.value(QStringLiteral("theme"));
    if (request.theme != QLatin1String("light") && request.theme != QLatin1String("dark"))
        throw CliError(QStringLiteral("unknown --theme '%1': expected light or dark").arg(request.theme));

    request.width = static_cast<int>(intOption(parser, QStringLiteral("width"), 1600, 16, 16384));
    request.height = static_cast<int>(intOption(parser, QStringLiteral("height"), 900, 16, 16384));
    if (parser.isSet(QStringLiteral("dpi")))
        request.dpi = parseDouble(parser.value(QStringLiteral("dpi")), QStringLiteral("dpi"));
    if (!(request.dpi >= 10.0 && request.dpi <= 2400.0))
        throw CliError(QStringLiteral("--dpi must be between 10 and 2400"));
    request.allSets = parser.isSet(QStringLiteral("all-sets"));
    request.overlay = parser.isSet(QStringLiteral("overlay"));
    request.logY = parser.isSet(QStringLiteral("log-y"));
    request.select = parser.value(QStringLiteral("select"));

    if (compare)
        request.config = NormConfig::defaults(NormKind::Group);
    else if (request.session.isEmpty() && !request.lab)
        request.config = normConfigFromOptions(parser);
    if (parser.isSet(QStringLiteral("image-values")))
        request.imageValues = parser.value(QStringLiteral("image-values"));
    if (request.imageValues != QLatin1String("0-1") && request.imageValues != QLatin1String("0-255"))
        throw CliError(QStringLiteral("unknown --image-values '%1': expected 0-1 or 0-255").arg(request.imageValues));
    request.inputs = parser.values(QStringLiteral("input"));
    if (request.inputs.isEmpty() && request.session.isEmpty())
        request.generator = generatorFromOptions(parser);
    return request;
}

} // namespace normscope::cli
