#pragma once

// Fixture generator for GUI tests, the GUI benchmark and the screenshots: N drafts with their runs,
// papers, revisions, claims, reviews (with transcripts), event streams, public records, decisions,
// a claim edit and a correction, written through Store. All text is invented for the fixtures.
// Deterministic for a given seed.

#include "models/storage/store.h"

#include <QTimeZone>

namespace Sovereign::Test {

struct FixtureOptions
{
    int drafts = 12;
    // Drafts past this index get only a run, the draft row and its public record (fast bulk mode
    // for the 10,000-draft benchmark); -1: every draft is complete.
    int detailedDrafts = -1;
    quint32 seed = 20260528;
    QString owner = QStringLiteral("Dana Whitfield");
    QDateTime newest = QDateTime(QDate(2026, 5, 28), QTime(16, 40), QTimeZone::UTC);
};

struct FixtureSummary
{
    QList<qint64> draftIds; // newest first, as the draft list shows them
    QHash<Models::DraftState, int> counts;
    qint64 escalatedDraftId = 0; // a complete escalated draft with a revision round
    qint64 approvedDraftId = 0;  // a complete approved draft with a correction
};

Models::Result<FixtureSummary> generateFixtures(Models::Store &store, const FixtureOptions &options = {});

// A stored, complete run event stream for one run: what the pipeline emits (used to replay and to
// feed a fake live run). Round 1 events appear when withRevision.
QList<Models::RunEvent> fixtureEvents(qint64 runId, bool withRevision, bool withWait, qint64 startMs = 0);

} // namespace Sovereign::Test
