#include "translations.h"

#include "resources/datafiles.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QPointer>
#include <QTranslator>

#include <memory>

namespace Sovereign::Translations {

namespace {
QList<QPointer<QTranslator>> &installed()
{
    static QList<QPointer<QTranslator>> list;
    return list;
}
} // namespace

QString install(const QLocale &locale)
{
    uninstall();
    auto *app = QCoreApplication::instance();
    if (!app)
        return {};
    auto own = std::make_unique<QTranslator>(app);
    if (!own->load(locale, QStringLiteral("sovereign"), QStringLiteral("_"), Resources::locate(QStringLiteral("translations"))))
        return {};
    const QString language = own->language();
    QCoreApplication::installTranslator(own.get());
    installed() << own.release();
    // Qt's own strings (standard buttons, file dialogs), when qt6-translations-l10n is installed.
    auto qt = std::make_unique<QTranslator>(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        installed() << qt.release();
    }
    return language;
}

void uninstall()
{
    for (const QPointer<QTranslator> &t : std::as_const(installed())) {
        if (t) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    }
    installed().clear();
}

} // namespace Sovereign::Translations
