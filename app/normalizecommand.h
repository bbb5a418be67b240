// `normscope normalize`: one normalization layer applied to .npy batches, as PyTorch would.
#pragma once

#include "norms/normconfig.h"

#include <QCommandLineParser>
#include <QStringList>

namespace normscope::cli {

void describeNormalize(QCommandLineParser& parser);

// What the options ask for, checked without touching any file (the fuzzers call this).
struct NormalizeRequest {
    QStringList inputs;
    QString output;
    QString saveRunningMean; // empty: not asked for
    QString saveRunningVar;
    NormConfig config;
    int threads = 0;
    QString explain; // --explain's indices, checked against the last batch's shape
};
// Throws CliError for user errors and HelpRequested for --help.
NormalizeRequest parseNormalizeRequest(QCommandLineParser& parser, const QStringList& arguments);
// Returns the exit status; throws CliError for user errors.
int runNormalize(const QStringList& arguments);

} // namespace normscope::cli
