// Scrolling the parameter panel must scroll it: a wheel turn over a slider, spin box or combo box
// that the user has not clicked into passes to the scroll area instead of changing the value
// (γ, a shape, the generator) under the pointer.
#pragma once

class QWidget;

namespace normscope {

// Guards every slider, spin box and combo box below `root`; they take focus only by click or Tab.
void guardWheel(QWidget* root);

} // namespace normscope
