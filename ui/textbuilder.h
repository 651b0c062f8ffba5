#pragma once

// TextBuilder: builds a formatted QTextDocument from untrusted text without ever parsing markup:
// every string goes in through QTextCursor::insertText, so HTML, Markdown or <img src="file:..."> in
// a draft or a transcript shows as the literal characters it is.

#include <QTextCharFormat>
#include <QTextCursor>

class QTextDocument;

namespace Sovereign::Ui {

class TextBuilder
{
public:
    explicit TextBuilder(QTextDocument *document); // clears the document

    void title(const QString &text);
    void heading(const QString &text);
    void subheading(const QString &text);
    void paragraph(const QString &text);
    void muted(const QString &text);
    void monospace(const QString &text);
    // A two- or three-column table of rows; the first column is bold.
    void table(const QList<QStringList> &rows, const QStringList &header = {});
    void spacer();

    QTextCursor &cursor() { return m_cursor; }

private:
    void block(const QString &text, const QTextCharFormat &format, int topMargin = 4, int bottomMargin = 4);

    QTextDocument *m_doc;
    QTextCursor m_cursor;
    bool m_first = true;
};

} // namespace Sovereign::Ui
