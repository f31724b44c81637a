"""Ranks, COINr-style results tables, strengths and weaknesses, rank changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .normalise import min_rank

if TYPE_CHECKING:
    from .model import CompositeIndex

Array = NDArray[np.float64]


def rank_blocks(scores: Array, blocks: list[NDArray[np.intp]]) -> Array:
    """Rank 1 = highest score within each block of rows (a year), ties share the best rank, NaN stay NaN."""
    out = np.full(scores.shape, np.nan)
    for rows in blocks:
        out[rows] = min_rank(-scores[rows])
    return out


def rank_frame(scores: pd.DataFrame) -> pd.DataFrame:
    """Ranks of a scores frame, within each Time when the index has a Time level."""
    if isinstance(scores.index, pd.MultiIndex) and "Time" in scores.index.names:
        times = scores.index.get_level_values("Time").to_numpy()
        blocks = [np.flatnonzero(times == t) for t in pd.unique(times)]
    else:
        blocks = [np.arange(len(scores))]
    ranks = rank_blocks(scores.to_numpy(dtype=float), blocks)
    return pd.DataFrame(ranks, index=scores.index, columns=scores.columns)


def results_table(model: CompositeIndex) -> pd.DataFrame:
    """COINr's ResultsScore: ids, Rank of the index, the index, then the other aggregates from the top level down."""
    tree, code = model.tree_, model.index_code_
    aggs = sorted(tree.aggregates, key=lambda c: -tree.level[c])
    cols = [code] + [c for c in aggs if c != code]
    ids = model.stages_["aggregated"][[c for c in ("uCode", "uName", "Time") if c in model.stages_["aggregated"]]]
    table = ids.reset_index(drop=True).copy()
    table.insert(len(table.columns), "Rank", model.ranks_[code].to_numpy())
    for c in cols:
        table[c] = model.scores_[c].to_numpy()
    keys = (["Time"] if "Time" in table.columns else []) + ["Rank"]
    return table.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)


def strengths_weaknesses(model: CompositeIndex, n: int = 3, stage: str = "raw",
                         discard_worst: bool = True) -> pd.DataFrame:  # fmt: skip
    """COINr's get_str_weak for every unit-year: the indicators where it ranks best and worst among its year."""
    if stage not in model.stages_:
        raise ValueError(f"stage must be one of {', '.join(model.stages_)}")
    if n < 1:
        raise ValueError("n must be at least 1")
    tree, panel = model.tree_, model.panel_
    frame = model.stages_[stage]
    if len(frame) != panel.n:  # stages before screening have every row: keep the screened-in ones
        frame = frame.loc[model.kept_].reset_index(drop=True)
    values = frame[tree.indicators].to_numpy(dtype=float)
    directed = values if stage == "normalised" else values * np.array([tree.direction[c] for c in tree.indicators])
    ranks = rank_blocks(directed, panel.blocks())
    worst = np.full(ranks.shape, np.nan)
    for rows in panel.blocks():
        with np.errstate(invalid="ignore"):
            worst[rows] = np.nanmax(ranks[rows], axis=0) if rows.size else np.nan
    rows_out: list[dict[str, Any]] = []
    codes = np.array(tree.indicators, dtype=object)
    for i in range(panel.n):
        ok = ~np.isnan(ranks[i])
        if discard_worst:
            ok &= ranks[i] != worst[i]
        idx = np.flatnonzero(ok)
        idx = idx[np.argsort(ranks[i, idx], kind="stable")]
        head: dict[str, Any] = {"uCode": panel.units[i]}
        if panel.times is not None:
            head["Time"] = panel.times[i]
        for kind, picked in (("strength", idx[:n]), ("weakness", idx[::-1][:n])):
            for pos, j in enumerate(picked, start=1):
                rows_out.append({**head, "kind": kind, "position": pos, "iCode": codes[j], "rank": ranks[i, j],
                                 "value": values[i, j]})  # fmt: skip
    cols = ["uCode"] + (["Time"] if panel.times is not None else []) + ["kind", "position", "iCode", "rank", "value"]
    return pd.DataFrame(rows_out, columns=cols)


def _scores_ranks(x: CompositeIndex | pd.DataFrame, code: str | None) -> tuple[pd.Series, pd.Series, str]:
    from .model import CompositeIndex

    if isinstance(x, CompositeIndex):
        code = code or x.index_code_
        return x.scores_[code], x.ranks_[code], code
    if not isinstance(x, pd.DataFrame):
        raise TypeError("rank changes compare fitted CompositeIndex models or scores DataFrames")
    if code is None:
        if x.shape[1] != 1:
            raise ValueError("give the code to compare")
        code = str(x.columns[0])
    return x[code], rank_frame(x[[code]])[code], code


def rank_changes(before: CompositeIndex | pd.DataFrame, after: CompositeIndex | pd.DataFrame,
                 code: str | None = None) -> pd.DataFrame:  # fmt: skip
    """Per unit: ranks and scores in two runs; rank_change = before - after (positive: moved up)."""
    s0, r0, code = _scores_ranks(before, code)
    s1, r1, _ = _scores_ranks(after, code)
    table = pd.concat({"rank_before": r0, "rank_after": r1, "score_before": s0, "score_after": s1}, axis=1)
    table["rank_change"] = table["rank_before"] - table["rank_after"]
    table["score_change"] = table["score_after"] - table["score_before"]
    cols = ["rank_before", "rank_after", "rank_change", "score_before", "score_after", "score_change"]
    return table[cols].reset_index()


def rank_changes_over_time(model: CompositeIndex, start: Any, end: Any, code: str | None = None) -> pd.DataFrame:
    """Per unit: the change of rank and score of `code` (default the index) from year `start` to year `end`."""
    if not isinstance(model.scores_.index, pd.MultiIndex):
        raise ValueError("the model has no Time column")
    times = set(model.scores_.index.get_level_values("Time"))
    missing = [t for t in (start, end) if t not in times]
    if missing:
        raise ValueError(f"no year {', '.join(map(str, missing))} in the model (years: {sorted(times)})")
    code = code or model.index_code_
    a = model.scores_.xs(start, level="Time")[[code]]
    b = model.scores_.xs(end, level="Time")[[code]]
    ra = model.ranks_.xs(start, level="Time")[code]
    rb = model.ranks_.xs(end, level="Time")[code]
    table = pd.concat({"rank_before": ra, "rank_after": rb, "score_before": a[code], "score_after": b[code]}, axis=1)
    table["rank_change"] = table["rank_before"] - table["rank_after"]
    table["score_change"] = table["score_after"] - table["score_before"]
    cols = ["rank_before", "rank_after", "rank_change", "score_before", "score_after", "score_change"]
    return table[cols].reset_index()
