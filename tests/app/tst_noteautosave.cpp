// The workbench's note autosave (app/gui/noteautosave): a long escalation note typed into the real
// decision dialog is on disk after a pause in typing, comes back in the same dialog for the same
// draft after the dialog was thrown away without confirming (as after a crash), does not appear
// in another draft's dialog, and is forgotten once the decision is confirmed.
#include "gui/noteautosave.h"
#include "support/testsupport.h"
#include "ui/dialogs.h"

#include <QApplication>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Sovereign;

class TestNoteAutosave : public QObject
{
    Q_OBJECT

    static QPlainTextEdit *noteOf(QDialog &d) { return d.findChild<QPlainTextEdit *>(); }

private slots:
    // The offscreen platform warns that it cannot size windows; any other warning fails.
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!This plugin does not support propagateSizeHints).*"))); }

    void longNoteSurvivesAndIsForgottenWhenUsed()
    {
        QTemporaryDir dir;
        App::NoteAutosave autosave(Models::TextAutosave(dir.filePath(QStringLiteral("notes"))));
        qApp->installEventFilter(&autosave);
        const QString title = QStringLiteral("SOVEREIGN: Does ordering evidence change citation errors?");
        QString typed;
        {
            Ui::DecisionDialog dialog(Models::DecisionAction::Escalate, title);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QPlainTextEdit *note = noteOf(dialog);
            QVERIFY(note);
            QSignalSpy saved(&autosave, &App::NoteAutosave::saved);
            QSignalSpy failed(&autosave, &App::NoteAutosave::saveFailed);
            QVERIFY2(dialog.property("sovereignNoteAutosave").toBool(), "the autosave did not attach to the dialog");
            // A long note, typed in bursts with pauses: every pause leaves the text so far on disk.
            for (int burst = 0; burst < 3; ++burst) {
                // Typed as keys (QTest types ASCII only), then non-Latin text as an input method would.
                const QString words = QStringLiteral("Claim %1 leans on a single ablation; section 4 reports 0.2 without a variance. ").arg(burst + 1);
                QTest::keyClicks(note, words);
                note->insertPlainText(QStringLiteral("\u00a74 \u0394=0.2 \u05D1\u05D3\u05D9\u05E7\u05D4. "));
                typed += words + QStringLiteral("\u00a74 \u0394=0.2 \u05D1\u05D3\u05D9\u05E7\u05D4. ");
                QVERIFY2(saved.wait(3000), failed.isEmpty() ? "no save" : qPrintable(failed.first().first().toString()));
                QCOMPARE(autosave.store().pending().size(), 1);
                QCOMPARE(autosave.store().pending().first().text, typed);
            }
            note->setPlainText(note->toPlainText() + QString(QStringLiteral("More detail. ")).repeated(400));
            typed = note->toPlainText();
            QVERIFY(saved.wait(3000));
            QCOMPARE(autosave.store().pending().first().text.size(), typed.size());
            // The dialog goes away unconfirmed (the process could as well have been killed here).
        }
        {
            Ui::DecisionDialog other(Models::DecisionAction::Escalate, QStringLiteral("SOVEREIGN: Another draft"));
            other.show();
            QVERIFY(QTest::qWaitForWindowExposed(&other));
            QVERIFY2(noteOf(other)->toPlainText().isEmpty(), "a note came back in another draft's dialog");
            other.reject();
        }
        {
            Ui::DecisionDialog again(Models::DecisionAction::Escalate, title);
            again.show();
            QVERIFY(QTest::qWaitForWindowExposed(&again));
            QCOMPARE(noteOf(again)->toPlainText(), typed);
            QCOMPARE(autosave.restoredCount(), 1);
            again.accept();
        }
        QTest::qWait(900); // past the pause timer: nothing may write the note back
        QVERIFY2(autosave.store().pending().isEmpty(), "a confirmed note was kept");
        qApp->removeEventFilter(&autosave);
    }
};

QTEST_MAIN(TestNoteAutosave)
#include "tst_noteautosave.moc"
