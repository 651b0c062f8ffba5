#include "pipelinetab.h"

#include "displaytext.h"
#include "models/items/runlogmodel.h"
#include "models/items/timelinemodel.h"
#include "timelinewidget.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Sovereign::Ui {

using namespace Models;

PipelineTab::PipelineTab(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_cancel = new QPushButton(tr("Cancel run"), this);
    m_cancel->setToolTip(tr("Stop this run; what it produced so far is kept"));
    m_cancel->setAccessibleName(tr("Cancel run"));
    bar->addWidget(m_header, 1);
    bar->addWidget(m_cancel);
    layout->addLayout(bar);

    m_timeline = new TimelineModel(this);
    m_widget = new TimelineWidget(m_timeline, this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_widget);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_stages = new QTableView(this);
    m_stages->setModel(m_timeline);
    m_stages->verticalHeader()->hide();
    m_stages->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_stages->horizontalHeader()->setStretchLastSection(true);
    m_stages->setAccessibleName(tr("Stage durations and states"));
    m_stages->setWordWrap(false);

    m_log = new RunLogModel(this);
    m_filter = new RunLogFilterModel(this);
    m_filter->setSourceModel(m_log);
    auto *logBox = new QWidget(this);
    auto *ll = new QVBoxLayout(logBox);
    ll->setContentsMargins(0, 0, 0, 0);
    auto *fl = new QHBoxLayout;
    m_filterText = new QLineEdit(logBox);
    m_filterText->setPlaceholderText(tr("Filter the log (stage, lane, message)…"));
    m_filterText->setClearButtonEnabled(true);
    m_filterText->setAccessibleName(tr("Log filter"));
    m_filterKind = new QComboBox(logBox);
    m_filterKind->addItems({tr("All events"), tr("Stage start/finish"), tr("Waits"), tr("Failures"), tr("Log lines")});
    m_filterKind->setAccessibleName(tr("Event kinds"));
    m_filterKind->setToolTip(tr("Show only some kinds of events"));
    fl->addWidget(m_filterText, 1);
    fl->addWidget(m_filterKind);
    ll->addLayout(fl);
    auto *logView = new QTableView(logBox);
    logView->setModel(m_filter);
    logView->verticalHeader()->hide();
    logView->horizontalHeader()->setStretchLastSection(true);
    // Short columns sized to their content, the message gets the rest (its full text is the tooltip).
    logView->horizontalHeader()->resizeSection(RunLogModel::TimeColumn, logView->fontMetrics().horizontalAdvance(QStringLiteral("+000.000 s")) + 12);
    logView->horizontalHeader()->resizeSection(RunLogModel::StageColumn, logView->fontMetrics().horizontalAdvance(QStringLiteral("tribunal ")) + 12);
    logView->horizontalHeader()->resizeSection(RunLogModel::LaneColumn, logView->fontMetrics().horizontalAdvance(QStringLiteral("tribunal#1/SYNTHESIZER")) + 12);
    logView->horizontalHeader()->resizeSection(RunLogModel::KindColumn, logView->fontMetrics().horizontalAdvance(QStringLiteral("finished ")) + 12);
    logView->setAccessibleName(tr("Run log"));
    logView->setWordWrap(false);
    ll->addWidget(logView, 1);

    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_stages);
    lower->addWidget(logBox);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(scroll);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    m_clock = new QTimer(this);
    m_clock->setInterval(250);
    connect(m_clock, &QTimer::timeout, this, [this] {
        if (m_live && m_clockOffsetMs)
            m_timeline->setNow(QDateTime::currentMSecsSinceEpoch() - m_clockOffsetMs);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_live)
            emit cancelRequested(m_run.id);
    });
    connect(m_filterText, &QLineEdit::textChanged, m_filter, &RunLogFilterModel::setText);
    connect(m_filterKind, &QComboBox::currentIndexChanged, this, &PipelineTab::applyKindFilter);
    clear(tr("Select a draft to replay its run, or start a new run (Ctrl+N)."));
}

void PipelineTab::applyKindFilter()
{
    switch (m_filterKind->currentIndex()) {
    case 1:
        m_filter->setKinds({EventKind::Started, EventKind::Finished});
        break;
    case 2:
        m_filter->setKinds({EventKind::Wait});
        break;
    case 3:
        m_filter->setKinds({EventKind::Failed, EventKind::Cancelled});
        break;
    case 4:
        m_filter->setKinds({EventKind::Log, EventKind::Progress});
        break;
    default:
        m_filter->setKinds({});
    }
}

void PipelineTab::clear(const QString &emptyMessage)
{
    m_run = {};
    m_live = false;
    m_watched = false;
    m_clock->stop();
    m_timeline->setEvents(0, {}, std::nullopt);
    m_log->setEvents({});
    m_header->setText(emptyMessage);
    m_cancel->setEnabled(false);
}

void PipelineTab::setRun(const Run &run, const QList<RunEvent> &events, bool live)
{
    m_run = run;
    m_live = live;
    m_watched = live;
    m_timeline->setEvents(run.id, events, live ? std::nullopt : std::optional<RunStatus>(run.status));
    m_log->setEvents(events);
    m_clockOffsetMs = events.isEmpty() ? 0 : events.constLast().atMs - events.constLast().elapsedMs;
    if (live)
        m_clock->start();
    else
        m_clock->stop();
    updateHeader();
}

void PipelineTab::updateHeader()
{
    // The SRCH id once the run has stored one; a run just started has only its number.
    const QString id = m_run.srchId.isEmpty() ? tr("Run %1").arg(m_run.id) : m_run.srchId;
    QString s = tr("%1 · %2").arg(id, toText(m_run.status));
    if (m_live)
        s = tr("%1 · running live").arg(id);
    else if (m_run.startedAt.isValid() && m_run.finishedAt.isValid())
        s += tr(" · %1").arg(TimelineModel::duration(m_run.startedAt.msecsTo(m_run.finishedAt)));
    if (!m_run.error.isEmpty())
        s += tr(" · %1").arg(m_run.error);
    if (m_watched && !m_live)
        s += tr(" · watched live, %n event(s)", nullptr, m_log->rowCount());
    else if (!m_live)
        s += tr(" · replayed from %n stored event(s)", nullptr, m_log->rowCount());
    m_header->setText(shownText(s, MaxLabelChars));
    m_cancel->setEnabled(m_live);
}

QString PipelineTab::headerText() const { return m_header->text(); }

void PipelineTab::appendEvent(const RunEvent &event)
{
    if (event.runId != m_run.id)
        return;
    if (!m_live) {
        m_live = true;
        m_watched = true;
        m_clock->start();
    }
    m_clockOffsetMs = event.atMs - event.elapsedMs;
    m_timeline->appendEvent(event);
    m_log->appendEvent(event);
    updateHeader();
}

void PipelineTab::setRunInfo(const Run &run)
{
    if (run.id != m_run.id)
        return;
    const RunStatus status = m_run.status;
    m_run = run;
    if (m_live)
        m_run.status = status;
    updateHeader();
}

void PipelineTab::runFinished(qint64 runId, RunStatus status)
{
    if (runId != m_run.id)
        return;
    m_live = false;
    m_clock->stop();
    m_run.status = status;
    if (!m_timeline->timeline().isFinished())
        m_timeline->finish(status);
    updateHeader();
}

} // namespace Sovereign::Ui
