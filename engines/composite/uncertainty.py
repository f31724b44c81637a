"""Monte Carlo uncertainty analysis and variance-based (Sobol) sensitivity, as COINr's get_sensitivity."""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .errors import CompositeError, SpecError
from .model import CompositeIndex, MetaLike, prepare
from .normalise import min_rank
from .pipeline import ORDER, Context, State, check_spec, run
from .spec import STEPS, Spec, set_path
from .tree import IndicatorTree

Array = NDArray[np.float64]
STAGE_OF = {"denominate": "denominate", "impute": "impute", "screen": "screen", "treat": "treat",
            "normalise": "normalise", "weights": "aggregate", "aggregate": "aggregate"}  # fmt: skip
KINDS = ("weight_noise", "choice", "uniform")


def saltelli_design(n: int, d: int, rng: np.random.Generator, groups: Sequence[slice] | None = None) -> Array:
    """Saltelli's N (d + 2) x D sample on [0, 1): A, B, then A with group i's columns taken from B, for each group.

    COINr's SA_sample with one column per input; `groups` lets one input own several columns (e.g. every weight
    that one weight-noise input moves), so its index is that of the group.
    """
    groups = list(groups) if groups is not None else [slice(i, i + 1) for i in range(d)]
    width = max((g.stop for g in groups), default=0)
    a, b = rng.random((n, width)), rng.random((n, width))
    blocks = [a, b]
    for g in groups:
        ab = a.copy()
        ab[:, g] = b[:, g]
        blocks.append(ab)
    return np.vstack(blocks)


def sobol_indices(y: Array, n: int, d: int, n_bootstrap: int = 0,
                  rng: np.random.Generator | None = None) -> pd.DataFrame:  # fmt: skip
    """First-order (Saltelli 2010) and total (Jansen 1999) indices from outputs of a Saltelli design, as COINr's
    SA_estimate, on centred outputs. Runs with a missing output are left out of each estimate. Bootstrap 5-95%
    intervals resample the N rows (COINr: Nboot)."""
    base = y[: 2 * n]
    if np.sum(~np.isnan(base)) < 2:
        var, centre = math.nan, 0.0
    else:
        var, centre = float(np.nanvar(base, ddof=1)), float(np.nanmean(base))
    # Centring leaves both estimators' expectations unchanged (E[yAB_i] = E[yA]) but removes the variance that the
    # output's mean adds to Saltelli's first-order estimator; COINr's SA_estimate works on the raw outputs.
    ya, yb = y[:n] - centre, y[n : 2 * n] - centre
    yab = y[2 * n :].reshape(d, n).T - centre
    rows = []
    for i in range(d):
        ok = ~(np.isnan(ya) | np.isnan(yb) | np.isnan(yab[:, i]))
        first_terms = (yb * (yab[:, i] - ya))[ok]
        total_terms = ((ya - yab[:, i]) ** 2)[ok]
        with np.errstate(invalid="ignore", divide="ignore"):
            m = int(ok.sum())
            row: dict[str, float] = {
                "first": float(np.mean(first_terms) / var) if m else math.nan,
                "total": float(np.sum(total_terms) / (2 * m * var)) if m else math.nan,
            }
            if n_bootstrap and ok.any():
                gen = rng if rng is not None else np.random.default_rng()
                pick = gen.integers(0, ok.sum(), size=(n_bootstrap, ok.sum()))
                fb = first_terms[pick].mean(axis=1) / var
                tb = (total_terms[pick]).sum(axis=1) / (2 * ok.sum() * var)
                row.update(first_p05=float(np.quantile(fb, 0.05)), first_p95=float(np.quantile(fb, 0.95)),
                           total_p05=float(np.quantile(tb, 0.05)), total_p95=float(np.quantile(tb, 0.95)))  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass
class _Input:
    name: str
    kind: str
    stage: str
    dim: int
    raw: Mapping[str, Any]
    codes: list[str]
    noise: Array | None = None

    def apply(self, u: Array, spec: dict[str, Any], factors: dict[str, float]) -> dict[str, Any]:
        if self.kind == "weight_noise":
            assert self.noise is not None
            for code, f in zip(self.codes, 1 + self.noise * (2 * u - 1), strict=True):
                factors[code] = factors.get(code, 1.0) * float(f)
            return spec
        return set_path(spec, self.raw["path"], self.value(float(u[0])), merge=bool(self.raw.get("merge", False)))

    def value(self, u: float) -> Any:
        if self.kind == "choice":
            options = self.raw["options"]
            return options[min(int(u * len(options)), len(options) - 1)]
        lo, hi = float(self.raw["low"]), float(self.raw["high"])
        if self.raw.get("integer"):
            return int(min(math.floor(lo + u * (hi - lo + 1)), hi))
        return lo + u * (hi - lo)


def _parse_inputs(inputs: Sequence[Mapping[str, Any]], tree: IndicatorTree) -> tuple[list[_Input], list[str]]:
    problems: list[str] = []
    out: list[_Input] = []
    names: set[str] = set()
    for i, raw in enumerate(inputs):
        if not isinstance(raw, Mapping):
            problems.append(f"input {i + 1}: must be an object")
            continue
        name = str(raw.get("name") or f"input {i + 1}")
        if name in names:
            problems.append(f"{name}: two inputs have this name")
        names.add(name)
        kind = raw.get("kind")
        if kind not in KINDS:
            problems.append(f"{name}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
            continue
        if kind == "weight_noise":
            noise = raw.get("noise", 0.25)
            levels = raw.get("levels")
            if isinstance(noise, Mapping):
                levels = [int(k) for k in noise]
                by_level = {int(k): v for k, v in noise.items()}
            else:
                by_level = {}
            values = list(by_level.values()) if by_level else [noise]
            if any(isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 1 for v in values):
                problems.append(f"{name}: noise must be a number from 0 to 1 (or a map of level to such numbers)")
                continue
            codes = [c for c in tree.codes if tree.parent[c] is not None]
            if levels is not None:
                codes = [c for c in codes if tree.level[c] in set(levels)]
            if raw.get("codes") is not None:
                unknown = [c for c in raw["codes"] if c not in tree.codes]
                if unknown:
                    problems.append(f"{name}: unknown code(s) {', '.join(map(str, unknown))}")
                codes = [c for c in codes if c in set(raw["codes"])]
            if not codes:
                problems.append(f"{name}: no weight to vary (check levels and codes)")
                continue
            arr = np.array([by_level.get(tree.level[c], 0.0) if by_level else float(noise) for c in codes])
            out.append(_Input(name, kind, "aggregate", len(codes), raw, codes, arr))
            continue
        path = raw.get("path")
        keys = path.split(".") if isinstance(path, str) else path
        if not isinstance(keys, list) or not keys or keys[0] not in STEPS:
            problems.append(f"{name}: path must start with a step ({', '.join(STEPS)}), not {path!r}")
            continue
        if kind == "choice":
            options = raw.get("options")
            if not isinstance(options, list) or len(options) < 2:
                problems.append(f"{name}: a choice needs a list of at least two options")
                continue
        else:
            lo, hi = raw.get("low"), raw.get("high")
            numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lo, hi))
            if not numbers or not float(lo) < float(hi):  # type: ignore[arg-type]
                problems.append(f"{name}: a uniform input needs numbers low < high")
                continue
        out.append(_Input(name, kind, STAGE_OF[keys[0]], 1, raw, []))
    return out, problems


class UncertaintyAnalysis:
    """Monte Carlo over the spec's uncertain inputs; see the README for `inputs` and the results."""

    def __init__(self, spec: Spec | Mapping[str, Any] | None = None, inputs: Sequence[Mapping[str, Any]] = (),
                 n_replications: int = 200, method: str = "uncertainty", codes: Sequence[str] | None = None,
                 random_state: int | np.random.Generator | None = None, n_bootstrap: int = 0) -> None:  # fmt: skip
        self.spec = spec
        self.inputs = inputs
        self.n_replications = n_replications
        self.method = method
        self.codes = codes
        self.random_state = random_state
        self.n_bootstrap = n_bootstrap

    def fit(self, idata: pd.DataFrame, imeta: MetaLike) -> UncertaintyAnalysis:
        spec = Spec.coerce(self.spec)
        ctx = prepare(spec, idata, imeta)
        nominal_state = run(spec, ctx)
        nominal = CompositeIndex(spec)
        nominal._publish(spec, ctx, nominal_state)
        tree = ctx.tree
        problems: list[str] = []
        if self.method not in ("uncertainty", "sobol"):
            problems.append(f"method must be 'uncertainty' or 'sobol', not {self.method!r}")
        if not isinstance(self.n_replications, int) or self.n_replications < 2:
            problems.append("n_replications must be a whole number >= 2")
        inputs, input_problems = _parse_inputs(self.inputs, tree)
        problems += input_problems
        if not inputs and not input_problems:
            problems.append("no uncertain input given")
        if self.method == "sobol" and len(inputs) < 1:
            problems.append("a Sobol analysis needs at least one input")
        codes = list(self.codes) if self.codes is not None else [nominal.index_code_]
        problems += [f"codes: {c!r} is not in the tree" for c in codes if c not in tree.codes]
        problems += self._check_values(inputs, spec, ctx)
        if problems:
            raise SpecError(problems)
        rng = np.random.default_rng(self.random_state)
        n, d = self.n_replications, len(inputs)
        slices, at = [], 0
        for inp in inputs:
            slices.append(slice(at, at + inp.dim))
            at += inp.dim
        design = saltelli_design(n, d, rng, slices) if self.method == "sobol" else rng.random((n, at))
        start = min((inp.stage for inp in inputs), key=ORDER.index)
        scores, failures = self._runs(design, inputs, slices, spec, ctx, nominal_state, start, codes)
        self._summarise(nominal, scores, codes, failures, n, d, inputs, rng)
        return self

    @staticmethod
    def _check_values(inputs: list[_Input], spec: Spec, ctx: Context) -> list[str]:
        """Every option and both ends of every range must give a valid spec: fail before running anything."""
        problems: list[str] = []
        base = spec.to_dict()
        for inp in inputs:
            if inp.kind == "weight_noise":
                continue
            values = inp.raw["options"] if inp.kind == "choice" else [inp.value(0.0), inp.value(0.999999)]
            for v in values:
                try:
                    candidate = Spec.from_dict(set_path(base, inp.raw["path"], v, merge=bool(inp.raw.get("merge"))))
                    check_spec(candidate, ctx.tree, ctx.panel)
                except SpecError as exc:
                    problems += [f"{inp.name} = {json.dumps(v)}: {p}" for p in exc.problems]
        return problems

    def _runs(self, design: Array, inputs: list[_Input], slices: list[slice], spec: Spec, ctx: Context,
              nominal: State, start: str, codes: list[str]) -> tuple[Array, list[str]]:  # fmt: skip
        col = [ctx.tree.codes.index(c) for c in codes]
        assert nominal.panel is not None
        scores = np.full((design.shape[0], len(codes), nominal.panel.n), np.nan)
        base = spec.to_dict()
        cache: dict[str, Spec] = {}
        failures: list[str] = []
        for r, u in enumerate(design):
            factors: dict[str, float] = {}
            s = base
            for inp, sl in zip(inputs, slices, strict=True):
                s = inp.apply(u[sl], s, factors)
            key = json.dumps(s, sort_keys=True, default=str)
            try:
                if key not in cache:
                    cache[key] = Spec.from_dict(s)
                state = run(cache[key], ctx, start, nominal, factors or None)
            except CompositeError as exc:
                failures.append(f"run {r + 1}: {exc.problems[0] if exc.problems else exc}")
                continue
            assert state.aggregated is not None and state.keep is not None and nominal.keep is not None
            if state.keep is nominal.keep or np.array_equal(state.keep, nominal.keep):
                scores[r] = state.aggregated[:, col].T
            else:  # screening varies: a unit-year screened out of this run has no score (nor rank) in it
                both = state.keep & nominal.keep
                run_rows = (np.cumsum(state.keep) - 1)[both]
                nominal_rows = (np.cumsum(nominal.keep) - 1)[both]
                scores[r][:, nominal_rows] = state.aggregated[run_rows][:, col].T
        return scores, failures

    def _summarise(self, nominal: CompositeIndex, scores: Array, codes: list[str], failures: list[str], n: int,
                   d: int, inputs: list[_Input], rng: np.random.Generator) -> None:  # fmt: skip
        panel = nominal.panel_
        blocks = panel.blocks()
        ranks = np.full(scores.shape, np.nan)
        for rows in blocks:
            if rows.size:
                ranks[:, :, rows] = min_rank(-scores[:, :, rows].reshape(-1, rows.size).T).T.reshape(
                    scores.shape[0], len(codes), rows.size)  # fmt: skip
        used = slice(None) if self.method == "uncertainty" else slice(0, 2 * n)
        frames = []
        ids = panel.ids[[c for c in ("Time", "uCode") if c in panel.ids.columns]].reset_index(drop=True)
        for k, code in enumerate(codes):
            r, s = ranks[used, k, :], scores[used, k, :]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # a unit missing in every run stays NaN
                frame = ids.copy()
                frame.insert(0, "code", code)
                frame["nominal"] = nominal.ranks_[code].to_numpy()
                frame["median"] = np.nanmedian(r, axis=0)
                frame["mean"] = np.nanmean(r, axis=0)
                frame["p05"] = np.nanquantile(r, 0.05, axis=0)
                frame["p95"] = np.nanquantile(r, 0.95, axis=0)
                frame["score_nominal"] = nominal.scores_[code].to_numpy()
                frame["score_median"] = np.nanmedian(s, axis=0)
                frame["score_p05"] = np.nanquantile(s, 0.05, axis=0)
                frame["score_p95"] = np.nanquantile(s, 0.95, axis=0)
            frames.append(frame)
        keys = ["code"] + (["Time"] if "Time" in ids.columns else []) + ["nominal"]
        self.rank_summary_ = pd.concat(frames).sort_values(keys, kind="stable").reset_index(drop=True)
        self.rank_samples_ = pd.DataFrame(ranks[:, 0, :].T, index=panel.index())
        self.score_samples_ = pd.DataFrame(scores[:, 0, :].T, index=panel.index())
        self.nominal_ = nominal
        self.n_runs_ = scores.shape[0]
        self.n_failed_ = len(failures)
        self.failures_ = failures
        self.sobol_: pd.DataFrame | None = None
        self.sobol_first_: pd.Series | None = None
        self.sobol_total_: pd.Series | None = None
        if self.method == "sobol":
            shift = np.abs(ranks[:, 0, :] - nominal.ranks_[codes[0]].to_numpy())
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                y = np.where(np.isnan(scores[:, 0, :]).all(axis=1), np.nan, np.nanmean(shift, axis=1))
            sob = sobol_indices(y, n, d, self.n_bootstrap, rng)
            sob.index = pd.Index([inp.name for inp in inputs], name="input")
            self.sobol_ = sob
            self.sobol_first_ = sob["first"]
            self.sobol_total_ = sob["total"]


MonteCarlo = UncertaintyAnalysis
