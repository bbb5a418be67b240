// `normscope export`: renders the cube, the histograms or a slide for one setting, with no
// display, exactly as the explorer window would show it.
#pragma once

namespace normscope::cli {

int runExport(int argc, char** argv);

} // namespace normscope::cli
