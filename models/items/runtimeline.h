#pragma once

// RunTimeline: the stages of one run, folded from its event stream (live or stored). Lanes follow a
// fixed skeleton (plan, search + four query lanes, merge, index, extract, verify, compose, tribunal
// + three role lanes, revise, policy, record) so a live view shows what is still to come; a second
// tribunal round adds its own role lanes. Waits (e.g. the arXiv rate limit) are kept as intervals.
// Pure value type: no I/O, no Qt object.

#include "models/types/types.h"

#include <QList>
#include <QPair>

namespace Sovereign::Models {

struct TimelineLane
{
    enum class State { Pending, Running, Waiting, Done, Failed, Cancelled, Skipped };

    QString key;   // stage, or stage + '/' + lane; tribunal round n >= 1 uses "tribunal#n"
    QString stage; // as in the events
    QString lane;  // query-1, SKEPTIC ... or empty for the stage itself
    int round = 0;
    State state = State::Pending;
    qint64 startMs = -1; // elapsed since run start
    qint64 endMs = -1;
    QList<QPair<qint64, qint64>> waits; // [start, end); end -1 while waiting
    int tokens = 0;
    int events = 0;
    double progress = -1; // 0..1 when reported
    QString message;      // latest message

    QString label() const;
    qint64 durationMs(qint64 nowMs) const; // -1 when not started
    qint64 waitedMs(qint64 nowMs) const;
    bool isSubLane() const { return !lane.isEmpty(); }
};

QString toText(TimelineLane::State s);

class RunTimeline
{
public:
    RunTimeline();

    void clear();
    void apply(const RunEvent &event);
    void applyAll(const QList<RunEvent> &events);
    // The run ended: lanes never started become Skipped, lanes still open take the run's outcome.
    void finish(RunStatus status, qint64 atElapsedMs);

    const QList<TimelineLane> &lanes() const { return m_lanes; }
    int indexOf(const QString &key) const;
    qint64 lastElapsedMs() const { return m_lastElapsedMs; }
    bool isFinished() const { return m_finished; }
    std::optional<RunStatus> outcome() const { return m_outcome; }

private:
    int ensureLane(const QString &stage, const QString &lane, int round);
    static int rank(const QString &stage, const QString &lane, int round);

    QList<TimelineLane> m_lanes;
    qint64 m_lastElapsedMs = 0;
    int m_tribunalRound = 0;
    bool m_finished = false;
    std::optional<RunStatus> m_outcome;
};

} // namespace Sovereign::Models
