// The option parsers of `normscope normalize` and `normscope export` on arbitrary arguments: the
// first byte picks the command, the rest is split at NUL or newline into arguments. Every
// outcome must be a request, a CliError (one line for the user) or HelpRequested; anything else
// escaping (a NormError without the option's name, std::out_of_range, a crash, undefined
// behaviour) is a bug. Also the number and shape parsers alone on every argument, which must never
// wrap a value into range.
#include "cliutil.h"
#include "exportoptions.h"
#include "fuzzsupport.h"
#include "normalizecommand.h"
#include "norms/normerror.h"
#include "norms/reduction.h"

#include <QCommandLineParser>

using namespace normscope;
using namespace normscope::cli;

namespace {

QStringList split(const uint8_t* data, size_t size)
{
    QStringList out;
    size_t start = 0;
    for (size_t i = 0; i <= size; ++i) {
        if (i == size || data[i] == 0 || data[i] == '\n') {
            out << QString::fromUtf8(reinterpret_cast<const char*>(data + start), static_cast<qsizetype>(i - start));
            start = i + 1;
        }
    }
    return out;
}

void numbers(const QStringList& args)
{
    for (const QString& text : args) {
        try {
            const int64_t v = parseInt(text, QStringLiteral("n"), -7, 1000);
            fuzz::require(v >= -7 && v <= 1000, "parseInt stays within its range");
        } catch (const CliError&) {
        }
        try {
            for (int64_t d : parseDims(text, QStringLiteral("shape")))
                fuzz::require(d > 0, "parseDims gives positive dimensions");
        } catch (const CliError&) {
        }
        try {
            // Every argument as a --shape: its element count is multiplied out (Shape::numel and
            // its checks), so an overflow there is reached whatever the options around it.
            const Shape shape = parseShape(text, QStringLiteral("shape"), 1);
            fuzz::require(shape.numel() > 0, "an accepted --shape has elements");
        } catch (const CliError&) {
        }
        try {
            parseDouble(text, QStringLiteral("x"));
        } catch (const CliError&) {
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    QStringList args = split(data + 1, size - 1);
    numbers(args);
    args.prepend(QStringLiteral("normscope"));
    try {
        QCommandLineParser parser;
        if (data[0] % 2 == 0) {
            const NormalizeRequest request = parseNormalizeRequest(parser, args);
            fuzz::require(!request.inputs.isEmpty() && !request.output.isEmpty(), "normalize has input and output");
            fuzz::require(request.threads >= 0 && request.threads <= 1024, "--threads is in range");
        } else {
            const ExportRequest request = parseExportRequest(parser, args);
            fuzz::require(
                request.width >= 16 && request.width <= 16384 && request.height >= 16 && request.height <= 16384,
                "the figure size is in range");
            fuzz::require(request.figure.isEmpty() != request.data.isEmpty(), "a figure or data, not both");
            if (request.generator) {
                try {
                    const ReductionGeometry geometry(request.config, request.generator->shape);
                    const int64_t set = selectionFromText(request.select, geometry);
                    fuzz::require(set >= 0 && set < geometry.setCount(), "--select names an existing set");
                } catch (const NormError&) {
                    // The configuration does not fit the shape: the command reports it as PyTorch would.
                }
            }
        }
    } catch (const CliError&) {
    } catch (const HelpRequested&) {
    }
    return 0;
}
