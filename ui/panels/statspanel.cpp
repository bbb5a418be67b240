#include "panels/statspanel.h"

#include "look/equivalencetext.h"
#include "look/normtexts.h"
#include "look/workedexampletext.h"

#include <QLabel>
#include <QScrollArea>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace normscope {

QString formatStat(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::abs(value) < 5e-7)
        value = 0.0;
    return QString::number(value, 'g', 4);
}

StatsPanel::StatsPanel(QWidget* parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
{
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_label->setWordWrap(true);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_label);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(scroll);
}

void StatsPanel::setSnapshot(std::shared_ptr<const Snapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    m_error.clear();
    render();
}

void StatsPanel::setAnnotations(std::shared_ptr<const Annotations> annotations)
{
    if (!annotations || !annotations->isFor(m_snapshot))
        return;
    m_annotations = std::move(annotations);
    render();
}

void StatsPanel::setTheme(const Theme& theme)
{
    m_theme = theme;
    render();
}

void StatsPanel::setFontScale(double scale)
{
    m_fontScale = scale;
    render();
}

QString StatsPanel::text() const
{
    QTextDocument doc;
    doc.setHtml(m_label->text());
    return doc.toPlainText();
}

void StatsPanel::showError(const QString& message)
{
    m_snapshot.reset();
    m_error = message;
    render();
}

void StatsPanel::render()
{
    if (!m_snapshot) {
        // No numbers of an earlier setting: only why there are none.
        m_label->setText(m_error.isEmpty()
                ? QString()
                : QStringLiteral("<div style='font-size:%1pt'><p style='color:%2'><b>%3</b><br>%4</p></div>")
                      .arg(9.5 * m_fontScale)
                      .arg(m_theme.warning.name(), tr("Cannot compute this setting:"), m_error.toHtmlEscaped()));
        return;
    }
    const Snapshot& s = *m_snapshot;
    const auto f = formatStat;
    const auto range = [&](const Range& r) { return QStringLiteral("[%1, %2]").arg(f(r.min), f(r.max)); };
    const QString muted = m_theme.muted.name();
    const QString label = QString::fromStdString(s.geometry.setLabel(s.selectedSet)).toHtmlEscaped();
    QString html = QStringLiteral("<div style='font-size:%1pt'>").arg(9.5 * m_fontScale);
    // Warnings first: at the window's default size the panel shows about ten lines, and below
    // the table and the notes a warning was out of sight.
    for (const QString& warning : numberWarnings(s))
        html += QStringLiteral("<p style='color:%1; margin-top:0'><b>%2</b></p>")
                    .arg(m_theme.warning.name(), warning.toHtmlEscaped());
    // Then the hovered or clicked value, step by step: it follows the pointer.
    if (m_annotations && m_annotations->isFor(m_snapshot) && m_annotations->example)
        html += workedExampleHtml(*m_annotations->example, s.input->shape(), m_theme, !m_annotations->exampleHovered);
    html += QStringLiteral("<table cellspacing='0' cellpadding='3'>");
    html += QStringLiteral("<tr><th></th><th align='right'>%1</th><th></th><th align='left'>%2</th></tr>")
                .arg(tr("before"), tr("after"));
    const auto row = [&](const QString& name, const QString& before, const QString& after) {
        html += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td>→</td><td>%3</td></tr>")
                    .arg(name, before, after);
    };
    html += QStringLiteral("<tr><td colspan='4'><b>%1</b> <span style='color:%2'>(%3)</span></td></tr>")
                .arg(tr("Selected set %1").arg(label), muted, tr("%1 values").arg(s.geometry.setSize()));
    row(tr("mean"), f(s.selectedBefore.mean), f(s.selectedAfter.mean));
    row(tr("std"), f(s.selectedBefore.std), f(s.selectedAfter.std));
    // RMSNorm equalises the root mean square of each set, not its mean and std.
    const bool rms = s.config.kind == NormKind::Rms;
    const auto rootMeanSquare = [](const Summary& v) { return std::sqrt(v.std * v.std + v.mean * v.mean); };
    if (rms)
        row(tr("RMS"), f(rootMeanSquare(s.selectedBefore)), f(rootMeanSquare(s.selectedAfter)));
    html += QStringLiteral("<tr><td colspan='4'><b>%1</b></td></tr>")
                .arg(s.geometry.setCount() == 1 ? tr("The one set") : tr("All %1 sets").arg(s.geometry.setCount()));
    row(tr("per-set means"), range(s.spreadBefore.mean), range(s.spreadAfter.mean));
    row(tr("per-set stds"), range(s.spreadBefore.std), range(s.spreadAfter.std));
    if (rms)
        row(tr("per-set RMS"), range(s.spreadBefore.rms), range(s.spreadAfter.rms));
    html += QStringLiteral("</table>");

    html += QStringLiteral("<p style='margin-top:4px'>");
    if (const auto paragraph = standardisedParagraph(s, range))
        html += QStringLiteral("<b>%1</b><br>%2<br>")
                    .arg(paragraph->heading, paragraph->lines.join(QStringLiteral("<br>")));
    html += QStringLiteral("<span style='color:%1'>%2</span></p>").arg(muted, normNote(s).toHtmlEscaped());
    // GroupNorm at G = 1 or G = C: the equivalence as measured, not asserted.
    if (s.groupEquivalence) {
        const double scale = std::max(std::abs(s.outputSummary.min), std::abs(s.outputSummary.max));
        const QStringList limits = groupLimitLines(*s.groupEquivalence, scale);
        if (!limits.isEmpty())
            html += QStringLiteral("<p><b>%1</b> %2</p>")
                        .arg(tr("Measured:"), limits.join(QStringLiteral("<br>")).toHtmlEscaped());
    }
    if (const QString eval = evalNote(s); !eval.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Eval mode:"), eval.toHtmlEscaped());
    html += QStringLiteral("</div>");
    m_label->setText(html);
}

} // namespace normscope
