#pragma once

// Stage 3, merge: reciprocal-rank fusion of several ranked lists (Cormack, Clarke and Buettcher,
// SIGIR 2009). Each item scores sum over lists of 1 / (k + rank), rank 1-based, with k = 60 as in
// the paper: k damps the dominance of first places, so an item that several queries find at
// moderate ranks beats one that a single query puts first. Items are identified by a key (the
// version-less arXiv id); an item that appears twice in one list (e.g. two versions) counts once,
// at its best rank. Ties are broken by the best single rank, then the earliest list that found the
// item, then the key, so the order is fully deterministic.

#include <QList>
#include <QString>

namespace Sovereign::Pipeline {

inline constexpr int DefaultRrfK = 60;
inline constexpr int DefaultTopK = 12;

struct FusionInput
{
    QString key;        // version-less arXiv id
    qint64 paperId = 0; // carried through
};

struct FusedItem
{
    QString key;
    qint64 paperId = 0;
    double score = 0;   // the RRF sum
    int fusedRank = 0;  // 1-based
    int bestRank = 0;   // best rank in any list
    int firstList = 0;  // index of the first list that found it
    QList<int> ranks;   // rank in each list, 0 when absent
};

// lists[i] is ranked best first. topK <= 0 keeps everything.
QList<FusedItem> reciprocalRankFusion(const QList<QList<FusionInput>> &lists, int k = DefaultRrfK, int topK = DefaultTopK);

} // namespace Sovereign::Pipeline
