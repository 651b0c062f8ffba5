#pragma once

// Tool tips are rich text whenever their text looks like HTML (Qt::mightBeRichText), and rich text
// loads <img> sources from local files. Tool tips that show text from outside (paper titles, claims,
// model answers, notes, server messages) go through plainToolTip: the text is shown as written, and
// a tool tip never holds more than MaxToolTipChars characters (laying out megabytes would stall the
// GUI thread each time the mouse rests on the cell). cellText does the same for what a cell shows.

#include <QString>
#include <QTextDocument>
#include <QVariant>

namespace Sovereign::Models {

inline constexpr qsizetype MaxToolTipChars = 2000;

inline QVariant plainToolTip(QString text)
{
    if (text.isEmpty())
        return {};
    if (text.size() > MaxToolTipChars) {
        text.truncate(MaxToolTipChars);
        text += u'…';
    }
    if (!Qt::mightBeRichText(text))
        return text;
    return Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal);
}

// What an item view draws in one cell: a single elided line. Eliding shapes the whole string first, so
// a cell holding a 10 MB message would stall every repaint; no screen is wide enough for more than
// MaxCellChars characters, and the tool tip and the detail panes hold the rest.
inline constexpr qsizetype MaxCellChars = 1000;

inline QString cellText(const QString &text)
{
    if (text.size() <= MaxCellChars)
        return text;
    return text.left(MaxCellChars) + u'…';
}

} // namespace Sovereign::Models
