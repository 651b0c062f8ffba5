#pragma once

// JsonView: a read-only viewer for JSON (or Markdown) text highlighted by KSyntaxHighlighting, with
// the theme following the palette's lightness. Text goes in as plain text only.

#include <QPlainTextEdit>

namespace KSyntaxHighlighting {
class Repository;
class SyntaxHighlighter;
} // namespace KSyntaxHighlighting

namespace Sovereign::Ui {

class JsonView final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonView)
public:
    explicit JsonView(QWidget *parent = nullptr);
    ~JsonView() override;

    // Pretty-prints valid JSON; anything else is shown as it is.
    void setJsonText(const QString &text);
    void setDefinition(const QString &name); // "JSON" or "Markdown"
    void appendStreamed(const QString &text);
    QString definitionName() const;
    QString themeName() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTheme();

    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter = nullptr;
};

} // namespace Sovereign::Ui
