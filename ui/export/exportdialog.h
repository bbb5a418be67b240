// File → Export: which figure, its size, resolution and theme, then where to save it.
#pragma once

#include "export/figureexport.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace normscope {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // `imagesUnavailable`: why the images figure cannot be drawn for this input (empty if it can);
    // the entry is then disabled and its tooltip says why.
    ExportDialog(
        FigureKind kind, const QString& themeKey, const QString& imagesUnavailable = {}, QWidget* parent = nullptr);
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
