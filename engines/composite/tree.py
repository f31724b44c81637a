"""The indicator tree, read from a COINr-style iMeta table."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .errors import MetaError

TREE_TYPES = ("Indicator", "Aggregate")
OTHER_TYPES = ("Group", "Denominator", "Other")
KNOWN_COLUMNS = ("Level", "iCode", "iName", "Direction", "Weight", "Parent", "Type", "Denominator", "Target", "Unit")
RESERVED = ("uCode", "uName", "Time")


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))  # NaN, pd.NA, NaT
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(value: Any) -> float | None:
    """A finite float, None when blank; raises ValueError for text or infinities."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(value)
    return out


@dataclass
class IndicatorTree:
    """Indicators and aggregates with their parents, levels, directions, weights and other metadata.

    `aggregates` is in aggregation order (every aggregate after all of its children), `indicators` in iMeta order.
    """

    indicators: list[str]
    aggregates: list[str]
    parent: dict[str, str | None]
    children: dict[str, list[str]]
    level: dict[str, int]
    direction: dict[str, int]
    weight: dict[str, float]
    name: dict[str, str]
    unit: dict[str, str | None]
    denominator: dict[str, str | None]
    target: dict[str, float | None]
    groups: list[str] = field(default_factory=list)
    denominators: list[str] = field(default_factory=list)
    extra: dict[str, dict[str, float]] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)  # row order in iMeta

    @property
    def codes(self) -> list[str]:
        return [*self.indicators, *self.aggregates]

    @property
    def roots(self) -> list[str]:
        """Codes without a parent, the highest level first (then in iMeta order): roots[0] is the default index."""
        tops = [c for c in self.codes if self.parent[c] is None]
        return sorted(tops, key=lambda c: (-self.level[c], self.position.get(c, 0)))

    @property
    def n_levels(self) -> int:
        return max(self.level.values())

    def leaves(self, code: str) -> list[str]:
        """The indicators under `code` (itself if it is an indicator), in iMeta order."""
        if code not in self.children:
            return [code]
        found: set[str] = set()
        stack = [code]
        while stack:
            node = stack.pop()
            kids = self.children.get(node)
            if kids is None:
                found.add(node)
            else:
                stack.extend(kids)
        return [c for c in self.indicators if c in found]

    def ancestor_at(self, code: str, level: int) -> str | None:
        node: str | None = code
        while node is not None and self.level[node] < level:
            node = self.parent[node]
        return node if node is not None and self.level[node] == level else None

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> IndicatorTree:
        return cls.from_frame(pd.DataFrame(list(records)))

    @classmethod
    def from_frame(cls, imeta: pd.DataFrame) -> IndicatorTree:
        """Validate iMeta and build the tree; raises MetaError listing every problem found."""
        problems: list[str] = []
        if not isinstance(imeta, pd.DataFrame):
            raise MetaError(["iMeta must be a table (a pandas DataFrame)"])
        if "iCode" not in imeta.columns:
            raise MetaError(["iMeta has no iCode column"])
        if "Parent" not in imeta.columns:
            problems.append("iMeta has no Parent column")
        rows: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in imeta.to_dict("records")]
        has_type = "Type" in imeta.columns
        codes: list[str] = []
        seen: set[str] = set()
        kept: list[dict[str, Any]] = []
        groups: list[str] = []
        denominators: list[str] = []
        for i, row in enumerate(rows, start=2):  # line 1 is the header in a CSV
            code = _text(row.get("iCode"))
            if code is None:
                problems.append(f"row {i}: iCode is empty")
                continue
            if code in seen:
                problems.append(f"iCode {code!r} appears more than once")
                continue
            seen.add(code)
            kind = _text(row.get("Type")) if has_type else None
            if kind is not None and kind not in TREE_TYPES + OTHER_TYPES:
                problems.append(f"{code}: Type {kind!r} is not one of {', '.join(TREE_TYPES + OTHER_TYPES)}")
                continue
            if kind == "Group":
                groups.append(code)
                continue
            if kind in ("Denominator", "Other"):
                if kind == "Denominator":
                    denominators.append(code)
                continue
            if code in RESERVED:
                problems.append(f"{code}: {', '.join(RESERVED)} are column names of iData, not indicator codes")
                continue
            codes.append(code)
            kept.append({**row, "_code": code, "_type": kind, "_row": i})
        parent: dict[str, str | None] = {}
        for row in kept:
            parent[row["_code"]] = _text(row.get("Parent"))
        children: dict[str, list[str]] = {}
        for code in codes:
            p = parent[code]
            if p is None:
                continue
            if p not in parent:
                why = " (it is a Group/Denominator/Other row)" if p in seen else ""
                problems.append(f"{code}: parent {p!r} is not an indicator or aggregate in iMeta{why}")
                parent[code] = None
                continue
            if p == code:
                problems.append(f"{code}: is its own parent")
                parent[code] = None
                continue
            children.setdefault(p, []).append(code)
        # cycles: follow each parent chain; a chain that comes back to a node on it is reported once
        reported: set[frozenset[str]] = set()
        for code in codes:
            path: list[str] = []
            node: str | None = code
            while node is not None and node not in path:
                path.append(node)
                node = parent.get(node)
            if node is not None:
                cycle = path[path.index(node) :]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    problems.append("cycle in the tree: " + " -> ".join([*cycle, cycle[0]]))
        indicators: list[str] = []
        aggregates_in_order: list[str] = []
        for row in kept:
            code, kind = row["_code"], row["_type"]
            if kind is None:
                kind = "Aggregate" if code in children else "Indicator"
            if kind == "Indicator":
                if code in children:
                    problems.append(f"{code}: Type is Indicator but it is the parent of {', '.join(children[code])}")
                indicators.append(code)
            else:
                if code not in children:
                    problems.append(f"{code}: Type is Aggregate but no code names it as parent")
                aggregates_in_order.append(code)
        direction: dict[str, int] = {}
        weight: dict[str, float] = {}
        target: dict[str, float | None] = {}
        given_level: dict[str, int] = {}
        name: dict[str, str] = {}
        unit: dict[str, str | None] = {}
        denominator: dict[str, str | None] = {}
        for row in kept:
            code = row["_code"]
            name[code] = _text(row.get("iName")) or code
            unit[code] = _text(row.get("Unit"))
            denominator[code] = _text(row.get("Denominator")) if code in indicators else None
            try:
                d = _number(row.get("Direction")) if "Direction" in imeta.columns else 1.0
            except (TypeError, ValueError):
                d = math.nan
            if d is None and code in aggregates_in_order:
                d = 1.0
            if d not in (1.0, -1.0):
                problems.append(f"{code}: Direction must be 1 or -1, not {row.get('Direction')!r}")
                d = 1.0
            direction[code] = int(d)
            try:
                w = _number(row.get("Weight")) if "Weight" in imeta.columns else 1.0
            except (TypeError, ValueError):
                problems.append(f"{code}: Weight {row.get('Weight')!r} is not a number")
                w = 1.0
            if w is None:
                if parent.get(code) is None:
                    w = 1.0  # the root is never weighted
                else:
                    problems.append(f"{code}: Weight is empty")
                    w = 1.0
            elif w < 0:
                problems.append(f"{code}: Weight {w:g} is negative")
            weight[code] = w
            try:
                target[code] = _number(row.get("Target")) if "Target" in imeta.columns else None
            except (TypeError, ValueError):
                problems.append(f"{code}: Target {row.get('Target')!r} is not a number")
                target[code] = None
            if "Level" in imeta.columns:
                try:
                    lev = _number(row.get("Level"))
                except (TypeError, ValueError):
                    lev = math.nan
                if lev is None or not float(lev).is_integer() or lev < 1:
                    problems.append(f"{code}: Level must be a whole number >= 1, not {row.get('Level')!r}")
                else:
                    given_level[code] = int(lev)
        for p, kids in children.items():
            if p in weight and kids and all(weight.get(k, 1.0) == 0 for k in kids):
                problems.append(f"{p}: the weights of its children ({', '.join(kids)}) are all zero")
        if not indicators:
            problems.append("iMeta has no indicators")
        if problems:
            raise MetaError(problems)
        height: dict[str, int] = {}

        def depth(code: str) -> int:
            if code not in height:
                kids = children.get(code)
                height[code] = 0 if not kids else 1 + max(depth(k) for k in kids)
            return height[code]

        for code in codes:
            depth(code)
        level = {c: given_level.get(c, height[c] + 1) for c in codes}
        for code in codes:
            p = parent[code]
            if p is not None and level[p] <= level[code]:
                problems.append(f"{code}: Level {level[code]} is not below its parent {p}'s Level {level[p]}")
        if problems:
            raise MetaError(problems)
        order = {c: i for i, c in enumerate(aggregates_in_order)}
        aggregates = sorted(aggregates_in_order, key=lambda c: (height[c], order[c]))
        extra: dict[str, dict[str, float]] = {}
        for col in imeta.columns:
            if col in KNOWN_COLUMNS:
                continue
            values: dict[str, float] = {}
            for row in kept:
                try:
                    v = _number(row.get(col))
                except (TypeError, ValueError):
                    v = None
                if v is not None:
                    values[row["_code"]] = v
            extra[str(col)] = values
        return cls(indicators=indicators, aggregates=aggregates, parent=parent, children=children, level=level,
                   direction=direction, weight=weight, name=name, unit=unit, denominator=denominator, target=target,
                   groups=groups, denominators=denominators, extra=extra,
                   position={c: i for i, c in enumerate(codes)})  # fmt: skip

    def to_frame(self) -> pd.DataFrame:
        rows = [
            {"Level": self.level[c], "iCode": c, "iName": self.name[c], "Direction": self.direction[c],
             "Weight": self.weight[c], "Parent": self.parent[c], "Type": "Indicator" if c in self.indicators
             else "Aggregate", "Denominator": self.denominator[c], "Target": self.target[c], "Unit": self.unit[c]}
            for c in self.codes
        ]  # fmt: skip
        return pd.DataFrame(rows)
