#pragma once

// TribunalTab: SKEPTIC, VALIDATOR and SYNTHESIZER side by side for a round (score, verdict,
// rationale, issues — an issue about a claim links to it), a round 0 / round 1 comparison strip,
// and the raw transcript (prompt and response JSON) of the chosen role in a highlighted viewer.
// During a live run, streamed tokens for a role are appended to its transcript view.

#include "models/types/draftdetails.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QTabWidget;

namespace Sovereign::Ui {

class JsonView;

class TribunalTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TribunalTab)
public:
    explicit TribunalTab(QWidget *parent = nullptr);

    void setDetails(const Models::DraftDetails &details);
    void clear(const QString &emptyMessage);
    // A token of a live run for this draft's run.
    void appendToken(const Models::RunEvent &event);
    qint64 runId() const { return m_details.run.id; }

signals:
    void claimActivated(int round, int ordinal);

private:
    struct RoleColumn
    {
        QLabel *title = nullptr;
        QLabel *score = nullptr;
        QLabel *rationale = nullptr;
        QListWidget *issues = nullptr;
    };
    void showRound(int round);
    void showTranscript();

    Models::DraftDetails m_details;
    QComboBox *m_round;
    QLabel *m_compare;
    RoleColumn m_columns[3];
    QComboBox *m_role;
    QTabWidget *m_transcriptTabs;
    JsonView *m_prompt;
    JsonView *m_response;
    JsonView *m_live;
    QLabel *m_transcriptMeta;
};

} // namespace Sovereign::Ui
