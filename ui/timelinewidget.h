#pragma once

// TimelineWidget: draws a TimelineModel as horizontal lanes on a shared time axis: one bar per
// stage or lane, coloured and labelled by state, waits (e.g. the arXiv rate limit) drawn hatched
// with their length, running lanes growing to "now".

#include <QWidget>

namespace Sovereign::Models {
class TimelineModel;
}

namespace Sovereign::Ui {

class TimelineWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineWidget)
public:
    explicit TimelineWidget(Models::TimelineModel *model, QWidget *parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int rowHeight() const;
    Models::TimelineModel *m_model;
};

} // namespace Sovereign::Ui
