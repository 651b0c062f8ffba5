#pragma once

// The workbench's user-interface translations. The .ts files in translations/ are the sources
// (updated with `cmake --build build --target update_translations`, which runs lupdate over the
// GUI's sources); lrelease turns them into .qm files at build time, which are compiled in and
// installed to <prefix>/share/sovereign-workbench/translations.

#include <QLocale>
#include <QString>

namespace Sovereign::Translations {

// Installs on the running application the translators for `locale`'s user-interface languages:
// the workbench's own strings (sovereign_<lang>.qm, from the installed data directory, else the
// compiled-in copy) and Qt's (qtbase_<lang>.qm from Qt's translations directory, when installed).
// Returns the language of the workbench translation that was loaded ("de"), or an empty string
// when the user interface stays in English.
QString install(const QLocale &locale = QLocale());

// Removes what install() installed.
void uninstall();

} // namespace Sovereign::Translations
