#pragma once

// PipelineTab: the run of the selected draft — its timeline (replayed from stored events, or live
// while it runs), each stage's state and duration, and a filterable log — with a Cancel button for
// a live run.

#include "models/types/draftdetails.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace Sovereign::Models {
class TimelineModel;
class RunLogModel;
class RunLogFilterModel;
} // namespace Sovereign::Models

namespace Sovereign::Ui {

class TimelineWidget;

class PipelineTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PipelineTab)
public:
    explicit PipelineTab(QWidget *parent = nullptr);

    // Replays the stored events; live = the run is still going (events follow through appendEvent).
    void setRun(const Models::Run &run, const QList<Models::RunEvent> &events, bool live);
    void clear(const QString &emptyMessage);
    void appendEvent(const Models::RunEvent &event);
    void runFinished(qint64 runId, Models::RunStatus status);
    qint64 runId() const { return m_run.id; }
    bool isLive() const { return m_live; }
    // True while the tab shows a run it followed event by event (also after that run ended).
    bool watchedLive() const { return m_watched; }
    // The stored run (SRCH id, times) of the run watched live, once its draft is loaded.
    void setRunInfo(const Models::Run &run);

    QString headerText() const; // the line above the timeline (run id, state, live or replayed)
    Models::TimelineModel *timeline() const { return m_timeline; }
    Models::RunLogFilterModel *log() const { return m_filter; }

signals:
    void cancelRequested(qint64 runId);

private:
    void updateHeader();
    void applyKindFilter();

    Models::Run m_run;
    bool m_live = false;
    bool m_watched = false;
    qint64 m_clockOffsetMs = 0; // wall clock minus elapsed, from the latest event
    QLabel *m_header;
    QPushButton *m_cancel;
    Models::TimelineModel *m_timeline;
    TimelineWidget *m_widget;
    QTableView *m_stages;
    Models::RunLogModel *m_log;
    Models::RunLogFilterModel *m_filter;
    QLineEdit *m_filterText;
    QComboBox *m_filterKind;
    QTimer *m_clock;
};

} // namespace Sovereign::Ui
