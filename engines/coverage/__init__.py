"""Maximal covering location for guide deployment, with a weekly patrol rota (pure Python: numpy, scipy, highspy)."""

from . import geo
from .model import MaximalCovering, area_coverage
from .problem import CoverageProblem, InstanceError, read_sjc
from .rota import PatrolRota, RotaVisit, apportion
from .synthetic import clustered_city

__all__ = [
    "CoverageProblem", "InstanceError", "MaximalCovering", "PatrolRota", "RotaVisit", "apportion", "area_coverage",
    "clustered_city", "geo", "read_sjc",
]  # fmt: skip
