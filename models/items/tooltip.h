#pragma once

// Tool tips are rich text whenever their text looks like HTML (Qt::mightBeRichText), and rich text
// loads <img> sources from local files. Tool tips that show text from outside (paper titles, claims,
// model answers, notes, server messages) go through plainToolTip: the text is shown as written, and
// a tool tip never holds more than MaxToolTipChars characters (laying out megabytes would stall the
// GUI thread each time the mouse rests on the cell).

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

} // namespace Sovereign::Models
