#include "tribunaltab.h"

#include "displaytext.h"
#include "jsonview.h"
#include "theme.h"

#include <QComboBox>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Sovereign::Ui {

using namespace Models;

TribunalTab::TribunalTab(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_round = new QComboBox(this);
    m_round->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_round->setAccessibleName(tr("Tribunal round"));
    m_round->setToolTip(tr("Reviews of the first draft (round 0) or of the revised draft"));
    m_compare = new QLabel(this);
    m_compare->setTextFormat(Qt::PlainText);
    m_compare->setAccessibleName(tr("Round comparison"));
    bar->addWidget(new QLabel(tr("Round:"), this));
    bar->addWidget(m_round);
    bar->addSpacing(12);
    bar->addWidget(m_compare, 1);
    layout->addLayout(bar);

    auto *cards = new QWidget(this);
    auto *grid = new QHBoxLayout(cards);
    grid->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < 3; ++i) {
        auto *box = new QGroupBox(toText(AllRoles[i]), cards);
        auto *v = new QVBoxLayout(box);
        RoleColumn &c = m_columns[i];
        c.score = new QLabel(box);
        c.score->setTextFormat(Qt::PlainText);
        QFont f = c.score->font();
        f.setPointSizeF(f.pointSizeF() * 1.3);
        f.setBold(true);
        c.score->setFont(f);
        c.rationale = new QLabel(box);
        c.rationale->setTextFormat(Qt::PlainText);
        c.rationale->setWordWrap(true);
        c.rationale->setTextInteractionFlags(Qt::TextSelectableByMouse);
        c.rationale->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        c.issues = new QListWidget(box);
        c.issues->setWordWrap(true);
        c.issues->setAccessibleName(tr("%1 issues").arg(toText(AllRoles[i])));
        c.issues->setToolTip(tr("Double-click or press Enter on an issue about a claim to open the claim"));
        v->addWidget(c.score);
        v->addWidget(c.rationale);
        v->addWidget(new QLabel(tr("Issues:"), box));
        v->addWidget(c.issues, 1);
        grid->addWidget(box, 1);
        connect(c.issues, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
            const int ordinal = item->data(Qt::UserRole).toInt();
            if (ordinal > 0)
                emit claimActivated(m_round->currentData().toInt(), ordinal);
        });
    }

    auto *transcript = new QWidget(this);
    auto *tl = new QVBoxLayout(transcript);
    tl->setContentsMargins(0, 0, 0, 0);
    auto *tbar = new QHBoxLayout;
    m_role = new QComboBox(transcript);
    for (Role r : AllRoles)
        m_role->addItem(toText(r));
    m_role->setAccessibleName(tr("Transcript role"));
    m_role->setToolTip(tr("Whose transcript to show"));
    m_transcriptMeta = new QLabel(transcript);
    m_transcriptMeta->setTextFormat(Qt::PlainText);
    tbar->addWidget(new QLabel(tr("Transcript of:"), transcript));
    tbar->addWidget(m_role);
    tbar->addSpacing(12);
    tbar->addWidget(m_transcriptMeta, 1);
    tl->addLayout(tbar);
    m_transcriptTabs = new QTabWidget(transcript);
    m_prompt = new JsonView(transcript);
    m_prompt->setAccessibleName(tr("Prompt JSON"));
    m_response = new JsonView(transcript);
    m_response->setAccessibleName(tr("Response JSON"));
    m_live = new JsonView(transcript);
    m_live->setAccessibleName(tr("Live token stream"));
    m_live->setDefinition(QString()); // tokens are text, not JSON
    m_transcriptTabs->addTab(m_response, tr("Response"));
    m_transcriptTabs->addTab(m_prompt, tr("Prompt"));
    m_transcriptTabs->addTab(m_live, tr("Live stream"));
    tl->addWidget(m_transcriptTabs, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(cards);
    split->addWidget(transcript);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_round, &QComboBox::currentIndexChanged, this, [this](int i) { showRound(m_round->itemData(i).toInt()); });
    connect(m_role, &QComboBox::currentIndexChanged, this, &TribunalTab::showTranscript);
    clear(tr("Select a draft to see its tribunal."));
}

void TribunalTab::clear(const QString &emptyMessage)
{
    m_details = {};
    const QSignalBlocker block(m_round);
    m_round->clear();
    m_compare->setText(emptyMessage);
    for (RoleColumn &c : m_columns) {
        c.score->setText(QStringLiteral("—"));
        c.rationale->clear();
        c.issues->clear();
    }
    m_prompt->clear();
    m_response->clear();
    m_live->clear();
    m_transcriptMeta->clear();
}

void TribunalTab::setDetails(const DraftDetails &details)
{
    const bool sameRun = details.run.id == m_details.run.id;
    m_details = details;
    if (!sameRun)
        m_live->clear();
    int last = -1;
    for (const Review &r : details.reviews)
        last = std::max(last, r.round);
    {
        const QSignalBlocker block(m_round);
        m_round->clear();
        for (int r = 0; r <= last; ++r)
            m_round->addItem(r == 0 ? tr("0 — first draft") : tr("%1 — revised").arg(r), r);
        m_round->setEnabled(last > 0);
    }
    if (last < 0) {
        const QString why = details.draft.state == DraftState::Running
                                ? tr("The tribunal has not reviewed this draft yet; tokens stream into \"Live stream\" "
                                     "while it runs.")
                                : tr("This draft has no reviews.");
        for (RoleColumn &c : m_columns) {
            c.score->setText(QStringLiteral("—"));
            c.rationale->setText(why);
            c.issues->clear();
        }
        m_compare->setText(why);
        m_prompt->clear();
        m_response->clear();
        return;
    }
    // Compare rounds: mean score and verdict per round.
    QStringList parts;
    for (int r = 0; r <= last; ++r) {
        const QList<Review> rs = details.reviewsOfRound(r);
        if (rs.isEmpty())
            continue;
        double sum = 0;
        int answered = 0;
        for (const Review &x : rs) {
            if (x.failed())
                continue;
            sum += x.score;
            ++answered;
        }
        const double mean = answered > 0 ? sum / answered : 0.0;
        const QString partial = answered < rs.size() ? tr(" (partial: %1 of %2 reviewers answered)").arg(answered).arg(rs.size()) : QString();
        parts.append(tr("round %1: %2/10 %3%4").arg(r).arg(mean, 0, 'f', 2).arg(mean >= 6.5 ? QStringLiteral("APPROVE") : mean >= 5.0 ? QStringLiteral("REVISE") : QStringLiteral("REJECT"), partial));
    }
    m_compare->setText(tr("Tribunal mean — %1").arg(parts.join(QStringLiteral("  →  "))));
    m_round->setCurrentIndex(std::min(last, details.draft.currentRound));
    showRound(m_round->currentData().toInt());
}

void TribunalTab::showRound(int round)
{
    const QList<Review> reviews = m_details.reviewsOfRound(round);
    const QList<Review> previous = round > 0 ? m_details.reviewsOfRound(round - 1) : QList<Review>();
    for (int i = 0; i < 3; ++i) {
        RoleColumn &c = m_columns[i];
        c.issues->clear();
        const Review *rv = nullptr;
        for (const Review &r : reviews)
            if (r.role == AllRoles[i])
                rv = &r;
        if (!rv) {
            c.score->setText(QStringLiteral("—"));
            c.rationale->setText(tr("No review from this role in this round."));
            continue;
        }
        if (rv->failed()) {
            // A failed lane: why, and where its raw reply is.
            c.score->setText(tr("FAILED — not counted"));
            c.score->setAccessibleName(tr("%1 failed").arg(toText(rv->role)));
            c.rationale->setText(shownText(tr("No usable answer: %1").arg(rv->failure), MaxLabelChars));
            new QListWidgetItem(rv->rawResponse.isEmpty() ? tr("The server sent no reply.")
                                                          : tr("The raw reply is in the transcript below (%1 characters).").arg(rv->rawResponse.size()),
                                c.issues);
            continue;
        }
        QString score = tr("%1/10 · %2").arg(rv->score, 0, 'f', 1).arg(toText(rv->verdict));
        for (const Review &p : previous)
            if (p.role == rv->role)
                score += tr("  (round %1: %2, %3%4)")
                             .arg(round - 1)
                             .arg(p.score, 0, 'f', 1)
                             .arg(rv->score >= p.score ? QStringLiteral("+") : QString())
                             .arg(rv->score - p.score, 0, 'f', 1);
        c.score->setText(score);
        c.score->setAccessibleName(tr("%1 score").arg(toText(rv->role)));
        c.rationale->setText(shownText(rv->rationale, MaxLabelChars));
        for (const ReviewIssue &issue : rv->issues) {
            QString where = issue.claimOrdinal > 0 ? tr("claim %1").arg(issue.claimOrdinal)
                            : issue.section.isEmpty() ? tr("draft")
                                                      : issue.section;
            auto *item = new QListWidgetItem(shownText(QStringLiteral("[%1 · %2] %3").arg(issue.severity, where, issue.text), MaxLabelChars), c.issues);
            item->setData(Qt::UserRole, issue.claimOrdinal);
            if (issue.claimOrdinal > 0) {
                item->setToolTip(tr("Open claim %1 on the Claims tab").arg(issue.claimOrdinal));
                QFont f = item->font();
                f.setUnderline(true);
                item->setFont(f);
                item->setForeground(palette().brush(QPalette::Link));
            }
        }
        if (rv->issues.isEmpty())
            new QListWidgetItem(tr("No issues raised."), c.issues);
    }
    showTranscript();
}

void TribunalTab::showTranscript()
{
    const int round = m_round->currentData().toInt();
    const Role role = AllRoles[std::clamp(m_role->currentIndex(), 0, 2)];
    for (const Review &r : m_details.reviews) {
        if (r.round != round || r.role != role)
            continue;
        m_prompt->setJsonText(r.prompt);
        m_response->setJsonText(r.rawResponse);
        m_live->setPlaceholderText(r.backend == QLatin1StringView("rules")
                                       ? tr("Rule-based reviewers do not stream: they score the draft by fixed rules in one "
                                            "step, so there are no tokens to show. The Response and Prompt tabs hold what they "
                                            "stored. LLM reviewers stream their tokens here while a run is under way.")
                                       : tr("Tokens stream here while a run is under way; this run's stored answer is on the "
                                            "Response tab."));
        m_transcriptMeta->setText(tr("backend %1%2 · %3 ms · %4 prompt / %5 completion tokens%6")
                                      .arg(r.backend, r.model.isEmpty() ? QString() : QStringLiteral(" (") + shownText(r.model, 200) + QLatin1Char(')'))
                                      .arg(r.latencyMs)
                                      .arg(r.promptTokens)
                                      .arg(r.completionTokens)
                                      .arg(r.failed() ? tr(" · FAILED: %1").arg(shownText(r.failure, MaxLabelChars)) : QString()));
        return;
    }
    m_prompt->clear();
    m_response->clear();
    m_transcriptMeta->setText(tr("No transcript for this role and round."));
}

void TribunalTab::appendToken(const RunEvent &event)
{
    if (event.runId != m_details.run.id || event.kind != EventKind::Token)
        return;
    const QString text = event.data.value(QStringLiteral("text")).toString(event.message);
    if (m_live->document()->isEmpty() || m_live->property("lane").toString() != event.lane) {
        m_live->appendStreamed(QStringLiteral("\n── %1 ──\n").arg(event.lane));
        m_live->setProperty("lane", event.lane);
    }
    m_live->appendStreamed(text);
    if (m_transcriptTabs->currentWidget() != m_live && m_details.draft.state == DraftState::Running)
        m_transcriptTabs->setCurrentWidget(m_live);
}

} // namespace Sovereign::Ui
