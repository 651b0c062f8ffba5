#pragma once

// Fixture drafts for the publication tests, written straight through Store: a run, its papers, an
// escalated (or auto-approved) draft with sections, claims and three reviews, and a contract-shaped
// public record. The text is our own.

#include "models/storage/store.h"
#include "pipeline/publish/owneractions.h"

#include <QJsonObject>
#include <QStringList>

namespace Sovereign::Test {

struct FixtureClaim
{
    QString text;
    double confidence = 0.2;
};

struct FixtureDraft
{
    QString question = QStringLiteral("Does curriculum ordering of retrieval passages reduce hallucinated "
                                      "citations in long-form question answering?");
    QString sourceTitle = QStringLiteral("Ordered Evidence: Curriculum Retrieval for Grounded Long-Form Answers");
    QString title; // empty: "SOVEREIGN: " + question
    QList<FixtureClaim> claims = {
        {QStringLiteral("Ordering passages from general to specific lowers the rate of unsupported citations by "
                        "about a fifth on the evaluation set."), 0.31},
        {QStringLiteral("The gain shrinks when fewer than four passages are retrieved."), 0.22},
        {QStringLiteral("Answer fluency, judged by annotators, is unchanged by the ordering."), 0.12},
        {QStringLiteral("The method adds no parameters and no training cost."), 0.41},
    };
    QMap<QString, QString> extraSections; // heading -> text, added after the template sections
    double score = 7.8;
    bool autoApproved = false; // else escalated
};

// Creates everything and returns the draft id (the draft is not yet published).
Models::Result<qint64> makeFixtureDraft(Models::Store &store, const FixtureDraft &fixture);

// A public record shaped like the contracts (verification-levels-v1, quality-tiers-v1,
// quality-dimensions-v1, correction-record-v1, and our source-provenance extension), computed from
// the stored draft, claims and corrections. Tests use it as the record rebuilder until the
// pipeline's builder is wired in.
Models::Result<QJsonObject> fixtureRecord(const Models::Store &store, qint64 draftId);
Models::Status rebuildFixtureRecord(Models::Store &store, qint64 draftId);

// OwnerActions with the fixture record rebuilder connected.
void connectFixtureRebuilder(Pipeline::OwnerActions &actions);

} // namespace Sovereign::Test
