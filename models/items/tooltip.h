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

// The first max characters, and an ellipsis when there were more.
inline QString cutAt(const QString &text, qsizetype max)
{
    return text.size() <= max ? text : text.left(max) + u'…';
}

inline QVariant plainToolTip(const QString &whole)
{
    if (whole.isEmpty())
        return {};
    const QString text = cutAt(whole, MaxToolTipChars);
    if (!Qt::mightBeRichText(text))
        return text;
    return Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal);
}

// What an item view draws in one cell: a single elided line. Eliding shapes the whole string first, so
// a cell holding a 10 MB message would stall every repaint; no screen is wide enough for more than
// MaxCellChars characters, and the tool tip and the detail panes hold the rest.
inline constexpr qsizetype MaxCellChars = 1000;

inline QString cellText(const QString &text) { return cutAt(text, MaxCellChars); }

} // namespace Sovereign::Models
