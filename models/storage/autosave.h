#pragma once

// TextAutosave: free text the owner is still typing (an escalation note, a revision request, a
// correction's public note) kept on disk until it is used, so a crash loses at most the last
// moments of typing. Each text lives in its own file in "<database>-autosave/", written through
// QSaveFile (a new file, flushed to disk, then renamed over the old one), so a kill during a save
// leaves the previous version, never a torn one. Nothing here touches the database file.

#include "database.h"

#include <QDateTime>
#include <QString>

namespace Sovereign::Models {

struct AutosavedText
{
    QString key;
    QString text;
    QDateTime savedAt;
};

class TextAutosave final
{
public:
    // dir: usually folderFor(database path).
    explicit TextAutosave(QString dir);
    static QString folderFor(const QString &databasePath);

    // A key names one editor, e.g. "decision-escalate-42"; letters, digits, '-' and '_' only.
    Status save(const QString &key, const QString &text) const;
    std::optional<AutosavedText> load(const QString &key) const;
    // After the text was committed (or deliberately discarded).
    void discard(const QString &key) const;
    // Everything still waiting, oldest first (for the recovery offer after an unclean exit).
    QList<AutosavedText> pending() const;

    QString directory() const { return m_dir; }

private:
    QString fileFor(const QString &key) const;
    QString m_dir;
};

} // namespace Sovereign::Models
