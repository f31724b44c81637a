"""Composite indices the COINr way (pure Python: numpy, pandas, scipy). See README.md."""

from .aggregate import a_amean, a_genmean, a_gmean, a_hmean
from .errors import CompositeError, DataError, MetaError, SpecError
from .model import CompositeIndex
from .results import rank_changes, rank_changes_over_time
from .spec import Spec
from .tree import IndicatorTree
from .uncertainty import MonteCarlo, UncertaintyAnalysis, saltelli_design, sobol_indices

__all__ = [
    "CompositeError", "CompositeIndex", "DataError", "IndicatorTree", "MetaError", "MonteCarlo", "Spec", "SpecError",
    "UncertaintyAnalysis", "a_amean", "a_genmean", "a_gmean", "a_hmean", "rank_changes", "rank_changes_over_time",
    "saltelli_design", "sobol_indices",
]  # fmt: skip
