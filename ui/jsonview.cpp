#include "jsonview.h"

#include "displaytext.h"
#include "theme.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <QEvent>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QScrollBar>

namespace Sovereign::Ui {

namespace {
// One repository for the process: loading the definitions is the expensive part.
KSyntaxHighlighting::Repository &repository()
{
    static KSyntaxHighlighting::Repository repo;
    return repo;
}
} // namespace

JsonView::JsonView(QWidget *parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document());
    setDefinition(QStringLiteral("JSON"));
    applyTheme();
}

JsonView::~JsonView() = default;

void JsonView::setDefinition(const QString &name)
{
    m_highlighter->setDefinition(repository().definitionForName(name));
}

QString JsonView::definitionName() const { return m_highlighter->definition().name(); }

QString JsonView::themeName() const { return m_highlighter->theme().name(); }

void JsonView::applyTheme()
{
    const auto which = Theme::isDark(palette()) ? KSyntaxHighlighting::Repository::DarkTheme
                                                : KSyntaxHighlighting::Repository::LightTheme;
    m_highlighter->setTheme(repository().defaultTheme(which));
    m_highlighter->rehighlight();
}

void JsonView::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void JsonView::setJsonText(const QString &text)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &err);
    const bool json = err.error == QJsonParseError::NoError && !doc.isNull();
    // Text that is not JSON (a rule reviewer's prompt, a plain answer) is shown plain: the JSON
    // highlighter would mark every word of it as an error.
    if (json != (definitionName() == QLatin1StringView("JSON")))
        setDefinition(json ? QStringLiteral("JSON") : QString());
    setPlainText(shownText(json ? QString::fromUtf8(doc.toJson(QJsonDocument::Indented)) : text, MaxDocumentChars));
}

void JsonView::appendStreamed(const QString &text)
{
    QScrollBar *bar = verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    // A stream that never ends stops being shown at the document cap; the stored answer is whole.
    const int room = int(MaxDocumentChars) - document()->characterCount();
    if (room <= 0)
        return;
    QTextCursor c(document());
    c.movePosition(QTextCursor::End);
    c.insertText(text.size() <= room ? text : shownText(text, room));
    if (atEnd)
        bar->setValue(bar->maximum());
}

} // namespace Sovereign::Ui
