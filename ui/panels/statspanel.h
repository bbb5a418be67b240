// The numbers behind the histograms: the selected set's mean and std before and after, the
// range of per-set statistics over all sets, what the norm does not equalise, and the running
// statistics eval mode uses.
#pragma once

#include "analysis/annotations.h"
#include "analysis/snapshot.h"
#include "look/theme.h"

#include <QWidget>

#include <memory>

class QLabel;

namespace normscope {

class StatsPanel : public QWidget {
    Q_OBJECT
public:
    explicit StatsPanel(QWidget* parent = nullptr);
    void setSnapshot(std::shared_ptr<const Snapshot> snapshot);
    // The setting cannot be computed: shows why, and no numbers, until the next snapshot.
    void showError(const QString& message);
    // The worked example of the hovered or clicked value; ignored unless it annotates the
    // snapshot on screen.
    void setAnnotations(std::shared_ptr<const Annotations> annotations);
    void setTheme(const Theme& theme);
    void setFontScale(double scale);
    QString text() const; // the table as plain text (tests, clipboard)

private:
    void render();
    std::shared_ptr<const Snapshot> m_snapshot;
    QString m_error;
    std::shared_ptr<const Annotations> m_annotations;
    QLabel* m_label;
    Theme m_theme = Theme::light();
    double m_fontScale = 1.0;
};

// 4 significant digits, and no "-0".
QString formatStat(double value);

} // namespace normscope
