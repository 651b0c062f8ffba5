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
inline constexpr qsizetype MaxDocumentChars = 256 * 1024; // a whole prompt, answer or record

// Qt lays out a run of characters with no break opportunity again for every line it tries while
// sizing a word-wrapped label or paragraph, so a 2,000-character run costs seconds. Runs longer than
// MaxUnbrokenRun get a zero-width space every MaxUnbrokenRun characters: they wrap there, and look
// the same. Real words, URLs and hashes are shorter and are left alone.
inline constexpr qsizetype MaxUnbrokenRun = 120;

inline QString breakLongRuns(const QString &text)
{
    QString out;
    qsizetype run = 0, copied = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isSpace()) {
            run = 0;
            continue;
        }
        if (++run > MaxUnbrokenRun && !text.at(i).isLowSurrogate()) {
            if (out.isNull())
                out.reserve(text.size() + text.size() / MaxUnbrokenRun + 1);
            out.append(QStringView(text).sliced(copied, i - copied));
            out.append(QChar(0x200B));
            copied = i;
            run = 1;
        }
    }
    if (out.isNull())
        return text;
    out.append(QStringView(text).sliced(copied));
    return out;
}

inline QString shownText(const QString &text, qsizetype max = MaxBlockChars)
{
    if (text.size() <= max)
        return breakLongRuns(text);
    return breakLongRuns(text.left(max)) +
           QCoreApplication::translate("Sovereign::Ui::DisplayText", " … [%1 more characters not shown]")
               .arg(QLocale().toString(text.size() - max));
}

} // namespace Sovereign::Ui
