// Helpers shared by the command-line subcommands: option parsing into core types, and the
// error type that carries a one-line message and an exit status.
#pragma once

#include "norms/normconfig.h"
#include "tensor/tensor.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <climits>
#include <functional>
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

// --help was given: the command prints text() on stdout and exits with status 0. (Thrown rather
// than exiting on the spot, so option parsing can run inside tests and fuzzers.)
class HelpRequested : public std::exception {
public:
    explicit HelpRequested(QString text)
        : m_text(std::move(text))
    {
    }
    const QString& text() const { return m_text; }
    const char* what() const noexcept override { return "help requested"; }

private:
    QString m_text;
};

// "2,3,4" -> {2, 3, 4}; every entry a positive integer.
std::vector<int64_t> parseDims(const QString& text, const QString& option);
double parseDouble(const QString& text, const QString& option);
// A whole number from `min` to `max`. Anything else is an error that names the range, including
// numbers too large for 64 bits: a value is never wrapped or truncated into range.
int64_t parseInt(const QString& text, const QString& option, int64_t min = INT64_MIN, int64_t max = INT64_MAX);
// A tensor shape from --shape: valid dimensions whose `copies` tensors fit into memory.
Shape parseShape(const QString& text, const QString& option, int copies);

// The norm options shared by `normalize` and `export`: --norm, --eps, --momentum, --groups,
// --normalized-shape, --affine/--no-affine, --track-running-stats/--no-..., --eval, --weight,
// --bias, --running-mean, --running-var.
void addNormOptions(QCommandLineParser& parser);
// --layout, shared by `normalize`, `export` and `bench`: how the input orders its dimensions.
void addLayoutOption(QCommandLineParser& parser);
// The layout --layout names for data of `rank` (channels first when it is not given); throws
// CliError for a key that is unknown or does not fit the rank.
Layout layoutFromOptions(const QCommandLineParser& parser, int rank);
// A tensor read from `path` and arranged in the layout --layout names, or when --layout is not
// given and `layoutFor` is, the one it gives for the file's rank (a session's; it may throw
// NormError); CliError (status 1) naming `option` on any problem. `copies` as in ReadOptions.
Tensor readInputTensor(const QCommandLineParser& parser, const QString& path, const QString& option, int copies,
    const std::function<Layout(int rank)>& layoutFor = {});

// Builds the configuration from PyTorch's defaults for the chosen norm plus the given options.
NormConfig normConfigFromOptions(const QCommandLineParser& parser);
// Loads --weight, --bias, --running-mean and --running-var, refusing ones the norm cannot take.
NormParams normParamsFromOptions(const QCommandLineParser& parser, const NormConfig& config);

// eps = 0 with a constant set gives NaN or inf as in PyTorch, and the commands announce it
// (`expectedNonFiniteSets` > 0). Any other non-finite output overflowed float32: γ or β too large
// for the data, or a variance + eps so small that the outputs overflow. PyTorch returns inf
// silently; a file full of inf teaches nothing, so it is refused with a CliError.
void refuseOverflow(std::span<const float> output, int64_t expectedNonFiniteSets);

// Parses `arguments` (argv without the subcommand); throws CliError, or HelpRequested with the
// help text (its usage line naming `command`).
void parseOrThrow(QCommandLineParser& parser, const QStringList& arguments, const QString& command);

} // namespace normscope::cli
