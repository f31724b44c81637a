"""Matching benchmark: quality of BM25, dense and hybrid rankers, then speed at 10k-1M solutions.

Run: .venv/bin/python bench/matching.py --data ../shared/eval/matching [--split dev] [--json] [--sizes 10000,100000]
Quality follows the set's README: the whole corpus is ranked for every need; nDCG@10 (linear gain), Recall@10,
Recall@50 (grade >= 1) and MRR (first grade-2). "same-language" ranks only the solutions in the need's language and
judges them alone; "cross-language" ranks and judges only the other languages' solutions.
Speed uses synthetic corpora built from the real solution embeddings (mixtures of two real vectors plus noise),
with the real needs as queries; latency includes embedding the query unless marked "cached".
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engines.search import Document, MatchEngine, Query  # noqa: E402
from engines.search.metrics import ndcg_at, recall_at, reciprocal_rank  # noqa: E402
from engines.search.vectors import ExactIndex  # noqa: E402

LANG = {"zh": "zh", "en": "en", "ko": "ko", "ja": "ja"}


def load(data: Path, split: str) -> tuple[list[dict], list[dict], dict[str, dict[str, int]]]:
    read = lambda name: [json.loads(line) for line in (data / name).read_text(encoding="utf-8").splitlines() if line]  # noqa: E731
    solutions, needs = read("solutions.jsonl"), read("needs.jsonl")
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for q in read("qrels.jsonl"):
        qrels[q["need_id"]][q["solution_id"]] = q["grade"]
    wanted = set(json.loads((data / "split.json").read_text())[split])
    return solutions, [n for n in needs if n["id"] in wanted], qrels


def document(s: dict) -> Document:
    return Document(id=s["id"], title=s["title"], text=s["description"], lang=LANG[s["lang"]], domain=s["domain"],
                    kind=s.get("provider_kind", ""), price_band=s.get("price_band", ""),
                    deployed_in=tuple(s.get("deployed_in", ())))  # fmt: skip


def query(n: dict) -> Query:
    text = n["description"] + (f"\n{n['constraints']}" if n.get("constraints") else "")
    return Query(text=text, title=n["title"], lang=LANG[n["lang"]], domain=n["domain"], city=n.get("city", ""))


def metrics(ranked: list[str], grades: dict[str, int]) -> dict[str, float]:
    return {"ndcg@10": ndcg_at(ranked, grades, 10), "recall@10": recall_at(ranked, grades, 10),
            "recall@50": recall_at(ranked, grades, 50), "mrr": reciprocal_rank(ranked, grades)}  # fmt: skip


def quality(engine: MatchEngine, solutions: list[dict], needs: list[dict], qrels: dict) -> dict[str, dict]:
    ids = engine.vectors_.ids_
    lang_of = {s["id"]: LANG[s["lang"]] for s in solutions}
    dim = engine.vectors_.dim // 2
    per: dict[str, dict[str, list[dict[str, float]]]] = defaultdict(lambda: defaultdict(list))
    for n in needs:
        q = query(n)
        vector = engine.embed_query(q)
        scores = {
            "bm25": engine.lexical_.scores(q.full_text, ids, engine.vectors_.row_),
            "dense": engine.vectors_.vectors_[:, :dim] @ vector[:dim],
            "dense+title": engine.vectors_.vectors_ @ vector,  # ablation: the hybrid without structured fit
        }
        hybrid = engine.search(q, k=len(ids), query_vector=vector)
        rankings = {name: [ids[i] for i in np.lexsort((ids, -s))] for name, s in scores.items()}
        rankings["hybrid"] = [r.id for r in hybrid]
        grades = qrels[n["id"]]
        for name, ranked in rankings.items():
            per[name]["overall"].append(metrics(ranked, grades))
            for subset, keep in (("same-language", True), ("cross-language", False)):
                sub_grades = {d: g for d, g in grades.items() if (lang_of[d] == q.lang) == keep}
                if any(g > 0 for g in sub_grades.values()):
                    sub_ranked = [d for d in ranked if (lang_of[d] == q.lang) == keep]
                    per[name][subset].append(metrics(sub_ranked, sub_grades))
    return {
        name: {subset: {m: round(statistics.fmean(r[m] for r in rows), 4) for m in rows[0]} | {"needs": len(rows)}
               for subset, rows in subsets.items()}
        for name, subsets in per.items()
    }  # fmt: skip


def synthetic(base: np.ndarray, n: int, rng: np.random.Generator, chunk: int = 50_000) -> np.ndarray:
    """Mixtures of two real solution vectors plus a little noise, rescaled to the real vectors' norm."""
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    norm = float(np.linalg.norm(base[0]))
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        i, j = rng.integers(0, len(base), m), rng.integers(0, len(base), m)
        a = rng.uniform(0.5, 1.0, (m, 1)).astype(np.float32)
        v = a * base[i] + (1 - a) * base[j] + rng.normal(0, 0.02, (m, base.shape[1])).astype(np.float32)
        out[start : start + m] = v / np.linalg.norm(v, axis=1, keepdims=True) * norm
    return out


def speed(engine: MatchEngine, needs: list[dict], sizes: list[int], repeat: int) -> list[dict]:
    rng = np.random.default_rng(0)
    base = engine.vectors_.vectors_.copy()
    queries = [query(n) for n in needs][:repeat]
    short = [Query(text=n["title"], lang=LANG[n["lang"]]) for n in needs][:repeat]  # search-box style
    cached = [engine.embed_query(q) for q in queries]
    domains = ["gov", "tech", "mobility", "inclusion", "safety", "sustain", "health", "economy"]
    rows = []
    for size in sizes:
        vectors = synthetic(base, size, rng)
        ids = [f"x{k}" for k in range(size)]
        big = MatchEngine(encoder=engine.encoder)
        tracemalloc.start()
        t0 = time.perf_counter()
        big.documents_ = {i: Document(id=i, title="", domain=domains[k % 8], lang="en") for k, i in enumerate(ids)}
        big.cities_ = {}
        big.lexical_ = engine.lexical_.__class__().fit([])
        big.vectors_ = ExactIndex(base.shape[1])
        big.vectors_.add(ids, vectors)
        big._columns()
        build = time.perf_counter() - t0
        memory = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        with_embed, search_only, short_ms = [], [], []
        for q in short:
            t0 = time.perf_counter()
            big.search(q, k=10)
            short_ms.append((time.perf_counter() - t0) * 1000)
        for q, v in zip(queries, cached, strict=True):
            t0 = time.perf_counter()
            big.search(q, k=10)
            with_embed.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            big.search(q, k=10, query_vector=v)
            search_only.append((time.perf_counter() - t0) * 1000)
        pct = lambda xs, p: float(np.percentile(xs, p))  # noqa: E731
        rows.append({"solutions": size, "build_s": round(build, 2), "memory_mib": round(memory),
                     "p50_ms": round(pct(with_embed, 50), 1), "p95_ms": round(pct(with_embed, 95), 1),
                     "short_p50_ms": round(pct(short_ms, 50), 1), "short_p95_ms": round(pct(short_ms, 95), 1),
                     "cached_p50_ms": round(pct(search_only, 50), 1),
                     "cached_p95_ms": round(pct(search_only, 95), 1)})  # fmt: skip
        del big, vectors
    return rows


def throughput(engine: MatchEngine, solutions: list[dict]) -> float:
    texts = [f"{s['title']}\n{s['description']}" for s in solutions[:96]]
    engine.encoder.encode(texts[:4])  # type: ignore[union-attr]
    t0 = time.perf_counter()
    engine.encoder.encode(texts)  # type: ignore[union-attr]
    return len(texts) / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/eval/matching")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=40, help="queries timed per size")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    solutions, needs, qrels = load(args.data, args.split)
    t0 = time.perf_counter()
    engine = MatchEngine().fit(document(s) for s in solutions)
    fit_s = time.perf_counter() - t0
    result: dict = {"split": args.split, "needs": len(needs), "solutions": len(solutions),
                    "fit_seconds": round(fit_s, 1), **quality(engine, solutions, needs, qrels)}  # fmt: skip
    result["hybrid_overall"] = result["hybrid"]["overall"]
    if not args.no_speed:
        result["embedding_texts_per_s"] = round(throughput(engine, solutions), 1)
        result["speed"] = speed(engine, needs, [int(s) for s in args.sizes.split(",") if s], args.repeat)
    if args.json:
        hybrid = result["hybrid"]["overall"]
        print(json.dumps({**result, "hybrid": {**hybrid, "by_subset": result["hybrid"]}}, ensure_ascii=False))
        return
    print(f"split {args.split}: {len(needs)} needs, {len(solutions)} solutions; engine fit {fit_s:.1f} s")
    print("| ranker | subset | needs | nDCG@10 | Recall@10 | Recall@50 | MRR |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name in ("bm25", "dense", "dense+title", "hybrid"):
        for subset, m in result[name].items():
            print(f"| {name} | {subset} | {m['needs']} | {m['ndcg@10']:.3f} | {m['recall@10']:.3f} "
                  f"| {m['recall@50']:.3f} | {m['mrr']:.3f} |")  # fmt: skip
    if "speed" in result:
        print(f"\nembedding throughput: {result['embedding_texts_per_s']} texts/s (title + description, batch of 96)")
        print("| solutions | build s | memory MiB | need p50 ms | need p95 ms | short query p50 | short query p95 "
              "| cached vector p50 | cached vector p95 |")  # fmt: skip
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in result["speed"]:
            print(f"| {r['solutions']:,} | {r['build_s']} | {r['memory_mib']} | {r['p50_ms']} | {r['p95_ms']} "
                  f"| {r['short_p50_ms']} | {r['short_p95_ms']} "
                  f"| {r['cached_p50_ms']} | {r['cached_p95_ms']} |")  # fmt: skip


if __name__ == "__main__":
    main()
