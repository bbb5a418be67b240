// Saving and restoring the explorer's last parameters and recent files with QSettings.
#pragma once

#include "control/explorerstate.h"

#include <QStringList>

namespace normscope {

void saveExplorerState(const ExplorerState& state);
// Restores what can be restored; anything invalid in the settings file is ignored.
void restoreExplorerState(ExplorerState& state);

QStringList recentFiles();
void addRecentFile(const QString& path);
void removeRecentFile(const QString& path);

} // namespace normscope
