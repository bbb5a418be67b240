// File → Export: which figure, its size, resolution and theme, then where to save it.
#pragma once

#include "export/figureexport.h"

#include <QDialog>

#include <map>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace normscope {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // `unavailable`: for figures that cannot be drawn now (images of an input without pictures, a
    // lab that has not computed), why not; those entries are disabled and their tooltips say why.
    ExportDialog(FigureKind kind, const QString& themeKey, const std::map<FigureKind, QString>& unavailable = {},
        QWidget* parent = nullptr);
    FigureKind figure() const;
    // Size, resolution and theme; the caller fills in the view state (camera, sets, code).
    FigureOptions options() const;

private:
    QComboBox* m_figure;
    QSpinBox* m_width;
    QSpinBox* m_height;
    QDoubleSpinBox* m_dpi;
    QComboBox* m_theme;
};

} // namespace normscope
