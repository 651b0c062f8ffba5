#include "timelinewidget.h"

#include "models/items/timelinemodel.h"
#include "theme.h"

#include <QLocale>
#include <QPainter>

namespace Sovereign::Ui {

using namespace Models;

TimelineWidget::TimelineWidget(TimelineModel *model, QWidget *parent) : QWidget(parent), m_model(model)
{
    setAccessibleName(tr("Run timeline"));
    setToolTip(tr("Stages of the run on a shared time axis; hatched segments are waits such as the arXiv rate limit"));
    connect(model, &TimelineModel::timelineChanged, this, [this] {
        updateGeometry();
        update();
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        updateGeometry();
        update();
    });
}

int TimelineWidget::rowHeight() const { return fontMetrics().height() + 8; }

QSize TimelineWidget::sizeHint() const { return {700, rowHeight() * (m_model->rowCount() + 1) + 8}; }

QSize TimelineWidget::minimumSizeHint() const { return {300, rowHeight() * (m_model->rowCount() + 1) + 8}; }

void TimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const auto &lanes = m_model->timeline().lanes();
    const int rh = rowHeight();
    const int labelW = fontMetrics().horizontalAdvance(QStringLiteral("    SYNTHESIZER  ")) + 70;
    const int stateW = fontMetrics().horizontalAdvance(QStringLiteral(" cancelled 00.00 s "));
    const QRect plot(labelW, rh, std::max(50, width() - labelW - stateW - 8), height() - rh - 4);
    const qint64 now = std::max<qint64>(1, m_model->nowMs());
    const double span = now * 1.02;
    auto x = [&](qint64 ms) { return plot.left() + plot.width() * (double(ms) / span); };

    // Axis with about six ticks.
    p.setPen(pal.color(QPalette::PlaceholderText));
    static const qint64 steps[] = {10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 60000, 120000, 300000};
    qint64 step = steps[0];
    for (qint64 s : steps)
        if (span / s <= 7) {
            step = s;
            break;
        }
    for (qint64 t = 0; t <= span; t += step) {
        const int tx = int(x(t));
        p.drawLine(tx, rh - 4, tx, plot.bottom());
        p.drawText(QRect(tx + 2, 0, 80, rh - 4), Qt::AlignLeft | Qt::AlignVCenter,
                   QLocale().toString(t / 1000.0, 'f', step < 1000 ? 2 : 0) + QStringLiteral(" s"));
    }

    for (int i = 0; i < lanes.size(); ++i) {
        const TimelineLane &l = lanes.at(i);
        const QRect row(0, rh + i * rh, width(), rh);
        if (i % 2)
            p.fillRect(row, pal.color(QPalette::AlternateBase));
        QFont f = font();
        f.setBold(!l.isSubLane());
        p.setFont(f);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(6, row.top(), labelW - 10, rh), Qt::AlignVCenter | Qt::AlignLeft, l.label());
        p.setFont(font());

        QColor c;
        switch (l.state) {
        case TimelineLane::State::Done:
            c = Theme::verifiedColor(pal);
            break;
        case TimelineLane::State::Running:
            c = Theme::runningColor(pal);
            break;
        case TimelineLane::State::Waiting:
            c = Theme::waitColor(pal);
            break;
        case TimelineLane::State::Failed:
        case TimelineLane::State::Cancelled:
            c = Theme::failedColor(pal);
            break;
        default:
            c = pal.color(QPalette::Mid);
            break;
        }
        const int barH = l.isSubLane() ? rh - 12 : rh - 8;
        const int top = row.top() + (rh - barH) / 2;
        if (l.startMs >= 0) {
            const qint64 end = l.endMs >= 0 ? l.endMs : now;
            QRectF bar(x(l.startMs), top, std::max(3.0, x(end) - x(l.startMs)), barH);
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawRoundedRect(bar, 3, 3);
            for (const auto &w : l.waits) {
                const qint64 we = w.second >= 0 ? w.second : now;
                QRectF wr(x(w.first), top - 1, std::max(3.0, x(we) - x(w.first)), barH + 2);
                p.setBrush(Theme::waitColor(pal));
                p.drawRect(wr);
                p.setBrush(QBrush(pal.color(QPalette::Text), Qt::BDiagPattern));
                p.drawRect(wr);
                p.setPen(pal.color(QPalette::Text));
                const QString label = tr("wait %1 s").arg(QLocale().toString((we - w.first) / 1000.0, 'f', 1));
                if (wr.width() > fontMetrics().horizontalAdvance(label) + 6) {
                    p.fillRect(QRectF(wr.center().x() - fontMetrics().horizontalAdvance(label) / 2.0 - 3, top, fontMetrics().horizontalAdvance(label) + 6, barH), Theme::waitColor(pal));
                    p.drawText(wr, Qt::AlignCenter, label);
                }
                p.setPen(Qt::NoPen);
            }
        } else if (l.state == TimelineLane::State::Skipped || l.state == TimelineLane::State::Pending) {
            QPen dash(pal.color(QPalette::Mid), 1, Qt::DashLine);
            p.setPen(dash);
            p.setBrush(Qt::NoBrush);
            p.drawLine(QPointF(plot.left(), row.center().y()), QPointF(plot.right(), row.center().y()));
        }
        // State and duration at the right, in words (not colour only).
        p.setPen(pal.color(QPalette::Text));
        QString s = toText(l.state);
        const qint64 d = l.durationMs(now);
        if (d >= 0)
            s += QStringLiteral(" ") + TimelineModel::duration(d);
        if (l.tokens > 0)
            s += tr(" · %n tok", nullptr, l.tokens);
        p.drawText(QRect(plot.right() + 6, row.top(), stateW + 60, rh), Qt::AlignVCenter | Qt::AlignLeft, s);
    }
}

} // namespace Sovereign::Ui
