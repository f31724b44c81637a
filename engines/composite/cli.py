"""python -m engines.composite run|uncertainty ... (see README.md)"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import CompositeError, DataError, MetaError, SpecError
from .model import CompositeIndex
from .spec import Spec
from .uncertainty import UncertaintyAnalysis

STAGE_FILES = ("denominated", "imputed", "screened", "treated", "normalised", "aggregated")
ANALYSIS_KEYS = ("inputs", "n_replications", "method", "codes", "random_state", "n_bootstrap")


def read_table(path: Path, error: type[CompositeError]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig")
    except FileNotFoundError:
        raise error([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise error([f"{path}: cannot read as a CSV file ({str(exc).strip()})"]) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def read_json(path: Path, error: type[CompositeError]) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise error([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error([f"{path}: cannot read ({exc})"]) from None
    except json.JSONDecodeError as exc:
        raise error([f"{path}: not valid JSON ({exc})"]) from None


def _inputs(args: argparse.Namespace) -> tuple[pd.DataFrame, pd.DataFrame, Spec]:
    problems: list[str] = []
    frames: list[pd.DataFrame] = []
    for path, error in ((args.imeta, MetaError), (args.idata, DataError)):
        try:
            frames.append(read_table(path, error))
        except CompositeError as exc:
            problems += exc.problems
    spec: Spec | None = None
    try:
        spec = Spec.from_dict(read_json(args.spec, SpecError) if args.spec else {})
    except SpecError as exc:
        where = f"{args.spec}: " if args.spec else ""
        problems += [p if p.startswith(str(args.spec)) else f"{where}{p}" for p in exc.problems]
    if problems or spec is None:
        raise CompositeError(problems)
    return frames[1], frames[0], spec


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False)


def cmd_run(args: argparse.Namespace) -> int:
    idata, imeta, spec = _inputs(args)
    model = CompositeIndex(spec).fit(idata, imeta)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name in STAGE_FILES:
        _write(model.stages_[name], out / f"{name}.csv")
    _write(model.results_, out / "results.csv")
    _write(model.treatment_, out / "treatment.csv")
    _write(model.screening_, out / "screening.csv")
    top = model.results_.head(3)
    best = ", ".join(f"{u} {s:.2f}" for u, s in zip(top["uCode"], top[model.index_code_], strict=True))
    print(f"{len(model.results_)} unit rows, index {model.index_code_}; top: {best}")
    print(f"wrote {len(STAGE_FILES) + 3} files to {out}")
    return 0


def cmd_uncertainty(args: argparse.Namespace) -> int:
    idata, imeta, spec = _inputs(args)
    raw = read_json(args.analysis, SpecError)
    if not isinstance(raw, dict):
        raise SpecError([f"{args.analysis}: must be a JSON object with {', '.join(ANALYSIS_KEYS)}"])
    unknown = [k for k in raw if k not in ANALYSIS_KEYS]
    if unknown:
        raise SpecError([f"{args.analysis}: unknown key(s) {', '.join(unknown)} (it takes {', '.join(ANALYSIS_KEYS)})"])
    ua = UncertaintyAnalysis(spec=spec, **raw).fit(idata, imeta)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    _write(ua.rank_summary_, out / "rank_summary.csv")
    if ua.sobol_ is not None:
        ua.sobol_.to_csv(out / "sobol.csv")
    print(f"{ua.n_runs_} runs ({ua.n_failed_} failed); wrote results to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engines.composite")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("run", "build the index, one CSV per stage"),
                           ("uncertainty", "Monte Carlo uncertainty / Sobol sensitivity of the ranks")):  # fmt: skip
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--idata", type=Path, required=True)
        p.add_argument("--imeta", type=Path, required=True)
        p.add_argument("--spec", type=Path)
        p.add_argument("--out", type=Path, required=True)
        if name == "uncertainty":
            p.add_argument("--analysis", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        return cmd_run(args) if args.command == "run" else cmd_uncertainty(args)
    except CompositeError as exc:
        print(f"{exc.what}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        print(f"Nothing computed: {len(exc.problems)} problem(s).", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"cannot write the results: {exc}", file=sys.stderr)
        return 2
