#!/usr/bin/env python3
"""Reference scores for the claim verifier, computed by scikit-learn itself.

    python3 sklearn_scores.py INPUT.json OUTPUT.json

INPUT holds {"passages": [{id, text}], "claims": [{id, text}]}. The vectorizer is fitted on the
passages with TfidfVectorizer(ngram_range=(1, 2)) and default settings, the claims are transformed
with it, and the cosine of every claim against every passage is written, together with the sorted
vocabulary and its idf values, and per claim the argmax passage. tst_verifier compares the C++
verifier with this output (committed as expected.json) and, when python3 and scikit-learn are
available, with a fresh run of this script."""
import json
import sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        data = json.load(f)
    passages = [p["text"] for p in data["passages"]]
    claims = [c["text"] for c in data["claims"]]
    vec = TfidfVectorizer(ngram_range=(1, 2))
    P = vec.fit_transform(passages)
    C = vec.transform(claims)
    S = (C @ P.T).toarray()
    vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
    best = S.argmax(axis=1) if S.shape[1] else np.zeros(len(claims), dtype=int)
    out = {
        "generator": "scikit-learn %s TfidfVectorizer(ngram_range=(1, 2))" % sklearn.__version__,
        "vocabulary": [term for term, _ in vocab],
        "idf": [float(x) for x in vec.idf_],
        "scores": [[float(x) for x in row] for row in S],
        "best": [{"claim_id": data["claims"][i]["id"],
                  "passage_id": data["passages"][int(best[i])]["id"],
                  "score": float(S[i, best[i]])} for i in range(len(claims))],
    }
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
