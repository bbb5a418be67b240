// Includes QCustomPlot under the project's QT_NO_FOREACH: its header still uses Qt's foreach in
// a few inline templates (read-only loops), which a range-for expresses exactly.
#pragma once

#ifdef QT_NO_FOREACH
#define foreach(variable, container) for (variable : container)
#include <qcustomplot.h>
#undef foreach
#else
#include <qcustomplot.h>
#endif
