#include "testsupport.h"

#include <QProcess>

#include <cmath>
#include <limits>

namespace normscope::test {

std::string dataPath(const std::string& name)
{
    return std::string(NORMSCOPE_TEST_DATA_DIR) + "/" + name;
}

double spread(std::span<const float> values)
{
    double sum = 0.0;
    int64_t count = 0;
    for (float v : values) {
        if (std::isfinite(v)) {
            sum += v;
            ++count;
        }
    }
    if (count == 0)
        return 0.0;
    const double mean = sum / static_cast<double>(count);
    double sq = 0.0;
    for (float v : values)
        if (std::isfinite(v))
            sq += (v - mean) * (v - mean);
    return std::sqrt(sq / static_cast<double>(count));
}

double ulp(double value)
{
    const float f = std::abs(static_cast<float>(value));
    return static_cast<double>(std::nextafter(f, std::numeric_limits<float>::infinity())) - f;
}

bool closeToSpread(
    std::span<const float> actual, std::span<const float> expected, double fraction, double ulps, QString* why)
{
    if (actual.size() != expected.size()) {
        if (why)
            *why = QStringLiteral("size %1 != expected %2").arg(actual.size()).arg(expected.size());
        return false;
    }
    const double scale = fraction * spread(expected);
    for (size_t i = 0; i < actual.size(); ++i) {
        const double a = actual[i];
        const double b = expected[i];
        if (std::isnan(a) && std::isnan(b))
            continue;
        if (std::isinf(b) && a == b)
            continue;
        const double tolerance = scale + ulps * ulp(b);
        if (!(std::abs(a - b) <= tolerance)) {
            if (why)
                *why = QStringLiteral("index %1: got %2, expected %3 (|diff| %4 > tolerance %5)")
                           .arg(i)
                           .arg(a, 0, 'g', 9)
                           .arg(b, 0, 'g', 9)
                           .arg(std::abs(a - b), 0, 'g', 3)
                           .arg(tolerance, 0, 'g', 3);
            return false;
        }
    }
    return true;
}

QString missingPython(const QStringList& modules)
{
    // Debian's package for each module the tests import.
    const auto package = [](const QString& module) {
        return module == QLatin1String("torch") ? QStringLiteral("python3-torch")
            : module == QLatin1String("numpy")  ? QStringLiteral("python3-numpy")
            : module == QLatin1String("PIL")    ? QStringLiteral("python3-pil")
                                                : QStringLiteral("python3-") + module;
    };
    const QString python = QStringLiteral("/usr/bin/python3");
    const QString advice = QStringLiteral(" (scripts/test installs it; ctest -LE python runs the C++ tests alone)");
    QProcess probe;
    probe.start(python, { QStringLiteral("-c"), QStringLiteral("import ") + modules.join(QStringLiteral(", ")) });
    if (!probe.waitForStarted(30000))
        return QStringLiteral("this test needs %1: install Debian's python3").arg(python) + advice;
    if (!probe.waitForFinished(120000))
        return QStringLiteral("%1 did not finish importing %2").arg(python, modules.join(QStringLiteral(", ")));
    if (probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0)
        return {};
    QStringList missing;
    for (const QString& module : modules) {
        QProcess one;
        one.start(python, { QStringLiteral("-c"), QStringLiteral("import ") + module });
        if (!one.waitForFinished(120000) || one.exitCode() != 0)
            missing << package(module);
    }
    return QStringLiteral("this test needs Debian's %1").arg(missing.join(QStringLiteral(", "))) + advice;
}

} // namespace normscope::test
