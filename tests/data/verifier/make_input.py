#!/usr/bin/env python3
"""Writes input.json, the text set of the verifier parity test (all sentences written for this test).

It mixes ordinary technical prose with the cases where a re-implementation of scikit-learn's
analyzer goes wrong: punctuation, hyphens and apostrophes, numbers, repeated terms, empty and
whitespace-only texts, one-letter words, and Unicode (accents, decomposed combining marks, Greek
final sigma, Turkish dotted I, German sharp s, CJK, Devanagari vowel signs, Arabic-Indic digits,
superscripts and fractions, full-width letters, ligatures, title-case digraphs, letters outside the
BMP, emoji)."""
import json
import os

passages = [
    "Sparse mixture-of-experts layers route each token to the top-2 experts chosen by a learned gate.",
    "Expert routing decides which experts process a token; load balancing keeps experts equally busy.",
    "We measure throughput (tokens/s) and p99 latency: 1,024 requests, 3.5 ms median, 12.75 ms tail.",
    "Retrieval-augmented generation grounds answers in retrieved passages, reducing hallucination.",
    "The the the routing routing experts experts experts: repetition changes term frequency only.",
    "",
    "   \t\n  ",
    "a b c d e f g",
    "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u2014 and decomposed cafe\u0301 nai\u0308ve forms differ.",
    "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3 \u03ba\u03b1\u03b9 \u03a3\u039f\u03a6\u0399\u0391\u03a3 \u03b9\u03c3\u03c4\u03bf\u03c1\u03af\u03b1\u03c3 \u2014 \u03a3 alone, \u039c\u0391\u03a3. \u03a3\u03c4\u03bf\u03b9\u03c7\u03b5\u03af\u03b1",
    "\u0130stanbul and \u0130ZM\u0130R; Stra\u00dfe vs STRASSE; \u01c5ungla \u01c4UNGLA digraphs.",
    "\u6df7\u5408\u4e13\u5bb6\u6a21\u578b \u8def\u7531 \u4e13\u5bb6 and \u30c8\u30fc\u30af\u30f3 routing in \u65e5\u672c\u8a9e text.",
    "\u0939\u093f\u0928\u094d\u0926\u0940 \u092d\u093e\u0937\u093e \u092e\u0947\u0902 \u0935\u093f\u0936\u0947\u0937\u091c\u094d\u091e \u092e\u0949\u0921\u0932",
    "Digits \u0663\u0664\u0665 and x\u00b2 plus \u00bd cup; \uff26\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48 letters and \ufb01nal ligature.",
    "Math \U0001d400\U0001d401\U0001d402 letters, emoji \U0001f680\U0001f680 rockets, snake_case_names and __dunder__.",
    "Don't split it's or o'clock; e-mail, state-of-the-art, A/B tests, C++ and C# code.",
    "Vision-language models compress visual tokens before the language model reads them.",
    "Evaluation with LLM judges: agreement 0.81 vs 0.57; Cohen's kappa; bootstrap 95% CI.",
    "KV-cache paging lets 2x larger batches fit; speculative decoding accepts 3.1 tokens per step.",
    "Routing experts experts routing: bigram order matters, experts routing is not routing experts.",
]

claims = [
    "Top-2 expert routing sends each token to two experts.",
    "Load balancing keeps experts equally busy during routing.",
    "The median latency is 3.5 ms and the p99 latency is 12.75 ms.",
    "Retrieval reduces hallucination in generated answers.",
    "routing routing routing",
    "",
    "   ",
    "a b c",
    "caf\u00e9 r\u00e9sum\u00e9 cafe\u0301",
    "\u03bf\u03b4\u03c5\u03c3\u03c3\u03b5\u03c5\u03c2 \u03c3\u03bf\u03c6\u03b9\u03b1\u03c2 \u03bc\u03b1\u03c2",
    "istanbul stra\u00dfe strasse \u01c6ungla",
    "\u4e13\u5bb6 routing \u65e5\u672c\u8a9e",
    "\u0935\u093f\u0936\u0947\u0937\u091c\u094d\u091e \u092e\u0949\u0921\u0932",
    "\u0663\u0664\u0665 x\u00b2 \uff46\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48 \ufb01nal",
    "\U0001d41a\U0001d41b\U0001d41c snake_case_names rockets",
    "state-of-the-art A/B tests in C++",
    "Completely unrelated sentence about gardening and tomatoes.",
    "experts routing",
    "routing experts",
    "KV-cache paging and speculative decoding increase batch size.",
]

data = {
    "passages": [{"id": "p%02d" % i, "text": t} for i, t in enumerate(passages)],
    "claims": [{"id": "c%02d" % i, "text": t} for i, t in enumerate(claims)],
}
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "input.json"), "w", encoding="utf-8") as f:
    json.dump(data, f, ensure_ascii=False, indent=1)
    f.write("\n")
