"""Coverage benchmark (issue 6): the exact model and the heuristic on the SJC, Seoul and synthetic instances.

Run: .venv/bin/python bench/coverage.py [--data ../shared/data] [--only sjc,seoul,synthetic] [--repeat 1]
  - SJC (Lorena & Pereira): every case of mclp_sjc/sjc_optima_highs.csv, exact model checked for equality with the
    proven optimum, heuristic and plain greedy (the baseline, same process) as gaps to it. The SJC files are
    "bench only" (CC BY-NC-SA): only this script reads them.
  - Seoul: 426 dong centroids weighted by residents 65+, 1,310 schools as candidates, p in {25, 50, 100},
    radius 500 m and 1 km; then the same with population-weighted points (250 m grid inside each dong).
  - Synthetic: engines.coverage.clustered_city, 20,000 demand points x 5,000 candidates, radius 1 km, the
    heuristic's covered demand against its own proven bound.
Times are wall seconds of MaximalCovering.fit (medians over --repeat runs), measured in this process.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engines.coverage import CoverageProblem, MaximalCovering, clustered_city, geo, read_sjc  # noqa: E402
from engines.coverage.exact import solve_exact  # noqa: E402
from engines.coverage.heuristic import fill, greedy  # noqa: E402
from engines.coverage.reduction import reduce_problem  # noqa: E402


def timed(problem, p, method, time_limit, repeat):
    runs = [MaximalCovering(p, method=method, time_limit=time_limit).fit(problem) for _ in range(repeat)]
    return runs[0], statistics.median(r.seconds_ for r in runs)


def mip_seconds(problem, p):
    """HiGHS branch and bound alone (no warm start, no enumeration of p <= 2), as a check on the product path,
    which often proves optimality before branching (its solution reaches the LP bound)."""
    start = time.perf_counter()
    result = solve_exact(reduce_problem(problem), p, None, 60.0, enumerate_small=False)
    return time.perf_counter() - start, result.optimal


def greedy_value(problem, p):
    red = reduce_problem(problem)
    return red.value(fill(red, greedy(red, p), p))


def pct(x):
    return f"{100 * x:.2f}"


def sjc(data, repeat, heuristic_limit):
    rows = list(csv.DictReader((data / "mclp_sjc" / "sjc_optima_highs.csv").open(encoding="utf-8")))
    problems = {}
    print("\n## SJC: every case against the proven optimum\n")
    print(
        "| instance | S | p | optimum | exact | proven | exact s | heuristic | heur. gap % | heur. s "
        "| bound gap % | greedy gap % | reference s | B&B alone s | proof |"
    )
    print("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    out = []
    for row in rows:
        key = (row["instance"], float(row["S"]))
        if key not in problems:
            problems[key] = read_sjc(data / "mclp_sjc" / f"{row['instance']}.txt", radius=key[1])
        problem, p, opt = problems[key], int(row["p"]), float(row["opt"])
        exact, exact_s = timed(problem, p, "exact", 60.0, repeat)
        heur, heur_s = timed(problem, p, "heuristic", heuristic_limit, repeat)
        g = greedy_value(problem, p)
        mip_s, mip_proven = mip_seconds(problem, p)
        mip = f"{mip_s:.2f}" + ("" if mip_proven else " (not proven)")
        rec = {"instance": row["instance"], "S": int(key[1]), "p": p, "opt": opt, "exact": exact.covered_,
               "proven": exact.optimal_, "exact_s": exact_s, "heur": heur.covered_,
               "heur_gap": (opt - heur.covered_) / opt, "heur_s": heur_s, "bound_gap": heur.gap_,
               "greedy_gap": (opt - g) / opt, "ref_s": float(row["secs"]), "mip_s": mip_s,
               "mip_proven": mip_proven, "proof": exact.proof_}  # fmt: skip
        out.append(rec)
        print(f"| {rec['instance']} | {rec['S']} | {p} | {opt:.0f} | {exact.covered_:.0f}"
              f"{'' if exact.covered_ == opt else ' MISMATCH'} | {'yes' if exact.optimal_ else 'no'} | {exact_s:.2f} "
              f"| {heur.covered_:.0f} | {pct(rec['heur_gap'])} | {heur_s:.2f} | {pct(heur.gap_)} "
              f"| {pct(rec['greedy_gap'])} | {rec['ref_s']:.2f} | {mip} | {exact.proof_} |", flush=True)  # fmt: skip
    print(
        "\n| instance | S | cases | exact = optimum | proven | exact s median | exact s max "
        "| heur. gap % max | heur. gap % mean | heur. s max | greedy gap % max | B&B alone s max | B&B proven |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key in problems:
        sel = [r for r in out if (r["instance"], r["S"]) == (key[0], int(key[1]))]
        print(f"| {key[0]} | {int(key[1])} | {len(sel)} | {sum(r['exact'] == r['opt'] for r in sel)} "
              f"| {sum(r['proven'] for r in sel)} | {statistics.median(r['exact_s'] for r in sel):.2f} "
              f"| {max(r['exact_s'] for r in sel):.2f} | {pct(max(r['heur_gap'] for r in sel))} "
              f"| {pct(statistics.mean(r['heur_gap'] for r in sel))} | {max(r['heur_s'] for r in sel):.2f} "
              f"| {pct(max(r['greedy_gap'] for r in sel))} | {max(r['mip_s'] for r in sel):.2f} "
              f"| {sum(r['mip_proven'] for r in sel)} |")  # fmt: skip
    worst = max(out, key=lambda r: r["exact_s"])
    print(
        f"\nall {len(out)} cases: exact = optimum in {sum(r['exact'] == r['opt'] for r in out)}, proven in "
        f"{sum(r['proven'] for r in out)}, slowest exact {worst['exact_s']:.2f} s ({worst['instance']} "
        f"S={worst['S']} p={worst['p']}); heuristic within 1% in {sum(r['heur_gap'] <= 0.01 for r in out)}, "
        f"max gap {pct(max(r['heur_gap'] for r in out))}%; proofs: "
        + ", ".join(f"{k} {sum(r['proof'] == k for r in out)}" for k in sorted({str(r["proof"]) for r in out}))
    )
    return out


def seoul_inputs(data):
    geojson = json.loads((data / "seoul" / "seoul_dong_202406_geo.json").read_text(encoding="utf-8"))
    features = geojson["features"]
    geometries = [f["geometry"] for f in features]
    older = np.array([f["properties"]["pop_65plus"] for f in features], dtype=float)
    with (data / "seoul" / "seoul_schools_202503.csv").open(encoding="utf-8") as fh:
        schools = np.array([[float(r["lon"]), float(r["lat"])] for r in csv.DictReader(fh)])
    return geometries, older, schools


def seoul(data, repeat, heuristic_limit):
    geometries, older, schools = seoul_inputs(data)
    centroids, weights, _ = geo.area_points(geometries, older)
    origin = geo.bbox_centre(np.vstack([centroids, schools]))
    grid, grid_w, grid_area = geo.area_points(geometries, older, spacing=250, origin=origin)
    print(
        f"\n## Seoul: {len(geometries)} dong (65+: {older.sum():,.0f}), {len(schools)} schools; "
        f"population-weighted grid: {len(grid):,} points\n"
    )
    print(
        "| demand | radius m | p | groups x sites | exact covered % | proven | exact s | heuristic gap % "
        "| heur. s | grid coverage of plan % |"
    )
    print("|---|---:|---:|---|---:|---|---:|---:|---:|---:|")
    for radius in (500.0, 1000.0):
        points = CoverageProblem.from_lonlat(centroids, weights, schools, radius, origin=origin)
        gridded = CoverageProblem.from_lonlat(grid, grid_w, schools, radius, origin=origin)
        for label, problem in (("dong centroids", points), ("250 m grid", gridded)):
            red = reduce_problem(problem)
            for p in (25, 50, 100):
                exact, exact_s = timed(problem, p, "exact", 60.0, repeat)
                heur, heur_s = timed(problem, p, "heuristic", heuristic_limit, repeat)
                gap = (exact.covered_ - heur.covered_) / exact.covered_ if exact.covered_ else 0.0
                # The people actually within reach of the plan's schools, judged on the fine grid.
                on_grid = gridded.covered_demand(exact.sites_) / gridded.total_demand
                proven = "yes" if exact.optimal_ else f"no (gap {pct(exact.gap_)}%)"
                print(f"| {label} | {radius:.0f} | {p} | {red.n_groups} x {red.n_columns} | "
                      f"{pct(exact.coverage_share_)} | {proven} | {exact_s:.2f} | {pct(gap)} | {heur_s:.2f} "
                      f"| {pct(on_grid)} |", flush=True)  # fmt: skip


def synthetic(repeat, ps, limits):
    start = time.perf_counter()
    problem = clustered_city(20_000, 5_000, radius=1_000, random_state=1)
    build = time.perf_counter() - start
    red = reduce_problem(problem)
    print(
        f"\n## Synthetic city: 20,000 demand x 5,000 candidates, radius 1 km, {problem.coverage.nnz:,} coverage "
        f"pairs ({red.n_groups:,} groups x {red.n_columns:,} sites after reduction), built in {build:.2f} s\n"
    )
    print("| p | time limit s | covered % | bound % | gap to bound % | seconds | greedy gap to bound % |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for p in ps:
        g = greedy_value(problem, p)
        for limit in limits:
            plan, seconds = timed(problem, p, "heuristic", limit, repeat)
            print(
                f"| {p} | {limit:g} | {pct(plan.coverage_share_)} | {pct(plan.bound_ / plan.total_)} "
                f"| {pct(plan.gap_)} | {seconds:.1f} | {pct((plan.bound_ - g) / plan.bound_)} |",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "data")
    parser.add_argument("--only", default="sjc,seoul,synthetic")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--heuristic-limit", type=float, default=10.0, help="heuristic time limit (SJC, Seoul)")
    parser.add_argument("--synthetic-p", default="50,100,200")
    parser.add_argument("--synthetic-limits", default="20,58", help="time limits (s), each including the bound")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if "sjc" in parts:
        sjc(args.data, args.repeat, args.heuristic_limit)
    if "seoul" in parts:
        seoul(args.data, args.repeat, args.heuristic_limit)
    if "synthetic" in parts:
        synthetic(
            args.repeat,
            [int(p) for p in args.synthetic_p.split(",")],
            [float(t) for t in args.synthetic_limits.split(",")],
        )


if __name__ == "__main__":
    main()
