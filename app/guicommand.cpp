#include "guicommand.h"

#include "look/apptheme.h"
#include "look/translations.h"
#include "normalizecommand.h"
#include "window/mainwindow.h"
#include "window/windowhost.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTextStream>

#include <cstring>

namespace normscope::cli {

namespace {

void describe(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "NormScope shows what BatchNorm, LayerNorm, InstanceNorm, GroupNorm and RMSNorm do to a tensor.\n\n"
        "Commands:\n"
        "  normscope [FILE ...]      open the explorer window (a generated tensor, or .npy / images)\n"
        "  normscope normalize ...   apply a norm to .npy files exactly as PyTorch does\n"
        "  normscope export ...      render the cube, histograms or a slide to PNG/SVG/PDF, no display needed\n"
        "  normscope bench ...       time the norms and the explorer's live update\n"
        "Run 'normscope COMMAND --help' for a command's options; the options of normalize follow."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("files"), QStringLiteral(".npy tensor or images to open."), QStringLiteral("[FILE...]"));
}

// --help and --version need no window system: answer them before QApplication starts.
bool wantsTextOnly(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char* flag : { "-h", "--help", "--help-all", "-v", "--version", "-?" })
            if (std::strcmp(argv[i], flag) == 0)
                return true;
    }
    return false;
}

int printHelpOrVersion(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("normscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NORMSCOPE_VERSION));
    QCommandLineParser parser;
    describe(parser);
    parser.parse(QCoreApplication::arguments());
    if (parser.isSet(QStringLiteral("version"))) {
        QTextStream(stdout) << "normscope " << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    QCommandLineParser normalize;
    describeNormalize(normalize);
    QTextStream(stdout) << parser.helpText() << "\nOptions of 'normscope normalize':"
                        << normalize.helpText().section(QStringLiteral("Options:"), 1);
    return 0;
}

} // namespace

int runGui(int argc, char** argv)
{
    if (wantsTextOnly(argc, argv))
        return printHelpOrVersion(argc, argv);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("NormScope"));
    QApplication::setOrganizationName(QStringLiteral("NormScope"));
    QApplication::setApplicationVersion(QStringLiteral(NORMSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("normscope"));

    QCommandLineParser parser;
    describe(parser);
    if (!parser.parse(QApplication::arguments())) {
        QTextStream(stderr) << "normscope: error: " << parser.errorText() << '\n';
        return 2;
    }
    installTranslation(QSettings().value(QStringLiteral("language"), systemLanguage()).toString());

    // The state outlives the window: switching the language rebuilds the window around it, so
    // every string is retranslated and nothing the user set up is lost.
    WindowHost host;
    MainWindow* window = host.showWindow();
    if (!parser.positionalArguments().isEmpty())
        window->openFiles(parser.positionalArguments());
    return app.exec();
}

} // namespace normscope::cli
