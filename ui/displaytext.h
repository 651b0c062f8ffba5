#pragma once

// Text from outside (papers, model answers, prompts, server messages) can be megabytes on one line.
// Laying that out would hold the GUI thread for minutes, and no person reads it in a widget, so the
// views show the first part and say how much is left out. What is stored and exported is untouched.

#include <QCoreApplication>
#include <QLocale>
#include <QString>

namespace Sovereign::Ui {

inline constexpr qsizetype MaxLabelChars = 2000;      // a label or a list row
inline constexpr qsizetype MaxBlockChars = 4000;      // one paragraph, table cell or passage
inline constexpr qsizetype MaxDocumentChars = 1000000; // a whole prompt, answer or record

inline QString shownText(const QString &text, qsizetype max = MaxBlockChars)
{
    if (text.size() <= max)
        return text;
    return text.left(max) + QCoreApplication::translate("Sovereign::Ui::DisplayText", " … [%1 more characters not shown]")
                                .arg(QLocale().toString(text.size() - max));
}

} // namespace Sovereign::Ui
