// The explorer window started from the command line (`normscope [options]`).
#pragma once

namespace normscope::cli {

int runGui(int argc, char** argv);

} // namespace normscope::cli
