// Store: round trip of every entity, the constraints the schema enforces, and the cascade rules.
#include "models/storage/store.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Sovereign::Models;

namespace {

Run sampleRun(const QString &question = QStringLiteral("Does expert routing help long-context QA?"))
{
    Run r;
    r.question = question;
    r.sourceRef = QStringLiteral("2401.00001");
    r.sourceTitle = QStringLiteral("A routing study");
    r.sourceText = QStringLiteral("We propose a router. It improves accuracy by 2.1 points.");
    r.config = QJsonObject{{QStringLiteral("top_k"), 12}, {QStringLiteral("threshold"), 0.15}};
    return r;
}

qint64 count(const Store &s, const QString &table)
{
    QSqlQuery q(s.connection());
    q.exec(QStringLiteral("SELECT count(*) FROM ") + table);
    return q.next() ? q.value(0).toLongLong() : -1;
}

qint64 insertPaper(const Store &s, const QString &arxivId)
{
    QSqlQuery q(s.connection());
    q.prepare(QStringLiteral("INSERT INTO papers (arxiv_id, title, abstract) VALUES (?, ?, ?)"));
    q.addBindValue(arxivId);
    q.addBindValue(QString(QStringLiteral("Title ") + arxivId));
    q.addBindValue(QString(QStringLiteral("Abstract of ") + arxivId));
    return q.exec() ? q.lastInsertId().toLongLong() : 0;
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sovereign::Test::TempDatabase> m_tmp;
    std::unique_ptr<Store> m_store;

    Draft makeDraft(Run *runOut = nullptr)
    {
        Run r = sampleRun();
        if (!m_store->createRun(r))
            return {};
        Draft d;
        d.runId = r.id;
        d.title = QStringLiteral("SOVEREIGN: ") + r.question;
        d.question = r.question;
        m_store->createDraft(d);
        d.srchId = r.srchId;
        if (runOut)
            *runOut = r;
        return d;
    }

private slots:
    void init()
    {
        Sovereign::Test::failOnAnyWarning();
        m_tmp = std::make_unique<Sovereign::Test::TempDatabase>();
        QVERIFY2(m_tmp->isValid(), qPrintable(m_tmp->error()));
        m_store = std::make_unique<Store>(m_tmp->db());
    }
    void cleanup()
    {
        m_store.reset();
        m_tmp.reset();
    }

    void srchIdIsStableAndWellFormed()
    {
        const QString a = Store::makeSrchId("seed");
        QCOMPARE(a, Store::makeSrchId("seed"));
        QVERIFY(a != Store::makeSrchId("seed2"));
        QVERIFY(QRegularExpression(QStringLiteral("^SRCH:[0-9A-F]{8}$")).match(a).hasMatch());
    }

    void runRoundTrip()
    {
        Run r = sampleRun();
        auto id = m_store->createRun(r);
        QVERIFY_OK(id);
        QVERIFY(r.srchId.startsWith(QStringLiteral("SRCH:")));
        r.status = RunStatus::Failed;
        r.error = QStringLiteral("search stage: corpus is empty");
        r.startedAt = QDateTime::currentDateTimeUtc();
        r.finishedAt = r.startedAt.addMSecs(250);
        QVERIFY(m_store->updateRun(r));
        auto back = m_store->run(*id);
        QVERIFY_OK(back);
        QCOMPARE(back->question, r.question);
        QCOMPARE(back->sourceText, r.sourceText);
        QCOMPARE(back->config, r.config);
        QCOMPARE(back->status, RunStatus::Failed);
        QCOMPARE(back->error, r.error);
        QCOMPARE(back->finishedAt.toMSecsSinceEpoch() - back->startedAt.toMSecsSinceEpoch(), qint64(250));
        QVERIFY(!m_store->run(9999));
    }

    void emptyQuestionIsRefused()
    {
        Run r = sampleRun(QStringLiteral("   "));
        QVERIFY(!m_store->createRun(r));
        QCOMPARE(count(*m_store, QStringLiteral("runs")), 0);
    }

    void duplicateSrchIdIsRefusedWhenGiven()
    {
        Run a = sampleRun();
        a.srchId = QStringLiteral("SRCH:0000ABCD");
        QVERIFY(m_store->createRun(a));
        Run b = sampleRun();
        b.srchId = QStringLiteral("SRCH:0000ABCD");
        QVERIFY(!m_store->createRun(b));
        Run bad = sampleRun();
        bad.srchId = QStringLiteral("SRCH:xyz");
        QVERIFY2(!m_store->createRun(bad), "malformed SRCH ids are refused by the schema");
    }

    void eventsKeepOrderAndData()
    {
        Run r = sampleRun();
        QVERIFY(m_store->createRun(r));
        QList<RunEvent> events;
        for (int i = 0; i < 5; ++i) {
            RunEvent e;
            e.runId = r.id;
            e.seq = i + 1;
            e.atMs = 1700000000000 + i;
            e.elapsedMs = i * 10;
            e.stage = QStringLiteral("search");
            e.lane = QStringLiteral("query-%1").arg(i % 4 + 1);
            e.kind = i == 0 ? EventKind::Started : (i == 4 ? EventKind::Finished : EventKind::Progress);
            e.message = QStringLiteral("step %1").arg(i);
            e.data = QJsonObject{{QStringLiteral("hits"), i}};
            events.append(e);
        }
        QVERIFY(m_store->appendEvents(events));
        auto back = m_store->events(r.id);
        QVERIFY_OK(back);
        QCOMPARE(back->size(), 5);
        QCOMPARE(back->first().kind, EventKind::Started);
        QCOMPARE(back->last().kind, EventKind::Finished);
        QCOMPARE(back->at(3).data.value(QStringLiteral("hits")).toInt(), 3);
        QCOMPARE(back->at(2).lane, QStringLiteral("query-3"));
        // A repeated sequence number breaks the batch as a whole: nothing of it is stored.
        QList<RunEvent> dup = {events.first(), events.first()};
        dup[0].seq = 6;
        dup[1].seq = 6;
        QVERIFY(!m_store->appendEvents(dup));
        QCOMPARE(m_store->events(r.id)->size(), 5);
    }

    void searchRoundTrip()
    {
        Run r = sampleRun();
        QVERIFY(m_store->createRun(r));
        const qint64 p1 = insertPaper(*m_store, QStringLiteral("2401.00001"));
        const qint64 p2 = insertPaper(*m_store, QStringLiteral("2401.00002"));
        QVERIFY(p1 && p2);
        const QList<SearchQuery> queries = {{0, 1, QStringLiteral("idf"), QStringLiteral("expert routing"),
                                             QStringLiteral("local"), 3},
                                            {0, 2, QStringLiteral("bigram"), QStringLiteral("token scheduling"),
                                             QStringLiteral("local"), 4}};
        const QList<SearchHit> hits = {{1, 1, p1, 3.5}, {1, 2, p2, 1.5}, {2, 1, p2, 2.0}};
        const QList<RunPaper> merged = {{p2, 1, 0.0325, 0.8, 1}, {p1, 2, 0.0164, std::nullopt, 2}};
        QVERIFY(m_store->saveSearch(r.id, queries, hits, merged));
        QCOMPARE(m_store->searchQueries(r.id)->size(), 2);
        QCOMPARE(m_store->searchHits(r.id)->size(), 3);
        auto mp = m_store->runPapers(r.id);
        QVERIFY(mp);
        QCOMPARE(mp->first().paperId, p2);
        QCOMPARE(mp->first().semanticScore.value_or(-1), 0.8);
        QVERIFY(!mp->at(1).semanticScore);
        // Saving again replaces rather than duplicates.
        QVERIFY(m_store->saveSearch(r.id, queries, hits, merged));
        QCOMPARE(count(*m_store, QStringLiteral("search_hits")), 3);
        // A hit for an unknown query ordinal fails the whole save and keeps the previous one.
        QVERIFY(!m_store->saveSearch(r.id, queries, {{7, 1, p1, 1.0}}, merged));
        QCOMPARE(count(*m_store, QStringLiteral("search_hits")), 3);
    }

    void draftRoundTripAndQueues()
    {
        Run run;
        Draft d = makeDraft(&run);
        QVERIFY(d.id > 0);
        d.state = DraftState::Escalated;
        d.score = 5.75;
        d.verdict = Verdict::Revise;
        d.policy = Policy::EscalateToOwner;
        d.policyReason = QStringLiteral("gate: fewer than 2 verified claims");
        d.claimsExtracted = 9;
        d.claimsVerified = 1;
        d.papersRetrieved = 10;
        d.qualityTier = QStringLiteral("WATCHLIST");
        QVERIFY(m_store->updateDraft(d));
        auto back = m_store->draft(d.id);
        QVERIFY_OK(back);
        QCOMPARE(back->srchId, run.srchId);
        QCOMPARE(back->state, DraftState::Escalated);
        QCOMPARE(back->score.value_or(0), 5.75);
        QCOMPARE(back->verdict, std::optional<Verdict>(Verdict::Revise));
        QCOMPARE(back->policy, std::optional<Policy>(Policy::EscalateToOwner));
        QCOMPARE(back->claimsVerified, 1);
        QCOMPARE(back->qualityTier, QStringLiteral("WATCHLIST"));
        QVERIFY(!back->isPublished());

        auto bySrch = m_store->findDraft(run.srchId.toLower());
        QVERIFY_OK(bySrch);
        QCOMPARE(bySrch->id, d.id);
        QCOMPARE(m_store->findDraft(QString::number(d.id))->id, d.id);
        QVERIFY(!m_store->findDraft(QStringLiteral("SRCH:FFFFFFFF")));

        auto counts = m_store->queueCounts();
        QVERIFY(counts);
        QCOMPARE(counts->value(DraftState::Escalated), 1);
        QCOMPARE(counts->value(DraftState::Approved), 0);

        // One draft per run.
        Draft again;
        again.runId = run.id;
        again.title = QStringLiteral("x");
        again.question = QStringLiteral("y");
        QVERIFY(!m_store->createDraft(again));
    }

    void draftListPagesByKeyset()
    {
        for (int i = 0; i < 25; ++i) {
            Run r = sampleRun(QStringLiteral("question %1").arg(i));
            QVERIFY(m_store->createRun(r));
            Draft d;
            d.runId = r.id;
            d.title = QStringLiteral("draft %1").arg(i);
            d.question = r.question;
            d.state = i % 2 ? DraftState::Escalated : DraftState::AutoApproved;
            d.createdAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::UTC).addSecs(i / 3); // ties
            QVERIFY(m_store->createDraft(d));
        }
        DraftFilter f;
        f.limit = 10;
        QList<qint64> seen;
        for (;;) {
            auto page = m_store->drafts(f);
            QVERIFY_OK(page);
            for (const Draft &d : *page)
                seen.append(d.id);
            if (page->size() < f.limit)
                break;
            f.afterCreatedAt = toIso(page->constLast().createdAt);
            f.afterId = page->constLast().id;
        }
        QCOMPARE(seen.size(), 25);
        QCOMPARE(QSet<qint64>(seen.cbegin(), seen.cend()).size(), 25);

        DraftFilter esc;
        esc.state = DraftState::Escalated;
        QCOMPARE(m_store->drafts(esc)->size(), 12);
        DraftFilter text;
        text.text = QStringLiteral("draft 2");
        QCOMPARE(m_store->drafts(text)->size(), 6); // 2, 20..24
    }

    void revisionsClaimsReviews()
    {
        Draft d = makeDraft();
        DraftRevision r0{0, d.id, 0, QStringLiteral("body 0"), QJsonObject{{QStringLiteral("Abstract"), QStringLiteral("a")}},
                         4.5, Verdict::Reject, QString(), {}};
        QVERIFY(m_store->saveRevision(r0));
        DraftRevision r1{0, d.id, 1, QStringLiteral("body 1"), {}, 6.9, Verdict::Approve,
                         QStringLiteral("revision after tribunal"), {}};
        QVERIFY(m_store->saveRevision(r1));
        r1.body = QStringLiteral("body 1b");
        QVERIFY(m_store->saveRevision(r1));
        auto revs = m_store->revisions(d.id);
        QVERIFY(revs);
        QCOMPARE(revs->size(), 2);
        QCOMPARE(revs->at(1).body, QStringLiteral("body 1b"));
        QCOMPARE(revs->at(0).sections.value(QStringLiteral("Abstract")).toString(), QStringLiteral("a"));

        const QString longText = QString(5000, QLatin1Char('x'));
        QList<Claim> claims(3);
        for (int i = 0; i < 3; ++i) {
            claims[i].ordinal = i + 1;
            claims[i].text = i == 2 ? longText : QStringLiteral("claim %1").arg(i + 1);
            claims[i].verified = i == 0;
            claims[i].confidence = 0.1 * (i + 1);
            claims[i].evidencePassage = QStringLiteral("passage");
        }
        QVERIFY(m_store->saveClaims(d.id, 0, claims));
        QVERIFY(claims[0].id > 0);
        auto back = m_store->claims(d.id);
        QVERIFY_OK(back);
        QCOMPARE(back->size(), 3);
        QCOMPARE(back->at(2).text.size(), 5000); // full text is stored
        QCOMPARE(back->at(0).originalText, QStringLiteral("claim 1"));
        QVERIFY(back->at(0).verified);
        QCOMPARE(back->at(1).confidence, 0.2);
        QVERIFY(!back->at(0).stance);

        // Stances are stored with their claim and round, grounded or not.
        ClaimStance supports;
        supports.label = QStringLiteral("SUPPORTS");
        supports.quote = QStringLiteral("passage");
        supports.passage = QStringLiteral("passage");
        supports.model = QStringLiteral("fake/m");
        ClaimStance invented = supports;
        invented.label = QStringLiteral("REFUTES");
        invented.quote = QStringLiteral("not in it");
        invented.status = QStringLiteral("ungrounded");
        invented.note = QStringLiteral("the quoted sentence is not in the passage");
        QList<Claim> next = *back;
        next[0].stance = supports;
        next[1].stance = invented;
        QVERIFY_OK(m_store->saveClaims(d.id, 1, next));
        auto round1 = m_store->claims(d.id, 1);
        QVERIFY_OK(round1);
        QCOMPARE(round1->at(0).stance->label, QStringLiteral("SUPPORTS"));
        QCOMPARE(round1->at(0).stance->effectiveLabel(), QStringLiteral("SUPPORTS"));
        QCOMPARE(round1->at(1).stance->status, QStringLiteral("ungrounded"));
        QCOMPARE(round1->at(1).stance->effectiveLabel(), QString());
        QCOMPARE(round1->at(1).stance->note, invented.note);
        QVERIFY(!round1->at(2).stance);
        QVERIFY(!m_store->claims(d.id, 0)->at(0).stance); // round 0 has none
        QCOMPARE(m_store->claim(round1->at(1).id)->stance->quote, QStringLiteral("not in it"));

        Review rv;
        rv.draftId = d.id;
        rv.round = 0;
        rv.role = Role::Validator;
        rv.score = 6.0;
        rv.verdict = Verdict::Revise;
        rv.rationale = QStringLiteral("one claim lacks evidence");
        rv.issues = {{2, QString(), QStringLiteral("major"), QStringLiteral("unsupported")}};
        rv.scoredSignals = {{QStringLiteral("verified_ratio"), QStringLiteral("0.33"), 2.5, QString()}};
        rv.prompt = QStringLiteral("prompt");
        rv.rawResponse = QStringLiteral("{\"score\": 6}");
        rv.latencyMs = 12;
        QVERIFY(m_store->saveReview(rv));
        auto reviews = m_store->reviews(d.id);
        QVERIFY(reviews);
        QCOMPARE(reviews->size(), 1);
        QCOMPARE(reviews->first().issues.first().claimOrdinal, 2);
        QCOMPARE(reviews->first().scoredSignals.first().deduction, 2.5);
        QCOMPARE(reviews->first().rawResponse, rv.rawResponse);
        QVERIFY(!reviews->first().failed());
        Review failed = rv;
        failed.role = Role::Skeptic;
        failed.round = 2; // not round 0: the CHECK tests below insert a SKEPTIC of round 0
        failed.score = 0;
        failed.failure = QStringLiteral("the model call failed: HTTP 502");
        QVERIFY(m_store->saveReview(failed));
        QCOMPARE(m_store->reviews(d.id)->last().failure, failed.failure);
        QCOMPARE(m_store->reviews(d.id)->last().role, Role::Skeptic);

        Review bad = rv;
        bad.role = Role::Skeptic;
        QSqlQuery q(m_store->connection());
        QVERIFY2(!q.exec(QStringLiteral("INSERT INTO reviews (draft_id, round, role, score, verdict) "
                                        "VALUES (%1, 0, 'JUDGE', 5, 'APPROVE')").arg(d.id)),
                 "unknown roles are refused");
        QVERIFY(!q.exec(QStringLiteral("INSERT INTO reviews (draft_id, round, role, score, verdict) "
                                       "VALUES (%1, 0, 'SKEPTIC', 11, 'APPROVE')").arg(d.id)));

        QVERIFY(m_store->savePublicRecord(d.id, d.srchId, QJsonObject{{QStringLiteral("tier"), QStringLiteral("WATCHLIST")}}));
        QCOMPARE(m_store->publicRecord(d.id)->value(QStringLiteral("tier")).toString(), QStringLiteral("WATCHLIST"));
    }

    void deletingARunCascadesButDecisionsProtectDrafts()
    {
        Run run;
        Draft d = makeDraft(&run);
        QList<Claim> claims(1);
        claims[0].ordinal = 1;
        claims[0].text = QStringLiteral("c");
        QVERIFY(m_store->saveClaims(d.id, 0, claims));
        QVERIFY(m_store->appendEvents({RunEvent{run.id, 1, 0, 0, QStringLiteral("plan"), {}, EventKind::Started, {}, {}}}));

        // With an owner decision stored, the draft cannot vanish (RESTRICT).
        Decision dec;
        dec.draftId = d.id;
        dec.action = DecisionAction::Escalate;
        dec.actor = QStringLiteral("owner");
        dec.note = QStringLiteral("second opinion");
        QVERIFY(m_store->insertDecision(m_store->connection(), dec));
        QSqlQuery q(m_store->connection());
        q.prepare(QStringLiteral("DELETE FROM runs WHERE id=?"));
        q.addBindValue(run.id);
        QVERIFY2(!q.exec(), "a run whose draft has decisions must not be deleted");
        QCOMPARE(count(*m_store, QStringLiteral("claims")), 1);

        // Without decisions, deleting a run removes its draft, claims and events.
        Run run2;
        Draft d2 = makeDraft(&run2);
        QVERIFY(m_store->saveClaims(d2.id, 0, claims));
        QSqlQuery q2(m_store->connection());
        q2.prepare(QStringLiteral("DELETE FROM runs WHERE id=?"));
        q2.addBindValue(run2.id);
        QVERIFY(q2.exec());
        QVERIFY(!m_store->draft(d2.id));
        QCOMPARE(count(*m_store, QStringLiteral("claims")), 1);
        QCOMPARE(count(*m_store, QStringLiteral("run_events")), 1);
    }

    void decisionsEditsCorrections()
    {
        Draft d = makeDraft();
        QList<Claim> claims(1);
        claims[0].ordinal = 1;
        claims[0].text = QStringLiteral("original");
        QVERIFY(m_store->saveClaims(d.id, 0, claims));

        Decision nobody;
        nobody.draftId = d.id;
        QVERIFY2(!m_store->insertDecision(m_store->connection(), nobody), "a decision must say who");

        Claim edited = claims[0];
        edited.text = QStringLiteral("edited");
        ClaimEdit e{0, edited.id, QStringLiteral("text"), QStringLiteral("original"), QStringLiteral("edited"),
                    QStringLiteral("typo"), QStringLiteral("owner"), {}};
        QVERIFY(m_store->editClaim(m_store->connection(), e, edited));
        QCOMPARE(m_store->claim(edited.id)->text, QStringLiteral("edited"));
        QCOMPARE(m_store->claim(edited.id)->originalText, QStringLiteral("original"));
        QCOMPARE(m_store->claimEdits(d.id)->size(), 1);

        // Once published, claims only change through corrections.
        d.state = DraftState::Approved;
        d.publishedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(m_store->updateDraft(d));
        edited.text = QStringLiteral("sneaky");
        auto refused = m_store->editClaim(m_store->connection(), e, edited);
        QVERIFY(!refused);
        QVERIFY(refused.error().contains(QStringLiteral("correction")));
        QCOMPARE(m_store->claim(edited.id)->text, QStringLiteral("edited"));

        Correction c;
        c.draftId = d.id;
        c.eventId = QStringLiteral("corr-1");
        c.type = CorrectionType::Claim;
        c.publicNote = QStringLiteral("Claim 1 overstated the gain.");
        c.affectedFields = {QStringLiteral("claims[1].text")};
        c.claimId = edited.id;
        c.oldText = QStringLiteral("edited");
        c.newText = QStringLiteral("softened");
        c.actor = QStringLiteral("owner");
        QVERIFY(m_store->insertCorrection(m_store->connection(), c));
        auto list = m_store->corrections(d.id);
        QVERIFY(list);
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->first().type, CorrectionType::Claim);
        QCOMPARE(list->first().affectedFields, c.affectedFields);
        Correction blank = c;
        blank.eventId = QStringLiteral("corr-2");
        blank.publicNote = QStringLiteral("  ");
        QVERIFY2(!m_store->insertCorrection(m_store->connection(), blank), "a correction needs a public note");
    }

    void ledgerRowsAreAppendOnly()
    {
        QSqlQuery q(m_store->connection());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO ledger (seq, kind, payload, prev_hash, hash) "
                                      "VALUES (1, 'decision', '{}', '', 'h')")));
        QVERIFY(!q.exec(QStringLiteral("UPDATE ledger SET payload='{\"x\":1}' WHERE seq=1")));
        QVERIFY(q.lastError().text().contains(QStringLiteral("append-only")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM ledger WHERE seq=1")));
        QCOMPARE(count(*m_store, QStringLiteral("ledger")), 1);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
