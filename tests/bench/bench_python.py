#!/usr/bin/env python3
"""Reference measurements for sovereign-bench, run by it in the same session.

    python3 bench_python.py verify PASSAGES.jsonl CLAIMS.jsonl THRESHOLD OUT.json
    python3 bench_python.py topk N DIM QUERIES K OUT.json
    python3 bench_python.py topkfile VECTORS.f32 QUERIES.f32 DIM K OUT.json
    python3 bench_python.py sqlite ROWS SOVEREIGN_DB OUT.json

verify: scikit-learn TfidfVectorizer(ngram_range=(1, 2)) fitted on the passages, claims transformed,
        cosine similarity matrix, best score per claim; the timed part is fit + transform + similarity.
topk:   numpy (float32, OpenBLAS) batched top-k of QUERIES random queries over N random unit vectors.
sqlite: Python's sqlite3 executemany of ROWS claim rows in one transaction, into a minimal claims
        table and into the claims table of a fresh Sovereign database (same schema as the C++ run).
Each writes seconds and peak RSS (resource.getrusage) as JSON."""
import json
import os
import resource
import sqlite3
import sys
import tempfile
import time


def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def verify(passages_path, claims_path, threshold, out):
    from sklearn.feature_extraction.text import TfidfVectorizer
    import numpy as np
    with open(passages_path, encoding="utf-8") as f:
        passages = [json.loads(l)["text"] for l in f if l.strip()]
    with open(claims_path, encoding="utf-8") as f:
        claims = [json.loads(l)["text"] for l in f if l.strip()]
    t0 = time.perf_counter()
    vec = TfidfVectorizer(ngram_range=(1, 2))
    P = vec.fit_transform(passages)
    C = vec.transform(claims)
    S = C @ P.T
    best = np.asarray(S.max(axis=1).todense()).ravel()
    seconds = time.perf_counter() - t0
    verified = [i for i, b in enumerate(best) if b >= threshold]
    json.dump({"seconds": seconds, "peak_rss_kb": peak_kb(), "verified": verified,
               "best": [float(x) for x in best]}, open(out, "w"))


def topk(n, dim, queries, k, out):
    import numpy as np
    rng = np.random.default_rng(1)
    D = rng.standard_normal((n, dim), dtype=np.float32)
    D /= np.linalg.norm(D, axis=1, keepdims=True)
    Q = rng.standard_normal((queries, dim), dtype=np.float32)
    Q /= np.linalg.norm(Q, axis=1, keepdims=True)
    t0 = time.perf_counter()
    S = Q @ D.T
    idx = np.argpartition(-S, k, axis=1)[:, :k]
    part = np.take_along_axis(S, idx, axis=1)
    order = np.argsort(-part, axis=1)
    top = np.take_along_axis(idx, order, axis=1)
    batched = time.perf_counter() - t0
    times = []
    for i in range(20):
        t0 = time.perf_counter()
        s = D @ Q[i]
        j = np.argpartition(-s, k)[:k]
        j = j[np.argsort(-s[j])]
        times.append(time.perf_counter() - t0)
    times.sort()
    json.dump({"seconds": batched, "qps": queries / batched, "single_ms": times[len(times) // 2] * 1000,
               "peak_rss_kb": peak_kb(), "check": int(top[0, 0])}, open(out, "w"))


def topkfile(vectors_path, queries_path, dim, k, out):
    """Batched top-k over the given float32 vectors (rows of dim), queries in chunks of 100 so the
    score matrix stays about 1 GB at 2.7 M vectors."""
    import numpy as np
    D = np.fromfile(vectors_path, dtype=np.float32).reshape(-1, dim)
    Q = np.fromfile(queries_path, dtype=np.float32).reshape(-1, dim)
    Q /= np.maximum(np.linalg.norm(Q, axis=1, keepdims=True), 1e-30)
    tops = []
    t0 = time.perf_counter()
    for start in range(0, Q.shape[0], 100):
        S = Q[start:start + 100] @ D.T
        idx = np.argpartition(-S, k, axis=1)[:, :k]
        part = np.take_along_axis(S, idx, axis=1)
        order = np.argsort(-part, axis=1)
        tops.extend(np.take_along_axis(idx, order, axis=1).tolist())
    batched = time.perf_counter() - t0
    times = []
    for i in range(min(20, Q.shape[0])):
        t0 = time.perf_counter()
        s = D @ Q[i]
        j = np.argpartition(-s, k)[:k]
        j = j[np.argsort(-s[j])]
        times.append(time.perf_counter() - t0)
    times.sort()
    json.dump({"seconds": batched, "qps": Q.shape[0] / batched, "single_ms": times[len(times) // 2] * 1000,
               "peak_rss_kb": peak_kb(), "top": tops[:50]}, open(out, "w"))


def sqlite_bench(rows, sovereign_db, out):
    texts = ["Claim number %d states a measurable result." % i for i in range(rows)]
    d = tempfile.mkdtemp()
    con = sqlite3.connect(os.path.join(d, "b.sqlite"), isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE claims (id INTEGER PRIMARY KEY, draft_id INTEGER NOT NULL, round INTEGER NOT NULL, "
                "ordinal INTEGER NOT NULL, text TEXT NOT NULL, verified INTEGER NOT NULL, confidence REAL NOT NULL, "
                "UNIQUE (draft_id, round, ordinal))")
    data = [(1, 0, i + 1, texts[i], i % 2, (i % 100) / 100.0) for i in range(rows)]
    t0 = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.executemany("INSERT INTO claims (draft_id, round, ordinal, text, verified, confidence) VALUES (?,?,?,?,?,?)", data)
    con.execute("COMMIT")
    simple = rows / (time.perf_counter() - t0)
    con.close()

    con = sqlite3.connect(sovereign_db, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("INSERT INTO runs (srch_id, question, source_ref) VALUES ('SRCH:0000BEEF', 'bench', 'bench')")
    run = con.execute("SELECT last_insert_rowid()").fetchone()[0]
    con.execute("INSERT INTO drafts (run_id, title, question) VALUES (?, 'bench', 'bench')", (run,))
    draft = con.execute("SELECT last_insert_rowid()").fetchone()[0]
    data = [(draft, 0, i + 1, texts[i], texts[i], i % 2, (i % 100) / 100.0) for i in range(rows)]
    t0 = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.executemany("INSERT INTO claims (draft_id, round, ordinal, text, original_text, verified, confidence) "
                    "VALUES (?,?,?,?,?,?,?)", data)
    con.execute("COMMIT")
    same_schema = rows / (time.perf_counter() - t0)
    json.dump({"rows_per_s": simple, "same_schema_rows_per_s": same_schema, "peak_rss_kb": peak_kb()}, open(out, "w"))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "verify":
        verify(sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5])
    elif mode == "topkfile":
        topkfile(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    elif mode == "topk":
        topk(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    elif mode == "sqlite":
        sqlite_bench(int(sys.argv[2]), sys.argv[3], sys.argv[4])
