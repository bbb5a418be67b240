// The options of `normscope export`, parsed and checked without a display, a file or a window:
// the command turns the request into figure options, and the fuzzers run it on random arguments.
#pragma once

#include "labexportoptions.h"
#include "norms/normconfig.h"
#include "norms/reduction.h"
#include "tensor/generators.h"

#include <QCommandLineParser>
#include <QStringList>

#include <optional>

namespace normscope::cli {

void describeExport(QCommandLineParser& parser);

struct ExportRequest {
    QString figure; // "cube", "histogram", "slide", "images", "running-stats", "batch-size" or "compare"; empty
                    // for --data
    QString data; // "statistics", "histogram", "input" or "output"; empty for --figure
    QString output;
    QStringList inputs; // one .npy file, or images forming a batch; empty when generated
    QString imageValues = QStringLiteral("0-1"); // or "0-255"
    std::optional<GeneratorSpec> generator;
    QString lang = QStringLiteral("en");
    QString theme = QStringLiteral("light");
    int width = 1600;
    int height = 900;
    double dpi = 144.0;
    bool allSets = false;
    bool overlay = false;
    bool logY = false;
    QString select; // resolved against the tensor's geometry by selectionFromText
    QString anchor; // --figure compare only: resolved by compareRequestFromOptions
    NormConfig config;
    QString session; // --session: the tensor, the layer and the view come from this file
    std::optional<LabRequest> lab; // the lab figures' parameters (then `config` is unused)
};

// Throws CliError for user errors and HelpRequested for --help.
ExportRequest parseExportRequest(QCommandLineParser& parser, const QStringList& arguments);

// The set --select names ("n,g" for GroupNorm, ...), or 0 for an empty text; throws CliError.
int64_t selectionFromText(const QString& text, const ReductionGeometry& geometry);

} // namespace normscope::cli
