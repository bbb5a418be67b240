// `normscope bench`: median wall time of the real code paths on a generated tensor.
#pragma once

#include <QStringList>

namespace normscope::cli {

int runBench(const QStringList& arguments);

} // namespace normscope::cli
