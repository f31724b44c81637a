"""CompositeIndex: the scikit-learn-shaped front of the pipeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .data import Panel, read_idata
from .errors import MetaError
from .pipeline import Context, State, check_spec, run
from .prepare import denominators_needed
from .results import rank_blocks, results_table, strengths_weaknesses
from .spec import Spec
from .tree import IndicatorTree

MetaLike = pd.DataFrame | IndicatorTree | Sequence[Mapping[str, Any]]


def as_tree(imeta: MetaLike) -> IndicatorTree:
    if isinstance(imeta, IndicatorTree):
        return imeta
    if isinstance(imeta, pd.DataFrame):
        return IndicatorTree.from_frame(imeta)
    if isinstance(imeta, Sequence) and not isinstance(imeta, str):
        return IndicatorTree.from_records(imeta)
    raise MetaError(["iMeta must be a DataFrame, a list of dicts or an IndicatorTree"])


def prepare(spec: Spec, idata: pd.DataFrame, imeta: MetaLike) -> Context:
    """Validate everything (iMeta, then the spec and iData against it) and read the data once."""
    tree = as_tree(imeta)
    needed = denominators_needed(tree, [spec.for_code("denominate", c) for c in tree.indicators])
    panel, raw, columns = read_idata(idata, tree, needed)
    check_spec(spec, tree, panel)
    return Context(tree, panel, raw, columns)


class CompositeIndex:
    """A composite index built by the spec's pipeline.

    After `fit(idata, imeta)`: `stages_`, `scores_`, `ranks_`, `results_`, `treatment_`, `screening_`, `weights_`,
    `tree_`, `spec_`, `index_code_` (see the engine's README).
    """

    def __init__(self, spec: Spec | Mapping[str, Any] | None = None) -> None:
        self.spec = spec

    def fit(self, idata: pd.DataFrame, imeta: MetaLike) -> CompositeIndex:
        spec = Spec.coerce(self.spec)
        ctx = prepare(spec, idata, imeta)
        state = run(spec, ctx)
        self._publish(spec, ctx, state)
        return self

    def _publish(self, spec: Spec, ctx: Context, state: State) -> None:
        assert state.panel is not None and state.aggregated is not None and state.keep is not None
        tree, panel = ctx.tree, state.panel
        self.spec_, self.tree_, self.context_, self.state_ = spec, tree, ctx, state
        self.panel_: Panel = panel
        self.kept_: NDArray[np.bool_] = state.keep
        self.index_code_: str = spec.index or tree.roots[0]
        stages: dict[str, pd.DataFrame] = {}
        full = ctx.panel.ids.reset_index(drop=True)
        kept = panel.ids.reset_index(drop=True)
        arrays = (("raw", ctx.raw, full), ("denominated", state.denominated, full), ("imputed", state.imputed, full),
                  ("screened", state.screened, kept), ("treated", state.treated, kept),
                  ("normalised", state.normalised, kept))  # fmt: skip
        for name, values, ids in arrays:
            assert values is not None
            stages[name] = pd.concat([ids, pd.DataFrame(values, columns=tree.indicators)], axis=1)
        stages["aggregated"] = pd.concat([kept, pd.DataFrame(state.aggregated, columns=tree.codes)], axis=1)
        self.stages_ = stages
        index = panel.index()
        self.scores_ = pd.DataFrame(state.aggregated, index=index, columns=tree.codes)
        ranks = rank_blocks(state.aggregated, panel.blocks())
        self.ranks_ = pd.DataFrame(ranks, index=index, columns=tree.codes)
        self.results_ = results_table(self)
        self.treatment_ = pd.DataFrame(state.treatment)
        assert state.screening is not None
        self.screening_ = state.screening
        self.weights_ = pd.Series({c: state.weights[c] for c in tree.codes if tree.parent[c] is not None},
                                  name="Weight", dtype=float)  # fmt: skip

    def strengths_weaknesses(self, n: int = 3, stage: str = "raw", discard_worst: bool = True) -> pd.DataFrame:
        """Per unit-year, the n indicators where it ranks best and worst among the units of its year (COINr's
        get_str_weak; `stage` chooses the values ranked, raw by default, times their direction)."""
        return strengths_weaknesses(self, n=n, stage=stage, discard_worst=discard_worst)
