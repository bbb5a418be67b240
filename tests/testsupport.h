// Shared helpers for NormScope's QtTest suites: test data paths and tolerant numeric compares.
#pragma once

#include "tensor/tensor.h"

#include <QString>

#include <span>
#include <string>

namespace normscope::test {

// Absolute path of a file in tests/data.
std::string dataPath(const std::string& name);

// True when |a - b| <= atol + rtol * |b| for every element (NaN equals NaN); on failure `why`
// names the first differing index and both values.
bool allClose(
    std::span<const float> actual, std::span<const float> expected, double atol, double rtol, QString* why = nullptr);

} // namespace normscope::test

// QVERIFY2 with the allClose explanation; default tolerances are the project's: 1e-5 abs, 1e-4 rel.
#define NS_COMPARE_CLOSE(actual, expected)                                                                             \
    do {                                                                                                               \
        QString nsWhy;                                                                                                 \
        QVERIFY2(normscope::test::allClose((actual), (expected), 1e-5, 1e-4, &nsWhy), qPrintable(nsWhy));              \
    } while (false)
