"""The pipeline on numpy arrays: one function per stage, so a Monte Carlo run recomputes only what changes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .aggregate import aggregate_rows, base_weights, pca_weights
from .data import Panel
from .errors import DataError, SpecError
from .impute import impute
from .normalise import normalise_block
from .prepare import denominate, screen
from .spec import Spec
from .treat import passes, skew_kurt_columns, treat_column
from .tree import IndicatorTree

Array = NDArray[np.float64]
ORDER = ("denominate", "impute", "screen", "treat", "normalise", "aggregate")


@dataclass
class Context:
    """What a fit reads once: the tree, the rows and the raw numbers."""

    tree: IndicatorTree
    panel: Panel
    raw: Array
    columns: dict[str, Array]


@dataclass
class State:
    denominated: Array | None = None
    imputed: Array | None = None
    screening: pd.DataFrame | None = None
    keep: NDArray[np.bool_] | None = None
    panel: Panel | None = None  # the kept rows
    screened: Array | None = None
    treated: Array | None = None
    treatment: list[dict[str, Any]] = field(default_factory=list)
    normalised: Array | None = None
    weights: dict[str, float] = field(default_factory=dict)
    aggregated: Array | None = None  # kept rows x tree.codes


def check_spec(spec: Spec, tree: IndicatorTree, panel: Panel) -> None:
    """Problems that need the tree and the rows: unknown codes, missing groups, targets, goalposts."""
    problems: list[str] = []
    units = set(panel.units.tolist())
    for step in ("denominate", "impute", "treat", "normalise"):
        for code in spec.step(step).get("per_indicator", {}):
            if code not in tree.indicators:
                problems.append(f"{step}.per_indicator: {code!r} is not an indicator")
    agg = spec.step("aggregate")
    for code in agg.get("per_aggregate", {}):
        if code not in tree.aggregates:
            problems.append(f"aggregate.per_aggregate: {code!r} is not an aggregate")
    levels = {tree.level[c] for c in tree.aggregates}
    for lev in agg.get("per_level", {}):
        if int(lev) not in levels:
            problems.append(f"aggregate.per_level: no aggregate is at level {lev}")
    for code in spec.step("weights").get("values", {}):
        if code not in tree.codes:
            problems.append(f"weights.values: {code!r} is not in the tree")
    if spec.index is not None and spec.index not in tree.codes:
        problems.append(f"index: {spec.index!r} is not in the tree")
    for key in ("force_include", "force_exclude"):
        for unit in spec.step("screen").get(key, []):
            if unit not in units:
                problems.append(f"screen.{key}: no unit {unit!r} in iData")
    for code in tree.indicators:
        s = spec.for_code("impute", code)
        if s["method"] in ("group_mean", "group_median") and s["group"] not in panel.groups:
            problems.append(f"impute ({code}): no iData column {s['group']!r} to group by")
        if s["method"] == "panel" and panel.times is None:
            problems.append(f"impute ({code}): panel imputation needs a Time column in iData")
        t = spec.for_code("treat", code)
        if t["method"] == "winsorise" and t["fallback"] == "boxcox" and t["lambda"] is None:
            problems.append(f"treat ({code}): the boxcox fallback needs 'lambda'")
        n = spec.for_code("normalise", code)
        if n["method"] == "distance_to_target" and n["target"] is None and tree.target.get(code) is None:
            problems.append(f"normalise ({code}): distance_to_target needs a target (spec or iMeta Target)")
        if n["method"] == "goalposts":
            for side in ("lower", "upper"):
                if n[side] is None and code not in tree.extra.get(f"goalpost_{side}", {}):
                    problems.append(f"normalise ({code}): goalposts need '{side}' (spec or iMeta goalpost_{side})")
        if n["method"] == "distance_to_reference" and n["reference"] not in units:
            problems.append(f"normalise ({code}): no unit {n['reference']!r} to use as the reference")
    if problems:
        raise SpecError(problems)


def normalise_settings(spec: Spec, tree: IndicatorTree) -> list[dict[str, Any]]:
    out = []
    for code in tree.indicators:
        s = dict(spec.for_code("normalise", code))
        if s["method"] == "distance_to_target" and s["target"] is None:
            s["target"] = tree.target[code]
        if s["method"] == "goalposts":
            for side in ("lower", "upper"):
                if s[side] is None:
                    s[side] = tree.extra[f"goalpost_{side}"][code]
        out.append(s)
    return out


def run(spec: Spec, ctx: Context, start: str = "denominate", previous: State | None = None,
        weight_factors: dict[str, float] | None = None) -> State:  # fmt: skip
    """Run the stages from `start` on, reusing `previous` for the stages before it."""
    tree, first = ctx.tree, ORDER.index(start)
    state = replace(previous) if previous is not None and first > 0 else State()
    if first <= 0:
        settings = [spec.for_code("denominate", c) for c in tree.indicators]
        state.denominated = denominate(ctx.raw, tree, settings, ctx.columns, ctx.panel.units)
    if first <= 1:
        assert state.denominated is not None
        settings = [spec.for_code("impute", c) for c in tree.indicators]
        state.imputed = impute(state.denominated, ctx.panel, settings)
    if first <= 2:
        assert state.denominated is not None and state.imputed is not None
        state.screening = screen(state.denominated, ctx.panel, spec.step("screen"))
        keep = state.screening["included"].to_numpy(dtype=bool)
        if not keep.any():
            raise DataError(["screening left no unit: lower screen.min_availability or min_nonzero"])
        state.keep, state.panel = keep, ctx.panel.subset(keep)
        state.screened = state.imputed[keep]
    assert state.panel is not None
    if first <= 3:
        assert state.screened is not None
        state.treated, state.treatment = treat(state.screened, state.panel, tree, spec)
    if first <= 4:
        assert state.treated is not None
        state.normalised = normalise(state.treated, state.panel, tree, normalise_settings(spec, tree),
                                     spec.step("normalise")["across_time"])  # fmt: skip
    assert state.normalised is not None
    state.aggregated, state.weights = aggregate(state.normalised, tree, spec, weight_factors)
    return state


def treat(x: Array, panel: Panel, tree: IndicatorTree, spec: Spec) -> tuple[Array, list[dict[str, Any]]]:
    out = x.copy()
    report: list[dict[str, Any]] = []
    settings = [spec.for_code("treat", c) for c in tree.indicators]
    times = panel.time_values
    for b, rows in enumerate(panel.blocks()):
        block = x[rows]
        sk, kt = skew_kurt_columns(block)
        for j, code in enumerate(tree.indicators):
            s = settings[j]
            head: dict[str, Any] = {"Time": times[b]} if times else {}
            head["iCode"] = code
            quiet = s["method"] == "none" or (
                s["method"] == "winsorise" and not s["force_win"]
                and passes(float(sk[j]), float(kt[j]), s["skew"], s["kurt"])
            )  # fmt: skip
            if quiet:
                ok = passes(float(sk[j]), float(kt[j]), s.get("skew", 2.0), s.get("kurt", 3.5))
                report.append({**head, "skew_before": float(sk[j]), "kurt_before": float(kt[j]), "treatment": "none",
                               "winsorised": 0, "winsorised_high": 0, "winsorised_low": 0,
                               "skew_after": float(sk[j]), "kurt_after": float(kt[j]), "passes": ok})  # fmt: skip
                continue
            col, rep = treat_column(block[:, j], s, len(rows))
            out[rows, j] = col
            report.append({**head, **rep})
    return out, report


def normalise(x: Array, panel: Panel, tree: IndicatorTree, settings: list[dict[str, Any]],
              across_time: bool) -> Array:  # fmt: skip
    out = np.full(x.shape, np.nan)
    directions = np.array([tree.direction[c] for c in tree.indicators], dtype=float)
    blocks = [np.arange(panel.n)] if across_time or panel.times is None else panel.blocks()
    by_method: dict[str, list[int]] = {}
    for j, s in enumerate(settings):
        by_method.setdefault(s["method"], []).append(j)
    refs: dict[str, NDArray[np.intp]] = {}
    for method, cols_list in by_method.items():
        cols = np.array(cols_list)
        params = [settings[j] for j in cols_list]
        d_all = x[:, cols] * directions[cols]
        ref_all = None
        if method == "distance_to_reference":
            ref_all = np.full(d_all.shape, np.nan)
            for i, p in enumerate(params):
                unit = p["reference"]
                if unit not in refs:
                    refs[unit] = panel.reference_rows(unit)
                r = refs[unit]
                ref_all[:, i] = np.where(r >= 0, d_all[np.maximum(r, 0), i], np.nan)
        for rows in blocks:
            ref = None if ref_all is None else ref_all[rows]
            out[np.ix_(rows, cols)] = normalise_block(d_all[rows], method, params, directions[cols], ref)
    return out


def aggregate(x: Array, tree: IndicatorTree, spec: Spec,
              weight_factors: dict[str, float] | None = None) -> tuple[Array, dict[str, float]]:  # fmt: skip
    """Aggregate up the tree, children before parents; returns rows x tree.codes and the weights used."""
    col = {c: j for j, c in enumerate(tree.codes)}
    out = np.full((x.shape[0], len(tree.codes)), np.nan)
    out[:, : x.shape[1]] = x
    wspec = spec.step("weights")
    weights = base_weights(tree, wspec)
    pca_levels = wspec.get("levels")
    problems: list[str] = []
    for code in tree.aggregates:
        kids = tree.children[code]
        v = out[:, [col[k] for k in kids]]
        level = tree.level[code]
        if wspec["method"] == "pca" and (pca_levels is None or level in pca_levels):
            load, why = pca_weights(v)
            if load is None:
                problems.append(f"{code}: PCA weights cannot be computed: {why}")
                continue
            for k, w in zip(kids, load, strict=True):
                weights[k] = float(w)
        w = np.array([weights[k] * (weight_factors or {}).get(k, 1.0) for k in kids], dtype=float)
        s = spec.for_aggregate(code, level)
        if not math.isfinite(w.sum()) or w.sum() == 0:
            problems.append(f"{code}: the weights of its children sum to 0")
            continue
        values, problem = aggregate_rows(v, w, s["method"], s.get("p", 2.0), s.get("min_share"))
        if problem:
            problems.append(f"{code}: {problem}; normalise to positive values (e.g. minmax range [1, 100])")
            continue
        out[:, col[code]] = values
    if problems:
        raise DataError(problems)
    return out, weights
