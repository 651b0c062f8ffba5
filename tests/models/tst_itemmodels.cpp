// Every item model of the workbench under QAbstractItemModelTester, filled from fixture data
// (including the lazily paged draft list, whose pages load on a pool thread).
#include "support/fixtures.h"
#include "models/items/claimtablemodel.h"
#include "models/storage/loaders.h"
#include "models/items/draftlistmodel.h"
#include "models/items/historymodel.h"
#include "models/items/queuemodel.h"
#include "models/items/runlogmodel.h"
#include "models/items/timelinemodel.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Models;

class TestItemModels : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init() { Test::failOnAnyWarning(); }
    void draftListPagesLazily();
    void draftListFiltersAndUpserts();
    void queueModel();
    void claimModel();
    void timelineModel();
    void runLogModel();
    void historyModel();

private:
    Test::TempDatabase m_db;
    Test::FixtureSummary m_fixture;
    DraftDetails detailsOf(qint64 id);
};

void TestItemModels::initTestCase()
{
    QVERIFY2(m_db.isValid(), qPrintable(m_db.error()));
    Store store(m_db.db());
    Test::FixtureOptions o;
    o.drafts = 45;
    auto f = Test::generateFixtures(store, o);
    QVERIFY_OK(f);
    m_fixture = *f;
}

DraftDetails TestItemModels::detailsOf(qint64 id)
{
    Store store(m_db.db());
    auto d = loadDraftDetails(store, id);
    if (!d)
        qFatal("%s", qPrintable(d.error()));
    return *d;
}

void TestItemModels::draftListPagesLazily()
{
    auto db = m_db.db();
    DraftListModel model([db](const DraftFilter &f) { return loadDraftPageAsync(db, f); });
    model.setPageSize(10);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.reload();
    // The tester itself may call fetchMore() as soon as rows arrive, so the model can be loading its
    // second page already: check the first page by its insertion, not by a momentary row count.
    QTRY_VERIFY(!inserted.isEmpty());
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 9); // one page of 10
    QVERIFY(!model.isExhausted());
    while (model.canFetchMore({}) || model.isLoading()) {
        if (model.canFetchMore({}))
            model.fetchMore({});
        QTRY_VERIFY(!model.isLoading());
    }
    QCOMPARE(model.rowCount(), 45);
    // Newest first, every id once, in the order the fixture made them.
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.index(r, 0).data(DraftListModel::DraftIdRole).toLongLong(), m_fixture.draftIds.at(r));
    QVERIFY(model.isExhausted());
    QVERIFY(!model.canFetchMore({}));
}

void TestItemModels::draftListFiltersAndUpserts()
{
    auto db = m_db.db();
    DraftListModel model([db](const DraftFilter &f) { return loadDraftPageAsync(db, f); });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFilter(DraftState::Escalated, QString());
    QTRY_VERIFY(!model.isLoading() && model.rowCount() > 0);
    QCOMPARE(model.rowCount(), m_fixture.counts.value(DraftState::Escalated));
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.index(r, DraftListModel::StateColumn).data().toString(), QStringLiteral("Escalated"));
    // A decision moves the first draft out of the Escalated queue.
    Draft d = model.draftAt(0);
    d.state = DraftState::Approved;
    model.upsert(d);
    QCOMPARE(model.rowOf(d.id), -1);
    d.state = DraftState::Escalated;
    model.upsert(d);
    QCOMPARE(model.rowOf(d.id), 0);

    model.setFilter(std::nullopt, QStringLiteral("crystal"));
    QTRY_VERIFY(!model.isLoading() && model.rowCount() > 0);
    for (int r = 0; r < model.rowCount(); ++r)
        QVERIFY(model.draftAt(r).question.contains(QStringLiteral("crystal"), Qt::CaseInsensitive));
}

void TestItemModels::queueModel()
{
    QueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCounts(m_fixture.counts);
    QCOMPARE(model.rowCount(), int(QueueModel::QueueCount));
    QCOMPARE(model.count(QueueModel::Escalated), m_fixture.counts.value(DraftState::Escalated));
    QCOMPARE(model.count(QueueModel::All), 45);
    QCOMPARE(model.index(QueueModel::Escalated).data().toString(),
             QStringLiteral("Escalated (%1)").arg(m_fixture.counts.value(DraftState::Escalated)));
}

void TestItemModels::claimModel()
{
    const DraftDetails d = detailsOf(m_fixture.escalatedDraftId);
    ClaimTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClaims(d.claimsOfRound(0), d.papers);
    QVERIFY(model.rowCount() >= 6);
    for (int r = 0; r < model.rowCount(); ++r) {
        const double conf = model.index(r, 0).data(ClaimTableModel::ConfidenceRole).toDouble();
        QCOMPARE(model.index(r, 0).data(ClaimTableModel::VerifiedRole).toBool(), conf >= 0.15);
        QCOMPARE(model.index(r, ClaimTableModel::ConfidenceColumn).data(ClaimTableModel::SortRole).toDouble(), conf);
    }
    Claim c = model.claimAt(0);
    c.verifiedOverride = !c.verified;
    model.updateClaim(c);
    QCOMPARE(model.index(0, 0).data(ClaimTableModel::VerifiedRole).toBool(), !c.verified);
    QVERIFY(model.index(0, ClaimTableModel::VerifiedColumn).data().toString().contains(QStringLiteral("override")));
    model.setThreshold(0.3);
    QCOMPARE(model.index(1, 0).data(ClaimTableModel::ThresholdRole).toDouble(), 0.3);
}

void TestItemModels::timelineModel()
{
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<RunEvent> events = Test::fixtureEvents(1, true, true);
    for (const RunEvent &e : events)
        model.appendEvent(e);
    const RunTimeline &t = model.timeline();
    QVERIFY(t.isFinished());
    for (int i = 1; i <= 4; ++i)
        QCOMPARE(t.lanes().at(t.indexOf(QStringLiteral("search/query-%1").arg(i))).state == TimelineLane::State::Done, true);
    const TimelineLane &waited = t.lanes().at(t.indexOf(QStringLiteral("search/query-3")));
    QCOMPARE(waited.waits.size(), 1);
    QCOMPARE(waited.waitedMs(t.lastElapsedMs()), 3000);
    QVERIFY(t.indexOf(QStringLiteral("tribunal#1/SKEPTIC")) > t.indexOf(QStringLiteral("revise")));
    QCOMPARE(t.lanes().at(t.indexOf(QStringLiteral("tribunal/VALIDATOR"))).tokens, 3);
    QCOMPARE(t.lanes().at(t.indexOf(QStringLiteral("revise"))).state == TimelineLane::State::Done, true);

    // Replay of a run without revision: the revise lane is skipped, not left pending.
    model.setEvents(2, Test::fixtureEvents(2, false, false), RunStatus::Succeeded);
    QCOMPARE(model.timeline().lanes().at(model.timeline().indexOf(QStringLiteral("revise"))).state == TimelineLane::State::Skipped, true);
    QVERIFY(model.rowCount() >= 18);
}

void TestItemModels::runLogModel()
{
    RunLogModel model;
    RunLogFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<RunEvent> events = Test::fixtureEvents(1, false, true);
    int tokens = 0;
    for (const RunEvent &e : events) {
        model.appendEvent(e);
        tokens += e.kind == EventKind::Token ? 1 : 0;
    }
    QCOMPARE(model.rowCount(), int(events.size()) - tokens);
    filter.setKinds({EventKind::Wait});
    QCOMPARE(filter.rowCount(), 1);
    QVERIFY(filter.index(0, RunLogModel::MessageColumn).data().toString().contains(QStringLiteral("rate limit")));
    filter.setKinds({});
    filter.setText(QStringLiteral("query-2"));
    QCOMPARE(filter.rowCount(), 2);
}

void TestItemModels::historyModel()
{
    const DraftDetails d = detailsOf(m_fixture.approvedDraftId);
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDetails(d);
    QCOMPARE(model.rowCount(), int(d.decisions.size() + d.claimEdits.size() + d.corrections.size()));
    QVERIFY(model.rowCount() >= 2);
    QCOMPARE(model.index(0, HistoryModel::WhatColumn).data().toString(), QStringLiteral("Approved"));
    QVERIFY(model.index(1, HistoryModel::WhatColumn).data().toString().startsWith(QStringLiteral("Correction")));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestItemModels)
#include "tst_itemmodels.moc"
