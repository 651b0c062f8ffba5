#include "confidencedelegate.h"

#include "models/items/claimtablemodel.h"
#include "theme.h"

#include <QApplication>
#include <QLocale>
#include <QPainter>

namespace Sovereign::Ui {

using Models::ClaimTableModel;

ConfidenceDelegate::ConfidenceDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

void ConfidenceDelegate::paintBar(QPainter *p, const QRect &rect, const QPalette &pal, double confidence,
                                  double threshold, bool verified, bool overridden)
{
    p->save();
    p->setRenderHint(QPainter::Antialiasing, true);
    const QFontMetrics fm(p->font());
    const int glyphW = fm.height() + 2;
    const int numberW = fm.horizontalAdvance(QStringLiteral("0.00")) + 6;
    const QRect glyphRect(rect.left(), rect.top(), glyphW, rect.height());
    const QRect numberRect(rect.right() - numberW + 1, rect.top(), numberW, rect.height());
    QRect track = rect.adjusted(glyphW + 2, 0, -numberW - 2, 0);
    const int barH = std::max(6, std::min(track.height() - 6, fm.height() - 2));
    track.setTop(rect.center().y() - barH / 2);
    track.setHeight(barH);

    const QColor ok = Theme::verifiedColor(pal), bad = Theme::unverifiedColor(pal);
    const QColor fill = verified ? ok : bad;

    // Glyph: a check mark or a cross, drawn as strokes so it does not depend on the font.
    QPen glyphPen(fill, std::max(2.0, fm.height() / 7.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p->setPen(glyphPen);
    const QRectF g = QRectF(glyphRect).adjusted(4, glyphRect.height() / 2.0 - fm.height() / 2.0 + 3, -4,
                                                -(glyphRect.height() / 2.0 - fm.height() / 2.0) - 3);
    if (verified) {
        const QPointF pts[] = {{g.left(), g.center().y()}, {g.left() + g.width() * 0.38, g.bottom()}, {g.right(), g.top()}};
        p->drawPolyline(pts, 3);
    } else {
        p->drawLine(g.topLeft(), g.bottomRight());
        p->drawLine(g.topRight(), g.bottomLeft());
    }

    // Track, fill on the fixed 0..1 scale, threshold mark.
    QColor trackColor = pal.color(QPalette::Mid);
    trackColor.setAlpha(90);
    p->setPen(Qt::NoPen);
    p->setBrush(trackColor);
    p->drawRoundedRect(track, 2, 2);
    const double c = std::clamp(confidence, 0.0, 1.0);
    QRectF bar(track.left(), track.top(), track.width() * c, track.height());
    p->setBrush(fill);
    p->drawRoundedRect(bar, 2, 2);
    if (overridden) {
        QPen dash(pal.color(QPalette::Text), 1, Qt::DashLine);
        p->setPen(dash);
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(QRectF(track).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2);
    }
    const double tx = track.left() + track.width() * std::clamp(threshold, 0.0, 1.0);
    p->setPen(QPen(pal.color(QPalette::Text), 2));
    p->drawLine(QPointF(tx, track.top() - 3), QPointF(tx, track.bottom() + 3));

    p->setPen(pal.color(QPalette::Text));
    p->drawText(numberRect, Qt::AlignRight | Qt::AlignVCenter, QLocale().toString(confidence, 'f', 2));
    p->restore();
}

void ConfidenceDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *w = option.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);
    QPalette pal = option.palette;
    if (option.state & QStyle::State_Selected)
        pal.setColor(QPalette::Text, pal.color(QPalette::HighlightedText));
    paintBar(painter, option.rect.adjusted(2, 2, -4, -2), pal, index.data(ClaimTableModel::ConfidenceRole).toDouble(),
             index.data(ClaimTableModel::ThresholdRole).toDouble(), index.data(ClaimTableModel::VerifiedRole).toBool(),
             index.data(ClaimTableModel::OverriddenRole).toBool());
}

QSize ConfidenceDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setWidth(std::max(s.width(), option.fontMetrics.horizontalAdvance(QStringLiteral("0.00")) * 5));
    return s;
}

} // namespace Sovereign::Ui
