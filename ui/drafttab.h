#pragma once

// DraftTab: the rendered draft (seed format: title, kernel line, notice, date, Abstract, numbered
// sections, claims table, references) for any round, built with TextBuilder: never parsed as markup.

#include "models/types/draftdetails.h"

#include <QWidget>

class QTextDocument;
class QComboBox;
class QLabel;
class QTextBrowser;

namespace Sovereign::Ui {

class DraftTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftTab)
public:
    explicit DraftTab(QWidget *parent = nullptr);

    void setDetails(const Models::DraftDetails &details);
    void clear(const QString &emptyMessage);
    QString plainText() const;
    QString bannerText() const; // why the draft needs the owner, in plain words (empty when hidden)

    // Renders one body in the seed format into the document (exposed for tests).
    // notice, when given, replaces the composer's "Autonomous draft — …" line (which was written
    // before anyone decided) with one that says what the draft's state is now.
    static void render(QTextDocument *document, const QString &body, const QString &notice = {});
    static QString stateNotice(Models::DraftState state);

private:
    void showRound(int index);

    QComboBox *m_round;
    QLabel *m_meta;
    QLabel *m_why;
    QTextBrowser *m_view;
    QList<Models::DraftRevision> m_revisions;
    Models::DraftState m_state = Models::DraftState::Running;
};

} // namespace Sovereign::Ui
