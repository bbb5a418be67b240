#include "window/explorertabs.h"

#include "compare/compareview.h"
#include "control/comparecontroller.h"
#include "control/explorerstate.h"
#include "export/comparefigure.h"
#include "widgets/divisorslider.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

namespace normscope {

ExplorerTabs::ExplorerTabs(QWidget* explorer, ExplorerState* state, Controller* controller, QWidget* parent)
    : QTabWidget(parent)
    , m_state(state)
    , m_compare(new CompareView(this))
    , m_controller(new CompareController(state, controller, this))
{
    setDocumentMode(true);
    addTab(explorer, tr("Explorer"));
    addTab(m_compare, tr("BN · LN · IN · GN side by side"));
    setTabToolTip(1,
        tr("The four norms on this tensor, next to each other: their sets for one element, their "
           "outputs, and GroupNorm's distance to LayerNorm and InstanceNorm (Ctrl+K; C when "
           "presenting)."));
    connect(this, &QTabWidget::currentChanged, this, [this](int index) { m_controller->setActive(index == 1); });
    connect(m_controller, &CompareController::comparisonReady, m_compare, &CompareView::setComparison);
    connect(m_controller, &CompareController::comparisonFailed, m_compare, &CompareView::setMessage);
    connect(m_compare, &CompareView::groupsRequested, m_state, [this](qint64 groups) {
        NormConfig config = m_state->config();
        config.groups = groups;
        m_state->setConfig(config);
    });
    connect(m_compare, &CompareView::anchorClicked, m_state, [this](qint64 n, qint64 c, qint64 s) {
        m_state->setAnchor({ n, c, s });
    });
    connect(m_compare, &CompareView::hoverTextChanged, this, &ExplorerTabs::hoverTextChanged);
    connect(m_compare, &CompareView::exportRequested, this, &ExplorerTabs::exportComparison);
    connect(m_state, &ExplorerState::changed, this, &ExplorerTabs::syncFromState);
    syncFromState();
}

void ExplorerTabs::syncFromState()
{
    m_compare->setGroups(m_state->config().groups, m_state->shape().c);
    m_compare->setSourceText(m_state->source().description);
}

void ExplorerTabs::setComparing(bool on)
{
    setCurrentIndex(on ? 1 : 0);
}

void ExplorerTabs::setTheme(const Theme& theme)
{
    m_theme = theme;
    m_compare->setTheme(theme);
}

void ExplorerTabs::setFontScale(double scale)
{
    m_compare->setFontScale(scale);
}

int64_t ExplorerTabs::stepGroups(int direction)
{
    DivisorSlider* slider = m_compare->groupSlider();
    slider->setNumber(m_state->shape().c);
    slider->setValue(m_state->config().groups);
    slider->step(direction); // emits valueChanged → groupsRequested → the state
    return slider->value();
}

void ExplorerTabs::exportComparison()
{
    const auto comparison = m_controller->comparison();
    if (!comparison)
        return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("exportDir")).toString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the four norms compared"),
        QFileInfo(dir, QStringLiteral("compare.png")).filePath(),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("exportDir"), QFileInfo(path).absolutePath());
    FigureOptions options;
    options.width = 1920;
    options.height = 1080;
    options.theme = m_theme;
    options.camera = m_compare->canvas()->camera();
    options.sourceText = m_state->source().description;
    const QString error = exportCompareFigure(path, *comparison, options);
    if (error.isEmpty()) {
        emit message(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    } else {
        emit message(error);
        QMessageBox::warning(this, tr("Export failed"), error);
    }
}

} // namespace normscope
