#pragma once

// Reading model answers by meaning. Servers that do not enforce the requested JSON schema answer
// in many near-miss shapes: the score as "5.9/10", issues as {id, target, message} or
// {location, description} or plain strings, a claim named "claim C2", "[2]" or 2, the answer
// wrapped in {"review": {...}}, the list given bare instead of inside its object, members named
// "rating", "reasoning", "problems" ... Each reader below turns such an answer into the project's
// canonical shape (the prompts' *.schema.json), ignoring members it does not know. It lists as
// problems only what is required and cannot be found (so a repair request says exactly what is
// missing); everything optional gets a default.

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <optional>

namespace Sovereign::Pipeline::AnswerReader {

struct Reading
{
    QJsonObject answer;   // canonical shape, valid when problems is empty
    QStringList problems; // what is required and missing, as sentences for the repair request
    QStringList notes;    // what was read leniently (shown with the transcript)
};

// 7, 7.5, "7.5", "5.9/10", "59/100", "8 out of 10", "85%", {"value": 7}; nullopt if unreadable.
// Scores above 10 without a scale are read as percentages. The result is clamped to 0..10.
std::optional<double> readScore(const QJsonValue &v);
// 2, "2", "[2]", "C2", "claim C2", "Claim #2", "claims 2 and 3" (the first); nullopt if none.
std::optional<int> readClaimRef(const QJsonValue &v);
// minor | major | critical from the many words models use (high, low, blocker, medium ...).
QString readSeverity(const QJsonValue &v);
// APPROVE | REVISE | REJECT, or empty when the word is not a verdict.
QString readVerdict(const QJsonValue &v);

// A member by any of its names, compared without case, '_', '-' or spaces ("Overall Score" ==
// "overall_score"); Undefined when none is present.
QJsonValue member(const QJsonObject &o, const QStringList &names);

// The answer object for a role: unwraps {"review": {...}} / {"result": {...}} / [{...}] when the
// expected members are one level down.
QJsonObject unwrap(const QJsonValue &v, const QStringList &expectedMembers);

Reading readReview(const QJsonValue &v);
Reading readPlanner(const QJsonValue &v);
Reading readExtractor(const QJsonValue &v);
Reading readReviser(const QJsonValue &v);
Reading readSynthesizer(const QJsonValue &v);
Reading readStance(const QJsonValue &v);

} // namespace Sovereign::Pipeline::AnswerReader
