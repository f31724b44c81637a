"""City-like random instances for tests and benchmarks (no real data needed)."""

from __future__ import annotations

import numpy as np

from .problem import CoverageProblem


def clustered_city(n_demand: int, n_candidates: int, radius: float, extent: float = 30_000.0, n_clusters: int = 60,
                   background: float = 0.15, random_state: int = 0) -> CoverageProblem:  # fmt: skip
    """Demand in neighbourhoods of different sizes over an `extent` x `extent` metre square, plus a thin uniform
    background; block populations are log-normal; candidate sites (schools, community centres) follow the people,
    with some spread everywhere."""
    rng = np.random.default_rng(random_state)
    centres = rng.uniform(0.1 * extent, 0.9 * extent, size=(n_clusters, 2))
    spread = rng.uniform(0.01, 0.05, size=n_clusters) * extent
    share = rng.dirichlet(np.full(n_clusters, 1.5))

    def sample(count: int) -> np.ndarray:
        n_background = int(round(background * count))
        cluster = rng.choice(n_clusters, size=count - n_background, p=share)
        pts = centres[cluster] + rng.normal(size=(cluster.size, 2)) * spread[cluster, None]
        pts = np.vstack([pts, rng.uniform(0, extent, size=(n_background, 2))])
        return np.clip(pts, 0, extent)

    demand = sample(n_demand)
    weight = np.round(rng.lognormal(mean=4.0, sigma=0.8, size=n_demand))
    candidates = sample(n_candidates)
    return CoverageProblem.from_points(demand, weight, candidates, radius)
