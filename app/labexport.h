// `normscope export --figure running-stats|batch-size`: runs the labs as the window does (the
// same core code, on the main thread) and writes their slide, or their numbers as CSV.
#pragma once

#include "exportoptions.h"

namespace normscope::cli {

// Throws CliError. Installs the request's language before naming anything.
void runLabExport(const ExportRequest& request, const QCommandLineParser& parser);

} // namespace normscope::cli
