#include "fusion.h"

#include <QHash>

#include <algorithm>

namespace Sovereign::Pipeline {

QList<FusedItem> reciprocalRankFusion(const QList<QList<FusionInput>> &lists, int k, int topK)
{
    QList<FusedItem> items;
    QHash<QString, qsizetype> index;
    for (qsizetype li = 0; li < lists.size(); ++li) {
        int rank = 0;
        for (const FusionInput &in : lists.at(li)) {
            ++rank;
            auto it = index.constFind(in.key);
            qsizetype pos;
            if (it == index.constEnd()) {
                pos = items.size();
                index.insert(in.key, pos);
                FusedItem f;
                f.key = in.key;
                f.paperId = in.paperId;
                f.bestRank = rank;
                f.firstList = int(li);
                f.ranks = QList<int>(lists.size(), 0);
                items.append(f);
            } else {
                pos = *it;
            }
            FusedItem &f = items[pos];
            if (f.ranks.at(li) != 0) // a duplicate within one list keeps its first (best) rank
                continue;
            f.ranks[li] = rank;
            f.score += 1.0 / double(k + rank);
            f.bestRank = std::min(f.bestRank, rank);
        }
    }
    std::sort(items.begin(), items.end(), [](const FusedItem &a, const FusedItem &b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.bestRank != b.bestRank)
            return a.bestRank < b.bestRank;
        if (a.firstList != b.firstList)
            return a.firstList < b.firstList;
        return a.key < b.key;
    });
    if (topK > 0 && items.size() > topK)
        items.resize(topK);
    for (qsizetype i = 0; i < items.size(); ++i)
        items[i].fusedRank = int(i) + 1;
    return items;
}

} // namespace Sovereign::Pipeline
