#include "noteautosave.h"

#include <QCryptographicHash>
#include <QDialog>
#include <QEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTimer>

namespace Sovereign::App {

namespace {

const char *const AttachedProperty = "sovereignNoteAutosave";
constexpr int PauseMs = 700;

} // namespace

NoteAutosave::NoteAutosave(Models::TextAutosave store, QObject *parent) : QObject(parent), m_store(std::move(store)) {}

bool NoteAutosave::watches(const QObject *object)
{
    return object && (object->inherits("Sovereign::Ui::DecisionDialog") || object->inherits("Sovereign::Ui::CorrectionDialog"));
}

QString NoteAutosave::keyFor(const QDialog *dialog, int editorIndex)
{
    // The window title names the action, the first label the draft: together they tell an
    // escalation note for one draft from a rejection note for another.
    QString identity = QString::fromLatin1(dialog->metaObject()->className()) + u'\n' + dialog->windowTitle();
    if (const auto labels = dialog->findChildren<QLabel *>(); !labels.isEmpty())
        identity += u'\n' + labels.first()->text();
    const QByteArray hash = QCryptographicHash::hash(identity.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    const QString kind = QString::fromLatin1(dialog->metaObject()->className()).section(QStringLiteral("::"), -1).toLower();
    return QStringLiteral("%1-%2-%3").arg(kind, QString::fromLatin1(hash)).arg(editorIndex);
}

bool NoteAutosave::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Show && watches(watched) && !watched->property(AttachedProperty).toBool())
        attach(static_cast<QDialog *>(watched));
    return QObject::eventFilter(watched, event);
}

void NoteAutosave::attach(QDialog *dialog)
{
    dialog->setProperty(AttachedProperty, true);
    const QList<QPlainTextEdit *> editors = dialog->findChildren<QPlainTextEdit *>();
    QStringList keys;
    QList<QPointer<QTimer>> timers;
    for (int i = 0; i < editors.size(); ++i) {
        QPlainTextEdit *editor = editors.at(i);
        const QString key = keyFor(dialog, i);
        keys.append(key);
        if (editor->toPlainText().isEmpty()) {
            if (auto kept = m_store.load(key); kept && !kept->text.isEmpty()) {
                editor->setPlainText(kept->text);
                editor->moveCursor(QTextCursor::End);
                ++m_restored;
            }
        }
        auto *pause = new QTimer(editor);
        pause->setSingleShot(true);
        pause->setInterval(PauseMs);
        timers.append(pause);
        connect(editor, &QPlainTextEdit::textChanged, pause, qOverload<>(&QTimer::start));
        connect(pause, &QTimer::timeout, this, [this, key, editor = QPointer<QPlainTextEdit>(editor)] {
            if (!editor)
                return;
            const QString text = editor->toPlainText();
            if (text.trimmed().isEmpty()) {
                m_store.discard(key);
                return;
            }
            if (auto ok = m_store.save(key, text); !ok)
                Q_EMIT saveFailed(ok.error());
            else
                Q_EMIT saved(key);
        });
    }
    // Confirmed: the text went into the decision or correction; nothing to keep.
    connect(dialog, &QDialog::accepted, this, [this, keys, timers] {
        for (const QPointer<QTimer> &t : timers) {
            if (t)
                t->stop();
        }
        for (const QString &key : keys)
            m_store.discard(key);
    });
}

} // namespace Sovereign::App
