#include "runtimeline.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>

namespace Sovereign::Models {

namespace {

const QStringList &stageOrder()
{
    static const QStringList order = {QStringLiteral("plan"),    QStringLiteral("search"),  QStringLiteral("merge"),
                                      QStringLiteral("index"),   QStringLiteral("extract"), QStringLiteral("verify"),
                                      QStringLiteral("compose"), QStringLiteral("tribunal"), QStringLiteral("revise"),
                                      QStringLiteral("policy"),  QStringLiteral("record")};
    return order;
}

int laneOrder(const QString &lane)
{
    if (lane.isEmpty())
        return 0;
    if (lane.startsWith(QLatin1StringView("query-")))
        return lane.mid(6).toInt();
    if (auto role = roleFromString(lane))
        return 1 + int(*role);
    return 50;
}

bool isRunStage(const QString &stage) { return stage == QLatin1StringView("run") || stage.isEmpty(); }

} // namespace

QString toText(TimelineLane::State s)
{
    switch (s) {
    case TimelineLane::State::Pending:
        return QCoreApplication::translate("RunTimeline", "pending");
    case TimelineLane::State::Running:
        return QCoreApplication::translate("RunTimeline", "running");
    case TimelineLane::State::Waiting:
        return QCoreApplication::translate("RunTimeline", "waiting");
    case TimelineLane::State::Done:
        return QCoreApplication::translate("RunTimeline", "done");
    case TimelineLane::State::Failed:
        return QCoreApplication::translate("RunTimeline", "failed");
    case TimelineLane::State::Cancelled:
        return QCoreApplication::translate("RunTimeline", "cancelled");
    case TimelineLane::State::Skipped:
        return QCoreApplication::translate("RunTimeline", "skipped");
    }
    return {};
}

QString TimelineLane::label() const
{
    QString base = stage;
    if (round > 0)
        base += QCoreApplication::translate("RunTimeline", " (round %1)").arg(round);
    if (lane.isEmpty())
        return base;
    return QStringLiteral("    %1").arg(lane);
}

qint64 TimelineLane::durationMs(qint64 nowMs) const
{
    if (startMs < 0)
        return -1;
    return std::max<qint64>(0, (endMs >= 0 ? endMs : nowMs) - startMs);
}

qint64 TimelineLane::waitedMs(qint64 nowMs) const
{
    qint64 total = 0;
    for (const auto &w : waits)
        total += std::max<qint64>(0, (w.second >= 0 ? w.second : nowMs) - w.first);
    return total;
}

RunTimeline::RunTimeline() { clear(); }

void RunTimeline::clear()
{
    m_lanes.clear();
    m_lastElapsedMs = 0;
    m_tribunalRound = 0;
    m_finished = false;
    m_outcome.reset();
    for (const QString &stage : stageOrder()) {
        ensureLane(stage, {}, 0);
        if (stage == QLatin1StringView("search"))
            for (int i = 1; i <= 4; ++i)
                ensureLane(stage, QStringLiteral("query-%1").arg(i), 0);
        if (stage == QLatin1StringView("tribunal"))
            for (Role r : AllRoles)
                ensureLane(stage, toText(r), 0);
    }
}

int RunTimeline::rank(const QString &stage, const QString &lane, int round)
{
    int s = int(stageOrder().indexOf(stage));
    if (s < 0)
        s = int(stageOrder().indexOf(QStringLiteral("policy"))) * 2 - 1; // unknown stages before policy
    else
        s *= 2;
    if (stage == QLatin1StringView("tribunal") && round > 0)
        s = int(stageOrder().indexOf(QStringLiteral("revise"))) * 2 + 1; // after the revision it reviews
    return s * 1000 + round * 100 + laneOrder(lane);
}

int RunTimeline::indexOf(const QString &key) const
{
    for (int i = 0; i < m_lanes.size(); ++i)
        if (m_lanes.at(i).key == key)
            return i;
    return -1;
}

int RunTimeline::ensureLane(const QString &stage, const QString &lane, int round)
{
    QString key = round > 0 ? QStringLiteral("%1#%2").arg(stage).arg(round) : stage;
    if (!lane.isEmpty())
        key += QLatin1Char('/') + lane;
    if (int i = indexOf(key); i >= 0)
        return i;
    if (!lane.isEmpty())
        ensureLane(stage, {}, round); // a lane always has its stage row above it
    TimelineLane l;
    l.key = key;
    l.stage = stage;
    l.lane = lane;
    l.round = round;
    const int r = rank(stage, lane, round);
    int at = 0;
    while (at < m_lanes.size() && rank(m_lanes.at(at).stage, m_lanes.at(at).lane, m_lanes.at(at).round) <= r)
        ++at;
    m_lanes.insert(at, l);
    return at;
}

void RunTimeline::apply(const RunEvent &e)
{
    m_lastElapsedMs = std::max(m_lastElapsedMs, e.elapsedMs);
    if (isRunStage(e.stage)) {
        if (e.kind == EventKind::Finished)
            finish(RunStatus::Succeeded, e.elapsedMs);
        else if (e.kind == EventKind::Failed)
            finish(RunStatus::Failed, e.elapsedMs);
        else if (e.kind == EventKind::Cancelled)
            finish(RunStatus::Cancelled, e.elapsedMs);
        return;
    }
    int round = e.data.value(QStringLiteral("round")).toInt(0);
    if (e.stage == QLatin1StringView("revise") && e.kind == EventKind::Started)
        m_tribunalRound = std::max(m_tribunalRound, 1 + round);
    if (e.stage == QLatin1StringView("tribunal") && !e.data.contains(QStringLiteral("round")))
        round = m_tribunalRound; // a tribunal after a revision reviews the revised draft
    if (e.stage != QLatin1StringView("tribunal"))
        round = 0;
    const int i = ensureLane(e.stage, e.lane, round);
    TimelineLane &l = m_lanes[i];
    ++l.events;
    if (!e.message.isEmpty() && e.kind != EventKind::Token)
        l.message = e.message;
    auto start = [&] {
        if (l.startMs < 0)
            l.startMs = e.elapsedMs;
        if (l.state == TimelineLane::State::Pending || l.state == TimelineLane::State::Skipped)
            l.state = TimelineLane::State::Running;
    };
    auto closeWait = [&] {
        if (!l.waits.isEmpty() && l.waits.last().second < 0)
            l.waits.last().second = e.elapsedMs;
        if (l.state == TimelineLane::State::Waiting)
            l.state = TimelineLane::State::Running;
    };
    switch (e.kind) {
    case EventKind::Started:
        start();
        break;
    case EventKind::Progress:
    case EventKind::Log:
    case EventKind::Token:
        start();
        closeWait();
        if (e.kind == EventKind::Token)
            ++l.tokens;
        if (e.kind == EventKind::Progress) {
            const double f = e.data.value(QStringLiteral("fraction")).toDouble(-1);
            if (f >= 0)
                l.progress = std::min(1.0, f);
        }
        break;
    case EventKind::Wait: {
        start();
        closeWait();
        qint64 ms = -1;
        for (const auto *k : {"wait_ms", "ms", "duration_ms"})
            if (e.data.contains(QLatin1StringView(k)))
                ms = qint64(e.data.value(QLatin1StringView(k)).toDouble());
        // A wait with a known length is drawn whole; an open one closes with the lane's next event.
        l.waits.append({e.elapsedMs, ms >= 0 ? e.elapsedMs + ms : -1});
        l.state = TimelineLane::State::Waiting;
        break;
    }
    case EventKind::Finished:
    case EventKind::Failed:
    case EventKind::Cancelled:
        start();
        closeWait();
        l.endMs = e.elapsedMs;
        l.state = e.kind == EventKind::Finished ? TimelineLane::State::Done
                  : e.kind == EventKind::Failed ? TimelineLane::State::Failed
                                                : TimelineLane::State::Cancelled;
        if (e.kind == EventKind::Finished)
            l.progress = 1;
        break;
    }
    // A stage row with lanes spans its lanes.
    if (!e.lane.isEmpty()) {
        const int s = ensureLane(e.stage, {}, round);
        TimelineLane &stageRow = m_lanes[s];
        if (stageRow.startMs < 0 || stageRow.startMs > l.startMs)
            stageRow.startMs = l.startMs;
        if (stageRow.state == TimelineLane::State::Pending)
            stageRow.state = TimelineLane::State::Running;
        bool allEnded = true;
        qint64 end = -1;
        for (const TimelineLane &o : std::as_const(m_lanes)) {
            if (!o.isSubLane() || o.stage != e.stage || o.round != round || o.state == TimelineLane::State::Pending)
                continue;
            allEnded = allEnded && o.endMs >= 0;
            end = std::max(end, o.endMs);
        }
        if (allEnded && stageRow.state == TimelineLane::State::Running) {
            stageRow.endMs = end;
            stageRow.state = TimelineLane::State::Done;
        }
    }
}

void RunTimeline::applyAll(const QList<RunEvent> &events)
{
    for (const RunEvent &e : events)
        apply(e);
}

void RunTimeline::finish(RunStatus status, qint64 atElapsedMs)
{
    m_finished = true;
    m_outcome = status;
    m_lastElapsedMs = std::max(m_lastElapsedMs, atElapsedMs);
    for (TimelineLane &l : m_lanes) {
        if (!l.waits.isEmpty() && l.waits.last().second < 0)
            l.waits.last().second = atElapsedMs;
        switch (l.state) {
        case TimelineLane::State::Pending:
            l.state = TimelineLane::State::Skipped;
            break;
        case TimelineLane::State::Running:
        case TimelineLane::State::Waiting:
            l.endMs = atElapsedMs;
            l.state = status == RunStatus::Succeeded ? TimelineLane::State::Done
                      : status == RunStatus::Failed  ? TimelineLane::State::Failed
                                                     : TimelineLane::State::Cancelled;
            break;
        default:
            break;
        }
    }
    // Stage rows with lanes end with their last lane.
    for (TimelineLane &stageRow : m_lanes) {
        if (stageRow.isSubLane())
            continue;
        for (const TimelineLane &l : std::as_const(m_lanes))
            if (l.isSubLane() && l.stage == stageRow.stage && l.round == stageRow.round && l.endMs > stageRow.endMs)
                stageRow.endMs = l.endMs;
    }
}

} // namespace Sovereign::Models
