#include "dialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QKeyEvent>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace Sovereign::Ui {

using namespace Models;

// ---- DecisionDialog ---------------------------------------------------------------------------

bool DecisionDialog::noteRequired(DecisionAction a)
{
    return a == DecisionAction::Escalate || a == DecisionAction::RequestRevision;
}

QString DecisionDialog::actionLabel(DecisionAction a)
{
    switch (a) {
    case DecisionAction::Approve:
        return tr("Approve and publish");
    case DecisionAction::Reject:
        return tr("Reject");
    case DecisionAction::Escalate:
        return tr("Escalate");
    case DecisionAction::RequestRevision:
        return tr("Request revision");
    case DecisionAction::AutoApprove:
        break;
    }
    return tr("Auto-approve");
}

DecisionDialog::DecisionDialog(DecisionAction action, const QString &draftTitle, QWidget *parent)
    : QDialog(parent), m_action(action)
{
    setWindowTitle(actionLabel(action));
    auto *layout = new QVBoxLayout(this);
    QString explain;
    switch (action) {
    case DecisionAction::Approve:
        explain = tr("Approving publishes the draft. After that its claims change only through correction records. "
                     "This cannot be undone.");
        break;
    case DecisionAction::Reject:
        explain = tr("Rejecting closes the draft. This cannot be undone.");
        break;
    case DecisionAction::Escalate:
        explain = tr("Escalating holds the draft for a second opinion. Say what should be looked at (required).");
        break;
    case DecisionAction::RequestRevision:
        explain = tr("The revision round runs again with your note as extra input for the reviser (required). "
                     "Lines of the form “drop claim 3”, “soften claim 2” or “replace claim 4: new "
                     "text” are carried out on those claims; the rest of the note is disclosed in the draft.");
        break;
    default:
        break;
    }
    auto *title = new QLabel(draftTitle, this);
    title->setTextFormat(Qt::PlainText);
    title->setWordWrap(true);
    QFont f = title->font();
    f.setBold(true);
    title->setFont(f);
    auto *text = new QLabel(explain, this);
    text->setTextFormat(Qt::PlainText);
    text->setWordWrap(true);
    m_note = new QPlainTextEdit(this);
    m_note->setPlaceholderText(action == DecisionAction::RequestRevision
                                   ? tr("Note (required), e.g.\ndrop claim 3\nsoften claim 1\nThe harness claim is not in the evidence.")
                               : noteRequired(action) ? tr("Note (required)")
                                                      : tr("Note (optional): why"));
    m_note->setAccessibleName(tr("Decision note"));
    m_note->setTabChangesFocus(true);
    m_publisherNote = new QLabel(tr("The public record names its publisher: you, or your organisation. No publisher is set "
                                    "yet; the name is kept in Settings → Publisher for later publications."),
                                 this);
    m_publisherNote->setTextFormat(Qt::PlainText);
    m_publisherNote->setWordWrap(true);
    m_publisher = new QLineEdit(this);
    m_publisher->setPlaceholderText(tr("Publisher (required), e.g. your name or your lab"));
    m_publisher->setAccessibleName(tr("Publisher"));
    m_publisherNote->hide();
    m_publisher->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_ok = buttons->addButton(actionLabel(action), QDialogButtonBox::AcceptRole);
    m_ok->setAccessibleName(actionLabel(action));
    m_ok->setDefault(true);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addWidget(m_publisherNote);
    layout->addWidget(m_publisher);
    layout->addWidget(m_note, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setTabOrder(m_publisher, m_note); // when asked, the publisher comes first, then the note
    setTabOrder(m_note, buttons);
    // Return writes a new line in the note; Ctrl+Return confirms, so the whole flow stays on the keyboard
    // (the text edit claims Ctrl+Return before any shortcut sees it, hence the event filter).
    m_note->installEventFilter(this);
    m_ok->setToolTip(tr("Confirm (Ctrl+Return)"));
    connect(m_note, &QPlainTextEdit::textChanged, this, &DecisionDialog::validate);
    connect(m_publisher, &QLineEdit::textChanged, this, &DecisionDialog::validate);
    validate();
    m_note->setFocus();
    resize(480, 280);
}

void DecisionDialog::validate()
{
    m_ok->setEnabled((!noteRequired(m_action) || !m_note->toPlainText().trimmed().isEmpty()) &&
                     (m_publisher->isHidden() || !m_publisher->text().trimmed().isEmpty()));
}

void DecisionDialog::askPublisher()
{
    m_publisherNote->show();
    m_publisher->show();
    m_publisher->setFocus();
    validate();
}

QString DecisionDialog::publisher() const { return m_publisher->isHidden() ? QString() : m_publisher->text().trimmed(); }

QString DecisionDialog::note() const { return m_note->toPlainText().trimmed(); }

bool DecisionDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_note && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
            if (m_ok->isEnabled())
                accept();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

// ---- NewRunDialog -----------------------------------------------------------------------------

NewRunDialog::NewRunDialog(std::shared_ptr<CorpusSearch> corpus, QWidget *parent) : QDialog(parent), m_corpus(std::move(corpus))
{
    setWindowTitle(tr("New run"));
    auto *form = new QFormLayout(this);
    m_query = new QLineEdit(this);
    m_query->setPlaceholderText(m_corpus ? tr("Search the local corpus by title or abstract…")
                                         : tr("Corpus search is not available; give an arXiv id below"));
    m_query->setEnabled(bool(m_corpus));
    m_query->setAccessibleName(tr("Search the corpus"));
    m_hits = new QListWidget(this);
    m_hits->setAccessibleName(tr("Matching papers"));
    m_arxivId = new QLineEdit(this);
    m_arxivId->setPlaceholderText(tr("e.g. 2505.20225 — or pick a paper above"));
    m_arxivId->setAccessibleName(tr("Source arXiv id"));
    m_question = new QPlainTextEdit(this);
    m_question->setPlaceholderText(tr("The research question the draft should answer"));
    m_question->setAccessibleName(tr("Research question"));
    m_question->setTabChangesFocus(true);
    m_question->setToolTip(tr("Ctrl+Return starts the run"));
    m_question->installEventFilter(this);
    m_search = new QComboBox(this);
    m_search->addItem(tr("Local corpus (offline)"), QStringLiteral("local"));
    m_search->addItem(tr("arXiv API (rate-limited, cached)"), QStringLiteral("arxiv"));
    m_search->setAccessibleName(tr("Search backend"));
    m_tribunal = new QComboBox(this);
    m_tribunal->addItem(tr("Rule-based reviewers (offline)"), QStringLiteral("rules"));
    m_tribunal->addItem(tr("LLM reviewers (OpenAI-compatible server)"), QStringLiteral("openai-compatible"));
    m_tribunal->setAccessibleName(tr("Tribunal backend"));
    m_tribunal->setToolTip(tr("Who reviews the draft: the offline rules, or LLM reviewers (needs an API key)"));
    m_search->setToolTip(tr("Where the papers come from: the local corpus, or the arXiv API"));
    m_embed = new QComboBox(this);
    m_embed->addItem(tr("Local TF-IDF/SVD embedder (offline)"), QStringLiteral("local"));
    m_embed->addItem(tr("NVIDIA NIM embeddings (needs an API key)"), QStringLiteral("nim"));
    m_embed->setAccessibleName(tr("Embedding backend"));
    m_embed->setToolTip(tr("The embedder used for the semantic re-ranking"));
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_ok = buttons->addButton(tr("Start run"), QDialogButtonBox::AcceptRole);
    m_ok->setToolTip(tr("Start the run in the background; follow it on the Pipeline tab"));
    form->addRow(tr("Source paper:"), m_query);
    form->addRow(QString(), m_hits);
    form->addRow(tr("arXiv id:"), m_arxivId);
    form->addRow(tr("Question:"), m_question);
    form->addRow(tr("Search:"), m_search);
    form->addRow(tr("Tribunal:"), m_tribunal);
    form->addRow(tr("Embeddings:"), m_embed);
    form->addRow(m_status);
    form->addRow(buttons);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_query, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &NewRunDialog::search);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        m_hits->clear();
        const auto r = m_watcher.result();
        if (!r) {
            m_status->setText(tr("Search failed: %1").arg(r.error()));
            return;
        }
        for (const CorpusHit &h : *r) {
            auto *item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(h.arxivId, h.title), m_hits);
            item->setData(Qt::UserRole, h.arxivId);
            item->setData(Qt::UserRole + 1, h.paperId);
        }
        m_status->setText(r->isEmpty() ? tr("No paper in the corpus matches; import more or give an arXiv id.") : QString());
    });
    connect(m_hits, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            m_arxivId->setText(item->data(Qt::UserRole).toString());
    });
    connect(m_arxivId, &QLineEdit::textChanged, this, &NewRunDialog::validate);
    connect(m_question, &QPlainTextEdit::textChanged, this, &NewRunDialog::validate);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
    resize(620, 520);
}

void NewRunDialog::search()
{
    const QString text = m_query->text().trimmed();
    if (!m_corpus || text.size() < 2)
        return;
    auto corpus = m_corpus;
    m_watcher.setFuture(QtConcurrent::run([corpus, text] { return corpus->search(text, 30); }));
}

void NewRunDialog::validate()
{
    static const QRegularExpression id(QStringLiteral("^(\\d{4}\\.\\d{4,5}|[a-z\\-]+(\\.[A-Z]{2})?/\\d{7})(v\\d+)?$"));
    const QString ref = m_arxivId->text().trimmed();
    const bool okId = id.match(ref).hasMatch();
    const bool okQuestion = !m_question->toPlainText().trimmed().isEmpty();
    m_ok->setEnabled(okId && okQuestion);
    if (!ref.isEmpty() && !okId)
        m_status->setText(tr("“%1” is not an arXiv id (like 2505.20225 or hep-th/9901001).").arg(ref));
    else if (!okQuestion)
        m_status->setText(tr("Write the research question."));
    else
        m_status->clear();
}

NewRunRequest NewRunDialog::request() const
{
    NewRunRequest r;
    r.sourceRef = m_arxivId->text().trimmed();
    if (auto *item = m_hits->currentItem(); item && item->data(Qt::UserRole).toString() == r.sourceRef)
        r.sourcePaperId = item->data(Qt::UserRole + 1).toLongLong();
    r.question = m_question->toPlainText().trimmed();
    r.searchBackend = m_search->currentData().toString();
    r.tribunalBackend = m_tribunal->currentData().toString();
    r.embedBackend = m_embed->currentData().toString();
    return r;
}

// ---- settings ---------------------------------------------------------------------------------

WorkbenchSettings WorkbenchSettings::load()
{
    QSettings s;
    WorkbenchSettings w;
    w.ownerName = s.value(QStringLiteral("owner/name")).toString();
    w.publisher = s.value(QStringLiteral("owner/publisher")).toString().trimmed();
    w.verifyThreshold = s.value(QStringLiteral("pipeline/verify_threshold"), w.verifyThreshold).toDouble();
    w.approveThreshold = s.value(QStringLiteral("pipeline/approve_threshold"), w.approveThreshold).toDouble();
    w.reviseThreshold = s.value(QStringLiteral("pipeline/revise_threshold"), w.reviseThreshold).toDouble();
    w.topK = s.value(QStringLiteral("pipeline/top_k"), w.topK).toInt();
    w.maxRevisionRounds = s.value(QStringLiteral("pipeline/max_revision_rounds"), w.maxRevisionRounds).toInt();
    w.searchBackend = s.value(QStringLiteral("backends/search"), w.searchBackend).toString();
    w.tribunalBackend = s.value(QStringLiteral("backends/tribunal"), w.tribunalBackend).toString();
    w.endpoint = s.value(QStringLiteral("backends/endpoint")).toString();
    w.model = s.value(QStringLiteral("backends/model")).toString();
    w.appearance = s.value(QStringLiteral("appearance/scheme"), w.appearance).toString();
    return w;
}

void WorkbenchSettings::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("owner/name"), ownerName);
    s.setValue(QStringLiteral("owner/publisher"), publisher.trimmed());
    s.setValue(QStringLiteral("pipeline/verify_threshold"), verifyThreshold);
    s.setValue(QStringLiteral("pipeline/approve_threshold"), approveThreshold);
    s.setValue(QStringLiteral("pipeline/revise_threshold"), reviseThreshold);
    s.setValue(QStringLiteral("pipeline/top_k"), topK);
    s.setValue(QStringLiteral("pipeline/max_revision_rounds"), maxRevisionRounds);
    s.setValue(QStringLiteral("backends/search"), searchBackend);
    s.setValue(QStringLiteral("backends/tribunal"), tribunalBackend);
    s.setValue(QStringLiteral("backends/endpoint"), endpoint);
    s.setValue(QStringLiteral("backends/model"), model);
    s.setValue(QStringLiteral("appearance/scheme"), appearance);
}

SettingsDialog::SettingsDialog(const WorkbenchSettings &w, SecretStore *secrets, QWidget *parent)
    : QDialog(parent), m_secrets(secrets)
{
    setWindowTitle(tr("Settings"));
    auto *form = new QFormLayout(this);
    m_owner = new QLineEdit(w.ownerName, this);
    m_owner->setPlaceholderText(tr("Your name, stored with every decision"));
    m_owner->setAccessibleName(tr("Owner name"));
    m_publisher = new QLineEdit(w.publisher, this);
    m_publisher->setPlaceholderText(tr("Not set: asked when you first approve a draft"));
    m_publisher->setAccessibleName(tr("Publisher"));
    m_publisher->setToolTip(tr("The publisher named in the public record (you or your organisation)"));
    auto spin = [this](double v, double max, const QString &name) {
        auto *s = new QDoubleSpinBox(this);
        s->setRange(0, max);
        s->setDecimals(2);
        s->setSingleStep(max > 1 ? 0.5 : 0.01);
        s->setValue(v);
        s->setAccessibleName(name);
        return s;
    };
    m_verify = spin(w.verifyThreshold, 1, tr("Verification threshold"));
    m_verify->setToolTip(tr("A claim is verified when its best cosine reaches this value"));
    m_approve = spin(w.approveThreshold, 10, tr("Approve threshold"));
    m_revise = spin(w.reviseThreshold, 10, tr("Revise threshold"));
    m_approve->setToolTip(tr("A tribunal score at or above this approves the draft"));
    m_revise->setToolTip(tr("From this score up to the approve threshold the draft is revised; below it, rejected"));
    m_topK = new QSpinBox(this);
    m_topK->setRange(1, 100);
    m_topK->setValue(w.topK);
    m_topK->setAccessibleName(tr("Papers kept (K)"));
    m_topK->setToolTip(tr("How many papers are kept after reciprocal-rank fusion"));
    m_rounds = new QSpinBox(this);
    m_rounds->setRange(0, 5);
    m_rounds->setValue(w.maxRevisionRounds);
    m_rounds->setAccessibleName(tr("Revision round cap"));
    m_rounds->setToolTip(tr("The most revision rounds a run may take (0: none)"));
    m_search = new QComboBox(this);
    m_search->addItem(tr("Local corpus"), QStringLiteral("local"));
    m_search->addItem(tr("arXiv API"), QStringLiteral("arxiv"));
    m_search->setCurrentIndex(std::max(0, m_search->findData(w.searchBackend)));
    m_search->setAccessibleName(tr("Default search backend"));
    m_tribunal = new QComboBox(this);
    m_tribunal->addItem(tr("Rule-based"), QStringLiteral("rules"));
    m_tribunal->addItem(tr("OpenAI-compatible server"), QStringLiteral("openai-compatible"));
    m_tribunal->setCurrentIndex(std::max(0, m_tribunal->findData(w.tribunalBackend)));
    m_tribunal->setAccessibleName(tr("Default tribunal backend"));
    m_endpoint = new QLineEdit(w.endpoint, this);
    m_endpoint->setPlaceholderText(QStringLiteral("https://integrate.api.nvidia.com/v1"));
    m_endpoint->setAccessibleName(tr("LLM endpoint URL"));
    m_model = new QLineEdit(w.model, this);
    m_model->setAccessibleName(tr("LLM model name"));
    m_appearance = new QComboBox(this);
    m_appearance->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_appearance->addItem(tr("Light"), QStringLiteral("light"));
    m_appearance->addItem(tr("Dark"), QStringLiteral("dark"));
    m_appearance->setCurrentIndex(std::max(0, m_appearance->findData(w.appearance)));
    m_appearance->setAccessibleName(tr("Appearance"));
    m_key = new QLineEdit(this);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setAccessibleName(tr("API key"));
    m_key->setToolTip(tr("Stored in the system keychain only — never in the database, settings or logs"));
    m_keyStatus = new QLabel(this);
    m_keyStatus->setTextFormat(Qt::PlainText);
    m_keyStatus->setWordWrap(true);
    if (!m_secrets || !m_secrets->isAvailable()) {
        m_key->setEnabled(false);
        m_key->setPlaceholderText(tr("No keychain available"));
        m_keyStatus->setText(tr("The system keychain is not available, so the API key cannot be stored here. Start and "
                                "unlock your desktop's keyring (GNOME Keyring or KWallet) and open Settings again, or "
                                "set SOVEREIGN_API_KEY in the environment the workbench starts from."));
    } else {
        m_key->setPlaceholderText(tr("Reading the keychain…"));
        connect(m_secrets, &SecretStore::keyRead, this, [this](const QString &, const QString &value, const QString &error) {
            m_key->setPlaceholderText(value.isEmpty() ? tr("Not set") : tr("Stored in the keychain (type to replace)"));
            if (!error.isEmpty())
                m_keyStatus->setText(tr("The keychain could not be read (%1). Start and unlock your desktop's keyring "
                                        "(GNOME Keyring or KWallet), then open Settings again; until then remote backends "
                                        "read the key from SOVEREIGN_API_KEY.").arg(error));
        });
        m_secrets->readKey(QStringLiteral("llm"));
    }
    connect(m_key, &QLineEdit::textEdited, this, [this] { m_keyEdited = true; });
    form->addRow(tr("Owner name:"), m_owner);
    form->addRow(tr("Publisher:"), m_publisher);
    form->addRow(tr("Verification threshold:"), m_verify);
    form->addRow(tr("Approve at score ≥"), m_approve);
    form->addRow(tr("Revise at score ≥"), m_revise);
    form->addRow(tr("Papers kept (K):"), m_topK);
    form->addRow(tr("Revision round cap:"), m_rounds);
    form->addRow(tr("Search backend:"), m_search);
    form->addRow(tr("Tribunal backend:"), m_tribunal);
    form->addRow(tr("LLM endpoint:"), m_endpoint);
    form->addRow(tr("LLM model:"), m_model);
    form->addRow(tr("API key:"), m_key);
    form->addRow(tr("Appearance:"), m_appearance);
    form->addRow(m_keyStatus);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    // Wide enough for the hints and the keychain message without cutting them.
    setMinimumWidth(std::max(560, fontMetrics().averageCharWidth() * 80));
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_keyEdited && m_secrets && m_secrets->isAvailable())
            m_secrets->writeKey(QStringLiteral("llm"), m_key->text());
        m_key->clear();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

WorkbenchSettings SettingsDialog::settings() const
{
    WorkbenchSettings w;
    w.ownerName = m_owner->text().trimmed();
    w.publisher = m_publisher->text().trimmed();
    w.appearance = m_appearance->currentData().toString();
    w.verifyThreshold = m_verify->value();
    w.approveThreshold = m_approve->value();
    w.reviseThreshold = m_revise->value();
    w.topK = m_topK->value();
    w.maxRevisionRounds = m_rounds->value();
    w.searchBackend = m_search->currentData().toString();
    w.tribunalBackend = m_tribunal->currentData().toString();
    w.endpoint = m_endpoint->text().trimmed();
    w.model = m_model->text().trimmed();
    return w;
}

// ---- HelpOverlay ------------------------------------------------------------------------------

HelpOverlay::HelpOverlay(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("Keyboard shortcuts"));
    setFocusPolicy(Qt::StrongFocus);
    hide();
    parent->installEventFilter(this);
}

void HelpOverlay::setShortcuts(const QList<QPair<QString, QString>> &rows) { m_rows = rows; }

void HelpOverlay::toggle()
{
    if (isVisible()) {
        hide();
        return;
    }
    setGeometry(parentWidget()->rect());
    raise();
    show();
    setFocus();
}

bool NewRunDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Ctrl+Return in the question box starts the run, as the Start button does.
    if (watched == m_question && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
            if (m_ok->isEnabled())
                accept();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

bool HelpOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize && isVisible())
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

void HelpOverlay::keyPressEvent(QKeyEvent *) { hide(); }

void HelpOverlay::mousePressEvent(QMouseEvent *) { hide(); }

void HelpOverlay::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    QColor shade = palette().color(QPalette::Window);
    shade.setAlpha(235);
    p.fillRect(rect(), shade);
    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * 1.5);
    title.setBold(true);
    const int lineH = fontMetrics().height() + 8;
    const int w = 560;
    const int h = lineH * (int(m_rows.size()) + 3);
    QRect box((width() - w) / 2, std::max(10, (height() - h) / 2), w, h);
    p.setPen(palette().color(QPalette::Mid));
    p.setBrush(palette().color(QPalette::Base));
    p.drawRoundedRect(box, 8, 8);
    p.setPen(palette().color(QPalette::Text));
    p.setFont(title);
    p.drawText(box.adjusted(20, 10, -20, 0), Qt::AlignTop | Qt::AlignLeft, tr("Keyboard shortcuts"));
    int y = box.top() + lineH * 2;
    QFont keyFont = font();
    keyFont.setBold(true);
    for (const auto &row : std::as_const(m_rows)) {
        p.setFont(keyFont);
        p.drawText(QRect(box.left() + 20, y, 170, lineH), Qt::AlignVCenter, row.first);
        p.setFont(font());
        p.drawText(QRect(box.left() + 200, y, w - 220, lineH), Qt::AlignVCenter, row.second);
        y += lineH;
    }
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRect(box.left() + 20, y, w - 40, lineH), Qt::AlignVCenter, tr("Press any key to close."));
}

} // namespace Sovereign::Ui
