#include "testsupport.h"

#include <cmath>

namespace normscope::test {

std::string dataPath(const std::string& name)
{
    return std::string(NORMSCOPE_TEST_DATA_DIR) + "/" + name;
}

bool allClose(std::span<const float> actual, std::span<const float> expected, double atol, double rtol, QString* why)
{
    if (actual.size() != expected.size()) {
        if (why)
            *why = QStringLiteral("size %1 != expected %2").arg(actual.size()).arg(expected.size());
        return false;
    }
    for (size_t i = 0; i < actual.size(); ++i) {
        const double a = actual[i];
        const double b = expected[i];
        if (std::isnan(a) && std::isnan(b))
            continue;
        if (std::isinf(b) && a == b)
            continue;
        if (!(std::abs(a - b) <= atol + rtol * std::abs(b))) {
            if (why)
                *why = QStringLiteral("index %1: got %2, expected %3").arg(i).arg(a, 0, 'g', 9).arg(b, 0, 'g', 9);
            return false;
        }
    }
    return true;
}

} // namespace normscope::test
