"""The catalogue search box measured on the search evaluation set (../shared/eval/search): nDCG@10, Recall@10 and MRR
overall, per language and per kind of query, and how many results the queries with no relevant initiative get.

Run: .venv/bin/python bench/search.py --data ../shared/eval/search --split dev [--json]
Loads the demo catalogue (`manage.py load_demo`) into a throw-away SQLite database, embeds it, then runs each query
through the product's own catalogue search exactly as the page does (`initiative_list` with the page's filters:
exact substrings, the cross-lingual engine and its cut-offs, the page's order). The judgments are read from the
data folder at run time and never stored here. `--json` prints one object whose `overall` is {ndcg@10, recall@10,
mrr}.
"""

import argparse
import io
import json
import math
import os
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="madang-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ["MADANG_VAR_DIR"] = TMP
os.environ["MADANG_SEARCH_AUTO"] = "0"  # embed once, explicitly, not in a job mid-measurement
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from madang.catalogue.selectors import CatalogueFilters, initiative_list  # noqa: E402
from madang.matching.search import vectors_refresh  # noqa: E402

K = 10
LANG = {"zh": "zh-hans"}  # the set's codes to the site's


def read(data: Path, split: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, int]]]:
    ids = set(json.loads((data / "split.json").read_text(encoding="utf-8"))[split])
    queries = [q for q in map(json.loads, (data / "queries.jsonl").read_text(encoding="utf-8").splitlines()) if q]
    queries = [q for q in queries if q["id"] in ids]
    grades: dict[str, dict[str, int]] = defaultdict(dict)
    for line in (data / "qrels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            grades[row["query"]][row["slug"]] = int(row["grade"])
    return queries, grades


def ndcg(ranked: list[str], judged: dict[str, int]) -> float:
    ideal = sorted(judged.values(), reverse=True)[:K]
    best = sum((2.0**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    if best == 0:
        return float("nan")  # a query with nothing relevant has no nDCG; it is counted by its results instead
    got = sum((2.0 ** judged.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(ranked[:K]))
    return got / best


def recall(ranked: list[str], judged: dict[str, int]) -> float:
    relevant = {s for s, g in judged.items() if g >= 2}
    return len(relevant & set(ranked[:K])) / len(relevant) if relevant else float("nan")


def mrr(ranked: list[str], judged: dict[str, int]) -> float:
    if not any(g >= 2 for g in judged.values()):
        return float("nan")
    return next((1 / (i + 1) for i, s in enumerate(ranked) if judged.get(s, 0) >= 2), 0.0)


def mean(values: list[float]) -> float:
    kept = [float(v) for v in values if v == v]
    return float(statistics.fmean(kept)) if kept else float("nan")


def search(text: str) -> list[str]:
    """The slugs the catalogue page lists for this query, in its order (the first page is more than K)."""
    filters = CatalogueFilters.from_mapping({"q": text})
    return [i.slug for i in initiative_list(filters=filters)[:20]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "search")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    queries, grades = read(args.data, args.split)
    quiet = io.StringIO()  # the loaders' messages would break --json
    call_command("createcachetable", verbosity=0, stdout=quiet)
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("load_demo", verbosity=0, stdout=quiet)
    vectors_refresh()
    rows = []
    for q in queries:
        ranked = search(q["text"])
        judged = grades.get(q["id"], {})
        rows.append({
            "id": q["id"], "lang": q["lang"], "kind": q["kind"], "results": len(ranked),
            "ndcg@10": ndcg(ranked, judged), "recall@10": recall(ranked, judged), "mrr": mrr(ranked, judged),
        })  # fmt: skip
    answerable = [r for r in rows if r["kind"] != "none"]
    none = [r for r in rows if r["kind"] == "none"]

    def summary(group: list[dict[str, Any]]) -> dict[str, float]:
        return {m: round(mean([r[m] for r in group]), 3) for m in ("ndcg@10", "recall@10", "mrr")}

    by_lang = {lang: summary([r for r in answerable if r["lang"] == lang]) for lang in ("en", "ko", "ja", "zh")}
    kinds = sorted({r["kind"] for r in answerable})
    by_kind = {kind: summary([r for r in answerable if r["kind"] == kind]) for kind in kinds}
    out = {
        "split": args.split, "queries": len(rows), "overall": summary(answerable), "by_language": by_lang,
        "by_kind": by_kind,
        "none": {"queries": len(none), "with_results": sum(r["results"] > 0 for r in none),
                 "results": [r["results"] for r in none]},
        "empty_answerable": sum(r["results"] == 0 for r in answerable),
    }  # fmt: skip
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    print(f"Catalogue search on the {args.split} split: {len(rows)} queries ({len(answerable)} answerable)\n")
    print("| group | queries | nDCG@10 | Recall@10 | MRR |\n|---|---:|---:|---:|---:|")
    print(f"| overall | {len(answerable)} | " + " | ".join(f"{v:.3f}" for v in out["overall"].values()) + " |")
    for label, table in (("language", by_lang), ("kind", by_kind)):
        for key, values in table.items():
            n = sum(1 for r in answerable if r["lang" if label == "language" else "kind"] == key)
            print(f"| {label} {LANG.get(key, key)} | {n} | " + " | ".join(f"{v:.3f}" for v in values.values()) + " |")
    shown = out["none"]
    print(f"\nQueries with no relevant initiative: {len(none)}, of which {shown['with_results']} returned results "
          f"({shown['results']}); answerable queries with no result: {out['empty_answerable']}.")  # fmt: skip


if __name__ == "__main__":
    main()
