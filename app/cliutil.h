// Helpers shared by the command-line subcommands: option parsing into core types, and the
// error type that carries a one-line message and an exit status.
#pragma once

#include "norms/normconfig.h"
#include "tensor/tensor.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <stdexcept>
#include <vector>

namespace normscope::cli {

// A user error on the command line: printed as one line on stderr, exit status `status` (1..127).
class CliError : public std::runtime_error {
public:
    explicit CliError(const QString& message, int status = 2)
        : std::runtime_error(message.toStdString())
        , m_status(status)
    {
    }
    int status() const { return m_status; }

private:
    int m_status;
};

// "2,3,4" -> {2, 3, 4}; every entry a positive integer.
std::vector<int64_t> parseDims(const QString& text, const QString& option);
double parseDouble(const QString& text, const QString& option);
int64_t parseInt(const QString& text, const QString& option);

// The norm options shared by `normalize` and `export`: --norm, --eps, --momentum, --groups,
// --normalized-shape, --affine/--no-affine, --track-running-stats/--no-..., --eval, --weight,
// --bias, --running-mean, --running-var.
void addNormOptions(QCommandLineParser& parser);
// Builds the configuration from PyTorch's defaults for the chosen norm plus the given options.
NormConfig normConfigFromOptions(const QCommandLineParser& parser);
// Loads --weight, --bias, --running-mean and --running-var, refusing ones the norm cannot take.
NormParams normParamsFromOptions(const QCommandLineParser& parser, const NormConfig& config);

// Parses `arguments` (argv without the subcommand), handling --help (its usage line names
// `command`); throws CliError.
void parseOrThrow(QCommandLineParser& parser, const QStringList& arguments, const QString& command);

} // namespace normscope::cli
