"""python -m engines.stats usability --sessions FILE.csv [--json]"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from .usability import Outcome, TaskResult, UsabilityReport

COLUMNS = ("tester_id", "segment", "task_id", "outcome", "seconds", "errors", "assists")
SUS_COLUMNS = tuple(f"sus_{i}" for i in range(1, 11))
TABLE_DIGITS = 4  # the tab-separated table is read by people; --json carries full precision


def read_sessions(path: Path) -> tuple[list[TaskResult], list[str]]:
    """Rows and the problems found, each with its line number; any problem means nothing is computed."""
    results: list[TaskResult] = []
    problems: list[str] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{path}: cannot read as UTF-8 text ({exc})"]
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in (*COLUMNS, *SUS_COLUMNS) if c not in (reader.fieldnames or [])]
    if missing:
        return [], [f"line 1: missing columns: {', '.join(missing)}"]
    seen_sus: set[str] = set()
    for row in reader:
        line = reader.line_num
        try:
            outcome = Outcome(row["outcome"].strip())
        except ValueError:
            problems.append(f"line {line}: outcome {row['outcome']!r} is not one of unaided, helped, failed, abandoned")
            continue
        try:
            seconds = float(row["seconds"]) if row["seconds"].strip() else None
            if seconds is not None and seconds <= 0:
                raise ValueError
            errors = int(row["errors"] or 0)
            assists = int(row["assists"] or 0)
        except ValueError:
            problems.append(f"line {line}: seconds must be a positive number, errors and assists whole numbers")
            continue
        answers = [row[c].strip() for c in SUS_COLUMNS]
        sus: tuple[int, ...] | None = None
        if any(answers):
            if not all(a.isdigit() and 1 <= int(a) <= 5 for a in answers):
                problems.append(f"line {line}: the ten SUS answers must all be whole numbers from 1 to 5")
                continue
            if row["tester_id"] in seen_sus:
                problems.append(f"line {line}: SUS answers for tester {row['tester_id']} were already given")
                continue
            seen_sus.add(row["tester_id"])
            sus = tuple(int(a) for a in answers)
        if not row["tester_id"].strip() or not row["segment"].strip() or not row["task_id"].strip():
            problems.append(f"line {line}: tester_id, segment and task_id are required")
            continue
        results.append(TaskResult(row["tester_id"].strip(), row["segment"].strip(), row["task_id"].strip(), outcome,
                                  seconds, errors, assists, sus))  # fmt: skip
    if not results and not problems:
        problems.append("the file has no rows")
    return results, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engines.stats")
    sub = parser.add_subparsers(dest="command", required=True)
    usability = sub.add_parser("usability", help="usability results per segment from a sessions CSV")
    usability.add_argument("--sessions", type=Path, required=True)
    usability.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results, problems = read_sessions(args.sessions)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"Nothing computed: {len(problems)} problem(s).", file=sys.stderr)
        return 2
    report = UsabilityReport().fit(results)
    if args.json:
        # Machine output keeps every digit: a consumer that rounds again must not inherit our rounding error.
        print(json.dumps(report.summary(), ensure_ascii=False))
        return 0
    summary = report.summary(digits=TABLE_DIGITS)
    fields = list(next(iter(summary.values())))
    print("segment\t" + "\t".join(fields))
    for name, row in summary.items():
        print(name + "\t" + "\t".join("" if row[f] is None else str(row[f]) for f in fields))
    return 0


if __name__ == "__main__":
    sys.exit(main())
