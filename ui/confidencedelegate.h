#pragma once

// ConfidenceDelegate: paints a claim's confidence as a bar on a fixed 0..1 cosine scale with the
// verification threshold marked. Verified and unverified differ by colour AND by a glyph (✓ / ×),
// and an owner override adds a dashed outline, so the state never rests on colour alone.
// Reads ClaimTableModel::ConfidenceRole, VerifiedRole, OverriddenRole and ThresholdRole.

#include <QStyledItemDelegate>

namespace Sovereign::Ui {

class ConfidenceDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfidenceDelegate)
public:
    explicit ConfidenceDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Paints one bar into rect; shared with the evidence pane's large bar and the tests.
    static void paintBar(QPainter *painter, const QRect &rect, const QPalette &palette, double confidence,
                         double threshold, bool verified, bool overridden);
};

} // namespace Sovereign::Ui
