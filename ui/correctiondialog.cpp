#include "correctiondialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Sovereign::Ui {

using namespace Models;

namespace {

QString currentText(const Claim &claim, const QList<Correction> &corrections)
{
    QString text = claim.text;
    for (const Correction &c : corrections)
        if (c.claimId == claim.id && !c.newText.isEmpty())
            text = c.newText;
    return text;
}

QLabel *plainLabel(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(true);
    return l;
}

} // namespace

QString CorrectionDialog::typeDescription(CorrectionType type)
{
    switch (type) {
    case CorrectionType::Metadata: return tr("Title, abstract, authorship or other metadata.");
    case CorrectionType::Artifact: return tr("A linked artifact (code, data, figure) was wrong or missing.");
    case CorrectionType::Claim: return tr("A published claim was wrong: pick it and give its corrected text.");
    case CorrectionType::Benchmark: return tr("A reported benchmark or result changes.");
    case CorrectionType::Provenance: return tr("The source paper, its version or the evidence trail was wrong.");
    case CorrectionType::QualityAssessment: return tr("The quality tier or a quality dimension is reassessed.");
    }
    return {};
}

CorrectionDialog::CorrectionDialog(const DraftDetails &details, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Issue correction"));
    m_claims = details.claimsOfRound(details.draft.currentRound);
    m_corrections = details.corrections;

    auto *title = plainLabel(details.draft.srchId + QStringLiteral(" — ") + details.draft.title, this);
    QFont f = title->font();
    f.setBold(true);
    title->setFont(f);
    auto *explain = plainLabel(tr("A correction is a public, additive record: the published text stays readable and the "
                                  "record's state becomes CORRECTED. It cannot be withdrawn. This is correction %1 of this draft.")
                                   .arg(details.corrections.size() + 1),
                               this);

    m_type = new QComboBox(this);
    m_type->setAccessibleName(tr("Correction type"));
    m_type->setToolTip(tr("The correction type of the correction-record contract"));
    for (CorrectionType t : {CorrectionType::Metadata, CorrectionType::Artifact, CorrectionType::Claim,
                             CorrectionType::Benchmark, CorrectionType::Provenance, CorrectionType::QualityAssessment})
        m_type->addItem(toText(t), int(t));
    m_typeHelp = plainLabel(QString(), this);
    m_typeHelp->setForegroundRole(QPalette::PlaceholderText);

    m_claim = new QComboBox(this);
    m_claim->setAccessibleName(tr("Corrected claim"));
    m_claim->setToolTip(tr("CLAIM corrections: the published claim whose text changes"));
    m_claim->addItem(tr("No claim"), 0);
    for (const Claim &c : std::as_const(m_claims)) {
        QString text = currentText(c, m_corrections).simplified();
        if (text.size() > 90)
            text = text.left(89) + QChar(0x2026);
        m_claim->addItem(QStringLiteral("%1. %2").arg(c.ordinal).arg(text), c.ordinal);
    }
    m_text = new QPlainTextEdit(this);
    m_text->setAccessibleName(tr("Corrected claim text"));
    m_text->setToolTip(tr("The claim as it should read; the published text stays in the record"));
    m_text->setPlaceholderText(tr("Corrected claim text"));
    m_text->setTabChangesFocus(true);
    m_text->setMaximumHeight(90);
    m_note = new QPlainTextEdit(this);
    m_note->setAccessibleName(tr("Public correction note"));
    m_note->setToolTip(tr("Published with the record: what changed and why (required)"));
    m_note->setPlaceholderText(tr("Public note: what changed and why (required)"));
    m_note->setTabChangesFocus(true);
    m_confirm = new QCheckBox(tr("I understand that this correction is public and permanent"), this);
    m_confirm->setAccessibleName(tr("Confirm correction"));
    m_confirm->setToolTip(tr("Corrections cannot be withdrawn; a later correction can only add to them"));
    m_status = plainLabel(QString(), this);
    m_status->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout;
    form->addRow(tr("&Type"), m_type);
    form->addRow(QString(), m_typeHelp);
    form->addRow(tr("C&laim"), m_claim);
    form->addRow(tr("New te&xt"), m_text);
    form->addRow(tr("Public &note"), m_note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_ok = buttons->addButton(tr("Issue correction"), QDialogButtonBox::AcceptRole);
    m_ok->setAccessibleName(tr("Issue correction"));
    m_ok->setToolTip(tr("Store the correction record and its ledger entry"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(explain);
    layout->addLayout(form, 1);
    layout->addWidget(m_confirm);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        const auto t = CorrectionType(m_type->currentData().toInt());
        m_typeHelp->setText(typeDescription(t));
        m_claim->setEnabled(t == CorrectionType::Claim);
        if (t != CorrectionType::Claim)
            m_claim->setCurrentIndex(0);
        validate();
    });
    connect(m_claim, &QComboBox::currentIndexChanged, this, &CorrectionDialog::onClaimChanged);
    connect(m_text, &QPlainTextEdit::textChanged, this, &CorrectionDialog::validate);
    connect(m_note, &QPlainTextEdit::textChanged, this, &CorrectionDialog::validate);
    connect(m_confirm, &QCheckBox::toggled, this, &CorrectionDialog::validate);
    m_typeHelp->setText(typeDescription(CorrectionType::Metadata));
    m_claim->setEnabled(false);
    onClaimChanged();
    m_type->setFocus();
    resize(620, 460);
}

void CorrectionDialog::onClaimChanged()
{
    const int ordinal = m_claim->currentData().toInt();
    m_text->setEnabled(ordinal > 0);
    m_text->clear();
    for (const Claim &c : std::as_const(m_claims))
        if (c.ordinal == ordinal)
            m_text->setPlainText(currentText(c, m_corrections)); // plain text: claims are untrusted
    validate();
}

CorrectionInput CorrectionDialog::input() const
{
    CorrectionInput in;
    in.type = CorrectionType(m_type->currentData().toInt());
    in.note = m_note->toPlainText().trimmed();
    in.claimOrdinal = in.type == CorrectionType::Claim ? m_claim->currentData().toInt() : 0;
    if (in.claimOrdinal > 0)
        in.newText = m_text->toPlainText().trimmed();
    return in;
}

QString CorrectionDialog::problem() const
{
    const CorrectionInput in = input();
    if (in.claimOrdinal > 0) {
        if (in.newText.isEmpty())
            return tr("Give the corrected text of claim %1.").arg(in.claimOrdinal);
        for (const Claim &c : std::as_const(m_claims))
            if (c.ordinal == in.claimOrdinal && currentText(c, m_corrections).trimmed() == in.newText)
                return tr("Claim %1 already reads like that: change its text.").arg(in.claimOrdinal);
    }
    if (in.note.isEmpty())
        return tr("Write the public note: what changed and why.");
    if (!m_confirm->isChecked())
        return tr("Tick the confirmation: corrections are permanent.");
    return {};
}

void CorrectionDialog::validate()
{
    const QString why = problem();
    m_status->setText(why);
    m_ok->setEnabled(why.isEmpty());
}

} // namespace Sovereign::Ui
