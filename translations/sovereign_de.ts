<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>RunTimeline</name>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source> (round %1)</source>
        <translation> (Runde %1)</translation>
    </message>
</context>
<context>
    <name>Sovereign::App::LedgerCheckAdapter</name>
    <message>
        <source>Entries: %1; head: %2 %3</source>
        <translation>Einträge: %1; Kopf: %2 %3</translation>
    </message>
    <message>
        <source>HMAC chain checked (key: %1)</source>
        <translation>HMAC-Kette geprüft (Schlüssel: %1)</translation>
    </message>
    <message>
        <source>HMAC chain not checked (key: %1)</source>
        <translation>HMAC-Kette nicht geprüft (Schlüssel: %1)</translation>
    </message>
    <message>
        <source>Anchor checked: %1, entry %2</source>
        <translation>Anker geprüft: %1, Eintrag %2</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s):</source>
        <translation>
            <numerusform>%n Problem:</numerusform>
            <numerusform>%n Probleme:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sovereign::Models::ClaimTableModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Aussage</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verifiziert</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>Evidence paper</source>
        <translation>Belegartikel</translation>
    </message>
    <message>
        <source>Best TF-IDF cosine against the retrieved evidence, on a fixed 0 to 1 scale; the mark is the verification threshold (%1)</source>
        <translation>Bester TF-IDF-Kosinus gegen die gefundenen Belege, auf einer festen Skala von 0 bis 1; die Marke ist die Verifikationsschwelle (%1)</translation>
    </message>
    <message>
        <source>Overridden by the owner (verifier said %1): %2</source>
        <translation>Vom Eigentümer übersteuert (Verifizierer sagte %1): %2</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verifiziert</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>nicht verifiziert</translation>
    </message>
    <message>
        <source>Confidence %1, threshold %2: %3</source>
        <translation>Konfidenz %1, Schwelle %2: %3</translation>
    </message>
    <message>
        <source>at or above</source>
        <translation>auf oder über</translation>
    </message>
    <message>
        <source>below</source>
        <translation>unter</translation>
    </message>
    <message>
        <source>✓ verified</source>
        <translation>✓ verifiziert</translation>
    </message>
    <message>
        <source>× unverified</source>
        <translation>× nicht verifiziert</translation>
    </message>
    <message>
        <source> (override)</source>
        <translation> (übersteuert)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>paper %1</source>
        <translation>Artikel %1</translation>
    </message>
    <message>
        <source>Stance</source>
        <translation>Haltung</translation>
    </message>
    <message>
        <source>The model&apos;s label for the evidence passage (SUPPORTS, REFUTES, NOT_ENOUGH_INFO), counted only when its quote is found verbatim in the passage; a second signal beside the cosine</source>
        <translation>Das Urteil des Modells über die Belegstelle (SUPPORTS, REFUTES, NOT_ENOUGH_INFO); es zählt nur, wenn sein Zitat wörtlich in der Stelle steht; ein zweites Signal neben dem Kosinus</translation>
    </message>
    <message>
        <source>%1 label discarded: %2</source>
        <translation>%1-Urteil verworfen: %2</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>× ungrounded</source>
        <translation>× unbelegt</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>Question terms</source>
        <translation>Fragebegriffe</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <source>The research question&apos;s terms this claim covers (named terms must be covered for the question to count as addressed)</source>
        <translation>Die Begriffe der Forschungsfrage, die diese Aussage abdeckt (benannte Begriffe müssen abgedeckt sein, damit die Frage als beantwortet gilt)</translation>
    </message>
    <message>
        <source>Evidence disagrees: %1</source>
        <translation>Beleg widerspricht: %1</translation>
    </message>
    <message>
        <source>evidence disagrees</source>
        <translation>Beleg widerspricht</translation>
    </message>
    <message>
        <source>different subject (%1)</source>
        <translation>anderer Gegenstand (%1)</translation>
    </message>
    <message>
        <source>Not in the source: %1</source>
        <translation>Nicht in der Quelle: %1</translation>
    </message>
    <message>
        <source>number not in source</source>
        <translation>Zahl nicht in der Quelle</translation>
    </message>
</context>
<context>
    <name>Sovereign::Models::DraftListModel</name>
    <message>
        <source>SRCH id</source>
        <translation>SRCH-ID</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verifiziert</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Stable public identifier of the run</source>
        <translation>Dauerhafte öffentliche Kennung des Laufs</translation>
    </message>
    <message>
        <source>When the run created the draft</source>
        <translation>Wann der Lauf den Entwurf erstellt hat</translation>
    </message>
    <message>
        <source>Tribunal score of the current round, 0 to 10</source>
        <translation>Bewertung des Tribunals in der aktuellen Runde, 0 bis 10</translation>
    </message>
    <message>
        <source>Tribunal verdict</source>
        <translation>Urteil des Tribunals</translation>
    </message>
    <message>
        <source>What the policy decided: auto-approve or escalate to the owner</source>
        <translation>Was die Richtlinie entschieden hat: automatisch freigeben oder an den Eigentümer eskalieren</translation>
    </message>
    <message>
        <source>Verified claims / extracted claims</source>
        <translation>Verifizierte Aussagen / extrahierte Aussagen</translation>
    </message>
    <message>
        <source>Quality tier of the public record</source>
        <translation>Qualitätsstufe des öffentlichen Registers</translation>
    </message>
    <message>
        <source>Where the draft is in the owner&apos;s workflow</source>
        <translation>Wo der Entwurf im Arbeitsablauf des Eigentümers steht</translation>
    </message>
    <message>
        <source>auto-approve</source>
        <translation>automatisch freigeben</translation>
    </message>
    <message>
        <source>escalate</source>
        <translation>eskalieren</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>The research question the draft answers; its title is in the tooltip</source>
        <translation>Die Forschungsfrage, die der Entwurf beantwortet; sein Titel steht im Tooltip</translation>
    </message>
    <message>
        <source>Why the draft is where it is, in plain words from the policy&apos;s stored reason; the reason&apos;s codes are in the tooltip and the filter finds them</source>
        <translation>Warum der Entwurf dort steht, wo er steht, in einfachen Worten aus dem gespeicherten Grund der Richtlinie; die Codes des Grundes stehen im Tooltip und der Filter findet sie</translation>
    </message>
</context>
<context>
    <name>Sovereign::Models::HistoryModel</name>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Why / details</source>
        <translation>Warum / Einzelheiten</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
    <message>
        <source>Requested a revision</source>
        <translation>Überarbeitung angefordert</translation>
    </message>
    <message>
        <source>Auto-approved by the policy</source>
        <translation>Von der Richtlinie automatisch freigegeben</translation>
    </message>
    <message>
        <source>Edited claim %1</source>
        <translation>Aussage %1 bearbeitet</translation>
    </message>
    <message>
        <source>“%1” → “%2”</source>
        <translation>„%1“ → „%2“</translation>
    </message>
    <message>
        <source>Overrode verified on claim %1</source>
        <translation>Verifikation von Aussage %1 übersteuert</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>verifier</source>
        <translation>Verifizierer</translation>
    </message>
    <message>
        <source> — reason: %1</source>
        <translation> — Grund: %1</translation>
    </message>
    <message>
        <source> (fields: %1)</source>
        <translation> (Felder: %1)</translation>
    </message>
    <message>
        <source>Correction %1 (%2)</source>
        <translation>Korrektur %1 (%2)</translation>
    </message>
</context>
<context>
    <name>Sovereign::Models::PolicyReason</name>
    <message>
        <source>The claims do not answer the question</source>
        <translation>Die Aussagen beantworten die Frage nicht</translation>
    </message>
    <message>
        <source>Too few claims are verified against the evidence</source>
        <translation>Zu wenige Aussagen sind an den Belegen verifiziert</translation>
    </message>
    <message>
        <source>Too small a share of the claims is verified and corroborated</source>
        <translation>Ein zu kleiner Anteil der Aussagen ist verifiziert und bestätigt</translation>
    </message>
    <message>
        <source>The evidence disagrees with a claim</source>
        <translation>Ein Beleg widerspricht einer Aussage</translation>
    </message>
    <message>
        <source>A policy gate failed (%1)</source>
        <translation>Eine Schranke der Richtlinie ist verletzt (%1)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The reviewers did not approve: verdict %1, score %2 where approval needs %3</source>
        <translation>Die Gutachter haben nicht freigegeben: Urteil %1, Wertung %2, für die Freigabe nötig sind %3</translation>
    </message>
    <message>
        <source>The reviewers approved (score %1) and no gate failed</source>
        <translation>Die Gutachter haben freigegeben (Wertung %1) und keine Schranke ist verletzt</translation>
    </message>
    <message>
        <source>The run is still under way</source>
        <translation>Der Lauf ist noch im Gange</translation>
    </message>
    <message>
        <source>Decided by the owner</source>
        <translation>Vom Eigentümer entschieden</translation>
    </message>
    <message>
        <source>Escalated without a stored reason</source>
        <translation>Ohne gespeicherten Grund eskaliert</translation>
    </message>
</context>
<context>
    <name>Sovereign::Models::QueueModel</name>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
    <message>
        <source>Auto-approved</source>
        <translation>Automatisch freigegeben</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Laufend</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message numerus="yes">
        <source>%1 queue, %n draft(s)</source>
        <translation>
            <numerusform>Warteschlange %1, %n Entwurf</numerusform>
            <numerusform>Warteschlange %1, %n Entwürfe</numerusform>
        </translation>
    </message>
    <message>
        <source>Drafts the policy held for your decision</source>
        <translation>Entwürfe, die die Richtlinie für Ihre Entscheidung zurückgehalten hat</translation>
    </message>
    <message>
        <source>Drafts published automatically: APPROVE verdict and no gate failing</source>
        <translation>Automatisch veröffentlichte Entwürfe: Urteil APPROVE und keine Schranke verletzt</translation>
    </message>
    <message>
        <source>Drafts you approved</source>
        <translation>Von Ihnen freigegebene Entwürfe</translation>
    </message>
    <message>
        <source>Drafts you rejected</source>
        <translation>Von Ihnen abgelehnte Entwürfe</translation>
    </message>
    <message>
        <source>Drafts whose run is still in progress</source>
        <translation>Entwürfe, deren Lauf noch nicht beendet ist</translation>
    </message>
    <message>
        <source>Every draft, newest first</source>
        <translation>Alle Entwürfe, neueste zuerst</translation>
    </message>
</context>
<context>
    <name>Sovereign::Models::RunLogModel</name>
    <message>
        <source>Elapsed</source>
        <translation>Verstrichen</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Spur</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>(whole stage)</source>
        <translation>(ganze Stufe)</translation>
    </message>
</context>
<context>
    <name>Sovereign::Models::TimelineModel</name>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Gewartet</translation>
    </message>
    <message>
        <source>Latest message</source>
        <translation>Letzte Meldung</translation>
    </message>
    <message numerus="yes">
        <source>streaming (%n token(s))</source>
        <translation>
            <numerusform>streamt (%n Token)</numerusform>
            <numerusform>streamt (%n Token)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui</name>
    <message>
        <source>verifier&apos;s verdict</source>
        <translation>Urteil des Verifizierers</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verifiziert</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>nicht verifiziert</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::ClaimCommand</name>
    <message>
        <source>The change was not saved: %1</source>
        <translation>Die Änderung wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Undo of &quot;%1&quot; was not saved, nothing changed: %2</source>
        <translation>Das Rückgängigmachen von „%1“ wurde nicht gespeichert, nichts wurde geändert: %2</translation>
    </message>
    <message>
        <source>Redo of &quot;%1&quot; was not saved, nothing changed: %2</source>
        <translation>Das Wiederherstellen von „%1“ wurde nicht gespeichert, nichts wurde geändert: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was not saved: %2</source>
        <translation>„%1“ wurde nicht gespeichert: %2</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::ClaimsTab</name>
    <message>
        <source>Claims round</source>
        <translation>Runde der Aussagen</translation>
    </message>
    <message>
        <source>Claims of the first draft (round 0) or of a revision</source>
        <translation>Aussagen des ersten Entwurfs (Runde 0) oder einer Überarbeitung</translation>
    </message>
    <message>
        <source>Round:</source>
        <translation>Runde:</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>Aussagen</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Beleg</translation>
    </message>
    <message>
        <source>Best-matching evidence passage</source>
        <translation>Am besten passende Belegstelle</translation>
    </message>
    <message>
        <source>Edit before publication</source>
        <translation>Vor der Veröffentlichung bearbeiten</translation>
    </message>
    <message>
        <source>Claim text</source>
        <translation>Text der Aussage</translation>
    </message>
    <message>
        <source>Edit the claim&apos;s wording; its confidence is re-verified as you type</source>
        <translation>Den Wortlaut der Aussage bearbeiten; ihre Konfidenz wird beim Tippen neu geprüft</translation>
    </message>
    <message>
        <source>Confidence of the edited text against the evidence</source>
        <translation>Konfidenz des bearbeiteten Textes gegenüber dem Beleg</translation>
    </message>
    <message>
        <source>Reason (required for an override, kept in History)</source>
        <translation>Grund (für eine Übersteuerung erforderlich, steht im Verlauf)</translation>
    </message>
    <message>
        <source>Reason for the edit</source>
        <translation>Grund der Bearbeitung</translation>
    </message>
    <message>
        <source>Save text</source>
        <translation>Text speichern</translation>
    </message>
    <message>
        <source>Save the edited claim text (Ctrl+Return); undo with Ctrl+Z</source>
        <translation>Den bearbeiteten Text speichern (Strg+Eingabe); rückgängig mit Strg+Z</translation>
    </message>
    <message>
        <source>Save claim text</source>
        <translation>Text der Aussage speichern</translation>
    </message>
    <message>
        <source>Verifier&apos;s verdict</source>
        <translation>Urteil des Verifizierers</translation>
    </message>
    <message>
        <source>Mark verified</source>
        <translation>Als verifiziert markieren</translation>
    </message>
    <message>
        <source>Mark unverified</source>
        <translation>Als nicht verifiziert markieren</translation>
    </message>
    <message>
        <source>Verified override</source>
        <translation>Übersteuerung der Verifikation</translation>
    </message>
    <message>
        <source>Override the verifier&apos;s verdict for this claim; a reason is required</source>
        <translation>Das Urteil des Verifizierers für diese Aussage übersteuern; ein Grund ist erforderlich</translation>
    </message>
    <message>
        <source>Apply override</source>
        <translation>Übersteuern</translation>
    </message>
    <message>
        <source>Store the verified override with its reason</source>
        <translation>Die Übersteuerung mit ihrem Grund speichern</translation>
    </message>
    <message>
        <source>Apply verified override</source>
        <translation>Übersteuerung der Verifikation anwenden</translation>
    </message>
    <message>
        <source>Could not re-verify: %1</source>
        <translation>Neue Prüfung nicht möglich: %1</translation>
    </message>
    <message>
        <source>Re-verified: confidence %1, the edited text would be verified.</source>
        <translation>Neu geprüft: Konfidenz %1, der bearbeitete Text wäre verifiziert.</translation>
    </message>
    <message>
        <source>Re-verified: confidence %1, the edited text would be below the threshold.</source>
        <translation>Neu geprüft: Konfidenz %1, der bearbeitete Text läge unter der Schwelle.</translation>
    </message>
    <message>
        <source>Select a draft to see its claims.</source>
        <translation>Wählen Sie einen Entwurf, um seine Aussagen zu sehen.</translation>
    </message>
    <message>
        <source>0 — first draft</source>
        <translation>0 — erster Entwurf</translation>
    </message>
    <message>
        <source>%1 — revised</source>
        <translation>%1 — überarbeitet</translation>
    </message>
    <message>
        <source>No claims yet: the run has not reached claim extraction. Watch it on the Pipeline tab.</source>
        <translation>Noch keine Aussagen: Der Lauf hat die Extraktion noch nicht erreicht. Verfolgen Sie ihn im Reiter Pipeline.</translation>
    </message>
    <message>
        <source>This round has no claims.</source>
        <translation>Diese Runde hat keine Aussagen.</translation>
    </message>
    <message>
        <source>%1 of %2 claims verified · threshold %3 · sort by any column</source>
        <translation>%1 von %2 Aussagen verifiziert · Schwelle %3 · nach jeder Spalte sortierbar</translation>
    </message>
    <message>
        <source>Select a claim to see its evidence.</source>
        <translation>Wählen Sie eine Aussage, um ihren Beleg zu sehen.</translation>
    </message>
    <message>
        <source>Claim %1 · evidence: %2 — %3</source>
        <translation>Aussage %1 · Beleg: %2 — %3</translation>
    </message>
    <message>
        <source>Claim %1 · no evidence paper matched</source>
        <translation>Aussage %1 · kein passender Belegartikel</translation>
    </message>
    <message>
        <source>No terms in common with the claim.</source>
        <translation>Keine gemeinsamen Begriffe mit der Aussage.</translation>
    </message>
    <message>
        <source>Shared terms: %1</source>
        <translation>Gemeinsame Begriffe: %1</translation>
    </message>
    <message>
        <source>Override by the owner: %1</source>
        <translation>Übersteuert vom Eigentümer: %1</translation>
    </message>
    <message>
        <source>This draft is published: a change now goes through a correction record.</source>
        <translation>Dieser Entwurf ist veröffentlicht: Änderungen gehen jetzt über einen Korrektureintrag.</translation>
    </message>
    <message>
        <source>Earlier rounds are read-only; edit the claims of round %1.</source>
        <translation>Frühere Runden sind schreibgeschützt; bearbeiten Sie die Aussagen der Runde %1.</translation>
    </message>
    <message>
        <source>Live re-verification is not available; the verifier re-scores the claim when it is saved.</source>
        <translation>Die Live-Prüfung ist nicht verfügbar; der Verifizierer bewertet die Aussage beim Speichern neu.</translation>
    </message>
    <message>
        <source>Re-verifying…</source>
        <translation>Wird neu geprüft…</translation>
    </message>
    <message>
        <source>Claim %1 saved. Undo with Ctrl+Z.</source>
        <translation>Aussage %1 gespeichert. Rückgängig mit Strg+Z.</translation>
    </message>
    <message>
        <source>An override needs a reason.</source>
        <translation>Eine Übersteuerung braucht einen Grund.</translation>
    </message>
    <message>
        <source>Stance of the evidence passage</source>
        <translation>Haltung der Belegstelle</translation>
    </message>
    <message>
        <source>Stance: not checked (no chat backend in this run, or no evidence passage).</source>
        <translation>Haltung: nicht geprüft (kein Chat-Backend in diesem Lauf oder keine Belegstelle).</translation>
    </message>
    <message>
        <source>Stance: no usable answer from the model (%1).</source>
        <translation>Haltung: keine brauchbare Antwort des Modells (%1).</translation>
    </message>
    <message>
        <source>Stance: %1 label discarded as ungrounded — %2. Quoted: “%3”</source>
        <translation>Haltung: %1-Urteil als unbelegt verworfen — %2. Zitiert: „%3“</translation>
    </message>
    <message>
        <source>Stance: %1 (%2) — %3</source>
        <translation>Haltung: %1 (%2) — %3</translation>
    </message>
    <message>
        <source>Stance: %1 (%2), quoting the marked sentence — %3</source>
        <translation>Haltung: %1 (%2), mit dem markierten Satz als Zitat — %3</translation>
    </message>
    <message>
        <source>✎ %1</source>
        <translation>✎ %1</translation>
    </message>
    <message>
        <source>Corrected %1: %2
Was: %3</source>
        <translation>Korrigiert %1: %2
Vorher: %3</translation>
    </message>
    <message>
        <source>Question coverage</source>
        <translation>Abdeckung der Frage</translation>
    </message>
    <message>
        <source>Correction of this claim</source>
        <translation>Korrektur dieser Aussage</translation>
    </message>
    <message>
        <source>Unsaved claim edit</source>
        <translation>Nicht gespeicherte Änderung</translation>
    </message>
    <message>
        <source>Claim %1 has an edit that is not saved.</source>
        <translation>Aussage %1 hat eine Änderung, die nicht gespeichert ist.</translation>
    </message>
    <message>
        <source>Save it, discard it, or stay on the claim to go on editing.</source>
        <translation>Speichern, verwerfen oder bei der Aussage bleiben und weiter bearbeiten.</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>Bleiben</translation>
    </message>
    <message>
        <source>Question coverage was not measured for this round.</source>
        <translation>Die Abdeckung der Frage wurde für diese Runde nicht gemessen.</translation>
    </message>
    <message>
        <source>The claims address the question: they cover %1% of its specific (IDF-weighted) terms.</source>
        <translation>Die Aussagen beantworten die Frage: Sie decken %1 % ihrer spezifischen (IDF-gewichteten) Begriffe ab.</translation>
    </message>
    <message>
        <source>The claims do NOT address the question: they cover %1% of its specific (IDF-weighted) terms.</source>
        <translation>Die Aussagen beantworten die Frage NICHT: Sie decken %1 % ihrer spezifischen (IDF-gewichteten) Begriffe ab.</translation>
    </message>
    <message>
        <source>Every question term is covered by some claim.</source>
        <translation>Jeder Begriff der Frage ist von einer Aussage abgedeckt.</translation>
    </message>
    <message>
        <source>Terms no claim covers: %1.</source>
        <translation>Begriffe, die keine Aussage abdeckt: %1.</translation>
    </message>
    <message>
        <source>Named terms missing: %1.</source>
        <translation>Fehlende benannte Begriffe: %1.</translation>
    </message>
    <message>
        <source>Covered: %1.</source>
        <translation>Abgedeckt: %1.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Corrected %1&lt;/b&gt;: %2&lt;br&gt;&lt;s&gt;%3&lt;/s&gt;&lt;br&gt;Note: %4</source>
        <translation>&lt;b&gt;Korrigiert %1&lt;/b&gt;: %2&lt;br&gt;&lt;s&gt;%3&lt;/s&gt;&lt;br&gt;Anmerkung: %4</translation>
    </message>
    <message>
        <source>Covers no term of the question.</source>
        <translation>Deckt keinen Begriff der Frage ab.</translation>
    </message>
    <message>
        <source>Question terms covered: %1</source>
        <translation>Abgedeckte Fragebegriffe: %1</translation>
    </message>
    <message>
        <source>This claim is %1 characters long; only its start is shown, and it cannot be edited here.</source>
        <translation>Diese Aussage ist %1 Zeichen lang; nur ihr Anfang wird gezeigt, und sie kann hier nicht bearbeitet werden.</translation>
    </message>
    <message>
        <source>Saving claim %1…</source>
        <translation>Aussage %1 wird gespeichert…</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::ConfidenceBar</name>
    <message>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verifiziert</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>nicht verifiziert</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>nicht bewertet</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::CorpusImportDialog</name>
    <message>
        <source>Import papers</source>
        <translation>Artikel importieren</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Stop after the current batch; the papers imported so far are kept</source>
        <translation>Nach dem aktuellen Stapel anhalten; die bisher importierten Artikel bleiben erhalten</translation>
    </message>
    <message>
        <source>Cancelling after the current batch…</source>
        <translation>Wird nach dem aktuellen Stapel abgebrochen…</translation>
    </message>
    <message>
        <source>Reading and storing papers</source>
        <translation>Artikel werden gelesen und gespeichert</translation>
    </message>
    <message>
        <source>%1 read, %2 added, %3 unreadable lines</source>
        <translation>%1 gelesen, %2 hinzugefügt, %3 unlesbare Zeilen</translation>
    </message>
    <message>
        <source>%1 papers/s, %2 left</source>
        <translation>%1 Artikel/s, noch %2</translation>
    </message>
    <message>
        <source>Merging the search index (one pass; this cannot show progress)</source>
        <translation>Der Suchindex wird zusammengeführt (ein Durchgang; ohne Fortschrittsanzeige)</translation>
    </message>
    <message>
        <source>Fitting the semantic index on a sample of the corpus</source>
        <translation>Der semantische Index wird an einer Stichprobe des Korpus angepasst</translation>
    </message>
    <message>
        <source>Embedding every paper for semantic search</source>
        <translation>Jeder Artikel wird für die semantische Suche eingebettet</translation>
    </message>
    <message>
        <source>%1 of %2 papers embedded</source>
        <translation>%1 von %2 Artikeln eingebettet</translation>
    </message>
    <message>
        <source>The import stopped: %1. The papers stored before that are kept.</source>
        <translation>Der Import wurde angehalten: %1. Die zuvor gespeicherten Artikel bleiben erhalten.</translation>
    </message>
    <message>
        <source>Cancelled. The papers stored so far are kept; importing the same file again continues.</source>
        <translation>Abgebrochen. Die bisher gespeicherten Artikel bleiben erhalten; ein erneuter Import derselben Datei setzt fort.</translation>
    </message>
    <message>
        <source>Papers imported; the semantic index could not be refreshed: %1</source>
        <translation>Artikel importiert; der semantische Index konnte nicht aktualisiert werden: %1</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>%1 read, %2 added, %3 already present, %4 unreadable lines</source>
        <translation>%1 gelesen, %2 hinzugefügt, %3 bereits vorhanden, %4 unlesbare Zeilen</translation>
    </message>
    <message>
        <source>arXiv metadata (*.json *.jsonl *.xml *.atom);;All files (*)</source>
        <translation>arXiv-Metadaten (*.json *.jsonl *.xml *.atom);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::CorrectionDialog</name>
    <message>
        <source>Title, abstract, authorship or other metadata.</source>
        <translation>Titel, Zusammenfassung, Autorschaft oder andere Metadaten.</translation>
    </message>
    <message>
        <source>A linked artifact (code, data, figure) was wrong or missing.</source>
        <translation>Ein verknüpftes Artefakt (Code, Daten, Abbildung) war falsch oder fehlte.</translation>
    </message>
    <message>
        <source>A published claim was wrong: pick it and give its corrected text.</source>
        <translation>Eine veröffentlichte Aussage war falsch: Wählen Sie sie und geben Sie den korrigierten Text an.</translation>
    </message>
    <message>
        <source>A reported benchmark or result changes.</source>
        <translation>Ein berichteter Benchmark oder ein Ergebnis ändert sich.</translation>
    </message>
    <message>
        <source>The source paper, its version or the evidence trail was wrong.</source>
        <translation>Der Quellartikel, seine Version oder die Belegkette war falsch.</translation>
    </message>
    <message>
        <source>The quality tier or a quality dimension is reassessed.</source>
        <translation>Die Qualitätsstufe oder eine Qualitätsdimension wird neu bewertet.</translation>
    </message>
    <message>
        <source>Issue correction</source>
        <translation>Korrektur herausgeben</translation>
    </message>
    <message>
        <source>A correction is a public, additive record: the published text stays readable and the record&apos;s state becomes CORRECTED. It cannot be withdrawn. This is correction %1 of this draft.</source>
        <translation>Eine Korrektur ist ein öffentlicher, ergänzender Eintrag: Der veröffentlichte Text bleibt lesbar, und der Zustand des Registers wird CORRECTED. Sie kann nicht zurückgezogen werden. Dies ist Korrektur %1 dieses Entwurfs.</translation>
    </message>
    <message>
        <source>Correction type</source>
        <translation>Art der Korrektur</translation>
    </message>
    <message>
        <source>The correction type of the correction-record contract</source>
        <translation>Die Korrekturart aus dem Vertrag für Korrektureinträge</translation>
    </message>
    <message>
        <source>Corrected claim</source>
        <translation>Korrigierte Aussage</translation>
    </message>
    <message>
        <source>CLAIM corrections: the published claim whose text changes</source>
        <translation>CLAIM-Korrekturen: die veröffentlichte Aussage, deren Text sich ändert</translation>
    </message>
    <message>
        <source>No claim</source>
        <translation>Keine Aussage</translation>
    </message>
    <message>
        <source>Corrected claim text</source>
        <translation>Korrigierter Text der Aussage</translation>
    </message>
    <message>
        <source>The claim as it should read; the published text stays in the record</source>
        <translation>Die Aussage, wie sie lauten soll; der veröffentlichte Text bleibt im Register</translation>
    </message>
    <message>
        <source>Public correction note</source>
        <translation>Öffentliche Korrekturnotiz</translation>
    </message>
    <message>
        <source>Published with the record: what changed and why (required)</source>
        <translation>Wird mit dem Register veröffentlicht: was sich geändert hat und warum (erforderlich)</translation>
    </message>
    <message>
        <source>Public note: what changed and why (required)</source>
        <translation>Öffentliche Notiz: was sich geändert hat und warum (erforderlich)</translation>
    </message>
    <message>
        <source>I understand that this correction is public and permanent</source>
        <translation>Mir ist bewusst, dass diese Korrektur öffentlich und dauerhaft ist</translation>
    </message>
    <message>
        <source>Confirm correction</source>
        <translation>Korrektur bestätigen</translation>
    </message>
    <message>
        <source>Corrections cannot be withdrawn; a later correction can only add to them</source>
        <translation>Korrekturen können nicht zurückgezogen werden; eine spätere Korrektur kann nur ergänzen</translation>
    </message>
    <message>
        <source>&amp;Type</source>
        <translation>&amp;Art</translation>
    </message>
    <message>
        <source>C&amp;laim</source>
        <translation>A&amp;ussage</translation>
    </message>
    <message>
        <source>New te&amp;xt</source>
        <translation>Neuer Te&amp;xt</translation>
    </message>
    <message>
        <source>Public &amp;note</source>
        <translation>Öffentliche &amp;Notiz</translation>
    </message>
    <message>
        <source>Store the correction record and its ledger entry</source>
        <translation>Den Korrektureintrag und seinen Protokolleintrag speichern</translation>
    </message>
    <message>
        <source>Give the corrected text of claim %1.</source>
        <translation>Geben Sie den korrigierten Text von Aussage %1 an.</translation>
    </message>
    <message>
        <source>Claim %1 already reads like that: change its text.</source>
        <translation>Aussage %1 lautet bereits so: Ändern Sie ihren Text.</translation>
    </message>
    <message>
        <source>Write the public note: what changed and why.</source>
        <translation>Schreiben Sie die öffentliche Notiz: was sich geändert hat und warum.</translation>
    </message>
    <message>
        <source>Tick the confirmation: corrections are permanent.</source>
        <translation>Bestätigen Sie: Korrekturen sind dauerhaft.</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::DecisionDialog</name>
    <message>
        <source>Approve and publish</source>
        <translation>Freigeben und veröffentlichen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Eskalieren</translation>
    </message>
    <message>
        <source>Request revision</source>
        <translation>Überarbeitung anfordern</translation>
    </message>
    <message>
        <source>Auto-approve</source>
        <translation>Automatisch freigeben</translation>
    </message>
    <message>
        <source>Approving publishes the draft. After that its claims change only through correction records. This cannot be undone.</source>
        <translation>Die Freigabe veröffentlicht den Entwurf. Danach ändern sich seine Aussagen nur noch über Korrektureinträge. Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Rejecting closes the draft. This cannot be undone.</source>
        <translation>Die Ablehnung schließt den Entwurf. Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Escalating holds the draft for a second opinion. Say what should be looked at (required).</source>
        <translation>Eskalieren hält den Entwurf für eine zweite Meinung zurück. Sagen Sie, was geprüft werden soll (erforderlich).</translation>
    </message>
    <message>
        <source>Note (required)</source>
        <translation>Notiz (erforderlich)</translation>
    </message>
    <message>
        <source>Note (optional): why</source>
        <translation>Notiz (optional): warum</translation>
    </message>
    <message>
        <source>Decision note</source>
        <translation>Notiz zur Entscheidung</translation>
    </message>
    <message>
        <source>Confirm (Ctrl+Return)</source>
        <translation>Bestätigen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>The revision round runs again with your note as extra input for the reviser (required). Lines of the form “drop claim 3”, “soften claim 2” or “replace claim 4: new text” are carried out on those claims; the rest of the note is disclosed in the draft.</source>
        <translation>Die Überarbeitungsrunde läuft erneut, mit Ihrer Anmerkung als zusätzlicher Eingabe für den Überarbeiter (erforderlich). Zeilen der Form „drop claim 3“, „soften claim 2“ oder „replace claim 4: neuer Text“ werden an diesen Aussagen ausgeführt; der Rest der Anmerkung wird im Entwurf offengelegt.</translation>
    </message>
    <message>
        <source>Note (required), e.g.
drop claim 3
soften claim 1
The harness claim is not in the evidence.</source>
        <translation>Anmerkung (erforderlich), z. B.
drop claim 3
soften claim 1
Die Aussage zum Testgerüst steht nicht in den Belegen.</translation>
    </message>
    <message>
        <source>The public record names its publisher: you, or your organisation. No publisher is set yet; the name is kept in Settings → Publisher for later publications.</source>
        <translation>Das öffentliche Register nennt seinen Herausgeber: Sie oder Ihre Organisation. Noch ist kein Herausgeber festgelegt; der Name wird unter Einstellungen → Herausgeber für spätere Veröffentlichungen gespeichert.</translation>
    </message>
    <message>
        <source>Publisher (required), e.g. your name or your lab</source>
        <translation>Herausgeber (erforderlich), z. B. Ihr Name oder Ihr Labor</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Herausgeber</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::DisplayText</name>
    <message>
        <source> … [%1 more characters not shown]</source>
        <translation> … [%1 weitere Zeichen nicht gezeigt]</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::DraftTab</name>
    <message>
        <source>Draft round</source>
        <translation>Runde des Entwurfs</translation>
    </message>
    <message>
        <source>Show the first draft (round 0) or a revised draft</source>
        <translation>Den ersten Entwurf (Runde 0) oder einen überarbeiteten Entwurf zeigen</translation>
    </message>
    <message>
        <source>Round:</source>
        <translation>Runde:</translation>
    </message>
    <message>
        <source>Draft text</source>
        <translation>Text des Entwurfs</translation>
    </message>
    <message>
        <source>Select a draft in the list to read it here.</source>
        <translation>Wählen Sie einen Entwurf in der Liste, um ihn hier zu lesen.</translation>
    </message>
    <message>
        <source>0 — first draft</source>
        <translation>0 — erster Entwurf</translation>
    </message>
    <message>
        <source>%1 — revised</source>
        <translation>%1 — überarbeitet</translation>
    </message>
    <message>
        <source>The run failed before a draft was composed: %1</source>
        <translation>Der Lauf ist fehlgeschlagen, bevor ein Entwurf geschrieben wurde: %1</translation>
    </message>
    <message>
        <source>The run is still working; the draft appears here when it has been composed. Follow it on the Pipeline tab.</source>
        <translation>Der Lauf arbeitet noch; der Entwurf erscheint hier, sobald er geschrieben ist. Verfolgen Sie ihn im Reiter Pipeline.</translation>
    </message>
    <message>
        <source>Round %1</source>
        <translation>Runde %1</translation>
    </message>
    <message>
        <source> · score %1/10</source>
        <translation> · Bewertung %1/10</translation>
    </message>
    <message>
        <source>Why this draft needs you</source>
        <translation>Warum dieser Entwurf Sie braucht</translation>
    </message>
    <message>
        <source>Why this draft needs you:</source>
        <translation>Warum dieser Entwurf Sie braucht:</translation>
    </message>
    <message>
        <source>Why the policy approved this draft:</source>
        <translation>Warum die Richtlinie diesen Entwurf freigegeben hat:</translation>
    </message>
    <message>
        <source>Autonomous draft — published automatically by the policy, without owner review</source>
        <translation>Autonomer Entwurf — automatisch von der Richtlinie veröffentlicht, ohne Prüfung durch den Eigentümer</translation>
    </message>
    <message>
        <source>Autonomous draft — reviewed and approved by the owner</source>
        <translation>Autonomer Entwurf — vom Eigentümer geprüft und freigegeben</translation>
    </message>
    <message>
        <source>Autonomous draft — rejected by the owner</source>
        <translation>Autonomer Entwurf — vom Eigentümer abgelehnt</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::EditClaimTextCommand</name>
    <message>
        <source>edit claim %1</source>
        <translation>Aussage %1 bearbeiten</translation>
    </message>
    <message>
        <source>undo of an edit</source>
        <translation>Rücknahme einer Bearbeitung</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::FileDialogs</name>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Special file</source>
        <translation>Spezialdatei</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::HelpOverlay</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Press any key to close.</source>
        <translation>Eine beliebige Taste schließt.</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::HistoryTab</name>
    <message>
        <source>Draft history</source>
        <translation>Verlauf des Entwurfs</translation>
    </message>
    <message>
        <source>Select a draft to see its history.</source>
        <translation>Wählen Sie einen Entwurf, um seinen Verlauf zu sehen.</translation>
    </message>
    <message>
        <source>Nothing has happened to this draft yet. Decide on it with A (approve), R (reject), E (escalate) or V (request revision); claim edits and corrections also appear here.</source>
        <translation>Mit diesem Entwurf ist noch nichts geschehen. Entscheiden Sie mit A (freigeben), R (ablehnen), E (eskalieren) oder V (Überarbeitung anfordern); Bearbeitungen von Aussagen und Korrekturen erscheinen ebenfalls hier.</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::LedgerIndicator</name>
    <message>
        <source>Ledger state</source>
        <translation>Zustand des Protokolls</translation>
    </message>
    <message>
        <source>The tamper-evident ledger of decisions, edits, corrections and exports. Click for the full report.</source>
        <translation>Das manipulationssichere Protokoll der Entscheidungen, Bearbeitungen, Korrekturen und Exporte. Klicken für den vollständigen Bericht.</translation>
    </message>
    <message>
        <source>Ledger: checking…</source>
        <translation>Protokoll: wird geprüft…</translation>
    </message>
    <message numerus="yes">
        <source>Ledger: %n entries, verified</source>
        <translation>
            <numerusform>Protokoll: %n Eintrag, geprüft</numerusform>
            <numerusform>Protokoll: %n Einträge, geprüft</numerusform>
        </translation>
    </message>
    <message>
        <source>Ledger: BROKEN at entry %1 — %2</source>
        <translation>Protokoll: BESCHÄDIGT bei Eintrag %1 — %2</translation>
    </message>
    <message>
        <source>Ledger: BROKEN — %1</source>
        <translation>Protokoll: BESCHÄDIGT — %1</translation>
    </message>
    <message>
        <source>Ledger verification</source>
        <translation>Prüfung des Protokolls</translation>
    </message>
    <message>
        <source>The ledger is being checked.</source>
        <translation>Das Protokoll wird geprüft.</translation>
    </message>
    <message>
        <source>Database: PROBLEM — %1</source>
        <translation>Datenbank: PROBLEM — %1</translation>
    </message>
    <message>
        <source>Record the loss…</source>
        <translation>Verlust festhalten…</translation>
    </message>
    <message>
        <source>Record the loss</source>
        <translation>Verlust festhalten</translation>
    </message>
    <message>
        <source>Entries that the ledger&apos;s anchor proves existed are missing from this file.

If a backup of the database holds them, close the workbench and restore it instead.

Otherwise the workbench appends one signed gap entry that names the missing entries. Nothing already in the ledger is changed, the ledger verifies again, and every later check reports the recorded loss. This cannot be undone.</source>
        <translation>Einträge, deren Existenz der Anker des Protokolls beweist, fehlen in dieser Datei.

Wenn eine Sicherung der Datenbank sie enthält, schließen Sie die Werkbank und stellen Sie stattdessen die Sicherung wieder her.

Andernfalls hängt die Werkbank einen signierten Lückeneintrag an, der die fehlenden Einträge nennt. Nichts, was schon im Protokoll steht, wird geändert, das Protokoll lässt sich wieder prüfen, und jede spätere Prüfung meldet den festgehaltenen Verlust. Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>The loss was not recorded: %1</source>
        <translation>Der Verlust wurde nicht festgehalten: %1</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::MainWindow</name>
    <message>
        <source>Sovereign Workbench</source>
        <translation>Sovereign Workbench</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>Warteschlangen</translation>
    </message>
    <message>
        <source>Drafts by where they are in your workflow</source>
        <translation>Entwürfe nach ihrem Stand in Ihrem Arbeitsablauf</translation>
    </message>
    <message>
        <source>Draft filter</source>
        <translation>Entwurfsfilter</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>Entwürfe</translation>
    </message>
    <message>
        <source>&amp;Draft</source>
        <translation>&amp;Entwurf</translation>
    </message>
    <message>
        <source>&amp;Claims</source>
        <translation>&amp;Aussagen</translation>
    </message>
    <message>
        <source>&amp;Tribunal</source>
        <translation>&amp;Tribunal</translation>
    </message>
    <message>
        <source>Rec&amp;ord</source>
        <translation>Re&amp;gister</translation>
    </message>
    <message>
        <source>&amp;Pipeline</source>
        <translation>&amp;Pipeline</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>Benachrichtigung</translation>
    </message>
    <message>
        <source>Could not load the draft: %1</source>
        <translation>Der Entwurf konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not count the drafts: %1</source>
        <translation>Die Entwürfe konnten nicht gezählt werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s) loaded</source>
        <translation>
            <numerusform>%n Entwurf geladen</numerusform>
            <numerusform>%n Entwürfe geladen</numerusform>
        </translation>
    </message>
    <message>
        <source> — scroll for more</source>
        <translation> — für mehr blättern</translation>
    </message>
    <message>
        <source>Could not load drafts: %1</source>
        <translation>Entwürfe konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>The run did not start: %1</source>
        <translation>Der Lauf ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Run not started</source>
        <translation>Lauf nicht gestartet</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Approve and publish the selected draft</source>
        <translation>Den gewählten Entwurf freigeben und veröffentlichen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Reject the selected draft</source>
        <translation>Den gewählten Entwurf ablehnen</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Eskalieren</translation>
    </message>
    <message>
        <source>Hold the draft for a second opinion, with a note</source>
        <translation>Den Entwurf mit einer Notiz für eine zweite Meinung zurückhalten</translation>
    </message>
    <message>
        <source>Request revision</source>
        <translation>Überarbeitung anfordern</translation>
    </message>
    <message>
        <source>Run the revision round again with your note</source>
        <translation>Die Überarbeitungsrunde mit Ihrer Notiz erneut laufen lassen</translation>
    </message>
    <message>
        <source>Next draft</source>
        <translation>Nächster Entwurf</translation>
    </message>
    <message>
        <source>Select the next draft in the list</source>
        <translation>Den nächsten Entwurf der Liste wählen</translation>
    </message>
    <message>
        <source>Previous draft</source>
        <translation>Vorheriger Entwurf</translation>
    </message>
    <message>
        <source>Select the previous draft in the list</source>
        <translation>Den vorherigen Entwurf der Liste wählen</translation>
    </message>
    <message>
        <source>Open claims</source>
        <translation>Aussagen öffnen</translation>
    </message>
    <message>
        <source>Show the claims of the selected draft</source>
        <translation>Die Aussagen des gewählten Entwurfs zeigen</translation>
    </message>
    <message>
        <source>Edit claim</source>
        <translation>Aussage bearbeiten</translation>
    </message>
    <message>
        <source>Edit the selected claim&apos;s text</source>
        <translation>Den Text der gewählten Aussage bearbeiten</translation>
    </message>
    <message>
        <source>New run…</source>
        <translation>Neuer Lauf…</translation>
    </message>
    <message>
        <source>Start a pipeline run from a source paper and a question</source>
        <translation>Einen Pipeline-Lauf aus einem Quellartikel und einer Frage starten</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <source>Cancel the run shown on the Pipeline tab</source>
        <translation>Den im Reiter Pipeline gezeigten Lauf abbrechen</translation>
    </message>
    <message>
        <source>Filter drafts</source>
        <translation>Entwürfe filtern</translation>
    </message>
    <message>
        <source>Filter the draft list</source>
        <translation>Die Entwurfsliste filtern</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Backends, thresholds, owner name and API key</source>
        <translation>Backends, Schwellen, Name des Eigentümers und API-Schlüssel</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Show the keyboard shortcuts</source>
        <translation>Die Tastenkürzel zeigen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Close the workbench; running runs are cancelled</source>
        <translation>Die Werkbank schließen; laufende Läufe werden abgebrochen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo the last claim edit (Ctrl+Z)</source>
        <translation>Die letzte Bearbeitung einer Aussage zurücknehmen (Strg+Z)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Redo the claim edit (Ctrl+Shift+Z)</source>
        <translation>Die Bearbeitung der Aussage wiederholen (Strg+Umschalt+Z)</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>%1 zeigen</translation>
    </message>
    <message>
        <source>Show the %1 tab</source>
        <translation>Den Reiter %1 zeigen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>D&amp;ecide</source>
        <translation>&amp;Entscheiden</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>&amp;Veröffentlichen</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Entscheidungen</translation>
    </message>
    <message>
        <source>Ctrl+1 … Ctrl+6</source>
        <translation>Strg+1 … Strg+6</translation>
    </message>
    <message>
        <source>Draft, Claims, Tribunal, Record, Pipeline, History tabs</source>
        <translation>Reiter Entwurf, Aussagen, Tribunal, Register, Pipeline, Verlauf</translation>
    </message>
    <message>
        <source>No draft matches “%1”. Clear the filter (Esc) or try a SRCH id.</source>
        <translation>Kein Entwurf passt zu „%1“. Leeren Sie den Filter (Esc) oder versuchen Sie eine SRCH-ID.</translation>
    </message>
    <message>
        <source>No drafts yet.

Start a run with File → New run (Ctrl+N): pick a source paper from the corpus, ask a research question, and the draft appears here when the run ends.</source>
        <translation>Noch keine Entwürfe.

Starten Sie einen Lauf mit Datei → Neuer Lauf (Strg+N): Wählen Sie einen Quellartikel aus dem Korpus, stellen Sie eine Forschungsfrage, und der Entwurf erscheint hier, wenn der Lauf endet.</translation>
    </message>
    <message>
        <source>This queue is empty. Pick another queue on the left, or “All”.</source>
        <translation>Diese Warteschlange ist leer. Wählen Sie links eine andere oder „Alle“.</translation>
    </message>
    <message>
        <source>This draft is published; change it through a correction record.</source>
        <translation>Dieser Entwurf ist veröffentlicht; ändern Sie ihn über einen Korrektureintrag.</translation>
    </message>
    <message>
        <source>%1: stored for %2.</source>
        <translation>%1: für %2 gespeichert.</translation>
    </message>
    <message>
        <source>No pipeline is connected to this workbench, so runs cannot start here. Use `sovereign run`.</source>
        <translation>Mit dieser Werkbank ist keine Pipeline verbunden, daher können hier keine Läufe starten. Verwenden Sie `sovereign run`.</translation>
    </message>
    <message>
        <source>Preparing the remote backends (settings, API key, source paper)…</source>
        <translation>Die entfernten Backends werden vorbereitet (Einstellungen, API-Schlüssel, Quellartikel)…</translation>
    </message>
    <message>
        <source>Run failed</source>
        <translation>Lauf fehlgeschlagen</translation>
    </message>
    <message>
        <source>A run failed before composing a draft. See the Pipeline tab.</source>
        <translation>Ein Lauf ist fehlgeschlagen, bevor er einen Entwurf geschrieben hat. Siehe Reiter Pipeline.</translation>
    </message>
    <message>
        <source>Draft escalated</source>
        <translation>Entwurf eskaliert</translation>
    </message>
    <message>
        <source>%1 needs your decision: %2</source>
        <translation>%1 braucht Ihre Entscheidung: %2</translation>
    </message>
    <message>
        <source>  or  </source>
        <translation>  oder  </translation>
    </message>
    <message>
        <source>Filter by question, SRCH id or reason, e.g. question_not_addressed (Ctrl+F)</source>
        <translation>Nach Frage, SRCH-ID oder Grund filtern, z. B. question_not_addressed (Strg+F)</translation>
    </message>
    <message>
        <source>Undone: %1. Redo with Ctrl+Shift+Z.</source>
        <translation>Rückgängig gemacht: %1. Wiederherstellen mit Strg+Umschalt+Z.</translation>
    </message>
    <message>
        <source>Redone: %1. Undo with Ctrl+Z.</source>
        <translation>Wiederhergestellt: %1. Rückgängig mit Strg+Z.</translation>
    </message>
    <message>
        <source>About Sovereign Workbench</source>
        <translation>Über Sovereign Workbench</translation>
    </message>
    <message>
        <source>Version, database, schema and licences</source>
        <translation>Version, Datenbank, Schema und Lizenzen</translation>
    </message>
    <message>
        <source>Select a draft in the list.</source>
        <translation>Wählen Sie einen Entwurf in der Liste.</translation>
    </message>
    <message>
        <source>The decision was not saved: %1</source>
        <translation>Die Entscheidung wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Decision not saved</source>
        <translation>Entscheidung nicht gespeichert</translation>
    </message>
    <message>
        <source>The decision (%1) was not saved: %2

Nothing was changed. The workbench is checking the database and the ledger; the result appears in the status bar.</source>
        <translation>Die Entscheidung (%1) wurde nicht gespeichert: %2

Nichts wurde geändert. Die Werkbank prüft die Datenbank und das Protokoll; das Ergebnis erscheint in der Statusleiste.</translation>
    </message>
    <message>
        <source>The new run is under way; its draft is shown here when it ends. Follow it on the Pipeline tab.</source>
        <translation>Der neue Lauf ist im Gange; sein Entwurf erscheint hier, wenn er endet. Verfolgen Sie ihn auf dem Reiter Pipeline.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Sovereign Workbench %1

Database: %2
Schema version: %3

Built on free software:
• Qt %4 — LGPL-3.0 (GPL-2.0/3.0 for some tools)
• KDE Frameworks 6 SyntaxHighlighting %5 — MIT
• Eigen — MPL-2.0
• SQLite — public domain</source>
        <translation>Sovereign Workbench %1

Datenbank: %2
Schemaversion: %3

Gebaut auf freier Software:
• Qt %4 — LGPL-3.0 (GPL-2.0/3.0 für einige Werkzeuge)
• KDE Frameworks 6 SyntaxHighlighting %5 — MIT
• Eigen — MPL-2.0
• SQLite — gemeinfrei</translation>
    </message>
    <message>
        <source>(development build)</source>
        <translation>(Entwicklungsstand)</translation>
    </message>
    <message>
        <source>Draft auto-approved</source>
        <translation>Entwurf automatisch freigegeben</translation>
    </message>
    <message>
        <source>%1 was published by the policy without your review: %2. It is in the Auto-approved queue; a change now goes through a correction record.</source>
        <translation>%1 wurde von der Richtlinie ohne Ihre Prüfung veröffentlicht: %2. Er steht in der Warteschlange „Automatisch freigegeben“; eine Änderung geht jetzt über einen Korrektureintrag.</translation>
    </message>
    <message>
        <source>Import papers…</source>
        <translation>Artikel importieren…</translation>
    </message>
    <message>
        <source>Import arXiv metadata (OAI JSON-lines, Atom) into the local corpus</source>
        <translation>arXiv-Metadaten (OAI-JSON-Lines, Atom) in den lokalen Korpus importieren</translation>
    </message>
    <message>
        <source>Saving the decision (%1)…</source>
        <translation>Die Entscheidung wird gespeichert (%1)…</translation>
    </message>
    <message>
        <source>draft %1</source>
        <translation>Entwurf %1</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::NewRunDialog</name>
    <message>
        <source>New run</source>
        <translation>Neuer Lauf</translation>
    </message>
    <message>
        <source>Search the local corpus by title or abstract…</source>
        <translation>Den lokalen Korpus nach Titel oder Zusammenfassung durchsuchen…</translation>
    </message>
    <message>
        <source>Corpus search is not available; give an arXiv id below</source>
        <translation>Die Korpussuche ist nicht verfügbar; geben Sie unten eine arXiv-ID an</translation>
    </message>
    <message>
        <source>Search the corpus</source>
        <translation>Den Korpus durchsuchen</translation>
    </message>
    <message>
        <source>Matching papers</source>
        <translation>Passende Artikel</translation>
    </message>
    <message>
        <source>e.g. 2505.20225 — or pick a paper above</source>
        <translation>z. B. 2505.20225 — oder oben einen Artikel wählen</translation>
    </message>
    <message>
        <source>Source arXiv id</source>
        <translation>arXiv-ID der Quelle</translation>
    </message>
    <message>
        <source>The research question the draft should answer</source>
        <translation>Die Forschungsfrage, die der Entwurf beantworten soll</translation>
    </message>
    <message>
        <source>Research question</source>
        <translation>Forschungsfrage</translation>
    </message>
    <message>
        <source>Local corpus (offline)</source>
        <translation>Lokaler Korpus (offline)</translation>
    </message>
    <message>
        <source>arXiv API (rate-limited, cached)</source>
        <translation>arXiv-API (gedrosselt, zwischengespeichert)</translation>
    </message>
    <message>
        <source>Search backend</source>
        <translation>Such-Backend</translation>
    </message>
    <message>
        <source>Rule-based reviewers (offline)</source>
        <translation>Regelbasierte Gutachter (offline)</translation>
    </message>
    <message>
        <source>LLM reviewers (OpenAI-compatible server)</source>
        <translation>LLM-Gutachter (OpenAI-kompatibler Server)</translation>
    </message>
    <message>
        <source>Tribunal backend</source>
        <translation>Tribunal-Backend</translation>
    </message>
    <message>
        <source>Who reviews the draft: the offline rules, or LLM reviewers (needs an API key)</source>
        <translation>Wer den Entwurf begutachtet: die Offline-Regeln oder LLM-Gutachter (braucht einen API-Schlüssel)</translation>
    </message>
    <message>
        <source>Where the papers come from: the local corpus, or the arXiv API</source>
        <translation>Woher die Artikel kommen: aus dem lokalen Korpus oder von der arXiv-API</translation>
    </message>
    <message>
        <source>Local TF-IDF/SVD embedder (offline)</source>
        <translation>Lokaler TF-IDF/SVD-Embedder (offline)</translation>
    </message>
    <message>
        <source>NVIDIA NIM embeddings (needs an API key)</source>
        <translation>NVIDIA-NIM-Embeddings (braucht einen API-Schlüssel)</translation>
    </message>
    <message>
        <source>Embedding backend</source>
        <translation>Embedding-Backend</translation>
    </message>
    <message>
        <source>The embedder used for the semantic re-ranking</source>
        <translation>Der Embedder für die semantische Neuordnung</translation>
    </message>
    <message>
        <source>Start run</source>
        <translation>Lauf starten</translation>
    </message>
    <message>
        <source>Start the run in the background; follow it on the Pipeline tab</source>
        <translation>Den Lauf im Hintergrund starten; im Reiter Pipeline verfolgen</translation>
    </message>
    <message>
        <source>Source paper:</source>
        <translation>Quellartikel:</translation>
    </message>
    <message>
        <source>arXiv id:</source>
        <translation>arXiv-ID:</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>Frage:</translation>
    </message>
    <message>
        <source>Search:</source>
        <translation>Suche:</translation>
    </message>
    <message>
        <source>Tribunal:</source>
        <translation>Tribunal:</translation>
    </message>
    <message>
        <source>Embeddings:</source>
        <translation>Embeddings:</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>No paper in the corpus matches; import more or give an arXiv id.</source>
        <translation>Kein Artikel im Korpus passt; importieren Sie weitere oder geben Sie eine arXiv-ID an.</translation>
    </message>
    <message>
        <source>“%1” is not an arXiv id (like 2505.20225 or hep-th/9901001).</source>
        <translation>„%1“ ist keine arXiv-ID (wie 2505.20225 oder hep-th/9901001).</translation>
    </message>
    <message>
        <source>Write the research question.</source>
        <translation>Schreiben Sie die Forschungsfrage.</translation>
    </message>
    <message>
        <source>Ctrl+Return starts the run</source>
        <translation>Strg+Eingabe startet den Lauf</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::OverrideVerifiedCommand</name>
    <message>
        <source>mark claim %1 as %2</source>
        <translation>Aussage %1 als %2 markieren</translation>
    </message>
    <message>
        <source>undo of an override</source>
        <translation>Rücknahme einer Übersteuerung</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::PdfPreviewDialog</name>
    <message>
        <source>PDF preview — %1</source>
        <translation>PDF-Vorschau — %1</translation>
    </message>
    <message>
        <source>cannot write the preview to a temporary file: %1</source>
        <translation>die Vorschau kann nicht in eine temporäre Datei geschrieben werden: %1</translation>
    </message>
    <message>
        <source>the exported PDF could not be opened for preview (error %1)</source>
        <translation>das exportierte PDF konnte nicht zur Vorschau geöffnet werden (Fehler %1)</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>An Breite anpassen</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <source>no file name given</source>
        <translation>kein Dateiname angegeben</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>PDF speichern</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>The PDF was not saved.</source>
        <translation>Das PDF wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::PipelineTab</name>
    <message>
        <source>Cancel run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <source>Stop this run; what it produced so far is kept</source>
        <translation>Diesen Lauf anhalten; was er bisher erzeugt hat, bleibt erhalten</translation>
    </message>
    <message>
        <source>Stage durations and states</source>
        <translation>Dauer und Zustand der Stufen</translation>
    </message>
    <message>
        <source>Filter the log (stage, lane, message)…</source>
        <translation>Das Protokoll filtern (Stufe, Spur, Meldung)…</translation>
    </message>
    <message>
        <source>Log filter</source>
        <translation>Protokollfilter</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>Stage start/finish</source>
        <translation>Beginn/Ende der Stufen</translation>
    </message>
    <message>
        <source>Waits</source>
        <translation>Wartezeiten</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Log lines</source>
        <translation>Protokollzeilen</translation>
    </message>
    <message>
        <source>Event kinds</source>
        <translation>Ereignisarten</translation>
    </message>
    <message>
        <source>Show only some kinds of events</source>
        <translation>Nur bestimmte Ereignisarten zeigen</translation>
    </message>
    <message>
        <source>Run log</source>
        <translation>Laufprotokoll</translation>
    </message>
    <message>
        <source>Select a draft to replay its run, or start a new run (Ctrl+N).</source>
        <translation>Wählen Sie einen Entwurf, um seinen Lauf abzuspielen, oder starten Sie einen neuen Lauf (Strg+N).</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 · running live</source>
        <translation>%1 · läuft gerade</translation>
    </message>
    <message>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
    <message numerus="yes">
        <source> · replayed from %n stored event(s)</source>
        <translation>
            <numerusform> · abgespielt aus %n gespeichertem Ereignis</numerusform>
            <numerusform> · abgespielt aus %n gespeicherten Ereignissen</numerusform>
        </translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message numerus="yes">
        <source> · watched live, %n event(s)</source>
        <translation>
            <numerusform> · live verfolgt, %n Ereignis</numerusform>
            <numerusform> · live verfolgt, %n Ereignisse</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::PublishActions</name>
    <message>
        <source>Export PDF…</source>
        <translation>PDF exportieren…</translation>
    </message>
    <message>
        <source>Render the published draft as a PDF, preview it and save it</source>
        <translation>Den veröffentlichten Entwurf als PDF setzen, ansehen und speichern</translation>
    </message>
    <message>
        <source>Export manifest JSON…</source>
        <translation>Manifest-JSON exportieren…</translation>
    </message>
    <message>
        <source>Save the published draft&apos;s manifest with the contract objects</source>
        <translation>Das Manifest des veröffentlichten Entwurfs mit den Vertragsobjekten speichern</translation>
    </message>
    <message>
        <source>Issue correction…</source>
        <translation>Korrektur herausgeben…</translation>
    </message>
    <message>
        <source>Add a public correction record to the published draft</source>
        <translation>Dem veröffentlichten Entwurf einen öffentlichen Korrektureintrag hinzufügen</translation>
    </message>
    <message>
        <source>Select a draft first.</source>
        <translation>Wählen Sie zuerst einen Entwurf.</translation>
    </message>
    <message>
        <source>%1 is still running. Only approved or auto-approved (published) drafts can be exported or corrected.</source>
        <translation>%1 läuft noch. Nur freigegebene oder automatisch freigegebene (veröffentlichte) Entwürfe können exportiert oder korrigiert werden.</translation>
    </message>
    <message>
        <source>%1 is escalated and waits for your decision. Approve it (A) to publish it; then it can be exported and corrected.</source>
        <translation>%1 ist eskaliert und wartet auf Ihre Entscheidung. Geben Sie ihn frei (A), um ihn zu veröffentlichen; dann kann er exportiert und korrigiert werden.</translation>
    </message>
    <message>
        <source>%1 was rejected. Rejected drafts are not published, so there is nothing to export or correct.</source>
        <translation>%1 wurde abgelehnt. Abgelehnte Entwürfe werden nicht veröffentlicht, es gibt also nichts zu exportieren oder zu korrigieren.</translation>
    </message>
    <message>
        <source>%1 is not published (%2). Only approved or auto-approved drafts can be exported or corrected.</source>
        <translation>%1 ist nicht veröffentlicht (%2). Nur freigegebene oder automatisch freigegebene Entwürfe können exportiert oder korrigiert werden.</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>PDF exportieren</translation>
    </message>
    <message>
        <source>Rendering the PDF of %1…</source>
        <translation>Das PDF von %1 wird gesetzt…</translation>
    </message>
    <message>
        <source>The PDF was not rendered: %1</source>
        <translation>Das PDF wurde nicht gesetzt: %1</translation>
    </message>
    <message>
        <source>PDF preview — %1</source>
        <translation>PDF-Vorschau — %1</translation>
    </message>
    <message>
        <source>The PDF preview could not load: %1</source>
        <translation>Die PDF-Vorschau konnte nicht laden: %1</translation>
    </message>
    <message>
        <source>PDF saved to %1 and recorded in the ledger.</source>
        <translation>PDF in %1 gespeichert und im Protokoll vermerkt.</translation>
    </message>
    <message numerus="yes">
        <source>PDF ready: %n page(s). Save… writes it.</source>
        <translation>
            <numerusform>PDF fertig: %n Seite. Speichern… schreibt es.</numerusform>
            <numerusform>PDF fertig: %n Seiten. Speichern… schreibt es.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export manifest JSON</source>
        <translation>Manifest-JSON exportieren</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>The manifest was not written: %1</source>
        <translation>Das Manifest wurde nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>no owner actions are connected</source>
        <translation>keine Eigentümeraktionen verbunden</translation>
    </message>
    <message>
        <source>Manifest written to %1 and recorded in the ledger.</source>
        <translation>Manifest in %1 geschrieben und im Protokoll vermerkt.</translation>
    </message>
    <message>
        <source>Issue correction</source>
        <translation>Korrektur herausgeben</translation>
    </message>
    <message>
        <source>Before publication, edit the claims on the Claims tab instead.</source>
        <translation>Vor der Veröffentlichung bearbeiten Sie stattdessen die Aussagen im Reiter Aussagen.</translation>
    </message>
    <message>
        <source>The correction was not stored: %1</source>
        <translation>Die Korrektur wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Correction (%1) stored and recorded in the ledger.</source>
        <translation>Korrektur (%1) gespeichert und im Protokoll vermerkt.</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::RecordTab</name>
    <message>
        <source>Flagship candidate</source>
        <translation>Kandidat für das Aushängeschild</translation>
    </message>
    <message>
        <source>DOI grade</source>
        <translation>DOI-würdig</translation>
    </message>
    <message>
        <source>Public record</source>
        <translation>Öffentliches Register</translation>
    </message>
    <message>
        <source>Watchlist</source>
        <translation>Beobachtungsliste</translation>
    </message>
    <message>
        <source>Quarantine candidate</source>
        <translation>Kandidat für die Quarantäne</translation>
    </message>
    <message>
        <source>Record JSON</source>
        <translation>Register-JSON</translation>
    </message>
    <message>
        <source>The stored public record (contract objects), highlighted</source>
        <translation>Das gespeicherte öffentliche Register (Vertragsobjekte), hervorgehoben</translation>
    </message>
    <message>
        <source>Select a draft to see its public record.</source>
        <translation>Wählen Sie einen Entwurf, um sein öffentliches Register zu sehen.</translation>
    </message>
    <message>
        <source>The public record is built at the end of the run. Follow the run on the Pipeline tab.</source>
        <translation>Das öffentliche Register entsteht am Ende des Laufs. Verfolgen Sie den Lauf im Reiter Pipeline.</translation>
    </message>
    <message>
        <source>This draft has no public record (the run did not reach the record stage).</source>
        <translation>Dieser Entwurf hat kein öffentliches Register (der Lauf hat die Registerstufe nicht erreicht).</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht erfasst</translation>
    </message>
    <message>
        <source>Abstract</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Research Question</source>
        <translation>Forschungsfrage</translation>
    </message>
    <message>
        <source>Verification Level</source>
        <translation>Verifikationsstufe</translation>
    </message>
    <message>
        <source>Paper level</source>
        <translation>Stufe des Artikels</translation>
    </message>
    <message>
        <source>Source-grounded claims</source>
        <translation>Quellengestützte Aussagen</translation>
    </message>
    <message>
        <source>Claim record source</source>
        <translation>Quelle der Aussagen</translation>
    </message>
    <message>
        <source>Descriptive public verification status only; aggregate claim counts are public, individual claim records are not exposed here.</source>
        <translation>Nur beschreibender öffentlicher Verifikationsstatus; die Gesamtzahlen der Aussagen sind öffentlich, einzelne Aussagen werden hier nicht offengelegt.</translation>
    </message>
    <message>
        <source>Quality Tier</source>
        <translation>Qualitätsstufe</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>Grundlage</translation>
    </message>
    <message>
        <source>Descriptive public triage only; the tier does not change publication or DOI behaviour.</source>
        <translation>Nur beschreibende öffentliche Einordnung; die Stufe ändert weder die Veröffentlichung noch die DOI-Vergabe.</translation>
    </message>
    <message>
        <source>Quality Dimensions</source>
        <translation>Qualitätsdimensionen</translation>
    </message>
    <message>
        <source>No dimension assessed.</source>
        <translation>Keine Dimension bewertet.</translation>
    </message>
    <message>
        <source>Automated triage signals derived from public fields; not human peer review or independent validation.</source>
        <translation>Automatische Einordnungssignale aus öffentlichen Feldern; keine menschliche Begutachtung und keine unabhängige Validierung.</translation>
    </message>
    <message>
        <source>Correction Record</source>
        <translation>Korrektureintrag</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Correction count</source>
        <translation>Anzahl der Korrekturen</translation>
    </message>
    <message>
        <source>Manifest contract</source>
        <translation>Manifest-Vertrag</translation>
    </message>
    <message>
        <source>Correction contract</source>
        <translation>Korrekturvertrag</translation>
    </message>
    <message>
        <source>%1 · %2 · %3: %4</source>
        <translation>%1 · %2 · %3: %4</translation>
    </message>
    <message>
        <source>Provenance</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Herausgeber</translation>
    </message>
    <message>
        <source>Public provenance</source>
        <translation>Öffentliche Herkunft</translation>
    </message>
    <message>
        <source>Report artifact</source>
        <translation>Berichtsartefakt</translation>
    </message>
    <message>
        <source>External record</source>
        <translation>Externer Eintrag</translation>
    </message>
    <message>
        <source>Claim lineage</source>
        <translation>Herkunft der Aussagen</translation>
    </message>
    <message>
        <source>Review method</source>
        <translation>Begutachtungsverfahren</translation>
    </message>
    <message>
        <source>Provenance contract</source>
        <translation>Herkunftsvertrag</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Gate Verdict</source>
        <translation>Schrankenurteil</translation>
    </message>
    <message>
        <source>Status code</source>
        <translation>Statuscode</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>Definition</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Evaluated at</source>
        <translation>Bewertet am</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>Schranke</translation>
    </message>
    <message>
        <source>Enforcement</source>
        <translation>Durchsetzung</translation>
    </message>
    <message>
        <source>Public corrections are additive records. No correction state claims the synthesis is error-free.</source>
        <translation>Öffentliche Korrekturen sind ergänzende Einträge. Kein Korrekturstatus behauptet, dass die Synthese fehlerfrei ist.</translation>
    </message>
    <message>
        <source>not set (asked when you first approve a draft; Settings → Publisher)</source>
        <translation>nicht festgelegt (wird bei der ersten Freigabe erfragt; Einstellungen → Herausgeber)</translation>
    </message>
    <message>
        <source>External record id</source>
        <translation>ID des externen Nachweises</translation>
    </message>
    <message>
        <source>Quality guide</source>
        <translation>Qualitätsleitfaden</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Your name, stored with every decision</source>
        <translation>Ihr Name, mit jeder Entscheidung gespeichert</translation>
    </message>
    <message>
        <source>Owner name</source>
        <translation>Name des Eigentümers</translation>
    </message>
    <message>
        <source>Verification threshold</source>
        <translation>Verifikationsschwelle</translation>
    </message>
    <message>
        <source>A claim is verified when its best cosine reaches this value</source>
        <translation>Eine Aussage ist verifiziert, wenn ihr bester Kosinus diesen Wert erreicht</translation>
    </message>
    <message>
        <source>Approve threshold</source>
        <translation>Freigabeschwelle</translation>
    </message>
    <message>
        <source>Revise threshold</source>
        <translation>Überarbeitungsschwelle</translation>
    </message>
    <message>
        <source>A tribunal score at or above this approves the draft</source>
        <translation>Eine Tribunalbewertung ab diesem Wert gibt den Entwurf frei</translation>
    </message>
    <message>
        <source>From this score up to the approve threshold the draft is revised; below it, rejected</source>
        <translation>Ab dieser Bewertung bis zur Freigabeschwelle wird der Entwurf überarbeitet, darunter abgelehnt</translation>
    </message>
    <message>
        <source>Papers kept (K)</source>
        <translation>Behaltene Artikel (K)</translation>
    </message>
    <message>
        <source>How many papers are kept after reciprocal-rank fusion</source>
        <translation>Wie viele Artikel nach der Reciprocal-Rank-Fusion behalten werden</translation>
    </message>
    <message>
        <source>Revision round cap</source>
        <translation>Höchstzahl der Überarbeitungsrunden</translation>
    </message>
    <message>
        <source>The most revision rounds a run may take (0: none)</source>
        <translation>Die meisten Überarbeitungsrunden, die ein Lauf nehmen darf (0: keine)</translation>
    </message>
    <message>
        <source>Local corpus</source>
        <translation>Lokaler Korpus</translation>
    </message>
    <message>
        <source>arXiv API</source>
        <translation>arXiv-API</translation>
    </message>
    <message>
        <source>Default search backend</source>
        <translation>Standard-Such-Backend</translation>
    </message>
    <message>
        <source>Rule-based</source>
        <translation>Regelbasiert</translation>
    </message>
    <message>
        <source>OpenAI-compatible server</source>
        <translation>OpenAI-kompatibler Server</translation>
    </message>
    <message>
        <source>Default tribunal backend</source>
        <translation>Standard-Tribunal-Backend</translation>
    </message>
    <message>
        <source>LLM endpoint URL</source>
        <translation>URL des LLM-Endpunkts</translation>
    </message>
    <message>
        <source>LLM model name</source>
        <translation>Name des LLM-Modells</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Stored in the system keychain only — never in the database, settings or logs</source>
        <translation>Nur im Schlüsselbund des Systems gespeichert — nie in der Datenbank, den Einstellungen oder Protokollen</translation>
    </message>
    <message>
        <source>No keychain available</source>
        <translation>Kein Schlüsselbund verfügbar</translation>
    </message>
    <message>
        <source>Reading the keychain…</source>
        <translation>Der Schlüsselbund wird gelesen…</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Nicht gesetzt</translation>
    </message>
    <message>
        <source>Stored in the keychain (type to replace)</source>
        <translation>Im Schlüsselbund gespeichert (zum Ersetzen tippen)</translation>
    </message>
    <message>
        <source>Owner name:</source>
        <translation>Name des Eigentümers:</translation>
    </message>
    <message>
        <source>Verification threshold:</source>
        <translation>Verifikationsschwelle:</translation>
    </message>
    <message>
        <source>Approve at score ≥</source>
        <translation>Freigeben ab Bewertung ≥</translation>
    </message>
    <message>
        <source>Revise at score ≥</source>
        <translation>Überarbeiten ab Bewertung ≥</translation>
    </message>
    <message>
        <source>Papers kept (K):</source>
        <translation>Behaltene Artikel (K):</translation>
    </message>
    <message>
        <source>Revision round cap:</source>
        <translation>Höchstzahl der Überarbeitungsrunden:</translation>
    </message>
    <message>
        <source>Search backend:</source>
        <translation>Such-Backend:</translation>
    </message>
    <message>
        <source>Tribunal backend:</source>
        <translation>Tribunal-Backend:</translation>
    </message>
    <message>
        <source>LLM endpoint:</source>
        <translation>LLM-Endpunkt:</translation>
    </message>
    <message>
        <source>LLM model:</source>
        <translation>LLM-Modell:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API-Schlüssel:</translation>
    </message>
    <message>
        <source>Not set: asked when you first approve a draft</source>
        <translation>Nicht festgelegt: wird bei der ersten Freigabe erfragt</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Herausgeber</translation>
    </message>
    <message>
        <source>The publisher named in the public record (you or your organisation)</source>
        <translation>Der im öffentlichen Register genannte Herausgeber (Sie oder Ihre Organisation)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Dem System folgen</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Erscheinungsbild</translation>
    </message>
    <message>
        <source>The system keychain is not available, so the API key cannot be stored here. Start and unlock your desktop&apos;s keyring (GNOME Keyring or KWallet) and open Settings again, or set SOVEREIGN_API_KEY in the environment the workbench starts from.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar, daher kann der API-Schlüssel hier nicht gespeichert werden. Starten und entsperren Sie den Schlüsselbund Ihres Desktops (GNOME Keyring oder KWallet) und öffnen Sie die Einstellungen erneut, oder setzen Sie SOVEREIGN_API_KEY in der Umgebung, aus der die Werkbank startet.</translation>
    </message>
    <message>
        <source>The keychain could not be read (%1). Start and unlock your desktop&apos;s keyring (GNOME Keyring or KWallet), then open Settings again; until then remote backends read the key from SOVEREIGN_API_KEY.</source>
        <translation>Der Schlüsselbund konnte nicht gelesen werden (%1). Starten und entsperren Sie den Schlüsselbund Ihres Desktops (GNOME Keyring oder KWallet) und öffnen Sie dann die Einstellungen erneut; bis dahin lesen entfernte Backends den Schlüssel aus SOVEREIGN_API_KEY.</translation>
    </message>
    <message>
        <source>Publisher:</source>
        <translation>Herausgeber:</translation>
    </message>
    <message>
        <source>Appearance:</source>
        <translation>Erscheinungsbild:</translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::TimelineWidget</name>
    <message>
        <source>Run timeline</source>
        <translation>Zeitleiste des Laufs</translation>
    </message>
    <message>
        <source>Stages of the run on a shared time axis; hatched segments are waits such as the arXiv rate limit</source>
        <translation>Stufen des Laufs auf einer gemeinsamen Zeitachse; schraffierte Abschnitte sind Wartezeiten wie die Drosselung der arXiv-API</translation>
    </message>
    <message>
        <source>wait %1 s</source>
        <translation>Wartezeit %1 s</translation>
    </message>
    <message numerus="yes">
        <source> · %n tok</source>
        <translation>
            <numerusform> · %n Token</numerusform>
            <numerusform> · %n Token</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sovereign::Ui::TribunalTab</name>
    <message>
        <source>Tribunal round</source>
        <translation>Runde des Tribunals</translation>
    </message>
    <message>
        <source>Reviews of the first draft (round 0) or of the revised draft</source>
        <translation>Gutachten zum ersten Entwurf (Runde 0) oder zum überarbeiteten Entwurf</translation>
    </message>
    <message>
        <source>Round comparison</source>
        <translation>Vergleich der Runden</translation>
    </message>
    <message>
        <source>Round:</source>
        <translation>Runde:</translation>
    </message>
    <message>
        <source>%1 issues</source>
        <translation>%1 Einwände</translation>
    </message>
    <message>
        <source>Double-click or press Enter on an issue about a claim to open the claim</source>
        <translation>Doppelklick oder Eingabe auf einem Einwand zu einer Aussage öffnet die Aussage</translation>
    </message>
    <message>
        <source>Issues:</source>
        <translation>Einwände:</translation>
    </message>
    <message>
        <source>Transcript role</source>
        <translation>Rolle des Protokolls</translation>
    </message>
    <message>
        <source>Whose transcript to show</source>
        <translation>Wessen Protokoll gezeigt wird</translation>
    </message>
    <message>
        <source>Transcript of:</source>
        <translation>Protokoll von:</translation>
    </message>
    <message>
        <source>Prompt JSON</source>
        <translation>Prompt-JSON</translation>
    </message>
    <message>
        <source>Response JSON</source>
        <translation>Antwort-JSON</translation>
    </message>
    <message>
        <source>Live token stream</source>
        <translation>Live-Tokenstrom</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Live stream</source>
        <translation>Live-Strom</translation>
    </message>
    <message>
        <source>Select a draft to see its tribunal.</source>
        <translation>Wählen Sie einen Entwurf, um sein Tribunal zu sehen.</translation>
    </message>
    <message>
        <source>0 — first draft</source>
        <translation>0 — erster Entwurf</translation>
    </message>
    <message>
        <source>%1 — revised</source>
        <translation>%1 — überarbeitet</translation>
    </message>
    <message>
        <source>The tribunal has not reviewed this draft yet; tokens stream into &quot;Live stream&quot; while it runs.</source>
        <translation>Das Tribunal hat diesen Entwurf noch nicht begutachtet; während es läuft, strömen Token in „Live-Strom“.</translation>
    </message>
    <message>
        <source>This draft has no reviews.</source>
        <translation>Dieser Entwurf hat keine Gutachten.</translation>
    </message>
    <message>
        <source>Tribunal mean — %1</source>
        <translation>Mittel des Tribunals — %1</translation>
    </message>
    <message>
        <source>No review from this role in this round.</source>
        <translation>Kein Gutachten dieser Rolle in dieser Runde.</translation>
    </message>
    <message>
        <source>%1/10 · %2</source>
        <translation>%1/10 · %2</translation>
    </message>
    <message>
        <source>  (round %1: %2, %3%4)</source>
        <translation>  (Runde %1: %2, %3%4)</translation>
    </message>
    <message>
        <source>%1 score</source>
        <translation>Bewertung %1</translation>
    </message>
    <message>
        <source>claim %1</source>
        <translation>Aussage %1</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Open claim %1 on the Claims tab</source>
        <translation>Aussage %1 im Reiter Aussagen öffnen</translation>
    </message>
    <message>
        <source>No issues raised.</source>
        <translation>Keine Einwände erhoben.</translation>
    </message>
    <message>
        <source>No transcript for this role and round.</source>
        <translation>Kein Protokoll für diese Rolle und Runde.</translation>
    </message>
    <message>
        <source> (partial: %1 of %2 reviewers answered)</source>
        <translation> (unvollständig: %1 von %2 Gutachtern haben geantwortet)</translation>
    </message>
    <message>
        <source>round %1: %2/10 %3%4</source>
        <translation>Runde %1: %2/10 %3%4</translation>
    </message>
    <message>
        <source>FAILED — not counted</source>
        <translation>FEHLGESCHLAGEN — nicht gezählt</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>No usable answer: %1</source>
        <translation>Keine brauchbare Antwort: %1</translation>
    </message>
    <message>
        <source>The server sent no reply.</source>
        <translation>Der Server hat nicht geantwortet.</translation>
    </message>
    <message>
        <source>The raw reply is in the transcript below (%1 characters).</source>
        <translation>Die Rohantwort steht im Protokoll unten (%1 Zeichen).</translation>
    </message>
    <message>
        <source>backend %1%2 · %3 ms · %4 prompt / %5 completion tokens%6</source>
        <translation>Backend %1%2 · %3 ms · %4 Prompt- / %5 Antwort-Token%6</translation>
    </message>
    <message>
        <source> · FAILED: %1</source>
        <translation> · FEHLGESCHLAGEN: %1</translation>
    </message>
    <message>
        <source>Rule-based reviewers do not stream: they score the draft by fixed rules in one step, so there are no tokens to show. The Response and Prompt tabs hold what they stored. LLM reviewers stream their tokens here while a run is under way.</source>
        <translation>Regelbasierte Gutachter streamen nicht: Sie bewerten den Entwurf in einem Schritt nach festen Regeln, daher gibt es keine Tokens zu zeigen. Die Reiter Antwort und Prompt enthalten, was sie gespeichert haben. LLM-Gutachter streamen ihre Tokens hier, während ein Lauf im Gange ist.</translation>
    </message>
    <message>
        <source>Tokens stream here while a run is under way; this run&apos;s stored answer is on the Response tab.</source>
        <translation>Tokens erscheinen hier, während ein Lauf im Gange ist; die gespeicherte Antwort dieses Laufs steht auf dem Reiter Antwort.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Review, decide on and publish SOVEREIGN drafts.</source>
        <translation>SOVEREIGN-Entwürfe prüfen, über sie entscheiden und sie veröffentlichen.</translation>
    </message>
    <message>
        <source>Database file (default: $SOVEREIGN_DB, else the user&apos;s data directory).</source>
        <translation>Datenbankdatei (Standard: $SOVEREIGN_DB, sonst das Datenverzeichnis des Benutzers).</translation>
    </message>
    <message>
        <source>Open with this draft selected (draft id or SRCH id).</source>
        <translation>Mit diesem Entwurf gewählt öffnen (Entwurfs-ID oder SRCH-ID).</translation>
    </message>
    <message>
        <source>Open on this tab: draft, claims, tribunal, record, pipeline, history.</source>
        <translation>Auf diesem Reiter öffnen: draft, claims, tribunal, record, pipeline, history.</translation>
    </message>
    <message>
        <source>Open on this queue (0 Escalated … 5 All).</source>
        <translation>Auf dieser Warteschlange öffnen (0 Eskaliert … 5 Alle).</translation>
    </message>
    <message>
        <source>Open the PDF preview of the selected draft (with --select-draft).</source>
        <translation>Die PDF-Vorschau des gewählten Entwurfs öffnen (mit --select-draft).</translation>
    </message>
    <message>
        <source>The database could not be opened.

%1</source>
        <translation>Die Datenbank konnte nicht geöffnet werden.

%1</translation>
    </message>
    <message>
        <source>The decision ledger could not be opened.

%1</source>
        <translation>Das Entscheidungsprotokoll konnte nicht geöffnet werden.

%1</translation>
    </message>
    <message>
        <source>Import this file of paper metadata (arXiv OAI JSON-lines or Atom) into the corpus, with progress.</source>
        <translation>Diese Datei mit Paper-Metadaten (arXiv OAI-JSON-Lines oder Atom) mit Fortschrittsanzeige in den Korpus importieren.</translation>
    </message>
    <message numerus="yes">
        <source>

%n unsent note(s) were kept; each comes back when you open the same decision or correction again.</source>
        <translation>
            <numerusform>

%n nicht gesendete Notiz wurde aufbewahrt; sie kommt zurück, wenn Sie dieselbe Entscheidung oder Korrektur wieder öffnen.</numerusform>
            <numerusform>

%n nicht gesendete Notizen wurden aufbewahrt; jede kommt zurück, wenn Sie dieselbe Entscheidung oder Korrektur wieder öffnen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Recovered after an unclean exit</source>
        <translation>Nach einem unsauberen Beenden wiederhergestellt</translation>
    </message>
</context>
</TS>
