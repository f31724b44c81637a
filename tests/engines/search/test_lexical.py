import numpy as np

from engines.search.lexical import BM25


def scores(bm25, query):
    ids = list(bm25.lengths_)
    return dict(zip(ids, bm25.scores(query, ids, {d: i for i, d in enumerate(ids)}), strict=True))


def test_exact_term_ranks_first_and_removed_documents_vanish():
    bm25 = BM25().fit([("a", "night bus routes from phone data"), ("b", "kiosk lessons for seniors"),
                       ("c", "TOPIS traffic centre")])  # fmt: skip
    ranked = sorted(scores(bm25, "TOPIS").items(), key=lambda kv: -kv[1])
    assert ranked[0][0] == "c" and ranked[1][1] == 0
    bm25.remove("c")
    assert "c" not in scores(bm25, "TOPIS") and "topi" not in bm25.postings_


def test_matched_terms_are_ordered_by_rarity():
    bm25 = BM25().fit([("a", "senior kiosk kiosk"), ("b", "senior bus"), ("c", "senior walk")])
    assert [t for t, _ in bm25.matched_terms("senior kiosk", "a")] == ["kiosk", "senior"]


def test_scores_are_zero_for_unknown_terms():
    bm25 = BM25().fit([("a", "text")])
    assert np.all(np.array(list(scores(bm25, "absent").values())) == 0)
