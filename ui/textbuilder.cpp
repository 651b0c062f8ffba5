#include "textbuilder.h"

#include "displaytext.h"

#include <QFontDatabase>
#include <QPalette>
#include <QTextBlockFormat>
#include <QTextDocument>
#include <QTextTable>
#include <QTextTableFormat>

namespace Sovereign::Ui {

TextBuilder::TextBuilder(QTextDocument *document) : m_doc(document), m_cursor(document)
{
    m_doc->clear();
    m_cursor = QTextCursor(m_doc);
}

void TextBuilder::block(const QString &text, const QTextCharFormat &format, int topMargin, int bottomMargin)
{
    QTextBlockFormat bf;
    bf.setTopMargin(topMargin);
    bf.setBottomMargin(bottomMargin);
    if (m_first) {
        m_cursor.setBlockFormat(bf);
        m_cursor.setBlockCharFormat(format);
        m_first = false;
    } else {
        m_cursor.insertBlock(bf, format);
    }
    m_cursor.insertText(shownText(text), format);
}

void TextBuilder::title(const QString &text)
{
    QTextCharFormat f;
    f.setFontWeight(QFont::Bold);
    f.setFontPointSize(m_doc->defaultFont().pointSizeF() * 1.45);
    block(text, f, 2, 8);
}

void TextBuilder::heading(const QString &text)
{
    QTextCharFormat f;
    f.setFontWeight(QFont::Bold);
    f.setFontPointSize(m_doc->defaultFont().pointSizeF() * 1.2);
    block(text, f, 14, 4);
}

void TextBuilder::subheading(const QString &text)
{
    QTextCharFormat f;
    f.setFontWeight(QFont::DemiBold);
    block(text, f, 8, 2);
}

void TextBuilder::paragraph(const QString &text) { block(text, QTextCharFormat(), 2, 6); }

void TextBuilder::muted(const QString &text)
{
    QTextCharFormat f;
    f.setFontItalic(true);
    f.setForeground(QPalette().brush(QPalette::PlaceholderText));
    block(text, f, 2, 6);
}

void TextBuilder::monospace(const QString &text)
{
    QTextCharFormat f;
    f.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    block(text, f, 2, 2);
}

void TextBuilder::spacer() { block(QString(), QTextCharFormat(), 0, 0); }

void TextBuilder::table(const QList<QStringList> &rows, const QStringList &header)
{
    if (rows.isEmpty())
        return;
    int cols = int(header.size());
    for (const QStringList &r : rows)
        cols = std::max(cols, int(r.size()));
    block(QString(), QTextCharFormat(), 0, 0);
    QTextTableFormat tf;
    tf.setBorder(0.5);
    tf.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    tf.setBorderBrush(QPalette().brush(QPalette::Mid));
    tf.setBorderCollapse(true);
    tf.setCellPadding(4);
    tf.setCellSpacing(0);
    tf.setWidth(QTextLength(QTextLength::PercentageLength, 100));
    const int headerRows = header.isEmpty() ? 0 : 1;
    QTextTable *t = m_cursor.insertTable(int(rows.size()) + headerRows, cols, tf);
    QTextCharFormat bold;
    bold.setFontWeight(QFont::DemiBold);
    for (int c = 0; c < header.size(); ++c)
        t->cellAt(0, c).firstCursorPosition().insertText(shownText(header.at(c)), bold);
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < rows.at(r).size(); ++c)
            t->cellAt(r + headerRows, c)
                .firstCursorPosition()
                .insertText(shownText(rows.at(r).at(c)), c == 0 && header.isEmpty() ? bold : QTextCharFormat());
    m_cursor.movePosition(QTextCursor::End);
}

} // namespace Sovereign::Ui
