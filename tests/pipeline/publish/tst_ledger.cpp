// Ledger and OwnerActions: decisions, claim edits and corrections each leave one chained entry; the
// ledger sees edited, deleted, reordered and forged rows, changed published claims and a cut tail.
#include "models/ledger/ledger.h"
#include "pipeline/publish/owneractions.h"
#include "publishfixtures.h"
#include "support/testsupport.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sovereign::Models;
using namespace Sovereign::Pipeline;
using Sovereign::Test::FixtureDraft;

namespace {

QByteArray hexKey(char fill) { return QByteArray(32, fill).toHex(); }

bool exec(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    return q.exec(sql);
}

} // namespace

class TestLedger : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sovereign::Test::TempDatabase> m_tmp;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Ledger> m_ledger;
    std::unique_ptr<OwnerActions> m_actions;

    qint64 fixture(const FixtureDraft &f = {})
    {
        auto id = Sovereign::Test::makeFixtureDraft(m_actions->store(), f);
        if (!id)
            qWarning("fixture: %s", qPrintable(id.error()));
        return id.value_or(0);
    }

    // An approved draft with one correction and one pre-publication claim edit: every entry kind.
    qint64 publishedWithHistory()
    {
        const qint64 id = fixture();
        auto claims = m_actions->store().claims(id);
        if (!claims || claims->isEmpty())
            return 0;
        if (!m_actions->editClaimText(claims->at(2).id, QStringLiteral("Annotators judged fluency unchanged."),
                                      QStringLiteral("tester"), QStringLiteral("tighter wording")))
            return 0;
        if (!m_actions->decide(id, OwnerDecision::Escalate, QStringLiteral("tester"), QStringLiteral("second look")))
            return 0;
        if (!m_actions->decide(id, OwnerDecision::Approve, QStringLiteral("tester"), QString()))
            return 0;
        CorrectionRequest r;
        r.type = CorrectionType::Claim;
        r.note = QStringLiteral("Claim 2 overstated the effect size.");
        r.claimOrdinal = 2;
        r.newText = QStringLiteral("The gain is smaller, and not significant, with fewer than four passages.");
        if (!m_actions->correct(id, r))
            return 0;
        return id;
    }

    void dropTriggers()
    {
        QVERIFY(exec(m_tmp->db()->connection(), QStringLiteral("DROP TRIGGER ledger_no_update")));
        QVERIFY(exec(m_tmp->db()->connection(), QStringLiteral("DROP TRIGGER ledger_no_delete")));
    }

    qint64 entrySeq(const QString &kind, qint64 entityId)
    {
        QSqlQuery q(m_tmp->db()->connection());
        q.prepare(QStringLiteral("SELECT seq FROM ledger WHERE kind=? AND entity_id=?"));
        q.addBindValue(kind);
        q.addBindValue(entityId);
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("SOVEREIGN_LEDGER_KEY", hexKey('k'));
    }

    void init()
    {
        Sovereign::Test::failOnAnyWarning();
        m_tmp = std::make_unique<Sovereign::Test::TempDatabase>();
        QVERIFY2(m_tmp->isValid(), qPrintable(m_tmp->error()));
        m_dir = std::make_unique<QTemporaryDir>();
        auto key = LedgerKeyStore::obtain();
        QVERIFY_OK(key);
        QCOMPARE(key->source, QStringLiteral("environment"));
        m_ledger = std::make_shared<Ledger>(m_tmp->db(), *key,
                                            Ledger::Options{m_dir->filePath(QStringLiteral("anchors.ini"))});
        m_actions = std::make_unique<OwnerActions>(m_tmp->db(), m_ledger);
        Sovereign::Test::connectFixtureRebuilder(*m_actions);
    }

    void cleanup()
    {
        m_actions.reset();
        m_ledger.reset();
        m_tmp.reset();
    }

    void approvePublishesAndChains()
    {
        const qint64 id = fixture();
        QVERIFY(id > 0);
        QSignalSpy changed(m_actions.get(), &OwnerActions::changed);
        auto out = m_actions->decide(id, OwnerDecision::Approve, QStringLiteral("Dana"), QStringLiteral("reads well"));
        QVERIFY_OK(out);
        QCOMPARE(out->draft.state, DraftState::Approved);
        QVERIFY(out->draft.isPublished());
        QCOMPARE(out->decision.actor, QStringLiteral("Dana"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toLongLong(), id);
        auto entries = m_ledger->entries();
        QVERIFY_OK(entries);
        QCOMPARE(entries->size(), 1);
        QCOMPARE(entries->first().kind, LedgerKind::Decision);
        QCOMPARE(entries->first().prevHash, QString::fromLatin1(Ledger::GenesisHash));
        QVERIFY(entries->first().payload.contains("\"publication\""));
        QCOMPARE(entries->first().hash, Ledger::computeHash(entries->first().prevHash, entries->first().payload));
        const LedgerReport report = m_ledger->verify();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QVERIFY(report.macsChecked);
        // The settings anchor followed the head.
        auto anchor = m_ledger->settingsAnchor();
        QVERIFY(anchor.has_value());
        QCOMPARE(anchor->seq, 1);
        QCOMPARE(anchor->hash, entries->first().hash);
    }

    void refusalsSayWhyAndChangeNothing()
    {
        const qint64 id = fixture();
        auto noNote = m_actions->decide(id, OwnerDecision::Escalate, QStringLiteral("Dana"), QStringLiteral("  "));
        QVERIFY(!noNote);
        QVERIFY(noNote.error().contains(QStringLiteral("note")));
        QVERIFY(!m_actions->decide(id, OwnerDecision::RequestRevision, QStringLiteral("Dana"), QString()));
        CorrectionRequest r;
        r.type = CorrectionType::Metadata;
        r.note = QStringLiteral("title typo");
        auto early = m_actions->correct(id, r);
        QVERIFY(!early);
        QVERIFY(early.error().contains(QStringLiteral("not published")));
        QVERIFY_OK(m_actions->decide(id, OwnerDecision::Approve, QStringLiteral("Dana"), QString()));
        auto again = m_actions->decide(id, OwnerDecision::Reject, QStringLiteral("Dana"), QStringLiteral("changed mind"));
        QVERIFY(!again);
        QVERIFY(again.error().contains(QStringLiteral("correction")));
        auto claims = m_actions->store().claims(id);
        QVERIFY_OK(claims);
        auto edit = m_actions->editClaimText(claims->first().id, QStringLiteral("new"), QStringLiteral("Dana"), QString());
        QVERIFY(!edit);
        QVERIFY(edit.error().contains(QStringLiteral("correction")));
        auto entries = m_ledger->entries();
        QVERIFY_OK(entries);
        QCOMPARE(entries->size(), 1); // only the approval
        QVERIFY(m_ledger->verify().ok());
    }

    void requestRevisionGoesToTheReviser()
    {
        const qint64 id = fixture();
        QString seenNote;
        m_actions->setRevisionHandler([&](qint64 draftId, const QString &note) -> Status {
            if (draftId == id)
                seenNote = note;
            return {};
        });
        auto out = m_actions->decide(id, OwnerDecision::RequestRevision, QString(), QStringLiteral("soften claim 3"));
        QVERIFY_OK(out);
        QCOMPARE(seenNote, QStringLiteral("soften claim 3"));
        QCOMPARE(out->followUp, QStringLiteral("revision round started"));
        QCOMPARE(out->decision.actor, OwnerActions::defaultActor());
        QVERIFY(!out->decision.actor.isEmpty());
    }

    void claimEditsBeforePublication()
    {
        const qint64 id = fixture();
        auto claims = m_actions->store().claims(id);
        QVERIFY_OK(claims);
        m_actions->setClaimVerifier([](const Claim &, const QString &) {
            return std::optional<ClaimCheck>(ClaimCheck{false, 0.05, 0, QString(), QString()});
        });
        auto edited = m_actions->editClaimText(claims->first().id, QStringLiteral("A softer version of claim one."),
                                               QStringLiteral("Dana"), QStringLiteral("overreach"));
        QVERIFY_OK(edited);
        QCOMPARE(edited->text, QStringLiteral("A softer version of claim one."));
        QCOMPARE(edited->confidence, 0.05);
        QVERIFY(!edited->verified);
        auto ov = m_actions->overrideVerified(claims->at(1).id, true, QStringLiteral("Dana"), QString());
        QVERIFY(!ov); // a reason is required
        QVERIFY_OK(m_actions->overrideVerified(claims->at(1).id, false, QStringLiteral("Dana"),
                                               QStringLiteral("the evidence is about another dataset")));
        auto d = m_actions->store().draft(id);
        QVERIFY_OK(d);
        QCOMPARE(d->claimsVerified, 1); // 3 verified, minus the edited one, minus the override
        auto entries = m_ledger->entries(id);
        QVERIFY_OK(entries);
        QCOMPARE(entries->size(), 2);
        QCOMPARE(entries->at(1).kind, LedgerKind::ClaimEdit);
        QVERIFY(m_ledger->verify().ok());
    }

    void editedClaimIsReverifiedAgainstTheRun()
    {
        const qint64 id = fixture();
        auto claims = m_actions->store().claims(id);
        QVERIFY_OK(claims);
        // The default verifier: TF-IDF over the run's papers (the fixture's abstracts).
        auto close = m_actions->editClaimText(claims->at(2).id,
                                              QStringLiteral("Citation faithfulness in retrieval-augmented generation"),
                                              QStringLiteral("Dana"), QString());
        QVERIFY_OK(close);
        QVERIFY2(close->confidence > 0.3, qPrintable(QString::number(close->confidence)));
        QVERIFY(close->verified);
        QVERIFY(close->evidencePaperId > 0);
        auto far = m_actions->editClaimText(claims->at(2).id, QStringLiteral("Zebras migrate north every year."),
                                            QStringLiteral("Dana"), QString());
        QVERIFY_OK(far);
        QCOMPARE(far->confidence, 0.0);
        QVERIFY(!far->verified);
        auto edits = m_actions->store().claimEdits(id);
        QVERIFY_OK(edits);
        QVERIFY(edits->last().reason.contains(QStringLiteral("re-verified")));
        QVERIFY(m_ledger->verify().ok());
    }

    void correctionsAreAdditive()
    {
        const qint64 id = publishedWithHistory();
        QVERIFY(id > 0);
        auto claims = m_actions->store().claims(id);
        QVERIFY_OK(claims);
        // The published row keeps the published text; the correction holds the new one.
        QCOMPARE(claims->at(1).text, QStringLiteral("The gain shrinks when fewer than four passages are retrieved."));
        auto corrections = m_actions->store().corrections(id);
        QVERIFY_OK(corrections);
        QCOMPARE(corrections->size(), 1);
        QCOMPARE(corrections->first().oldText, claims->at(1).text);
        QCOMPARE(OwnerActions::currentClaimText(claims->at(1), *corrections), corrections->first().newText);
        QCOMPARE(corrections->first().affectedFields, QStringList{QStringLiteral("claims[2].text")});
        // The rebuilt record follows the corrections.
        auto record = m_actions->store().publicRecord(id);
        QVERIFY_OK(record);
        const QJsonObject cr = record->value(QStringLiteral("correction_record")).toObject();
        QCOMPARE(cr.value(QStringLiteral("correction_state")).toString(), QStringLiteral("CORRECTED"));
        QCOMPARE(cr.value(QStringLiteral("correction_count")).toInt(), 1);
        // A second correction of the same claim starts from the corrected text.
        CorrectionRequest r;
        r.type = CorrectionType::Claim;
        r.note = QStringLiteral("Second look at claim 2.");
        r.claimOrdinal = 2;
        r.newText = QStringLiteral("No effect was measured below four passages.");
        auto second = m_actions->correct(id, r);
        QVERIFY_OK(second);
        QCOMPARE(second->oldText, corrections->first().newText);
        QCOMPARE(m_actions->store().publicRecord(id)->value(QStringLiteral("correction_record")).toObject()
                     .value(QStringLiteral("correction_count")).toInt(), 2);
        const LedgerReport report = m_ledger->verify();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(report.entries, 5);
    }

    void triggersRefuseUpdateAndDelete()
    {
        QVERIFY(publishedWithHistory() > 0);
        QSqlQuery q(m_tmp->db()->connection());
        QVERIFY(!q.exec(QStringLiteral("UPDATE ledger SET kind='x' WHERE seq=1")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM ledger WHERE seq=1")));
        QVERIFY(m_ledger->verify().ok());
    }

    void detectsEditedDecisionRow()
    {
        const qint64 id = publishedWithHistory();
        QVERIFY(id > 0);
        auto decisions = m_actions->store().decisions(id);
        QVERIFY_OK(decisions);
        const qint64 seq = entrySeq(LedgerKind::Decision, decisions->first().id);
        QVERIFY(exec(m_tmp->db()->connection(),
                     QStringLiteral("UPDATE decisions SET note='nothing to see' WHERE id=%1").arg(decisions->first().id)));
        const LedgerReport report = m_ledger->verify();
        QVERIFY(!report.ok());
        QCOMPARE(report.problems.first().seq, seq);
        QVERIFY(report.problems.first().message.contains(QStringLiteral("note")));
    }

    void detectsDeletedCorrection()
    {
        const qint64 id = publishedWithHistory();
        auto corrections = m_actions->store().corrections(id);
        QVERIFY_OK(corrections);
        const qint64 seq = entrySeq(LedgerKind::Correction, corrections->first().id);
        QVERIFY(exec(m_tmp->db()->connection(),
                     QStringLiteral("DELETE FROM corrections WHERE id=%1").arg(corrections->first().id)));
        const LedgerReport report = m_ledger->verify();
        QVERIFY(!report.ok());
        QCOMPARE(report.problems.first().seq, seq);
        QVERIFY(report.problems.first().message.contains(QStringLiteral("deleted")));
    }

    void detectsReorderedEntries()
    {
        QVERIFY(publishedWithHistory() > 0);
        dropTriggers();
        // Swap entries 2 and 3 (an attacker reordering history).
        const QSqlDatabase db = m_tmp->db()->connection();
        QVERIFY(exec(db, QStringLiteral("UPDATE ledger SET seq=-2 WHERE seq=2")));
        QVERIFY(exec(db, QStringLiteral("UPDATE ledger SET seq=2 WHERE seq=3")));
        QVERIFY(exec(db, QStringLiteral("UPDATE ledger SET seq=3 WHERE seq=-2")));
        const LedgerReport report = m_ledger->verify();
        QVERIFY(!report.ok());
        QCOMPARE(report.problems.first().seq, 2);
    }

    void detectsChangedPublishedClaim()
    {
        const qint64 id = publishedWithHistory();
        auto claims = m_actions->store().claims(id);
        QVERIFY_OK(claims);
        QVERIFY(exec(m_tmp->db()->connection(),
                     QStringLiteral("UPDATE claims SET text='Quietly rewritten.' WHERE id=%1").arg(claims->at(3).id)));
        auto decisions = m_actions->store().decisions(id);
        const qint64 publishSeq = entrySeq(LedgerKind::Decision, decisions->last().id);
        const LedgerReport report = m_ledger->verify();
        QVERIFY(!report.ok());
        QCOMPARE(report.problems.first().seq, publishSeq);
        QVERIFY(report.problems.first().message.contains(QStringLiteral("no correction behind it")));
    }

    void detectsRecomputedChainByMac()
    {
        const qint64 id = publishedWithHistory();
        dropTriggers();
        // The attacker edits a decision, rewrites its entry and recomputes every hash after it; only
        // the key (which they lack) could fix the MACs.
        auto decisions = m_actions->store().decisions(id);
        const qint64 decisionId = decisions->first().id;
        const QSqlDatabase db = m_tmp->db()->connection();
        QVERIFY(exec(db, QStringLiteral("UPDATE decisions SET note='forged' WHERE id=%1").arg(decisionId)));
        auto entries = m_ledger->entries();
        QVERIFY_OK(entries);
        const qint64 target = entrySeq(LedgerKind::Decision, decisionId);
        QString prev = QString::fromLatin1(Ledger::GenesisHash);
        for (LedgerEntry e : *entries) {
            if (e.seq == target)
                e.payload.replace("\"note\":\"second look\"", "\"note\":\"forged\"");
            const QString h = Ledger::computeHash(prev, e.payload);
            QSqlQuery q(db);
            q.prepare(QStringLiteral("UPDATE ledger SET payload=?, prev_hash=?, hash=? WHERE seq=?"));
            q.addBindValue(QString::fromUtf8(e.payload));
            q.addBindValue(prev);
            q.addBindValue(h);
            q.addBindValue(e.seq);
            QVERIFY(q.exec());
            prev = h;
        }
        // Also move the settings anchor out of the way, as a thorough attacker would.
        QFile::remove(m_dir->filePath(QStringLiteral("anchors.ini")));
        const LedgerReport report = m_ledger->verify();
        QVERIFY(!report.ok());
        QCOMPARE(report.problems.first().seq, target);
        QVERIFY2(report.problems.first().message.contains(QStringLiteral("HMAC")), qPrintable(report.summary()));
    }

    void detectsTruncatedTailAgainstAnchor()
    {
        const qint64 id = publishedWithHistory();
        auto corrections = m_actions->store().corrections(id);
        QVERIFY_OK(corrections);
        dropTriggers();
        // Cut the last entry and the row it covered: chain and agreement alone still look fine.
        const QSqlDatabase db = m_tmp->db()->connection();
        QVERIFY(exec(db, QStringLiteral("DELETE FROM ledger WHERE seq=(SELECT max(seq) FROM ledger)")));
        QVERIFY(exec(db, QStringLiteral("DELETE FROM corrections WHERE id=%1").arg(corrections->last().id)));
        const LedgerReport report = m_ledger->verify();
        QVERIFY(!report.ok());
        QCOMPARE(report.problems.size(), 1);
        QCOMPARE(report.problems.first().seq, 4);
        QVERIFY(report.problems.first().message.contains(QStringLiteral("cut off")));
        // Without the anchor the cut would go unseen: the anchor is what catches it.
        QFile::remove(m_dir->filePath(QStringLiteral("anchors.ini")));
        QVERIFY(m_ledger->verify().ok());
        // An anchor read from an exported manifest catches it too.
        const QString manifest = m_dir->filePath(QStringLiteral("m.json"));
        QFile f(manifest);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"ledger_anchor":{"seq":4,"hash":")" +
                QByteArray(64, 'a') + R"("}})");
        f.close();
        auto a = Ledger::readAnchorFromFile(manifest);
        QVERIFY_OK(a);
        QVERIFY(!m_ledger->verify({*a}).ok());
    }

    // A lost tail (the damaged-file incident): verify says what is missing, the owner records the
    // loss as a signed gap entry, the ledger verifies again, and nothing before the gap is rewritten.
    void lostTailIsRecordedAsSignedGap()
    {
        const qint64 id = publishedWithHistory();
        auto corrections = m_actions->store().corrections(id);
        QVERIFY_OK(corrections);
        auto before = m_ledger->entries();
        QVERIFY_OK(before);
        QCOMPARE(before->size(), 4);
        // Refused while nothing is missing.
        auto refused = m_ledger->repairLostTail(QStringLiteral("owner"), QStringLiteral("test"));
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QStringLiteral("nothing is missing")), qPrintable(refused.error()));

        dropTriggers();
        const QSqlDatabase db = m_tmp->db()->connection();
        QVERIFY(exec(db, QStringLiteral("DELETE FROM ledger WHERE seq = 4")));
        QVERIFY(exec(db, QStringLiteral("DELETE FROM corrections WHERE id=%1").arg(corrections->last().id)));
        const LedgerReport broken = m_ledger->verify();
        QVERIFY(!broken.ok());
        QVERIFY(broken.lostTail);
        QVERIFY2(broken.problems.first().message.startsWith(QStringLiteral("entry 4 is missing")),
                 qPrintable(broken.problems.first().message));
        QVERIFY(broken.problems.first().message.contains(QStringLiteral("--accept-loss")));

        auto gap = m_ledger->repairLostTail(QStringLiteral("owner"), QStringLiteral("disk damage"));
        QVERIFY_OK(gap);
        QCOMPARE(gap->seq, 5);
        QCOMPARE(gap->kind, LedgerKind::Gap);
        QCOMPARE(gap->prevHash, before->at(3).hash); // continues from the anchored head
        const LedgerReport repaired = m_ledger->verify();
        QVERIFY2(repaired.ok(), qPrintable(repaired.summary()));
        QCOMPARE(repaired.gaps, 1);
        QCOMPARE(repaired.missingEntries, 1);
        QVERIFY(repaired.summary().contains(QStringLiteral("recorded gap")));
        // What survived is untouched.
        auto after = m_ledger->entries();
        QVERIFY_OK(after);
        QCOMPARE(after->at(0).hash, before->at(0).hash);
        QCOMPARE(after->at(2).hash, before->at(2).hash);
        // New entries chain on after the gap.
        const qint64 other = fixture();
        QVERIFY_OK(m_actions->decide(other, OwnerDecision::Reject, QStringLiteral("tester"), QString()));
        QVERIFY2(m_ledger->verify().ok(), qPrintable(m_ledger->verify().summary()));
        // A gap edited to claim a wider loss is caught (its hash no longer matches its payload).
        QVERIFY(exec(db, QStringLiteral("UPDATE ledger SET payload=replace(payload, '\"missing_from\":4', "
                                        "'\"missing_from\":3') WHERE kind='gap'")));
        QVERIFY(!m_ledger->verify().ok());
    }

    void sqliteShellEditIsDetected()
    {
        SOVEREIGN_NEED_TOOLS("sqlite3");
        const QString sqlite = Sovereign::Test::tool("sqlite3");
        const qint64 id = publishedWithHistory();
        QVERIFY(m_ledger->verify().ok());
        m_tmp->db()->releaseThreadConnection();
        QProcess p;
        p.start(sqlite, {m_tmp->path(),
                         QStringLiteral("UPDATE decisions SET actor='mallory' WHERE draft_id=%1 AND action='approve'")
                             .arg(id)});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        const LedgerReport report = m_ledger->verify();
        QVERIFY(!report.ok());
        QVERIFY(report.problems.first().message.contains(QStringLiteral("actor")));
    }

    void wrongKeyCannotExtendOrVerify()
    {
        const qint64 id = fixture();
        QVERIFY_OK(m_actions->decide(id, OwnerDecision::Approve, QStringLiteral("Dana"), QString()));
        Ledger other(m_tmp->db(), LedgerKey{QByteArray(32, 'z'), QStringLiteral("test")},
                     Ledger::Options{m_dir->filePath(QStringLiteral("anchors.ini"))});
        const LedgerReport report = other.verify();
        QVERIFY(!report.ok());
        QVERIFY(!report.macsChecked);
        OwnerActions actions(m_tmp->db(), std::make_shared<Ledger>(m_tmp->db(), other.key()));
        auto second = fixture();
        auto refused = actions.decide(second, OwnerDecision::Reject, QStringLiteral("Dana"), QString());
        QVERIFY(!refused);
        QVERIFY(refused.error().contains(QStringLiteral("another HMAC key")));
        auto d = m_actions->store().draft(second);
        QCOMPARE(d->state, DraftState::Escalated); // rolled back with the entry
        QVERIFY(m_actions->store().decisions(second)->isEmpty());
    }

    void keyFileIsPrivate()
    {
        qunsetenv("SOVEREIGN_LEDGER_KEY");
        const QString path = m_dir->filePath(QStringLiteral("cfg/ledger.key"));
        LedgerKeyStore::Options o;
        o.keyFilePath = path;
        o.allowKeychain = false;
        auto first = LedgerKeyStore::obtain(o);
        qputenv("SOVEREIGN_LEDGER_KEY", hexKey('k'));
        QVERIFY_OK(first);
        QCOMPARE(first->bytes.size(), 32);
        QCOMPARE(QFile::permissions(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser |
                                               QFileDevice::WriteUser);
        qunsetenv("SOVEREIGN_LEDGER_KEY");
        auto again = LedgerKeyStore::obtain(o);
        qputenv("SOVEREIGN_LEDGER_KEY", hexKey('k'));
        QVERIFY_OK(again);
        QCOMPARE(again->bytes, first->bytes);
        QVERIFY(first->source.contains(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains(first->bytes)); // stored as hex, never echoed elsewhere
    }
};

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
