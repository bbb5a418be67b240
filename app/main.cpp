// NormScope's entry point: the explorer window, or one of the subcommands
// (normalize, bench, export) when the first argument names one.
#include "benchcommand.h"
#include "cliutil.h"
#include "exportcommand.h"
#include "guicommand.h"
#include "normalizecommand.h"

#include "kernels/rowkernels.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace normscope::cli;

namespace {

int runSubcommand(int argc, char** argv, const QString& name, int (*command)(const QStringList&))
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("normscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NORMSCOPE_VERSION));
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeAt(1); // the subcommand itself
    try {
        return command(arguments);
    } catch (const HelpRequested& help) {
        QTextStream(stdout) << help.text();
        return 0;
    } catch (const CliError& e) {
        QTextStream(stderr) << "normscope " << name << ": error: " << QString::fromStdString(e.what()) << '\n';
        return e.status();
    } catch (const std::exception& e) {
        QTextStream(stderr) << "normscope " << name << ": error: " << QString::fromStdString(e.what()) << '\n';
        return 1;
    }
}

} // namespace

int main(int argc, char** argv)
{
    // NORMSCOPE_SIMD=SSE4 or SCALAR: the whole program runs as on a CPU without the better
    // instruction sets (how the tests check the fallback kernels end to end).
    if (const char* simd = std::getenv("NORMSCOPE_SIMD"); simd && *simd && !normscope::kernels::limitSimd(simd)) {
        std::fprintf(stderr, "normscope: NORMSCOPE_SIMD=%s is not available on this CPU\n", simd);
        return 2;
    }
    if (argc > 1) {
        if (std::strcmp(argv[1], "normalize") == 0)
            return runSubcommand(argc, argv, QStringLiteral("normalize"), runNormalize);
        if (std::strcmp(argv[1], "bench") == 0)
            return runSubcommand(argc, argv, QStringLiteral("bench"), runBench);
        if (std::strcmp(argv[1], "export") == 0)
            return runExport(argc, argv);
    }
    return runGui(argc, argv);
}
