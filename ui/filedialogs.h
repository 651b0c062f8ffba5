#pragma once

// File dialogs that never open a file they list.
//
// SQLite shares the database file between processes with POSIX advisory locks, and POSIX drops every
// lock a process holds on a file as soon as *any* descriptor on that file is closed in that process.
// A stock QFileDialog opens files to guess their type (QMimeDatabase content sniffing for the icon
// and the "Type" column, in the list and in the completer's popup); shown on the folder that holds
// the live database, it silently drops the workbench's locks, and the next `sovereign` command then
// believes it is alone, checkpoints and deletes the -wal and -shm files the workbench still writes
// to. Every file dialog of the application is made here: Qt's own dialog (not a native one, whose
// code we do not control) with an icon provider that decides icons and types from the file name and
// stat() alone.

#include <QFileDialog>
#include <QFileIconProvider>

namespace Sovereign::Ui {

// Icons and type names by file name only (MatchExtension); never reads a file's contents.
class NameOnlyIconProvider final : public QFileIconProvider
{
public:
    using QFileIconProvider::icon;
    QIcon icon(const QFileInfo &info) const override;
    QString type(const QFileInfo &info) const override;
};

namespace FileDialogs {

// The process-wide provider every dialog uses.
QAbstractFileIconProvider *iconProvider();

// A save dialog (Qt's widget dialog, name-only icons), not yet shown. The caller opens it.
QFileDialog *createSaveDialog(QWidget *parent, const QString &caption, const QString &suggestedPath,
                              const QString &filter, const QString &defaultSuffix);

// Applies the safe options to any QFileDialog.
void makeSafe(QFileDialog *dialog);

} // namespace FileDialogs

} // namespace Sovereign::Ui
