#!/usr/bin/env python3
"""Generates resources/corpus/demo.jsonl, the demo corpus shipped with Sovereign Workbench.

Every entry is SYNTHETIC: titles, abstracts, authors and method names are produced here from
templates written for this project (no text is taken from real papers). Entries use the arXiv OAI
snapshot JSON-lines format with arXiv-style ids in the YYMM.9NNNN range (a number range arXiv has
not used) and are marked as demo data twice: "origin": "demo" and a "comments" field starting with
"DEMO DATA". The output is deterministic (fixed seed), so re-running reproduces the committed file.

    python3 resources/corpus/generate_demo.py > resources/corpus/demo.jsonl
"""

import json
import random
import sys

SEED = 20260528
COUNT_PER_TOPIC = 56

FIRST = ["Amara", "Bastian", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiroshi", "Ines", "Jonas", "Kavya",
         "Lukas", "Mei", "Nikolai", "Oluwaseun", "Priya", "Quentin", "Rosa", "Santiago", "Tuva", "Umar", "Valentina",
         "Wen", "Xavier", "Yara", "Zoltan", "Aditi", "Bruno", "Camille", "Dario", "Esther", "Felix", "Hana", "Ivo",
         "Jae-won", "Leila", "Mateus", "Noor", "Oskar", "Pilar", "Ravi", "Sofia", "Tomasz", "Ulla", "Viktor", "Yusuf"]
LAST = ["Okafor", "Lindqvist", "Moretti", "Petrov", "Yilmaz", "Haddad", "Brandt", "Tanaka", "Ferreira", "Keller",
        "Raman", "Novak", "Zhang", "Sokolov", "Adeyemi", "Iyer", "Lefebvre", "Navarro", "Castillo", "Berg", "Qureshi",
        "Romano", "Liu", "Dubois", "Haddadi", "Varga", "Kulkarni", "Sato", "Marchetti", "Esposito", "Weiss", "Nakamura",
        "Kowalski", "Horvat", "Park", "Farahani", "Oliveira", "Rahman", "Nilsson", "Ortega", "Menon", "Costa",
        "Wojcik", "Virtanen", "Popescu", "Demir"]

TOPICS = {
    "moe": {
        "cats": ["cs.LG", "cs.CL", "cs.AI"],
        "methods": ["SparseLoom", "GateMix-MoE", "HydraExperts", "ShardMoE", "Tessera-MoE", "FlexiGate",
                    "MosaicMoE-2B", "Quill-MoE", "Braid-8x1B", "OrbitMoE"],
        "subjects": ["sparse mixture-of-experts language models", "expert-parallel transformer training",
                     "fine-grained expert decomposition", "shared and routed experts",
                     "upcycling dense checkpoints into experts", "expert specialization during pretraining"],
        "contexts": [
            "Sparse mixture-of-experts (MoE) layers let a model grow its parameter count while keeping the compute per token roughly fixed.",
            "Mixture-of-experts architectures activate only a small subset of feed-forward experts for each token, which decouples capacity from cost.",
            "Recent open language models increasingly replace dense feed-forward blocks with banks of experts selected by a learned gate.",
            "Training sparse expert models at scale remains brittle: load imbalance, router collapse and communication overhead interact in ways that are poorly understood.",
        ],
        "gaps": [
            "Existing recipes tune the number of experts and the top-k value by trial and error, and little is known about how these choices transfer across model sizes.",
            "Most studies report final accuracy only, leaving open how experts specialize over the course of training.",
            "Auxiliary balancing losses stabilise training but can interfere with the language modelling objective.",
            "Converting a dense checkpoint into an expert model is cheap, yet the resulting experts are often nearly redundant.",
        ],
        "actions": [
            "We introduce {M}, which {verb} {obj}.",
            "This paper presents {M}, an approach that {verb} {obj}.",
            "We propose {M}: it {verb} {obj}.",
        ],
        "verbs": ["partitions each feed-forward block into", "initialises", "regularises", "jointly trains",
                  "progressively grows"],
        "objs": ["fine-grained experts with a small always-active shared expert",
                 "experts from clustered hidden states of a dense model",
                 "the gate with a temperature schedule that delays specialization",
                 "expert capacity factors together with the router",
                 "the expert pool during pretraining while keeping active parameters fixed"],
        "results": [
            "Across {n} downstream tasks, models with {a} active parameters match dense baselines trained with {x}x more compute.",
            "At equal training FLOPs, {M} lowers validation perplexity by {p}% relative to a dense model of the same active size.",
            "Expert utilisation stays within {p}% of uniform throughout training without an auxiliary loss.",
            "We observe that experts specialise early, with token-to-expert assignments stabilising after roughly {p}% of training.",
            "Ablations show that the shared expert accounts for most of the gain on reasoning benchmarks but little on code.",
        ],
    },
    "routing": {
        "cats": ["cs.LG", "cs.DC", "cs.CL"],
        "methods": ["TokenRelay", "Route-Balance", "CapacityFlow", "Lynx-Sched", "PivotRouter", "Ember-Route",
                    "SkewGuard", "DriftGate", "Relay-TopK", "QueueWise"],
        "subjects": ["token-to-expert routing", "token scheduling for expert layers", "load-balanced expert selection",
                     "dynamic top-k gating", "capacity-aware dispatch", "routing stability under distribution shift"],
        "contexts": [
            "The router of a mixture-of-experts layer decides which experts process each token, and its decisions determine both quality and hardware efficiency.",
            "Token routing in sparse models is usually a greedy top-k choice over gate logits, made independently for every token.",
            "When many tokens prefer the same expert, capacity limits force tokens to be dropped or rerouted, degrading accuracy.",
            "Static routing policies learned during pretraining are reused unchanged at inference, even when the input distribution differs.",
        ],
        "gaps": [
            "Dropped tokens are rarely measured, and their effect on downstream accuracy is typically attributed to other causes.",
            "Balancing losses equalise load on average but not within a batch, where stragglers dominate step time.",
            "Few routing methods account for the all-to-all communication pattern that their decisions induce.",
            "It is unclear whether token scheduling schemes designed for one architecture generalise to others.",
        ],
        "actions": [
            "We present {M}, a router that {verb} {obj}.",
            "We develop {M}, which {verb} {obj}.",
            "Our method, {M}, {verb} {obj}.",
        ],
        "verbs": ["schedules", "reassigns", "batches", "prioritises", "re-ranks"],
        "objs": ["tokens across experts by solving a small assignment problem per micro-batch",
                 "overflow tokens to their second-choice expert on the same device",
                 "tokens by predicted expert so that all-to-all messages are coalesced",
                 "tokens with high gate entropy for a second routing pass",
                 "expert choices with a learned cost that includes communication"],
        "results": [
            "On an {n}-expert model, {M} reduces dropped tokens from {p}% to under 1% while improving throughput by {x}x.",
            "End-to-end training step time falls by {p}% on {g} GPUs with no loss in final perplexity.",
            "The accuracy-throughput trade-off improves over static top-2 routing on {n} question answering benchmarks.",
            "Routing decisions remain stable when the evaluation domain shifts, with expert overlap above {p}%.",
            "We find that gains shrink as the number of experts per device grows, which bounds where the method helps.",
        ],
    },
    "serving": {
        "cats": ["cs.DC", "cs.LG", "cs.PF"],
        "methods": ["PagedWeave", "KV-Stash", "SpecServe", "BatchPilot", "Tidal-Serve", "Prefix-Cache++",
                    "LatticeKV", "Sprint-Decode", "MoE-Offload", "ServeSim"],
        "subjects": ["LLM inference serving", "key-value cache management", "speculative decoding",
                     "continuous batching", "expert offloading for inference", "latency-aware request scheduling"],
        "contexts": [
            "Serving large language models is dominated by memory traffic: each generated token reads the full set of active weights and the growing key-value cache.",
            "Production inference systems batch requests continuously to keep accelerators busy, trading tail latency for throughput.",
            "Sparse expert models are cheap to compute but expensive to host, since all experts must stay resident even though few are used per token.",
            "Long-context requests inflate the key-value cache until it, rather than the weights, limits the batch size.",
        ],
        "gaps": [
            "Existing schedulers treat requests as independent and ignore shared prompt prefixes.",
            "Speculative decoding speeds up single requests but its benefit under heavy batching is contested.",
            "Offloading experts to host memory saves accelerator memory at the price of unpredictable stalls.",
            "Service-level objectives are usually stated on tail latency, yet most systems optimise the mean.",
        ],
        "actions": [
            "We build {M}, a serving system that {verb} {obj}.",
            "We describe {M}, which {verb} {obj}.",
            "{M} {verb} {obj}.",
        ],
        "verbs": ["pages", "prefetches", "schedules", "compresses", "shares"],
        "objs": ["the key-value cache in fixed-size blocks that can be shared across requests",
                 "experts predicted from the previous layer's routing decisions",
                 "decode steps so that requests near their deadline are served first",
                 "cached keys and values to 4-bit precision with per-channel scales",
                 "prompt prefixes between requests through a radix tree"],
        "results": [
            "On a trace of {n} thousand chat requests, {M} raises throughput by {x}x at the same p99 latency.",
            "Peak memory drops by {p}%, which allows batches {x}x larger on a single accelerator.",
            "Time to first token improves by {p}% for prompts longer than {a} tokens.",
            "With speculative drafts, the accepted length averages {x} tokens and end-to-end latency falls by {p}%.",
            "We report the regimes where the approach loses: short prompts and low load see no benefit.",
        ],
    },
    "rag": {
        "cats": ["cs.CL", "cs.IR", "cs.AI"],
        "methods": ["RetroChain", "Evidence-Lens", "DocFuse-RAG", "QueryForge", "Anchor-RAG", "PassageMint",
                    "CiteCheck", "Multi-Hop-Atlas", "RecallTree", "FuseRank"],
        "subjects": ["retrieval-augmented generation", "multi-query retrieval", "evidence attribution",
                     "query rewriting for dense retrieval", "reciprocal rank fusion", "long-document question answering"],
        "contexts": [
            "Retrieval-augmented generation grounds a language model in documents fetched at query time, reducing reliance on parametric memory.",
            "A single retrieval query often misses relevant passages whose wording differs from the question.",
            "Generated answers frequently cite passages that do not actually support the claim being made.",
            "Hybrid retrieval combines lexical scores such as BM25 with dense embeddings, but the fusion step is usually tuned by hand.",
        ],
        "gaps": [
            "Query expansion methods are evaluated on recall alone, not on the faithfulness of the final answer.",
            "Attribution metrics disagree with human judgements when claims paraphrase the evidence.",
            "Most pipelines retrieve once, although the information need often becomes clear only after reading.",
            "Fusion of several ranked lists is sensitive to score scales that differ across retrievers.",
        ],
        "actions": [
            "We introduce {M}, which {verb} {obj}.",
            "We propose {M}, a pipeline that {verb} {obj}.",
            "This work presents {M}: it {verb} {obj}.",
        ],
        "verbs": ["generates", "fuses", "verifies", "decomposes", "re-ranks"],
        "objs": ["several query variants from the question and merges their results by reciprocal rank",
                 "the ranked lists of lexical and dense retrievers without score calibration",
                 "each generated claim against its cited passage with a lightweight entailment check",
                 "multi-hop questions into sub-queries answered in sequence",
                 "retrieved passages with a cross-encoder trained on synthetic negatives"],
        "results": [
            "On {n} open-domain benchmarks, answer accuracy improves by {p} points over single-query retrieval.",
            "Recall at 10 rises from {r} to {r2} while the number of retrieved passages stays fixed.",
            "Citation precision, judged by annotators, increases by {p}% with a small drop in answer length.",
            "The fused ranking is robust to the choice of fusion constant between 10 and 100.",
            "We find that gains concentrate on questions whose wording differs most from the relevant documents.",
        ],
    },
    "evaluation": {
        "cats": ["cs.CL", "cs.LG", "cs.AI"],
        "methods": ["ClaimBench", "Judge-Calib", "HoldOut-X", "StressEval", "Panel-of-Judges", "TraceScore",
                    "FactGrid", "Contam-Scan", "RubricLM", "DeltaEval"],
        "subjects": ["evaluation of language models", "LLM-as-a-judge reliability", "benchmark contamination",
                     "claim-level factuality scoring", "reproducible evaluation protocols", "multi-reviewer assessment"],
        "contexts": [
            "Benchmarks for language models saturate quickly, and headline scores hide large variance across prompts and seeds.",
            "Using a language model as a judge is cheap and scalable, but its verdicts depend on position, length and style.",
            "Test items leak into pretraining corpora, inflating reported accuracy in ways that are hard to detect after the fact.",
            "Factuality is usually scored per response, although a single response mixes supported and unsupported claims.",
        ],
        "gaps": [
            "Few evaluations report confidence intervals or the sensitivity of rankings to prompt wording.",
            "Agreement between automated judges and expert reviewers has not been measured on long technical texts.",
            "Contamination checks rely on exact n-gram overlap and miss paraphrased items.",
            "Aggregating several reviewers is common practice, yet how to combine disagreeing verdicts is rarely justified.",
        ],
        "actions": [
            "We release {M}, a benchmark that {verb} {obj}.",
            "We propose {M}, which {verb} {obj}.",
            "{M} {verb} {obj}.",
        ],
        "verbs": ["scores", "calibrates", "audits", "aggregates", "perturbs"],
        "objs": ["each atomic claim of a response against retrieved evidence",
                 "judge verdicts against a small set of expert-labelled anchors",
                 "test sets for paraphrased overlap with public web text",
                 "the scores of three reviewers with explicit disagreement handling",
                 "prompts systematically to measure ranking stability"],
        "results": [
            "Across {n} models, rankings change for {p}% of pairs when prompts are paraphrased.",
            "Calibrated judges agree with expert reviewers at a rate of {r2}, up from {r} before calibration.",
            "We estimate that {p}% of items in two popular benchmarks appear in paraphrased form in web crawls.",
            "Claim-level scores separate hallucinated from grounded answers with an AUC of {r2}.",
            "Confidence intervals computed with a paired bootstrap overlap for most adjacent leaderboard entries.",
        ],
    },
    "vlm": {
        "cats": ["cs.CV", "cs.CL", "cs.LG"],
        "methods": ["PatchBridge", "Lumen-VL", "VisTok-Router", "GlimpseLM", "Prism-VLM", "ChartSeer",
                    "Mosaic-Vision-MoE", "FrameSkim", "OCR-Free-Doc", "TileTalk"],
        "subjects": ["vision-language models", "visual token compression", "document and chart understanding",
                     "video question answering", "mixture-of-experts for multimodal models", "grounded image captioning"],
        "contexts": [
            "Vision-language models connect an image encoder to a language model through a projection of visual tokens.",
            "High-resolution images produce thousands of visual tokens, which dominate the cost of multimodal inference.",
            "Documents, charts and screenshots require reading small text, a weakness of encoders trained on natural images.",
            "Multimodal models often describe objects that are not present in the image, a failure known as object hallucination.",
        ],
        "gaps": [
            "Token pruning methods discard visual tokens uniformly, losing fine detail in text-rich regions.",
            "It is unknown whether routing visual and textual tokens to separate experts helps or fragments the representation.",
            "Video models sample frames at a fixed rate regardless of how much the scene changes.",
            "Evaluation sets for grounding are small and do not separate perception errors from reasoning errors.",
        ],
        "actions": [
            "We present {M}, which {verb} {obj}.",
            "We introduce {M}: a model that {verb} {obj}.",
            "Our approach, {M}, {verb} {obj}.",
        ],
        "verbs": ["compresses", "routes", "selects", "tiles", "aligns"],
        "objs": ["visual tokens by merging patches with similar features before the language model",
                 "image and text tokens to modality-specific experts with a shared attention stack",
                 "video frames adaptively from a cheap motion estimate",
                 "high-resolution inputs into crops encoded at their native scale",
                 "region descriptions with detected boxes during instruction tuning"],
        "results": [
            "With {p}% fewer visual tokens, accuracy on {n} benchmarks stays within one point of the full model.",
            "Document question answering improves by {p} points without an external OCR system.",
            "Object hallucination rates fall from {r2} to {r} on a held-out captioning set.",
            "Inference on {a}-pixel images runs {x}x faster on a single accelerator.",
            "We observe that modality-specific experts help perception tasks but slightly hurt visual reasoning.",
        ],
    },
}

CLOSERS = [
    "Code and trained checkpoints are released to support follow-up work.",
    "We discuss limitations, including the small number of model scales studied.",
    "Our analysis suggests directions for combining this approach with complementary techniques.",
    "All experiments use publicly documented settings so that results can be reproduced.",
    "We release the evaluation harness together with per-example outputs.",
    "The results hold across three random seeds, although variance is higher at the smallest scale.",
    "",
]

TITLE_PATTERNS = [
    "{M}: {Subject} Without the Overhead",
    "{M}: Rethinking {Subject}",
    "{Subject} at Scale with {M}",
    "On the Limits of {Subject}",
    "{M}: Efficient {Subject}",
    "Understanding {Subject} Through Controlled Experiments",
    "When Does {Subject} Help? An Empirical Study",
    "{M}: A Simple Baseline for {Subject}",
    "Revisiting {Subject} for Open Models",
    "{Subject} Under a Fixed Compute Budget",
]

CROSS = {
    "moe": ["routing", "serving"],
    "routing": ["moe", "serving"],
    "serving": ["moe", "routing"],
    "rag": ["evaluation", "serving"],
    "evaluation": ["rag", "vlm"],
    "vlm": ["moe", "evaluation"],
}

MONTH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAY = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def title_case(s):
    small = {"of", "for", "and", "the", "a", "an", "in", "on", "with", "to", "at", "under"}
    words = s.split(" ")
    out = []
    for i, w in enumerate(words):
        if i > 0 and w in small:
            out.append(w)
        elif "-" in w:
            parts = w.split("-")
            out.append("-".join(p if (j > 0 and p in small) else p[:1].upper() + p[1:] for j, p in enumerate(parts)))
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


def fill(template, rng, method):
    return template.format(
        M=method,
        n=rng.choice([4, 6, 7, 8, 9, 11, 12, 14, 16, 32, 64]),
        a=rng.choice(["350M", "1.3B", "2.7B", "6B", "1,024", "2,048", "4,096"]),
        x=rng.choice(["1.4", "1.7", "2", "2.3", "2.8", "3.1", "4"]),
        p=rng.choice([3, 5, 7, 9, 12, 15, 18, 21, 24, 27, 31, 38, 42, 55]),
        g=rng.choice([8, 16, 32, 64, 128]),
        r=rng.choice(["0.41", "0.48", "0.52", "0.57", "0.61"]),
        r2=rng.choice(["0.68", "0.72", "0.77", "0.81", "0.86"]),
    )


def date_parts(rng, yymm):
    year = 2000 + int(yymm[:2])
    month = int(yymm[2:])
    day = rng.randint(1, 28)
    return year, month, day


def oai_date(rng, year, month, day):
    import datetime
    d = datetime.date(year, month, day)
    return "%s, %d %s %d %02d:%02d:%02d GMT" % (WEEKDAY[d.weekday()], day, MONTH[month - 1], year,
                                                rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))


def make_entry(rng, topic, key, serial, used_titles):
    spec = TOPICS[topic]
    method = rng.choice(spec["methods"])
    subject = rng.choice(spec["subjects"])
    for _ in range(20):
        pattern = rng.choice(TITLE_PATTERNS)
        title = pattern.format(M=method, Subject=title_case(subject))
        if title not in used_titles:
            break
    used_titles.add(title)
    sentences = [rng.choice(spec["contexts"]), rng.choice(spec["gaps"])]
    action = rng.choice(spec["actions"]).format(M=method, verb=rng.choice(spec["verbs"]), obj=rng.choice(spec["objs"]))
    sentences.append(action[:1].upper() + action[1:])
    results = rng.sample(spec["results"], k=rng.choice([2, 2, 3]))
    sentences += [fill(r, rng, method) for r in results]
    if rng.random() < 0.45:  # a sentence from a neighbouring topic makes the corpus less separable
        other = TOPICS[rng.choice(CROSS[topic])]
        sentences.insert(2, rng.choice(other["contexts"]))
    closer = rng.choice(CLOSERS)
    if closer:
        sentences.append(closer)
    abstract = " ".join(sentences)

    year = rng.choice([22, 23, 24, 25])
    month = rng.randint(1, 12)
    yymm = "%02d%02d" % (year, month)
    arxiv_id = "%s.9%04d" % (yymm, serial)
    y, m, d = date_parts(rng, yymm)
    nver = rng.choice([1, 1, 1, 2, 2, 3])
    versions = []
    for v in range(nver):
        dd = min(28, d + v * rng.randint(1, 9))
        versions.append({"version": "v%d" % (v + 1), "created": oai_date(rng, y, m, dd)})
    last_day = min(28, d + nver * 4)
    n_auth = rng.choice([1, 2, 3, 3, 4, 5, 6])
    people = rng.sample(range(len(FIRST)), k=n_auth)
    parsed = [[LAST[(i * 7 + serial) % len(LAST)], FIRST[i], ""] for i in people]
    authors = ", ".join("%s %s" % (p[1], p[0]) for p in parsed)
    cats = spec["cats"][:]
    rng.shuffle(cats)
    cats = cats[: rng.choice([1, 2, 3])]
    return {
        "id": arxiv_id,
        "submitter": "%s %s" % (parsed[0][1], parsed[0][0]),
        "authors": authors,
        "title": title,
        "comments": "DEMO DATA: synthetic entry written for the Sovereign Workbench demo corpus; not a real paper",
        "journal-ref": None,
        "doi": None,
        "report-no": None,
        "categories": " ".join(cats),
        "license": None,
        "abstract": abstract,
        "versions": versions,
        "update_date": "%04d-%02d-%02d" % (y, m, last_day),
        "authors_parsed": parsed,
        "origin": "demo",
        "topic": key,
    }


def main():
    rng = random.Random(SEED)
    used_titles = set()
    entries = []
    serial = 1
    for topic in TOPICS:
        for _ in range(COUNT_PER_TOPIC):
            entries.append(make_entry(rng, topic, topic, serial, used_titles))
            serial += 1
    rng.shuffle(entries)
    for e in entries:
        sys.stdout.write(json.dumps(e, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
