#pragma once

// NoteAutosave: keeps the text of the workbench's note editors (the decision dialog's note, the
// correction dialog's note and claim text) on disk while the owner types, through TextAutosave, so
// a crash or a kill loses at most the last 700 ms of typing. Installed once on the application, it
// attaches to those dialogs when they are shown (the dialogs themselves know nothing about it): it
// fills an empty editor with the text kept for the same dialog and draft, saves after each pause in
// typing, and forgets the text once the dialog is confirmed. Cancel keeps it for the next time the
// same dialog opens on the same draft.

#include "models/storage/autosave.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QDialog;
class QPlainTextEdit;
class QTimer;

namespace Sovereign::App {

class NoteAutosave final : public QObject
{
    Q_OBJECT
public:
    explicit NoteAutosave(Models::TextAutosave store, QObject *parent = nullptr);

    // The dialog classes whose editors are kept.
    static bool watches(const QObject *object);
    // The key of an editor: the dialog's kind, a hash of its title and heading, the editor's place.
    static QString keyFor(const QDialog *dialog, int editorIndex);

    int restoredCount() const { return m_restored; }
    const Models::TextAutosave &store() const { return m_store; }

Q_SIGNALS:
    void saved(const QString &key);
    void saveFailed(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void attach(QDialog *dialog);

    Models::TextAutosave m_store;
    int m_restored = 0;
};

} // namespace Sovereign::App
