#include "claimstab.h"

#include "displaytext.h"
#include "models/items/tooltip.h"
#include "models/types/quote.h"

#include "claimcommands.h"
#include "confidencedelegate.h"
#include "textbuilder.h"
#include "theme.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextDocument>
#include <QTimer>
#include <QUndoGroup>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace Sovereign::Ui {

using namespace Models;

namespace {

// The claims as published, with the owner's CLAIM corrections shown on top: a corrected claim reads
// its corrected text, marked, and its tooltip keeps the original, the note and the date.
class CorrectedClaimsProxy final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setCorrections(QHash<qint64, Correction> corrections)
    {
        m_corrections = std::move(corrections);
        if (rowCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (index.column() == ClaimTableModel::TextColumn && (role == Qt::DisplayRole || role == Qt::ToolTipRole)) {
            const auto it = m_corrections.constFind(index.data(ClaimTableModel::ClaimIdRole).toLongLong());
            if (it != m_corrections.cend()) {
                if (role == Qt::DisplayRole)
                    return ClaimsTab::tr("✎ %1").arg(Models::cellText(it->newText));
                return Models::plainToolTip(ClaimsTab::tr("Corrected %1: %2\nWas: %3")
                    .arg(QLocale().toString(it->correctedAt.toLocalTime(), QLocale::ShortFormat), it->publicNote, it->oldText));
            }
        }
        return QSortFilterProxyModel::data(index, role);
    }

private:
    QHash<qint64, Correction> m_corrections;
};

} // namespace

ConfidenceBar::ConfidenceBar(QWidget *parent) : QWidget(parent)
{
    setMinimumHeight(fontMetrics().height() + 8);
    setAccessibleName(tr("Confidence"));
}

void ConfidenceBar::setValue(std::optional<double> confidence, double threshold, bool verified, bool overridden)
{
    m_confidence = confidence;
    m_threshold = threshold;
    m_verified = verified;
    m_overridden = overridden;
    setAccessibleDescription(confidence ? tr("%1, %2").arg(*confidence, 0, 'f', 2).arg(verified ? tr("verified") : tr("unverified"))
                                        : tr("not scored"));
    update();
}

QSize ConfidenceBar::sizeHint() const { return {220, fontMetrics().height() + 10}; }

void ConfidenceBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    if (!m_confidence) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignVCenter | Qt::AlignLeft, tr("not scored"));
        return;
    }
    ConfidenceDelegate::paintBar(&p, rect().adjusted(0, 2, 0, -2), palette(), *m_confidence, m_threshold, m_verified,
                                 m_overridden);
}

ClaimsTab::ClaimsTab(const Services &services, QUndoGroup *undoGroup, QWidget *parent)
    : QWidget(parent), m_services(services), m_group(undoGroup)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_roundBox = new QComboBox(this);
    m_roundBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_roundBox->setAccessibleName(tr("Claims round"));
    m_roundBox->setToolTip(tr("Claims of the first draft (round 0) or of a revision"));
    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::PlainText);
    bar->addWidget(new QLabel(tr("Round:"), this));
    bar->addWidget(m_roundBox);
    bar->addSpacing(12);
    bar->addWidget(m_summary, 1);
    layout->addLayout(bar);
    m_coverage = new QLabel(this);
    m_coverage->setTextFormat(Qt::PlainText);
    m_coverage->setWordWrap(true);
    m_coverage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_coverage->setAccessibleName(tr("Question coverage"));
    layout->addWidget(m_coverage);

    m_model = new ClaimTableModel(this);
    m_proxy = new CorrectedClaimsProxy(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ClaimTableModel::SortRole);
    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setItemDelegateForColumn(ClaimTableModel::ConfidenceColumn, new ConfidenceDelegate(m_table));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ClaimTableModel::OrdinalColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setAccessibleName(tr("Claims"));
    // The claim keeps room for its words (about 40 characters) at 1366 × 768; the narrower columns
    // after it scroll sideways rather than squeezing it to a dozen letters.
    m_table->horizontalHeader()->setSectionResizeMode(ClaimTableModel::TextColumn, QHeaderView::Interactive);
    m_table->horizontalHeader()->resizeSection(ClaimTableModel::TextColumn, fontMetrics().averageCharWidth() * 40);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(ClaimTableModel::OrdinalColumn, 36);
    m_table->horizontalHeader()->resizeSection(ClaimTableModel::VerifiedColumn, 95);
    m_table->horizontalHeader()->resizeSection(ClaimTableModel::ConfidenceColumn, 170);
    m_table->horizontalHeader()->resizeSection(ClaimTableModel::StanceColumn, 105);
    m_table->horizontalHeader()->resizeSection(ClaimTableModel::QuestionTermsColumn, 150);
    m_table->horizontalHeader()->resizeSection(ClaimTableModel::ChecksColumn, 150);
    m_table->horizontalHeader()->resizeSection(ClaimTableModel::EvidenceColumn, 95);

    // Evidence.
    auto *evidence = new QGroupBox(tr("Evidence"), this);
    auto *ev = new QVBoxLayout(evidence);
    m_paper = new QLabel(evidence);
    m_paper->setTextFormat(Qt::PlainText);
    m_paper->setWordWrap(true);
    m_paper->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_passage = new QPlainTextEdit(evidence);
    m_passage->setReadOnly(true);
    m_passage->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_passage->setAccessibleName(tr("Best-matching evidence passage"));
    m_terms = new QLabel(evidence);
    m_terms->setTextFormat(Qt::PlainText);
    m_terms->setWordWrap(true);
    m_correction = new QLabel(evidence);
    m_correction->setTextFormat(Qt::RichText);
    m_correction->setWordWrap(true);
    m_correction->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_correction->setAccessibleName(tr("Correction of this claim"));
    m_correction->hide();
    ev->addWidget(m_correction);
    ev->addWidget(m_paper);
    m_stance = new QLabel(evidence);
    m_stance->setTextFormat(Qt::PlainText);
    m_stance->setWordWrap(true);
    m_stance->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stance->setAccessibleName(tr("Stance of the evidence passage"));
    ev->addWidget(m_passage, 1);
    ev->addWidget(m_terms);
    ev->addWidget(m_stance);

    // Editing.
    auto *edit = new QGroupBox(tr("Edit before publication"), this);
    auto *ed = new QVBoxLayout(edit);
    m_lockNote = new QLabel(edit);
    m_lockNote->setTextFormat(Qt::PlainText);
    m_lockNote->setWordWrap(true);
    m_editor = new QPlainTextEdit(edit);
    m_editor->setAccessibleName(tr("Claim text"));
    m_editor->setToolTip(tr("Edit the claim's wording; its confidence is re-verified as you type"));
    m_editor->setTabChangesFocus(true);
    m_editor->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_preview = new ConfidenceBar(edit);
    m_preview->setToolTip(tr("Confidence of the edited text against the evidence"));
    m_previewNote = new QLabel(edit);
    m_previewNote->setTextFormat(Qt::PlainText);
    m_previewNote->setWordWrap(true);
    m_reason = new QLineEdit(edit);
    m_reason->setPlaceholderText(tr("Reason (required for an override, kept in History)"));
    m_reason->setAccessibleName(tr("Reason for the edit"));
    m_applyText = new QPushButton(tr("Save text"), edit);
    m_applyText->setToolTip(tr("Save the edited claim text (Ctrl+Return); undo with Ctrl+Z"));
    m_applyText->setAccessibleName(tr("Save claim text"));
    m_editor->installEventFilter(this);
    m_override = new QComboBox(edit);
    m_override->addItem(tr("Verifier's verdict"));
    m_override->addItem(tr("Mark verified"));
    m_override->addItem(tr("Mark unverified"));
    m_override->setAccessibleName(tr("Verified override"));
    m_override->setToolTip(tr("Override the verifier's verdict for this claim; a reason is required"));
    m_applyOverride = new QPushButton(tr("Apply override"), edit);
    m_applyOverride->setToolTip(tr("Store the verified override with its reason"));
    m_applyOverride->setAccessibleName(tr("Apply verified override"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_applyText);
    buttons->addStretch(1);
    buttons->addWidget(m_override);
    buttons->addWidget(m_applyOverride);
    ed->addWidget(m_lockNote);
    ed->addWidget(m_editor, 1);
    ed->addWidget(m_preview);
    ed->addWidget(m_previewNote);
    ed->addWidget(m_reason);
    ed->addLayout(buttons);

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(evidence);
    bottom->addWidget(edit);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("claimsSplitter"));
    split->addWidget(m_table);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);
    connect(m_debounce, &QTimer::timeout, this, &ClaimsTab::onEditorChanged);
    connect(m_editor, &QPlainTextEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_editor, &QPlainTextEdit::textChanged, this, &ClaimsTab::updateEditingState);
    connect(m_reason, &QLineEdit::textChanged, this, &ClaimsTab::updateEditingState);
    connect(m_override, &QComboBox::currentIndexChanged, this, &ClaimsTab::updateEditingState);
    connect(m_applyText, &QPushButton::clicked, this, &ClaimsTab::applyTextEdit);
    connect(m_applyOverride, &QPushButton::clicked, this, &ClaimsTab::applyOverride);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ClaimsTab::onRowChanged);
    connect(m_roundBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { showRound(m_roundBox->itemData(i).toInt()); });
    connect(&m_scoreWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_scoreWatcher.property("generation").toULongLong() != m_scoreGeneration)
            return;
        const auto r = m_scoreWatcher.result();
        if (!r) {
            m_preview->setValue(std::nullopt, m_model->threshold(), false, false);
            m_previewNote->setText(shownText(tr("Could not re-verify: %1").arg(r.error()), MaxLabelChars));
            return;
        }
        m_preview->setValue(r->confidence, m_model->threshold(), r->verified, false);
        const QString score = QString::number(r->confidence, 'f', 3);
        m_previewNote->setText(r->verified ? tr("Re-verified: confidence %1, the edited text would be verified.").arg(score)
                                           : tr("Re-verified: confidence %1, the edited text would be below the threshold.").arg(score));
    });
    clear(tr("Select a draft to see its claims."));
}

bool ClaimsTab::eventFilter(QObject *watched, QEvent *event)
{
    // Ctrl+Return saves the edit; the text edit would otherwise take it as a line break.
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
            if (m_applyText->isEnabled())
                applyTextEdit();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QUndoStack *ClaimsTab::undoStack() const { return m_stacks.value(m_details.draft.id); }

double ClaimsTab::runThreshold(const QJsonObject &config, double fallback)
{
    // Runs store their settings grouped ("claims": {"verify_threshold": …}); older ones flat.
    const QJsonValue grouped = config.value(QStringLiteral("claims")).toObject().value(QStringLiteral("verify_threshold"));
    if (grouped.isDouble())
        return grouped.toDouble();
    return config.value(QStringLiteral("verify_threshold")).toDouble(config.value(QStringLiteral("threshold")).toDouble(fallback));
}

bool ClaimsTab::hasUnsavedEdit() const
{
    const QString text = m_editor->toPlainText().trimmed();
    return m_editing.id && !m_editor->isReadOnly() && !text.isEmpty() && text != m_editing.text;
}

bool ClaimsTab::confirmLeave(const std::function<void()> &proceed)
{
    if (!hasUnsavedEdit())
        return true;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Unsaved claim edit"),
                                tr("Claim %1 has an edit that is not saved.").arg(m_editing.ordinal),
                                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setInformativeText(tr("Save it, discard it, or stay on the claim to go on editing."));
    box->setTextFormat(Qt::PlainText);
    box->button(QMessageBox::Cancel)->setText(tr("Stay"));
    box->setDefaultButton(QMessageBox::Save);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const qint64 claimId = m_editing.id;
    connect(box, &QMessageBox::finished, this, [this, box, proceed, claimId] {
        const auto answer = box->standardButton(box->clickedButton());
        if (answer != QMessageBox::Save && answer != QMessageBox::Discard) {
            focusEditor();
            return;
        }
        if (answer == QMessageBox::Save && m_editing.id == claimId) {
            const bool saved = m_applyText->isEnabled();
            if (saved)
                applyTextEdit();
            if (!saved || hasUnsavedEdit())
                return; // not saved: the edit stays in the editor
        }
        {
            const QSignalBlocker block(m_editor);
            m_editor->setPlainText(m_editing.text);
        }
        proceed();
    });
    box->open();
    return false;
}

void ClaimsTab::onRowChanged(const QModelIndex &current)
{
    const qint64 target = current.isValid() ? current.data(ClaimTableModel::ClaimIdRole).toLongLong() : 0;
    if (!m_loading && target != m_editing.id && hasUnsavedEdit()) {
        // Back to the edited claim until the owner says what happens to the edit.
        const int row = m_model->rowOf(m_editing.id);
        {
            const QSignalBlocker block(m_table->selectionModel());
            m_table->setCurrentIndex(m_proxy->mapFromSource(m_model->index(row, ClaimTableModel::TextColumn)));
        }
        m_table->viewport()->update();
        confirmLeave([this, target] {
            const int r = m_model->rowOf(target);
            m_table->setCurrentIndex(r < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(r, ClaimTableModel::TextColumn)));
        });
        return;
    }
    onCurrentChanged();
}

void ClaimsTab::clear(const QString &emptyMessage)
{
    m_group->setActiveStack(nullptr);
    m_details = {};
    m_editing = {};
    m_model->setClaims({}, {});
    const QSignalBlocker block(m_roundBox);
    m_roundBox->clear();
    m_summary->setText(emptyMessage);
    m_coverage->clear();
    m_paper->clear();
    m_correction->hide();
    m_passage->clear();
    m_terms->clear();
    m_editor->clear();
    updateEditingState();
}

void ClaimsTab::setDetails(const DraftDetails &details)
{
    const bool sameDraft = details.draft.id == m_details.draft.id;
    const qint64 selectedId = sameDraft ? currentClaim().id : 0;
    const QString unsaved = sameDraft && hasUnsavedEdit() ? m_editor->toPlainText() : QString();
    m_details = details;
    // The undo stack belongs to one unpublished draft: a published draft changes only through a
    // correction record, so its edits can no longer be undone or redone.
    auto *stack = m_stacks.value(details.draft.id);
    if (details.draft.isPublished()) {
        m_group->setActiveStack(nullptr);
        delete m_stacks.take(details.draft.id);
        stack = nullptr;
    } else if (!stack) {
        stack = new QUndoStack(m_group);
        m_stacks.insert(details.draft.id, stack);
    }
    m_group->setActiveStack(stack);
    // The run's own threshold (its stored settings); the scorer's default only for a run without one.
    m_model->setThreshold(m_services.scorer ? m_services.scorer->threshold(details.run.config)
                                            : runThreshold(details.run.config, 0.15));
    {
        QHash<qint64, Correction> corrections; // the latest CLAIM correction of each claim
        for (const Correction &c : details.corrections)
            if (c.type == CorrectionType::Claim && c.claimId &&
                (!corrections.contains(c.claimId) || corrections.value(c.claimId).correctedAt <= c.correctedAt))
                corrections.insert(c.claimId, c);
        static_cast<CorrectedClaimsProxy *>(m_proxy)->setCorrections(corrections);
    }
    m_loading = true;
    const auto loaded = qScopeGuard([this] { m_loading = false; });
    const int last = details.lastRound();
    int round = sameDraft ? std::min(m_round, last) : details.draft.currentRound;
    {
        const QSignalBlocker block(m_roundBox);
        m_roundBox->clear();
        for (int r = 0; r <= last; ++r)
            m_roundBox->addItem(r == 0 ? tr("0 — first draft") : tr("%1 — revised").arg(r), r);
        m_roundBox->setCurrentIndex(round);
        m_roundBox->setEnabled(last > 0);
    }
    showRound(round);
    if (selectedId) {
        const int row = m_model->rowOf(selectedId);
        if (row >= 0)
            m_table->setCurrentIndex(m_proxy->mapFromSource(m_model->index(row, ClaimTableModel::TextColumn)));
        if (row >= 0 && !unsaved.isEmpty() && !m_editor->isReadOnly())
            m_editor->setPlainText(unsaved); // a reload does not throw the owner's typing away
    }
}

void ClaimsTab::showRound(int round)
{
    m_round = round;
    const QList<Claim> claims = m_details.claimsOfRound(round);
    m_model->setClaims(claims, m_details.papers);
    int verified = 0;
    for (const Claim &c : claims)
        verified += c.effectiveVerified() ? 1 : 0;
    if (claims.isEmpty())
        m_summary->setText(m_details.draft.state == DraftState::Running
                               ? tr("No claims yet: the run has not reached claim extraction. Watch it on the Pipeline tab.")
                               : tr("This round has no claims."));
    else
        m_summary->setText(tr("%1 of %2 claims verified · threshold %3 · sort by any column")
                               .arg(verified)
                               .arg(claims.size())
                               .arg(m_model->threshold(), 0, 'f', 2));
    showCoverage(round);
    if (!claims.isEmpty())
        m_table->setCurrentIndex(m_proxy->index(0, ClaimTableModel::TextColumn));
    else
        onCurrentChanged();
}

void ClaimsTab::showCoverage(int round)
{
    // The round's coverage as the pipeline stored it with the revision (sections.question_coverage).
    QJsonObject coverage;
    for (const DraftRevision &r : std::as_const(m_details.revisions))
        if (r.round == round)
            coverage = r.sections.value(QStringLiteral("question_coverage")).toObject();
    if (coverage.isEmpty()) {
        m_coverage->setText(tr("Question coverage was not measured for this round."));
        m_coverage->setStyleSheet(QString());
        return;
    }
    const auto list = [&coverage](const char *key) {
        QStringList out;
        for (const QJsonValue &v : coverage.value(QLatin1StringView(key)).toArray())
            out.append(v.toString());
        return out;
    };
    const QStringList covered = list("covered");
    const QStringList uncovered = list("uncovered");
    const QStringList required = list("uncovered_required");
    const bool addressed = coverage.value(QStringLiteral("addressed")).toBool();
    const QString share = QLocale().toString(coverage.value(QStringLiteral("weight_share")).toDouble() * 100.0, 'f', 0);
    QString text = addressed ? tr("The claims address the question: they cover %1% of its specific (IDF-weighted) terms.").arg(share)
                             : tr("The claims do NOT address the question: they cover %1% of its specific (IDF-weighted) terms.").arg(share);
    text += u' ' + (uncovered.isEmpty() ? tr("Every question term is covered by some claim.")
                                        : tr("Terms no claim covers: %1.").arg(uncovered.join(QStringLiteral(", "))));
    if (!required.isEmpty())
        text += u' ' + tr("Named terms missing: %1.").arg(required.join(QStringLiteral(", ")));
    if (!covered.isEmpty())
        text += u' ' + tr("Covered: %1.").arg(covered.join(QStringLiteral(", ")));
    m_coverage->setText(shownText(text, MaxLabelChars));
    m_coverage->setStyleSheet(addressed ? QString()
                                        : QStringLiteral("QLabel { color: %1; font-weight: bold; }").arg(Theme::failedColor(palette()).name()));
}

void ClaimsTab::selectClaim(int round, int ordinal)
{
    if (round != m_round) {
        const int i = m_roundBox->findData(round);
        if (i >= 0)
            m_roundBox->setCurrentIndex(i);
    }
    const int row = m_model->rowOfOrdinal(ordinal);
    if (row >= 0) {
        m_table->setCurrentIndex(m_proxy->mapFromSource(m_model->index(row, ClaimTableModel::TextColumn)));
        m_table->setFocus();
    }
}

void ClaimsTab::focusEditor()
{
    if (m_editor->isEnabled()) {
        m_editor->setFocus();
        m_editor->selectAll();
    }
}

Claim ClaimsTab::currentClaim() const
{
    const QModelIndex i = m_proxy->mapToSource(m_table->currentIndex());
    return i.isValid() ? m_model->claimAt(i.row()) : Claim{};
}

QStringList ClaimsTab::highlightSharedTerms(QTextDocument *passage, const QString &claim, const QColor &background)
{
    static const QSet<QString> stop = {
        QStringLiteral("the"),  QStringLiteral("and"),  QStringLiteral("for"),  QStringLiteral("with"),
        QStringLiteral("that"), QStringLiteral("this"), QStringLiteral("from"), QStringLiteral("are"),
        QStringLiteral("was"),  QStringLiteral("were"), QStringLiteral("than"), QStringLiteral("its"),
        QStringLiteral("has"),  QStringLiteral("have"), QStringLiteral("not"),  QStringLiteral("but"),
        QStringLiteral("our"),  QStringLiteral("into"), QStringLiteral("when"), QStringLiteral("which")};
    static const QRegularExpression word(QStringLiteral("\\w+"), QRegularExpression::UseUnicodePropertiesOption);
    QSet<QString> terms;
    for (auto it = word.globalMatch(claim); it.hasNext();) {
        const QString w = it.next().captured().toLower();
        if (w.size() >= 3 && !stop.contains(w))
            terms.insert(w);
    }
    QTextCharFormat mark;
    mark.setBackground(background);
    mark.setFontWeight(QFont::DemiBold);
    QStringList found;
    const QString text = passage->toPlainText();
    QTextCursor c(passage);
    // One edit block: the passage is laid out once at its end, not again after every marked word
    // (a passage that repeats a claim's words hundreds of times took seconds).
    c.beginEditBlock();
    const auto done = qScopeGuard([&c] { c.endEditBlock(); });
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString w = m.captured().toLower();
        if (!terms.contains(w))
            continue;
        c.setPosition(int(m.capturedStart()));
        c.setPosition(int(m.capturedEnd()), QTextCursor::KeepAnchor);
        c.mergeCharFormat(mark);
        if (!found.contains(w))
            found.append(w);
    }
    return found;
}

void ClaimsTab::onCurrentChanged()
{
    const Claim c = currentClaim();
    m_editing = c;
    if (!c.id) {
        m_paper->setText(m_model->rowCount() ? tr("Select a claim to see its evidence.") : QString());
        m_passage->clear();
        m_terms->clear();
        m_stance->clear();
        const QSignalBlocker block(m_editor);
        m_editor->clear();
        m_preview->setValue(std::nullopt, m_model->threshold(), false, false);
        updateEditingState();
        return;
    }
    m_correction->hide();
    const Correction *latest = nullptr;
    for (const Correction &k : std::as_const(m_details.corrections))
        if (k.type == CorrectionType::Claim && k.claimId == c.id && (!latest || latest->correctedAt <= k.correctedAt))
            latest = &k;
    if (latest) {
        const Correction &k = *latest;
        m_correction->setText(tr("<b>Corrected %1</b>: %2<br><s>%3</s><br>Note: %4")
                                  .arg(QLocale().toString(k.correctedAt.toLocalTime(), QLocale::ShortFormat).toHtmlEscaped(),
                                       shownText(k.newText, MaxLabelChars / 3).toHtmlEscaped(),
                                       shownText(k.oldText, MaxLabelChars / 3).toHtmlEscaped(),
                                       shownText(k.publicNote, MaxLabelChars / 3).toHtmlEscaped()));
        m_correction->show();
    }
    const PaperRef p = m_details.papers.value(c.evidencePaperId);
    m_paper->setText(c.evidencePaperId ? shownText(tr("Claim %1 · evidence: %2 — %3").arg(c.ordinal).arg(p.arxivId, p.title), MaxLabelChars)
                                       : tr("Claim %1 · no evidence paper matched").arg(c.ordinal));
    m_passage->setPlainText(shownText(c.evidencePassage.isEmpty() ? c.evidenceSentence : c.evidencePassage));
    const QStringList shared = highlightSharedTerms(m_passage->document(), c.text, Theme::highlightTermColor(palette()));
    QStringList lines{shared.isEmpty() ? tr("No terms in common with the claim.")
                                       : tr("Shared terms: %1").arg(shared.join(QStringLiteral(", ")))};
    const QStringList questionTerms = ClaimTableModel::questionTerms(c);
    lines.append(questionTerms.isEmpty() ? tr("Covers no term of the question.")
                                         : tr("Question terms covered: %1").arg(questionTerms.join(QStringLiteral(", "))));
    lines += ClaimTableModel::findings(c);
    m_terms->setText(shownText(lines.join(u'\n'), MaxLabelChars));
    showStance(c);
    {
        const QSignalBlocker block(m_editor);
        m_editor->setPlainText(shownText(c.text));
    }
    m_preview->setValue(c.confidence, m_model->threshold(), c.effectiveVerified(), c.verifiedOverride.has_value());
    m_previewNote->setText(c.verifiedOverride ? shownText(tr("Override by the owner: %1").arg(c.overrideReason), MaxLabelChars) : QString());
    {
        const QSignalBlocker block(m_override);
        m_override->setCurrentIndex(!c.verifiedOverride ? 0 : *c.verifiedOverride ? 1 : 2);
    }
    m_reason->clear();
    updateEditingState();
}

void ClaimsTab::showStance(const Claim &c)
{
    if (!c.stance) {
        m_stance->setText(tr("Stance: not checked (no chat backend in this run, or no evidence passage)."));
        return;
    }
    const ClaimStance &st = *c.stance;
    if (st.status == QStringLiteral("failed")) {
        m_stance->setText(shownText(tr("Stance: no usable answer from the model (%1).").arg(st.note), MaxLabelChars));
        return;
    }
    if (!st.usable()) {
        m_stance->setText(shownText(tr("Stance: %1 label discarded as ungrounded — %2. Quoted: \u201c%3\u201d").arg(st.label, st.note, st.quote), MaxLabelChars));
        return;
    }
    // The quote is marked in the passage (it was found there, whitespace normalised).
    const auto [start, length] = locateQuote(m_passage->toPlainText(), st.quote);
    if (start >= 0) {
        QTextCursor cursor(m_passage->document());
        cursor.setPosition(int(start));
        cursor.setPosition(int(start + length), QTextCursor::KeepAnchor);
        QTextCharFormat f;
        f.setBackground(Theme::stanceColor(palette(), st.label));
        f.setFontUnderline(true);
        cursor.mergeCharFormat(f);
    }
    m_stance->setText(shownText(st.quote.isEmpty() ? tr("Stance: %1 (%2) — %3").arg(st.label, st.model.isEmpty() ? st.backend : st.model, st.rationale)
                                                   : tr("Stance: %1 (%2), quoting the marked sentence — %3")
                                                         .arg(st.label, st.model.isEmpty() ? st.backend : st.model, st.rationale),
                                MaxLabelChars));
}

void ClaimsTab::updateEditingState()
{
    const Claim c = currentClaim();
    const bool published = m_details.draft.isPublished();
    const bool latestRound = m_round == m_details.draft.currentRound;
    const bool tooLong = c.text.size() > MaxBlockChars; // the editor holds only the start of it
    const bool editable = c.id && !published && latestRound && m_services.actions && !tooLong;
    m_lockNote->setVisible(c.id && !editable);
    if (tooLong)
        m_lockNote->setText(tr("This claim is %1 characters long; only its start is shown, and it cannot be edited here.")
                                .arg(QLocale().toString(c.text.size())));
    else if (published)
        m_lockNote->setText(tr("This draft is published: a change now goes through a correction record."));
    else if (c.id && !latestRound)
        m_lockNote->setText(tr("Earlier rounds are read-only; edit the claims of round %1.").arg(m_details.draft.currentRound));
    m_editor->setReadOnly(!editable);
    m_reason->setEnabled(editable);
    m_override->setEnabled(editable);
    const QString text = m_editor->toPlainText().trimmed();
    m_applyText->setEnabled(editable && !text.isEmpty() && text != c.text);
    const std::optional<bool> chosen = m_override->currentIndex() == 0 ? std::nullopt
                                       : std::optional<bool>(m_override->currentIndex() == 1);
    m_applyOverride->setEnabled(editable && chosen != c.verifiedOverride &&
                                (!m_reason->text().trimmed().isEmpty() || !chosen));
}

QString ClaimsTab::previewNote() const { return m_previewNote->text(); }

QString ClaimsTab::correctionNote() const
{
    QTextDocument doc;
    doc.setHtml(m_correction->text());
    return m_correction->isHidden() ? QString() : doc.toPlainText();
}

void ClaimsTab::onEditorChanged()
{
    const Claim c = currentClaim();
    const QString text = m_editor->toPlainText().trimmed();
    if (!c.id || text == c.text || m_editor->isReadOnly())
        return;
    if (!m_services.scorer) {
        m_preview->setValue(std::nullopt, m_model->threshold(), false, false);
        m_previewNote->setText(tr("Live re-verification is not available; the verifier re-scores the claim when it is saved."));
        return;
    }
    m_previewNote->setText(tr("Re-verifying…"));
    auto scorer = m_services.scorer;
    const qint64 draftId = m_details.draft.id;
    m_scoreWatcher.setProperty("generation", ++m_scoreGeneration);
    m_scoreWatcher.setFuture(QtConcurrent::run([scorer, draftId, text] { return scorer->score(draftId, text); }));
}

bool ClaimsTab::applyTextEdit()
{
    const Claim c = currentClaim();
    const QString text = m_editor->toPlainText().trimmed();
    if (!c.id || text.isEmpty() || text == c.text || !m_services.actions)
        return false;
    const QString reason = m_reason->text().trimmed();
    QUndoStack *stack = undoStack();
    if (!stack)
        return false; // a published draft has no undo stack (and no editing)
    // The command writes the edit in its first redo(), off the GUI thread; a refused edit is taken
    // off the stack again and said in the status bar.
    auto *command = new EditClaimTextCommand(stack, m_services.actions, c.id, c.ordinal, c.text, text, reason,
                                             [this](const QString &e) { emit message(e); });
    command->setOnStored([this, ordinal = c.ordinal] { emit message(tr("Claim %1 saved. Undo with Ctrl+Z.").arg(ordinal)); });
    emit message(tr("Saving claim %1…").arg(c.ordinal));
    if (m_editing.id == c.id)
        m_editing.text = text; // handed to the write: no longer an unsaved edit in the editor
    stack->push(command);
    return true;
}

void ClaimsTab::applyOverride()
{
    const Claim c = currentClaim();
    if (!c.id || !m_services.actions)
        return;
    const std::optional<bool> chosen = m_override->currentIndex() == 0 ? std::nullopt
                                       : std::optional<bool>(m_override->currentIndex() == 1);
    const QString reason = m_reason->text().trimmed();
    if (chosen && reason.isEmpty()) {
        emit message(tr("An override needs a reason."));
        return;
    }
    QUndoStack *stack = undoStack();
    if (!stack)
        return;
    stack->push(new OverrideVerifiedCommand(stack, m_services.actions, c.id, c.ordinal, c.verifiedOverride,
                                            c.overrideReason, chosen, reason,
                                            [this](const QString &e) { emit message(e); }));
}

} // namespace Sovereign::Ui
