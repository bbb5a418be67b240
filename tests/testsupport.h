// Shared helpers for NormScope's QtTest suites: test data paths, compares whose tolerance follows
// the spread of the expected values, and the check that PyTorch is there when a test needs it.
#pragma once

#include "tensor/tensor.h"

#include <QString>
#include <QStringList>

#include <span>
#include <string>

namespace normscope::test {

// Absolute path of a file in tests/data.
std::string dataPath(const std::string& name);

// The standard deviation of the finite values: how much they differ from each other.
double spread(std::span<const float> values);

// float32's resolution at `value`: the gap to the next float away from zero.
double ulp(double value);

// True when every |a - b| <= fraction * spread(expected) + ulps * ulp(b) (NaN equals NaN, an
// infinity only itself). The tolerance follows how much the expected values differ from each
// other, never their size: with a 10000 offset a relative 1e-4 would allow 1.0 while the channels
// differ by 0.03. The ulp term is float32's own resolution: two correct roundings of one real
// number may differ by one unit. On failure `why` names the first differing index, both values
// and the tolerance.
bool closeToSpread(std::span<const float> actual, std::span<const float> expected, double fraction, double ulps,
    QString* why = nullptr);

// Empty when /usr/bin/python3 imports every module; otherwise one line naming the Debian
// packages to install. Tests that need PyTorch fail with it, never skip: in CI every test runs
// (ctest -LE python runs the C++ tests alone, deliberately).
QString missingPython(const QStringList& modules = { QStringLiteral("numpy"), QStringLiteral("torch") });

} // namespace normscope::test

// QVERIFY2 with the closeToSpread explanation, at the project's tolerance for values computed in
// double and rounded to float32 on both sides: 1e-6 of the spread plus 2 float32 units.
#define NS_COMPARE_CLOSE(actual, expected)                                                                             \
    do {                                                                                                               \
        QString nsWhy;                                                                                                 \
        QVERIFY2(normscope::test::closeToSpread((actual), (expected), 1e-6, 2.0, &nsWhy), qPrintable(nsWhy));          \
    } while (false)
