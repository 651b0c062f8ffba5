#include "drafttab.h"

#include "displaytext.h"
#include "models/items/tooltip.h"
#include "textbuilder.h"

#include "models/types/policyreason.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Sovereign::Ui {

using namespace Models;

DraftTab::DraftTab(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_round = new QComboBox(this);
    m_round->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_round->setAccessibleName(tr("Draft round"));
    m_round->setToolTip(tr("Show the first draft (round 0) or a revised draft"));
    m_meta = new QLabel(this);
    m_meta->setTextFormat(Qt::PlainText);
    m_meta->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(new QLabel(tr("Round:"), this));
    bar->addWidget(m_round);
    bar->addSpacing(12);
    bar->addWidget(m_meta, 1);
    layout->addLayout(bar);
    // Why the draft is in its queue, in plain words from the policy's stored reason; the stored
    // codes are in the tooltip.
    m_why = new QLabel(this);
    m_why->setTextFormat(Qt::PlainText);
    m_why->setWordWrap(true);
    m_why->setAutoFillBackground(true);
    m_why->setBackgroundRole(QPalette::ToolTipBase);
    m_why->setForegroundRole(QPalette::ToolTipText);
    m_why->setMargin(6);
    m_why->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_why->setAccessibleName(tr("Why this draft needs you"));
    m_why->hide();
    layout->addWidget(m_why);
    m_view = new QTextBrowser(this);
    // Drafts are untrusted: no links are followed and nothing external is loaded.
    m_view->setOpenLinks(false);
    m_view->setOpenExternalLinks(false);
    m_view->setAccessibleName(tr("Draft text"));
    m_view->document()->setDocumentMargin(18);
    // A run of text with no space (a URL, a pasted hash, a hostile 10 MB word) wraps anywhere instead
    // of being laid out as one line thousands of characters wide.
    m_view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout->addWidget(m_view, 1);
    connect(m_round, &QComboBox::currentIndexChanged, this, &DraftTab::showRound);
    clear(tr("Select a draft in the list to read it here."));
}

void DraftTab::clear(const QString &emptyMessage)
{
    m_revisions.clear();
    const QSignalBlocker block(m_round);
    m_round->clear();
    m_round->setEnabled(false);
    m_meta->clear();
    m_why->hide();
    m_why->clear();
    TextBuilder b(m_view->document());
    b.muted(emptyMessage);
}

QString DraftTab::bannerText() const { return m_why->isHidden() ? QString() : m_why->text(); }

void DraftTab::setDetails(const DraftDetails &details)
{
    m_revisions = details.revisions;
    m_state = details.draft.state;
    m_why->hide();
    QStringList why;
    for (const PolicyReasonPart &p : explainPolicyReason(details.draft.policyReason))
        why.append(QStringLiteral("• ") + p.plain);
    const bool escalated = details.draft.state == DraftState::Escalated;
    const bool autoApproved = details.draft.state == DraftState::AutoApproved;
    {
        const QSignalBlocker block(m_round);
        m_round->clear();
        for (const DraftRevision &r : std::as_const(m_revisions))
            m_round->addItem(r.round == 0 ? tr("0 — first draft") : tr("%1 — revised").arg(r.round), r.round);
        m_round->setEnabled(m_revisions.size() > 1);
    }
    if (m_revisions.isEmpty()) {
        clear(details.draft.state == DraftState::Failed
                  ? tr("The run failed before a draft was composed: %1").arg(details.run.error)
                  : tr("The run is still working; the draft appears here when it has been composed. "
                       "Follow it on the Pipeline tab."));
        return;
    }
    int current = int(m_revisions.size()) - 1;
    for (int i = 0; i < m_revisions.size(); ++i)
        if (m_revisions.at(i).round == details.draft.currentRound)
            current = i;
    m_round->setCurrentIndex(current);
    showRound(current);
    if ((escalated || autoApproved) && !why.isEmpty()) {
        m_why->setText(shownText((escalated ? tr("Why this draft needs you:") : tr("Why the policy approved this draft:")) +
                                     u'\n' + why.join(u'\n'), MaxLabelChars));
        m_why->setToolTip(Models::plainToolTip(details.draft.policyReason).toString());
        m_why->show();
    }
}

void DraftTab::showRound(int index)
{
    if (index < 0 || index >= m_revisions.size())
        return;
    const DraftRevision &r = m_revisions.at(index);
    QString meta = tr("Round %1").arg(r.round);
    if (r.score)
        meta += tr(" · score %1/10").arg(*r.score, 0, 'f', 1);
    if (r.verdict)
        meta += QStringLiteral(" · ") + toText(*r.verdict);
    if (!r.reason.isEmpty())
        meta += QStringLiteral(" · ") + r.reason;
    m_meta->setText(shownText(meta, MaxLabelChars));
    render(m_view->document(), r.body, stateNotice(m_state));
}

QString DraftTab::stateNotice(DraftState state)
{
    switch (state) {
    case DraftState::AutoApproved:
        return tr("Autonomous draft — published automatically by the policy, without owner review");
    case DraftState::Approved:
        return tr("Autonomous draft — reviewed and approved by the owner");
    case DraftState::Rejected:
        return tr("Autonomous draft — rejected by the owner");
    default:
        return {}; // the composer's own line holds: the owner has not decided yet
    }
}

QString DraftTab::plainText() const { return m_view->toPlainText(); }

void DraftTab::render(QTextDocument *document, const QString &body, const QString &notice)
{
    static const QRegularExpression numbered(QStringLiteral("^\\d+ \\S.{0,60}$"));
    TextBuilder b(document);
    const QStringList lines = body.split(QLatin1Char('\n'));
    bool titled = false, inClaims = false;
    QList<QStringList> claimRows;
    QStringList claimHeader;
    auto flushClaims = [&] {
        if (!claimRows.isEmpty() || !claimHeader.isEmpty())
            b.table(claimRows, claimHeader);
        claimRows.clear();
        claimHeader.clear();
    };
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        if (inClaims && raw.contains(QLatin1Char('\t'))) {
            const QStringList cells = raw.split(QLatin1Char('\t'));
            if (claimHeader.isEmpty() && claimRows.isEmpty() && cells.value(0).trimmed() == QLatin1StringView("Claim"))
                claimHeader = cells;
            else
                claimRows.append(cells);
            continue;
        }
        if (!titled) {
            b.title(line);
            titled = true;
            continue;
        }
        const bool isHeading = line == QLatin1StringView("Abstract") || line == QLatin1StringView("References") ||
                               numbered.match(line).hasMatch();
        if (isHeading) {
            flushClaims();
            inClaims = line.endsWith(QLatin1StringView("Extracted Claims"));
            b.heading(line);
        } else if (line == QLatin1StringView("SOVEREIGN Research Kernel")) {
            b.subheading(line);
        } else if (line.startsWith(QLatin1StringView("Autonomous draft"))) {
            b.muted(notice.isEmpty() ? line : notice);
        } else if (line.startsWith(QLatin1StringView("- "))) {
            b.monospace(line);
        } else {
            b.paragraph(line);
        }
    }
    flushClaims();
}

} // namespace Sovereign::Ui
