// `normscope export --figure compare`: the options it reads (the shared eps, affine, γ and β,
// GroupNorm's G, the anchor element) and the ones it refuses, since it shows all four norms in
// training mode and no single norm's settings apply.
#pragma once

#include "analysis/comparison.h"

#include <QCommandLineParser>

#include <memory>

namespace normscope::cli {

// Throws CliError for options that have no meaning for the comparison.
void refuseForCompare(const QCommandLineParser& parser);
// The request for `tensor`: --eps, --affine/--no-affine, --weight, --bias (one value per channel),
// --groups (default: the explorer's first G for C), --anchor.
ComparisonRequest compareRequestFromOptions(const QCommandLineParser& parser, std::shared_ptr<const Tensor> tensor);

} // namespace normscope::cli
