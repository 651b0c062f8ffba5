#include "draftlistmodel.h"
#include "tooltip.h"

#include "models/types/policyreason.h"

#include <QRegularExpression>

#include <QLocale>

namespace Sovereign::Models {

DraftListModel::DraftListModel(PageLoader loader, QObject *parent) : QAbstractTableModel(parent), m_loader(std::move(loader))
{
}

DraftListModel::~DraftListModel()
{
    if (m_watcher)
        m_watcher->disconnect(this);
}

int DraftListModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int DraftListModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DraftListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    static const char *const names[] = {QT_TR_NOOP("Question"), QT_TR_NOOP("Why"), QT_TR_NOOP("SRCH id"), QT_TR_NOOP("Created"),
                                        QT_TR_NOOP("Score"), QT_TR_NOOP("Verdict"), QT_TR_NOOP("Policy"),
                                        QT_TR_NOOP("Verified"), QT_TR_NOOP("Tier"), QT_TR_NOOP("State")};
    static const char *const tips[] = {
        QT_TR_NOOP("The research question the draft answers; its title is in the tooltip"),
        QT_TR_NOOP("Why the draft is where it is, in plain words from the policy's stored reason; the reason's codes are in the tooltip and the filter finds them"),
        QT_TR_NOOP("Stable public identifier of the run"), QT_TR_NOOP("When the run created the draft"),
        QT_TR_NOOP("Tribunal score of the current round, 0 to 10"), QT_TR_NOOP("Tribunal verdict"),
        QT_TR_NOOP("What the policy decided: auto-approve or escalate to the owner"),
        QT_TR_NOOP("Verified claims / extracted claims"), QT_TR_NOOP("Quality tier of the public record"),
        QT_TR_NOOP("Where the draft is in the owner's workflow")};
    if (role == Qt::DisplayRole)
        return tr(names[section]);
    if (role == Qt::ToolTipRole)
        return tr(tips[section]);
    if (role == Qt::TextAlignmentRole && (section == ScoreColumn || section == ClaimsColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant DraftListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Draft &d = m_rows.at(index.row());
    switch (role) {
    case DraftIdRole:
        return d.id;
    case RunIdRole:
        return d.runId;
    case StateRole:
        return int(d.state);
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn)
            return plainToolTip(d.title);
        if (index.column() == PolicyColumn || index.column() == WhyColumn)
            return plainToolTip(d.policyReason);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ScoreColumn || index.column() == ClaimsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case DateColumn:
            return d.createdAt.toMSecsSinceEpoch();
        case ScoreColumn:
            return d.score.value_or(-1.0);
        case ClaimsColumn:
            return d.claimsExtracted > 0 ? double(d.claimsVerified) / d.claimsExtracted + d.claimsVerified * 1e-6 : -1.0;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case TitleColumn: {
            // The question first: every title starts with the same "SOVEREIGN:" tag.
            if (!d.question.isEmpty())
                return cellText(d.question);
            static const QRegularExpression tag(QStringLiteral("^\\s*SOVEREIGN:\\s*"), QRegularExpression::CaseInsensitiveOption);
            return cellText(QString(d.title).remove(tag));
        }
        case WhyColumn:
            return cellText(whyText(d));
        case SrchColumn:
            return cellText(d.srchId);
        case DateColumn:
            return QLocale().toString(d.createdAt.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"));
        case ScoreColumn:
            return d.score ? QLocale().toString(*d.score, 'f', 1) : QString();
        case VerdictColumn:
            return d.verdict ? toText(*d.verdict) : QString();
        case PolicyColumn:
            return d.policy ? (*d.policy == Policy::AutoApprove ? tr("auto-approve") : tr("escalate")) : QString();
        case ClaimsColumn:
            return QStringLiteral("%1/%2").arg(d.claimsVerified).arg(d.claimsExtracted);
        case TierColumn:
            return cellText(d.qualityTier);
        case StateColumn:
            return displayName(d.state);
        }
        return {};
    }
    return {};
}

bool DraftListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_loading && !m_exhausted;
}

void DraftListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent) || !m_loader)
        return;
    DraftFilter filter;
    filter.state = m_state;
    filter.text = m_text;
    filter.limit = m_pageSize;
    if (!m_rows.isEmpty()) {
        filter.afterCreatedAt = toIso(m_rows.constLast().createdAt);
        filter.afterId = m_rows.constLast().id;
    }
    m_loading = true;
    emit loadingChanged(true);
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->deleteLater();
    }
    m_watcher = new QFutureWatcher<Result<QList<Draft>>>(this);
    m_watchedGeneration = m_generation;
    connect(m_watcher, &QFutureWatcherBase::finished, this, &DraftListModel::onPage);
    m_watcher->setFuture(m_loader(filter));
}

void DraftListModel::onPage()
{
    auto *watcher = m_watcher;
    m_watcher = nullptr;
    watcher->deleteLater();
    if (m_watchedGeneration != m_generation)
        return; // a reset happened while the page was loading; a new fetch follows
    m_loading = false;
    const Result<QList<Draft>> page = watcher->future().result();
    if (!page) {
        emit loadingChanged(false);
        emit loadFailed(page.error());
        return;
    }
    if (page->size() < m_pageSize)
        m_exhausted = true;
    // A row can already be present when upsert() put it at the top while the page was loading.
    QList<Draft> fresh;
    for (const Draft &d : *page)
        if (rowOf(d.id) < 0)
            fresh.append(d);
    if (!fresh.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
        m_rows.append(fresh);
        endInsertRows();
    }
    emit loadingChanged(false);
    emit pageLoaded(int(fresh.size()));
}

void DraftListModel::setFilter(std::optional<DraftState> state, const QString &text)
{
    m_state = state;
    m_text = text.trimmed();
    reload();
}

void DraftListModel::reload()
{
    beginResetModel();
    ++m_generation;
    m_rows.clear();
    m_exhausted = false;
    const bool wasLoading = m_loading;
    m_loading = false;
    endResetModel();
    if (wasLoading)
        emit loadingChanged(false);
    fetchMore({});
}

int DraftListModel::rowOf(qint64 draftId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == draftId)
            return i;
    return -1;
}

bool DraftListModel::matches(const Draft &d) const
{
    if (m_state && d.state != *m_state)
        return false;
    if (m_text.isEmpty())
        return true;
    // The same fields as the loader's filter (Store::drafts), the policy's reason included.
    return d.title.contains(m_text, Qt::CaseInsensitive) || d.question.contains(m_text, Qt::CaseInsensitive)
           || d.srchId.contains(m_text, Qt::CaseInsensitive) || d.policyReason.contains(m_text, Qt::CaseInsensitive);
}

void DraftListModel::upsert(const Draft &draft)
{
    const int row = rowOf(draft.id);
    const bool belongs = matches(draft);
    if (row >= 0 && belongs) {
        m_rows[row] = draft;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else if (row >= 0) {
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    } else if (belongs) {
        // Newest first, as the store pages them.
        int at = 0;
        while (at < m_rows.size() && m_rows.at(at).createdAt > draft.createdAt)
            ++at;
        if (at == m_rows.size() && !m_exhausted)
            return; // it sorts after the loaded rows; a later page will bring it
        beginInsertRows({}, at, at);
        m_rows.insert(at, draft);
        endInsertRows();
    }
}

} // namespace Sovereign::Models
