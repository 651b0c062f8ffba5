#include "owneractions.h"

#include "recordstore.h"
#include "pipeline/core/settings.h"
#include "pipeline/verify/judgment.h"
#include "pipeline/verify/verifier.h"

#include "models/storage/corpusstore.h"

#include <QProcessEnvironment>
#include <QSettings>

namespace Sovereign::Pipeline {

using namespace Models;

namespace {

QString boolText(std::optional<bool> b) { return b ? (*b ? QStringLiteral("true") : QStringLiteral("false")) : QString(); }

QString resolveActor(const QString &actor)
{
    const QString a = actor.trimmed();
    return a.isEmpty() ? OwnerActions::defaultActor() : a;
}

Status refuseUnlessDecidable(const Draft &d, DecisionAction action)
{
    if (d.isPublished())
        return fail(QStringLiteral("draft %1 (%2) was published on %3; after publication it changes only through a "
                                   "correction record (sovereign correct)")
                        .arg(d.id)
                        .arg(d.srchId, toIso(d.publishedAt)));
    switch (d.state) {
    case DraftState::Running:
        return fail(QStringLiteral("draft %1 is still running; decide once its pipeline has finished").arg(d.id));
    case DraftState::Failed:
        if (action != DecisionAction::Reject)
            return fail(QStringLiteral("draft %1 failed in the pipeline; it can only be rejected").arg(d.id));
        break;
    case DraftState::Rejected:
        if (action == DecisionAction::Reject)
            return fail(QStringLiteral("draft %1 is already rejected").arg(d.id));
        break;
    case DraftState::AutoApproved:
    case DraftState::Approved:
        // Approved but not published cannot happen through this API; refuse rather than guess.
        return fail(QStringLiteral("draft %1 is already %2").arg(d.id).arg(displayName(d.state).toLower()));
    case DraftState::Escalated:
        break;
    }
    return {};
}

} // namespace

// Re-verifies an edited claim the way the verify stage does: TF-IDF over the abstracts of the run's
// retrieved papers (without the source paper when the run excluded it), at the run's threshold.
std::optional<ClaimCheck> verifyAgainstRun(const std::shared_ptr<Database> &db, const Claim &claim, const QString &text)
{
    Store store(db);
    auto draft = store.draft(claim.draftId);
    if (!draft)
        return std::nullopt;
    auto run = store.run(draft->runId);
    auto runPapers = store.runPapers(draft->runId);
    if (!run || !runPapers || runPapers->isEmpty())
        return std::nullopt;
    const PipelineSettings settings = PipelineSettings::fromJson(run->config);
    QList<qint64> ids;
    for (const RunPaper &p : std::as_const(*runPapers))
        if (!(settings.excludeSourceFromEvidence && p.paperId == run->sourcePaperId))
            ids.append(p.paperId);
    auto papers = CorpusStore(db).papers(ids);
    if (!papers || papers->isEmpty())
        return std::nullopt;
    const auto verifier = ClaimVerifier::fit(passagesFromPapers(*papers));
    const ClaimVerdict v = verifier->verify(text, settings.verifyThreshold);
    return ClaimCheck{v.verified, v.confidence, v.evidencePaperId, v.passage, v.sentence};
}

QString toText(OwnerDecision d)
{
    switch (d) {
    case OwnerDecision::Approve: return QStringLiteral("approve");
    case OwnerDecision::Reject: return QStringLiteral("reject");
    case OwnerDecision::Escalate: return QStringLiteral("escalate");
    case OwnerDecision::RequestRevision: return QStringLiteral("request-revision");
    }
    return {};
}

std::optional<OwnerDecision> ownerDecisionFromString(const QString &s)
{
    const QString v = s.trimmed().toLower();
    if (v == QStringLiteral("approve"))
        return OwnerDecision::Approve;
    if (v == QStringLiteral("reject"))
        return OwnerDecision::Reject;
    if (v == QStringLiteral("escalate"))
        return OwnerDecision::Escalate;
    if (v == QStringLiteral("request-revision") || v == QStringLiteral("request_revision"))
        return OwnerDecision::RequestRevision;
    return std::nullopt;
}

OwnerActions::OwnerActions(std::shared_ptr<Database> db, std::shared_ptr<Ledger> ledger, QObject *parent)
    : QObject(parent), m_db(std::move(db)), m_ledger(std::move(ledger)), m_store(m_db)
{
    m_recordRebuilder = [db = m_db](qint64 draftId) { return rebuildPublicRecord(db, draftId); };
    m_claimVerifier = [db = m_db](const Claim &claim, const QString &text) { return verifyAgainstRun(db, claim, text); };
}

OwnerActions::~OwnerActions() = default;

QString OwnerActions::defaultActor()
{
    const QString configured = QSettings().value(QStringLiteral("owner/name")).toString().trimmed();
    if (!configured.isEmpty())
        return configured;
    const auto env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        const QString v = env.value(QString::fromLatin1(name)).trimmed();
        if (!v.isEmpty())
            return v;
    }
    return QStringLiteral("owner");
}

void OwnerActions::afterCommit(qint64 draftId)
{
    m_ledger->anchorHead();
    if (auto h = m_ledger->head())
        emit ledgerAppended(h->seq);
    emit changed(draftId);
}

QString OwnerActions::rebuildRecord(qint64 draftId)
{
    if (!m_recordRebuilder)
        return QStringLiteral("public record not rebuilt: no record builder connected");
    if (auto ok = m_recordRebuilder(draftId); !ok)
        return QStringLiteral("public record not rebuilt: %1").arg(ok.error());
    return {};
}

Result<DecideOutcome> OwnerActions::decide(qint64 draftId, OwnerDecision decision, const QString &actor,
                                           const QString &note)
{
    DecisionAction action = DecisionAction::Escalate;
    switch (decision) {
    case OwnerDecision::Approve: action = DecisionAction::Approve; break;
    case OwnerDecision::Reject: action = DecisionAction::Reject; break;
    case OwnerDecision::Escalate: action = DecisionAction::Escalate; break;
    case OwnerDecision::RequestRevision: action = DecisionAction::RequestRevision; break;
    }
    if ((action == DecisionAction::Escalate || action == DecisionAction::RequestRevision) && note.trimmed().isEmpty())
        return fail(QStringLiteral("%1 needs a note that says why").arg(toText(decision)));
    auto outcome = applyDecision(draftId, action, resolveActor(actor), note.trimmed());
    if (!outcome)
        return outcome;
    if (action == DecisionAction::RequestRevision) {
        if (!m_revisionHandler) {
            // Hook for the pipeline's RunController: the decision (with the note) is stored and the
            // draft stays where it was until a reviser picks it up.
            outcome->followUp = QStringLiteral("revision requested and recorded; no reviser is connected, so the "
                                               "revision round has not started");
        } else if (auto ok = m_revisionHandler(draftId, note.trimmed()); !ok) {
            outcome->followUp = QStringLiteral("revision requested and recorded, but the reviser refused: %1").arg(ok.error());
        } else {
            outcome->followUp = QStringLiteral("revision round started");
        }
    }
    return outcome;
}

Result<DecideOutcome> OwnerActions::recordAutoApproval(qint64 draftId, const QString &reason)
{
    return applyDecision(draftId, DecisionAction::AutoApprove, QStringLiteral("pipeline"), reason);
}

Result<DecideOutcome> OwnerActions::applyDecision(qint64 draftId, DecisionAction action, const QString &actor,
                                                  const QString &note)
{
    const QSqlDatabase conn = m_db->connection();
    Transaction tx(conn);
    if (!tx.isActive())
        return fail(QStringLiteral("cannot start a transaction: %1").arg(tx.error()));
    // Read inside the transaction: BEGIN IMMEDIATE holds the write lock, so the state checked here
    // is the state the decision applies to.
    auto draft = m_store.draft(draftId);
    if (!draft)
        return fail(draft.error());
    if (action == DecisionAction::AutoApprove) {
        if (draft->isPublished())
            return fail(QStringLiteral("draft %1 is already published").arg(draftId));
    } else if (auto ok = refuseUnlessDecidable(*draft, action); !ok) {
        return fail(ok.error());
    }

    Decision d;
    d.draftId = draftId;
    d.action = action;
    d.actor = actor;
    d.note = note;
    d.decidedAt = QDateTime::currentDateTimeUtc();
    auto id = m_store.insertDecision(conn, d);
    if (!id)
        return fail(id.error());

    switch (action) {
    case DecisionAction::Approve:
    case DecisionAction::AutoApprove:
        draft->state = action == DecisionAction::Approve ? DraftState::Approved : DraftState::AutoApproved;
        draft->publishedAt = d.decidedAt;
        break;
    case DecisionAction::Reject: draft->state = DraftState::Rejected; break;
    case DecisionAction::Escalate: draft->state = DraftState::Escalated; break;
    case DecisionAction::RequestRevision: break; // the reviser moves the state when it runs
    }
    if (auto ok = m_store.updateDraft(*draft); !ok)
        return fail(ok.error());

    QJsonObject content = Ledger::decisionContent(d);
    if (draft->isPublished()) {
        auto claims = m_store.claims(draftId);
        if (!claims)
            return fail(claims.error());
        content.insert(QStringLiteral("publication"), Ledger::publicationContent(*draft, *claims));
    }
    if (auto e = m_ledger->append(conn, LedgerKind::Decision, draftId, d.id, content); !e)
        return fail(e.error());
    if (auto ok = tx.commit(); !ok)
        return fail(ok.error());
    // The record is rebuilt before anyone hears of the change, so a listener reloading on
    // changed() sees the new record, not the previous one.
    const QString recordNote = action == DecisionAction::Approve ? rebuildRecord(draftId) : QString();
    afterCommit(draftId);
    auto after = m_store.draft(draftId);
    return DecideOutcome{d, after ? *after : *draft, recordNote};
}

// ---- claims before publication ------------------------------------------------------------------

Result<Claim> OwnerActions::editClaimText(qint64 claimId, const QString &newText, const QString &actor,
                                          const QString &reason)
{
    const QString text = newText.trimmed();
    if (text.isEmpty())
        return fail(QStringLiteral("a claim cannot be edited to empty text; reject the draft or override the "
                                   "claim's verdict instead"));
    const QSqlDatabase conn = m_db->connection();
    Transaction tx(conn);
    if (!tx.isActive())
        return fail(QStringLiteral("cannot start a transaction: %1").arg(tx.error()));
    auto target = editableClaim(claimId);
    if (!target)
        return fail(target.error());
    const Claim *claim = &target->first;
    Draft *draft = &target->second;
    if (claim->text == text)
        return fail(QStringLiteral("claim %1 already reads like that").arg(claim->ordinal));

    Claim updated = *claim;
    updated.text = text;
    QString how = QStringLiteral("not re-verified: no verifier connected");
    if (m_claimVerifier) {
        if (auto check = m_claimVerifier(*claim, text)) {
            updated.verified = check->verified;
            updated.confidence = check->confidence;
            updated.evidencePaperId = check->evidencePaperId;
            updated.evidencePassage = check->evidencePassage;
            updated.evidenceSentence = check->evidenceSentence;
            how = QStringLiteral("re-verified: confidence %1 -> %2")
                      .arg(claim->confidence, 0, 'f', 2)
                      .arg(check->confidence, 0, 'f', 2);
        } else {
            how = QStringLiteral("not re-verified: the verifier had no evidence for this run");
        }
    }
    // The new wording is judged again against the run's question profile and the source.
    if (auto run = m_store.run(draft->runId)) {
        const QuestionProfile profile = QuestionProfile::fromJson(run->config.value(QStringLiteral("question_profile")).toObject());
        const auto generic = [&profile](const QString &name) {
            return std::any_of(profile.terms.cbegin(), profile.terms.cend(),
                               [&](const QuestionTerm &t) { return t.name && !t.required && mentionsName(name, t.text); });
        };
        JudgmentContext context{profile, run->sourceText, generic};
        QList<Claim> one{updated};
        judgeClaims(one, context);
        updated = one.first();
        if (profile.terms.isEmpty()) // a run from before question profiles: keep its coverage flag
            updated.addressesQuestion = claim->addressesQuestion;
    }
    ClaimEdit edit;
    edit.claimId = claimId;
    edit.field = QStringLiteral("text");
    edit.oldValue = claim->text;
    edit.newValue = text;
    edit.reason = reason.trimmed().isEmpty() ? how : reason.trimmed() + QStringLiteral(" (") + how + u')';
    edit.actor = resolveActor(actor);
    return commitClaimEdit(conn, tx, edit, *claim, updated, *draft);
}

Result<std::pair<Claim, Draft>> OwnerActions::editableClaim(qint64 claimId) const
{
    auto claim = m_store.claim(claimId);
    if (!claim)
        return fail(claim.error());
    auto draft = m_store.draft(claim->draftId);
    if (!draft)
        return fail(draft.error());
    if (draft->isPublished())
        return fail(QStringLiteral("draft %1 is published: its claims change only through a correction record").arg(draft->id));
    return std::pair{*claim, *draft};
}

Result<Claim> OwnerActions::commitClaimEdit(const QSqlDatabase &conn, Transaction &tx, ClaimEdit edit,
                                            const Claim &before, const Claim &updated, Draft draft)
{
    edit.editedAt = QDateTime::currentDateTimeUtc();
    auto editId = m_store.editClaim(conn, edit, updated);
    if (!editId)
        return fail(editId.error());
    edit.id = *editId;
    if (updated.effectiveVerified() != before.effectiveVerified()) {
        draft.claimsVerified += updated.effectiveVerified() ? 1 : -1;
        if (auto ok = m_store.updateDraft(draft); !ok)
            return fail(ok.error());
    }
    if (auto e = m_ledger->append(conn, LedgerKind::ClaimEdit, draft.id, edit.id,
                                  Ledger::claimEditContent(edit, draft.id));
        !e)
        return fail(e.error());
    if (auto ok = tx.commit(); !ok)
        return fail(ok.error());
    rebuildRecord(draft.id);
    afterCommit(draft.id);
    return m_store.claim(updated.id);
}

Result<Claim> OwnerActions::overrideVerified(qint64 claimId, std::optional<bool> verified, const QString &actor,
                                             const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return fail(QStringLiteral("overriding the verifier needs a reason"));
    const QSqlDatabase conn = m_db->connection();
    Transaction tx(conn);
    if (!tx.isActive())
        return fail(QStringLiteral("cannot start a transaction: %1").arg(tx.error()));
    auto target = editableClaim(claimId);
    if (!target)
        return fail(target.error());
    const Claim *claim = &target->first;
    Draft *draft = &target->second;
    if (claim->verifiedOverride == verified)
        return fail(QStringLiteral("claim %1 already has that override").arg(claim->ordinal));
    Claim updated = *claim;
    updated.verifiedOverride = verified;
    updated.overrideReason = verified ? reason.trimmed() : QString();
    ClaimEdit edit;
    edit.claimId = claimId;
    edit.field = QStringLiteral("verified_override");
    edit.oldValue = boolText(claim->verifiedOverride);
    edit.newValue = boolText(verified);
    edit.reason = reason.trimmed();
    edit.actor = resolveActor(actor);
    return commitClaimEdit(conn, tx, edit, *claim, updated, *draft);
}

// ---- corrections after publication ---------------------------------------------------------------

QString OwnerActions::currentClaimText(const Claim &claim, const QList<Correction> &corrections)
{
    QString text = claim.text;
    for (const Correction &c : corrections)
        if (c.claimId == claim.id && !c.newText.isEmpty())
            text = c.newText;
    return text;
}

QStringList OwnerActions::defaultAffectedFields(CorrectionType type, int claimOrdinal)
{
    switch (type) {
    case CorrectionType::Claim:
        return {claimOrdinal > 0 ? QStringLiteral("claims[%1].text").arg(claimOrdinal) : QStringLiteral("claims")};
    case CorrectionType::Metadata: return {QStringLiteral("metadata")};
    case CorrectionType::Artifact: return {QStringLiteral("artifacts")};
    case CorrectionType::Benchmark: return {QStringLiteral("results")};
    case CorrectionType::Provenance: return {QStringLiteral("provenance")};
    case CorrectionType::QualityAssessment: return {QStringLiteral("quality_tier"), QStringLiteral("quality_dimensions")};
    }
    return {};
}

Result<Correction> OwnerActions::correct(qint64 draftId, const CorrectionRequest &request)
{
    if (request.note.trimmed().isEmpty())
        return fail(QStringLiteral("a correction needs a public note that says what changed and why"));
    if (request.claimOrdinal > 0 && request.type != CorrectionType::Claim)
        return fail(QStringLiteral("a claim and its new text belong to a CLAIM correction, not %1").arg(toText(request.type)));
    if (request.claimOrdinal > 0 && request.newText.trimmed().isEmpty())
        return fail(QStringLiteral("correcting claim %1 needs its new text").arg(request.claimOrdinal));
    if (request.claimOrdinal <= 0 && !request.newText.trimmed().isEmpty())
        return fail(QStringLiteral("new claim text needs the number of the claim it corrects"));

    const QSqlDatabase conn = m_db->connection();
    Transaction tx(conn);
    if (!tx.isActive())
        return fail(QStringLiteral("cannot start a transaction: %1").arg(tx.error()));
    auto draft = m_store.draft(draftId);
    if (!draft)
        return fail(draft.error());
    if (!draft->isPublished())
        return fail(QStringLiteral("draft %1 is not published (%2): corrections apply only after publication; before "
                                   "it, edit the claims or decide on the draft")
                        .arg(draftId)
                        .arg(displayName(draft->state)));
    auto existing = m_store.corrections(draftId);
    if (!existing)
        return fail(existing.error());

    Correction c;
    c.draftId = draftId;
    c.type = request.type;
    c.publicNote = request.note.trimmed();
    c.actor = resolveActor(request.actor);
    c.affectedFields = request.affectedFields.isEmpty() ? defaultAffectedFields(request.type, request.claimOrdinal)
                                                        : request.affectedFields;
    c.eventId = QStringLiteral("%1/correction-%2").arg(draft->srchId).arg(existing->size() + 1);
    c.correctedAt = QDateTime::currentDateTimeUtc();
    if (request.claimOrdinal > 0) {
        auto claims = m_store.claims(draftId);
        if (!claims)
            return fail(claims.error());
        const auto it = std::find_if(claims->cbegin(), claims->cend(),
                                     [&](const Claim &cl) { return cl.ordinal == request.claimOrdinal; });
        if (it == claims->cend())
            return fail(QStringLiteral("draft %1 has no published claim %2 (it has %3)")
                            .arg(draftId)
                            .arg(request.claimOrdinal)
                            .arg(claims->size()));
        c.claimId = it->id;
        c.oldText = currentClaimText(*it, *existing);
        c.newText = request.newText.trimmed();
        if (c.oldText == c.newText)
            return fail(QStringLiteral("claim %1 already reads like that").arg(request.claimOrdinal));
    }
    auto id = m_store.insertCorrection(conn, c);
    if (!id)
        return fail(id.error());
    if (auto e = m_ledger->append(conn, LedgerKind::Correction, draftId, c.id, Ledger::correctionContent(c)); !e)
        return fail(e.error());
    if (auto ok = tx.commit(); !ok)
        return fail(ok.error());
    rebuildRecord(draftId);
    afterCommit(draftId);
    return c;
}

} // namespace Sovereign::Pipeline
