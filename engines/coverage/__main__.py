"""python -m engines.coverage solve --instance FILE --p N --radius R [--json]"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .model import METHODS, MaximalCovering
from .problem import InstanceError, read_sjc


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be greater than 0")
    return value


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= 0")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engines.coverage")
    sub = parser.add_subparsers(dest="command", required=True)
    solve = sub.add_parser("solve", help="choose p sites that cover the most demand (SJC instance format)")
    solve.add_argument("--instance", type=Path, required=True, help="header 'n 9999 p S', then 'x y demand' lines")
    solve.add_argument("--p", type=_count, required=True, help="number of sites to open")
    solve.add_argument("--radius", type=_positive, required=True, help="coverage radius (same unit as x, y)")
    solve.add_argument("--detour", type=_positive, default=1.0, help="walking detour factor (>= 1)")
    solve.add_argument("--method", choices=METHODS, default="auto")
    solve.add_argument("--time-limit", type=_positive, default=60.0, help="seconds")
    solve.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        problem = read_sjc(args.instance, radius=args.radius, detour=args.detour)
    except InstanceError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        print(f"Nothing solved: {len(exc.problems)} problem(s) in {args.instance}.", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"Nothing solved: {exc}", file=sys.stderr)
        return 2
    plan = MaximalCovering(args.p, method=args.method, time_limit=args.time_limit).fit(problem)
    summary = plan.summary()
    if args.json:
        print(json.dumps(summary))
        return 0
    for key in ("covered", "total", "facilities", "optimal", "bound", "gap", "seconds", "method"):
        value = summary[key]
        if key == "facilities":
            value = " ".join(str(j) for j in value)
        elif key == "optimal":
            value = "true" if value else "false"
        print(f"{key}\t{value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
