// What the two lab views share: the session and the lab they show, the status line with its
// progress bar, Stop and Export… buttons, the caption under the plots, theme and font scale, and
// telling the session when the lab is on screen (its worker runs only then).
#pragma once

#include "labs/labsession.h"
#include "look/theme.h"

#include <QWidget>

class QHBoxLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QVBoxLayout;

namespace normscope {

class ElidedLabel;

class LabView : public QWidget {
    Q_OBJECT
public:
    void setTheme(const Theme& theme);
    void setFontScale(double scale);
    QString caption() const;

signals:
    // Export… → Slide (data = false) or Numbers (CSV, data = true).
    void exportRequested(bool data);
    // The plots were redrawn from a new result (or a message).
    void redrawn();

protected:
    LabView(LabSession* session, LabSession::Lab lab, QWidget* parent);

    // Appends to `row` of m_controls the status line (m_status), the progress bar and Stop
    // (shown while the lab's worker runs; Stop's tooltip says what stopping keeps) and Export….
    void addStatusAndActions(QHBoxLayout* row, const QString& stopTip);
    // Appends the caption under the plots (m_caption) to `layout`.
    void addCaption(QVBoxLayout* layout);
    virtual void redraw() = 0;

    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

    LabSession* m_session;
    Theme m_theme = Theme::light();
    double m_fontScale = 1.0;
    QWidget* m_controls = nullptr; // the subclass's row(s) of controls above the plots
    ElidedLabel* m_status = nullptr;
    QPushButton* m_export = nullptr;
    QLabel* m_caption = nullptr;

private:
    LabSession::Lab m_lab;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace normscope
