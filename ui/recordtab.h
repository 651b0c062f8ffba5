#pragma once

// RecordTab: the public record page (SRCH id, title, abstract, research question, verification
// level, quality tier and basis, assessed quality dimensions, correction record, provenance) from
// the stored record JSON, and the JSON itself, highlighted. Missing fields say "not recorded".

#include "models/types/draftdetails.h"

#include <QWidget>

class QTextDocument;
class QTextBrowser;

namespace Sovereign::Ui {

class JsonView;

class RecordTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordTab)
public:
    explicit RecordTab(QWidget *parent = nullptr);

    void setDetails(const Models::DraftDetails &details);
    void clear(const QString &emptyMessage);
    QString pageText() const;

    static void render(QTextDocument *document, const Models::DraftDetails &details);

private:
    QTextBrowser *m_page;
    JsonView *m_json;
};

} // namespace Sovereign::Ui
