#include "filedialogs.h"

#include <QApplication>
#include <QMimeDatabase>

namespace Sovereign::Ui {

namespace {

QMimeType mimeByName(const QFileInfo &info)
{
    static const QMimeDatabase db;
    return db.mimeTypeForFile(info.fileName(), QMimeDatabase::MatchExtension);
}

} // namespace

QIcon NameOnlyIconProvider::icon(const QFileInfo &info) const
{
    if (info.isDir())
        return icon(QAbstractFileIconProvider::Folder);
    if (!info.isFile())
        return icon(QAbstractFileIconProvider::File);
    const QMimeType mime = mimeByName(info);
    QIcon themed = QIcon::fromTheme(mime.iconName());
    if (themed.isNull())
        themed = QIcon::fromTheme(mime.genericIconName());
    return themed.isNull() ? icon(QAbstractFileIconProvider::File) : themed;
}

QString NameOnlyIconProvider::type(const QFileInfo &info) const
{
    if (info.isDir())
        return QApplication::translate("Sovereign::Ui::FileDialogs", "Folder");
    if (!info.isFile())
        return QApplication::translate("Sovereign::Ui::FileDialogs", "Special file");
    const QMimeType mime = mimeByName(info);
    return mime.comment().isEmpty() ? mime.name() : mime.comment();
}

namespace FileDialogs {

QAbstractFileIconProvider *iconProvider()
{
    // Deliberately leaked: dialogs and models may ask it for icons until the very end.
    static auto *provider = new NameOnlyIconProvider;
    return provider;
}

void makeSafe(QFileDialog *dialog)
{
    // A native dialog would run code we do not control inside this process.
    dialog->setOption(QFileDialog::DontUseNativeDialog, true);
    dialog->setOption(QFileDialog::DontUseCustomDirectoryIcons, true);
    dialog->setIconProvider(iconProvider());
}

QFileDialog *createSaveDialog(QWidget *parent, const QString &caption, const QString &suggestedPath,
                              const QString &filter, const QString &defaultSuffix)
{
    auto *dialog = new QFileDialog(parent, caption, suggestedPath, filter);
    makeSafe(dialog);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    if (!defaultSuffix.isEmpty())
        dialog->setDefaultSuffix(defaultSuffix);
    return dialog;
}

} // namespace FileDialogs

} // namespace Sovereign::Ui
