// The window's centre as tabs: one norm (cube, histograms, statistics, code), the four norms side
// by side one click away, and after them the labs (added by MainWindow). Owns the compare view and
// the CompareController that feeds it, and maps the view's requests (G, anchor, export) onto the
// ExplorerState.
#pragma once

#include "look/theme.h"

#include <QTabWidget>

namespace normscope {

class CompareController;
class CompareView;
class Controller;
class ExplorerState;

class ExplorerTabs : public QTabWidget {
    Q_OBJECT
public:
    ExplorerTabs(QWidget* explorer, ExplorerState* state, Controller* controller, QWidget* parent = nullptr);

    CompareView* compareView() const { return m_compare; }
    CompareController* compareController() const { return m_controller; }
    bool comparing() const { return currentIndex() == 1; }
    void setComparing(bool on);
    void setTheme(const Theme& theme);
    void setFontScale(double scale);
    // G to the next / previous divisor of C (presentation keys G, Shift+G); returns the new G.
    int64_t stepGroups(int direction);
    // Asks for a file and writes the comparison on screen as a 16:9 figure.
    void exportComparison();

signals:
    void hoverTextChanged(const QString& text);
    void message(const QString& text);

private:
    void syncFromState();

    ExplorerState* m_state;
    CompareView* m_compare;
    CompareController* m_controller;
    Theme m_theme = Theme::light();
};

} // namespace normscope
