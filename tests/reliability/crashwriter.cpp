// The writer that tst_crashsafety kills. It opens the database the way the workbench does (session
// lock, ledger, owner actions), then writes without pause: fixture drafts through Store, owner
// decisions with notes, claim text edits and verified overrides, corrections of published drafts,
// and a long escalation note typed in chunks and autosaved before it is used. After each write has
// returned (the transaction committed, or the autosave file renamed into place) it prints one ACK
// line to stdout with write(2), unbuffered, so the line is in the pipe before the next write
// starts. The harness kills it with SIGKILL at a random moment and checks every ACK it received.
//
//   crashwriter DB ANCHORS SEED      (SOVEREIGN_LEDGER_KEY must be set)
//
// Lines: READY pid | RECOVERY pid=N quick_check=ok|problems | AUTOSAVE-FOUND len=N sha=H |
//        ACK kind key=value... | FATAL message
#include "models/ledger/ledger.h"
#include "models/storage/autosave.h"
#include "models/storage/sessionlock.h"
#include "models/storage/store.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/publish/publishfixtures.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRandomGenerator>

#include <unistd.h>

using namespace Sovereign;
using namespace Sovereign::Models;

namespace {

void say(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(STDOUT_FILENO, bytes.constData() + done, size_t(bytes.size() - done));
        if (n <= 0)
            ::_exit(3);
        done += n;
    }
}

[[noreturn]] void fatal(const QString &message)
{
    say(QStringLiteral("FATAL ") + QString(message).replace(u'\n', u' '));
    ::_exit(2);
}

QString sha(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

// Words for the long note: invented, varied, with non-ASCII text so encoding errors would show.
const QStringList NoteWords = {
    QStringLiteral("the"), QStringLiteral("ablation"), QStringLiteral("omits"), QStringLiteral("the"),
    QStringLiteral("baseline"), QStringLiteral("with"), QStringLiteral("ordered"), QStringLiteral("passages;"),
    QStringLiteral("claim"), QStringLiteral("2"), QStringLiteral("overstates"), QStringLiteral("the"),
    QStringLiteral("effect"), QStringLiteral("size"), QStringLiteral("(Δ≈0.2)"), QStringLiteral("and"),
    QStringLiteral("cites"), QStringLiteral("Müller"), QStringLiteral("et"), QStringLiteral("al."),
    QStringLiteral("without"), QStringLiteral("a"), QStringLiteral("page;"), QStringLiteral("ask"),
    QStringLiteral("a"), QStringLiteral("second"), QStringLiteral("reader"), QStringLiteral("about"),
    QStringLiteral("§4.2"), QStringLiteral("before"), QStringLiteral("this"), QStringLiteral("goes"), QStringLiteral("out."),
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sovereign-crashwriter"));
    const QStringList args = app.arguments();
    if (args.size() != 4)
        fatal(QStringLiteral("usage: crashwriter DB ANCHORS SEED"));
    const QString path = args.at(1);
    const QString anchors = args.at(2);
    const quint32 seed = args.at(3).toUInt();

    auto db = Database::open(path);
    if (!db)
        fatal(db.error());
    auto lock = SessionLock::acquire(*db);
    if (!lock)
        fatal(lock.error());
    if (const auto &u = (*lock)->uncleanExit())
        say(QStringLiteral("RECOVERY pid=%1 quick_check=%2")
                .arg(u->pid)
                .arg(u->quickCheck.isEmpty() ? QStringLiteral("ok") : u->quickCheck.join(u'|').replace(u' ', u'_')));
    const TextAutosave autosave(TextAutosave::folderFor(path));
    const QString noteKey = QStringLiteral("decision-escalate-note");
    if (auto found = autosave.load(noteKey))
        say(QStringLiteral("AUTOSAVE-FOUND len=%1 sha=%2").arg(found->text.size()).arg(sha(found->text)));

    LedgerKeyStore::Options keyOptions;
    keyOptions.allowKeychain = false;
    auto ledger = Ledger::open(*db, keyOptions, Ledger::Options{anchors});
    if (!ledger)
        fatal(ledger.error());
    Pipeline::OwnerActions actions(*db, *ledger);
    Test::connectFixtureRebuilder(actions);
    Store &store = actions.store();
    say(QStringLiteral("READY %1").arg(QCoreApplication::applicationPid()));

    QRandomGenerator rng(seed);
    const QString actor = QStringLiteral("crash-owner");
    int counter = 0;
    const auto token = [&] { return QStringLiteral("s%1-%2").arg(seed).arg(++counter); };

    // The note being typed: resumes from its autosaved text, as the workbench's dialog does.
    QString note = autosave.load(noteKey).value_or(AutosavedText{}).text;
    qint64 noteDraft = 0;

    for (;;) {
        // Drafts that still take decisions and edits (escalated, unpublished).
        auto open = store.drafts(DraftFilter{});
        if (!open)
            fatal(open.error());
        QList<Draft> escalated;
        QList<Draft> published;
        for (const Draft &d : std::as_const(*open)) {
            if (d.state == DraftState::Escalated)
                escalated.append(d);
            else if (d.publishedAt.isValid())
                published.append(d);
        }
        if (escalated.size() < 2) {
            Test::FixtureDraft f;
            f.question = QStringLiteral("Does ordering evidence passages change citation errors (%1)?").arg(token());
            auto id = Test::makeFixtureDraft(store, f);
            if (!id)
                fatal(id.error());
            say(QStringLiteral("ACK draft id=%1").arg(*id));
            continue;
        }
        const Draft &d = escalated.at(int(rng.bounded(escalated.size())));
        // A draft whose writer was killed before its claims were stored has none: it takes
        // decisions, not claim edits.
        auto claims = store.claims(d.id);
        if (!claims)
            fatal(claims.error());
        int pick = int(rng.bounded(100));
        if (pick < 45 && claims->isEmpty())
            pick = 50;
        if (pick < 30) {
            const Claim &c = claims->at(int(rng.bounded(claims->size())));
            const QString text = QStringLiteral("Edited claim %1: ordering lowers unsupported citations.").arg(token());
            auto r = actions.editClaimText(c.id, text, actor, QStringLiteral("wording"));
            if (!r)
                fatal(r.error());
            say(QStringLiteral("ACK edit claim=%1 text=%2").arg(c.id).arg(sha(text)));
        } else if (pick < 45) {
            const Claim &c = claims->at(int(rng.bounded(claims->size())));
            const QString reason = QStringLiteral("override %1").arg(token());
            // Flip the verdict the owner sees, so the override always changes something.
            const bool current = c.verifiedOverride.value_or(c.verified);
            auto r = actions.overrideVerified(c.id, !current, actor, reason);
            if (!r)
                fatal(r.error());
            say(QStringLiteral("ACK override claim=%1 reason=%2").arg(c.id).arg(sha(reason)));
        } else if (pick < 60) {
            const QString text = QStringLiteral("Needs a second reader %1.").arg(token());
            auto r = actions.decide(d.id, Pipeline::OwnerDecision::Escalate, actor, text);
            if (!r)
                fatal(r.error());
            say(QStringLiteral("ACK decision id=%1 draft=%2 note=%3").arg(r->decision.id).arg(d.id).arg(sha(text)));
        } else if (pick < 70) {
            const bool approve = rng.bounded(2) == 1;
            const QString text = QStringLiteral("Owner verdict %1.").arg(token());
            auto r = actions.decide(d.id, approve ? Pipeline::OwnerDecision::Approve : Pipeline::OwnerDecision::Reject, actor, text);
            if (!r)
                fatal(r.error());
            say(QStringLiteral("ACK decision id=%1 draft=%2 note=%3").arg(r->decision.id).arg(d.id).arg(sha(text)));
        } else if (pick < 78 && !published.isEmpty()) {
            const Draft &p = published.at(int(rng.bounded(published.size())));
            Pipeline::CorrectionRequest req;
            req.type = CorrectionType::Metadata;
            req.note = QStringLiteral("Corrected the affiliation %1.").arg(token());
            req.actor = actor;
            auto r = actions.correct(p.id, req);
            if (!r)
                fatal(r.error());
            say(QStringLiteral("ACK correction id=%1 note=%2").arg(r->id).arg(sha(req.note)));
        } else {
            // Typing the long escalation note: a few words per keystroke burst, autosaved each time;
            // once it is long (several kilobytes), it is used for a decision and its autosave goes.
            if (noteDraft == 0)
                noteDraft = d.id;
            const int words = 5 + int(rng.bounded(20));
            for (int i = 0; i < words; ++i)
                note += (note.isEmpty() ? QString() : QStringLiteral(" ")) + NoteWords.at(int(rng.bounded(NoteWords.size())));
            if (auto ok = autosave.save(noteKey, note); !ok)
                fatal(ok.error());
            say(QStringLiteral("ACK autosave len=%1 sha=%2").arg(note.size()).arg(sha(note)));
            if (note.size() > 4000) {
                auto draft = store.draft(noteDraft);
                const qint64 target = draft && draft->state == DraftState::Escalated ? noteDraft : d.id;
                auto r = actions.decide(target, Pipeline::OwnerDecision::Escalate, actor, note);
                if (!r)
                    fatal(r.error());
                say(QStringLiteral("ACK decision id=%1 draft=%2 note=%3").arg(r->decision.id).arg(target).arg(sha(note)));
                autosave.discard(noteKey);
                say(QStringLiteral("ACK autosave-cleared"));
                note.clear();
                noteDraft = 0;
            }
        }
    }
}
