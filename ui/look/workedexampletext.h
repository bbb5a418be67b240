// The worked example of one value in words and numbers, as the statistics panel shows it: which
// element, which statistics (its set's, or the running ones in eval mode), then x, μ, σ², ε,
// x̂ = (x − μ)/√(σ² + ε), γ, β and y = γ·x̂ + β, with the float32 the layer returned.
#pragma once

#include "analysis/workedexample.h"
#include "look/theme.h"

#include <QString>

namespace normscope {

// Six significant digits: enough to retype into PyTorch and see the same value.
QString exampleNumber(double value);
// "n=1, c=2, h=3, w=4" ("l=4" for (N, C, L) data, none of h, w for (N, C)).
QString elementLabel(const ElementIndex& at, const Shape& shape);
// Rich text for the statistics panel; `pinned`: the clicked cell rather than the hovered one.
QString workedExampleHtml(const WorkedExample& e, const Shape& shape, const Theme& theme, bool pinned);

} // namespace normscope
