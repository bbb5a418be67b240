// Applies a Theme to the whole application: Fusion style with a light or dark palette, so the
// panels match the cube and the plots.
#pragma once

#include "look/theme.h"

namespace normscope {

void applyApplicationTheme(const Theme& theme);

} // namespace normscope
