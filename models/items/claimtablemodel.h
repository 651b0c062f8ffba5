#pragma once

// ClaimTableModel: the claims of one draft round with their verification (confidence = best TF-IDF
// cosine on a fixed 0..1 scale, verified iff confidence >= threshold, or the owner's override).
// Filled in whole by its owner (setClaims) and updated per claim (updateClaim); no I/O. Edits do not
// go through setData: the view pushes undo commands to the owner-actions service and the model
// follows the service's change signal.

#include "models/types/draftdetails.h"

#include <QAbstractTableModel>

namespace Sovereign::Models {

class ClaimTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClaimTableModel)
public:
    // QuestionTermsColumn: the question's terms the claim covers (Claim::checks); ChecksColumn: the
    // pipeline's findings beyond the cosine (evidence disagrees, different subject, numbers).
    enum Column { OrdinalColumn, TextColumn, VerifiedColumn, ConfidenceColumn, StanceColumn, QuestionTermsColumn, ChecksColumn, EvidenceColumn,
                  ColumnCount };
    enum Role { ClaimIdRole = Qt::UserRole + 1, ConfidenceRole, VerifiedRole, OverriddenRole, SortRole, ThresholdRole };

    explicit ClaimTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setClaims(const QList<Claim> &claims, const QHash<qint64, PaperRef> &papers);
    void updateClaim(const Claim &claim);
    void setThreshold(double threshold);
    double threshold() const { return m_threshold; }

    // Read from Claim::checks (written by the pipeline's judgment).
    static QStringList questionTerms(const Claim &c);
    static QStringList findings(const Claim &c); // "Evidence disagrees: ...", "similar wording, different subject (...)"

    int rowOf(qint64 claimId) const;
    int rowOfOrdinal(int ordinal) const;
    Claim claimAt(int row) const { return m_claims.value(row); }
    PaperRef paper(qint64 id) const { return m_papers.value(id); }

private:
    QString toolTipText(const Claim &c, int column) const;
    QList<Claim> m_claims;
    QHash<qint64, PaperRef> m_papers;
    double m_threshold = 0; // the run's, set by the view from the run's settings (setThreshold)
};

} // namespace Sovereign::Models
