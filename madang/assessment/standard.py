"""The frameworks Madang ships: the smart-city maturity self-assessment, the digital-inclusion index, and COINr's
ASEM example (its indicator tree read from the golden files that engines.composite reproduces).

`frameworks_ensure` runs from a data migration with historical models, so it uses nothing but fields.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "frameworks.json"
ASEM_DIR = Path(__file__).resolve().parents[2] / "engines" / "composite" / "examples"
ASEM_META = ASEM_DIR / "asem" / "COINr_ASEM_iMeta.csv"
ASEM_SPEC = ASEM_DIR / "asem_coinr_v06.json"
ASEM = {
    "slug": "asem-connectivity",
    "kind": "index",
    "unit_kind": "country",
    "name": {"en": "ASEM sustainable connectivity (COINr example)", "ko": "ASEM 지속가능 연계성 (COINr 예제)",
             "ja": "ASEM持続可能な連結性（COINrの例）", "zh-hans": "亚欧会议可持续互联互通（COINr 示例）"},
    "description": {
        "en": "The example index of COINr, the reference implementation of the OECD/JRC Handbook on Constructing "
              "Composite Indicators: 51 Asian and European countries, 49 indicators in 8 pillars and 2 sub-indices. "
              "Madang computes it exactly as COINr does (denominated, imputed by group mean, outliers treated, "
              "min-max normalised, arithmetic means).",
        "ko": "OECD/JRC 복합지표 작성 지침의 기준 구현인 COINr의 예제 지수입니다. 아시아와 유럽 51개국, 8개 부문과 "
              "2개 하위지수에 49개 지표가 있습니다. Madang은 COINr와 똑같이 계산합니다.",
        "ja": "OECD/JRC複合指標作成ハンドブックの参照実装であるCOINrの例題指数です。アジアと欧州の51か国、8つの柱と"
              "2つの下位指数に49の指標があります。MadangはCOINrと同じ方法で計算します。",
        "zh-hans": "COINr（OECD/JRC《综合指标构建手册》的参考实现）的示例指数：亚欧 51 个国家，"
                   "49 个指标分属 8 个支柱和 2 个分指数。Madang 的计算与 COINr 完全相同。",
    },
    "source": "COINr (github.com/bluefoxr/COINr, MIT licence), ASEM example data, COINr v0.6 pipeline.",
}  # fmt: skip
TYPES = {"Indicator": "indicator", "Aggregate": "aggregate", "Denominator": "denominator"}
# ASEM's "Percent" indicators that are not shares of a whole, so the unit's 0-100 range does not hold: debt as a
# percentage of GDP exceeds 100, and growth can be negative (but never below -100%).
ASEM_BOUNDS = {"PubDebt": (0.0, None), "PrivDebt": (0.0, None), "GDPGrow": (-100.0, None)}


def definitions() -> list[dict[str, Any]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    frameworks: list[dict[str, Any]] = data["frameworks"]
    for framework in frameworks:
        if framework["kind"] == "self_assessment":
            for node in framework["nodes"]:
                if node.get("kind", "indicator") == "indicator":
                    node["levels"] = data["levels"]
    return [*frameworks, asem_definition()]


def asem_definition() -> dict[str, Any]:
    with ASEM_META.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["Type"] in TYPES]
    nodes = []
    for r in rows:
        nodes.append({
            "code": r["iCode"], "kind": TYPES[r["Type"]], "name": {"en": r["iName"]},
            "level": int(float(r["Level"])) if r["Level"] else None, "parent": r["Parent"] or None,
            "direction": int(float(r["Direction"])) if r["Direction"] else 1,
            "weight": float(r["Weight"]) if r["Weight"] else 1.0, "unit": r["Unit"],
            "target": float(r["Target"]) if r["Target"] else None, "denominator": r["Denominator"] or None,
            **dict(zip(("min_value", "max_value"), ASEM_BOUNDS.get(r["iCode"], (None, None)), strict=True)),
        })  # fmt: skip
    return {**ASEM, "spec": json.loads(ASEM_SPEC.read_text(encoding="utf-8")), "nodes": nodes}


def frameworks_ensure(framework_model: Any, node_model: Any) -> None:
    """Create the shipped frameworks, or bring their trees back to the shipped definition (values are kept)."""
    # Migrations before the bounds existed run this with a historical Node that has no such fields.
    has_bounds = any(f.name == "min_value" for f in node_model._meta.get_fields())
    for spec in definitions():
        framework, _ = framework_model.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"], "description": spec["description"], "kind": spec["kind"],
                "unit_kind": spec["unit_kind"], "spec": spec["spec"], "source": spec["source"], "network": None,
                "is_published": True,
            },
        )  # fmt: skip
        nodes = {}
        for order, n in enumerate(spec["nodes"]):
            nodes[n["code"]] = node_model.objects.update_or_create(
                framework=framework, code=n["code"],
                defaults={
                    "name": n["name"], "description": n.get("description", {}), "kind": n.get("kind", "indicator"),
                    "level": n.get("level", 1 if n.get("kind", "indicator") == "indicator" else None),
                    "direction": n.get("direction", 1), "weight": n.get("weight", 1.0), "unit": n.get("unit", ""),
                    "target": n.get("target"), "domain": n.get("domain", ""), "levels": n.get("levels", {}),
                    "order": order,
                    **({"min_value": n.get("min_value"), "max_value": n.get("max_value")} if has_bounds else {}),
                },
            )[0]  # fmt: skip
        for n in spec["nodes"]:
            node = nodes[n["code"]]
            node.parent = nodes.get(n.get("parent") or "")
            node.denominator = nodes.get(n.get("denominator") or "")
            node.save(update_fields=["parent", "denominator"])
        node_model.objects.filter(framework=framework).exclude(code__in=list(nodes)).delete()
