"""BM25 with character n-grams against morphological analysers, per language, on the matching dev split.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/tokenizers.py [--data DIR] [--split dev]
For each need in Korean, Japanese or Chinese, BM25 ranks only the solutions in the need's language (lexical
search cannot cross languages) and is judged on them; English uses the engine's stemmer either way.
Prints nDCG@10 and the indexing time per tokenizer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engines.search import lexical, text  # noqa: E402
from engines.search.metrics import ndcg_at  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from matching import LANG, load  # noqa: E402


def analysers() -> dict[str, Callable[[str], list[str]]]:
    import jieba
    from kiwipiepy import Kiwi
    from sudachipy import dictionary, tokenizer

    kiwi = Kiwi()
    sudachi = dictionary.Dictionary().tokenizer()
    mode = tokenizer.Tokenizer.SplitMode.C
    jieba.setLogLevel(60)
    return {
        "ko": lambda s: [t.form for t in kiwi.tokenize(s) if t.tag[0] in "NVMSX"],
        "ja": lambda s: [m.normalized_form() for m in sudachi.tokenize(s, mode) if m.part_of_speech()[0] not in
                         ("助詞", "助動詞", "補助記号", "空白")],
        "zh": lambda s: [w for w in jieba.lcut(s) if w.strip() and not all(not c.isalnum() for c in w)],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/eval/matching")
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    solutions, needs, qrels = load(args.data, args.split)
    morph = analysers()
    print("| language | needs | tokenizer | nDCG@10 (same-language) | index ms |")
    print("|---|---:|---|---:|---:|")
    for lang in ("ko", "ja", "zh"):
        docs = [(s["id"], f"{s['title']}\n{s['description']}") for s in solutions if LANG[s["lang"]] == lang]
        lang_needs = [n for n in needs if LANG[n["lang"]] == lang and any(d in qrels[n["id"]] for d, _ in docs)]
        for name, tokenize in (("char uni+bigrams", text.tokenize), ("morphological", morph[lang])):
            lexical.tokenize = tokenize  # type: ignore[assignment]
            t0 = time.perf_counter()
            bm25 = lexical.BM25().fit(docs)
            ms = (time.perf_counter() - t0) * 1000
            ids = [d for d, _ in docs]
            position = {d: i for i, d in enumerate(ids)}
            scores = []
            for n in lang_needs:
                s = bm25.scores(f"{n['title']}\n{n['description']}", ids, position)
                ranked = [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-s[i], ids[i]))]
                grades = {d: g for d, g in qrels[n["id"]].items() if d in position}
                scores.append(ndcg_at(ranked, grades))
            print(f"| {lang} | {len(lang_needs)} | {name} | {statistics.fmean(scores):.3f} | {ms:.0f} |")
    lexical.tokenize = text.tokenize


if __name__ == "__main__":
    main()
