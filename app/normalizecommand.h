// `normscope normalize`: one normalization layer applied to .npy batches, as PyTorch would.
#pragma once

#include <QCommandLineParser>
#include <QStringList>

namespace normscope::cli {

void describeNormalize(QCommandLineParser& parser);
// Returns the exit status; throws CliError for user errors.
int runNormalize(const QStringList& arguments);

} // namespace normscope::cli
