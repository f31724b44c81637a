"""Rebuild the shipped Seoul demo files from the originals in ../shared/data/seoul (see README.md here).

    python madang/inclusion/demo_data/prepare_seoul.py ../shared/data/seoul

Only the standard library: the output is then checked by the same validation as any city's import
(tests/madang/inclusion/test_demo.py loads it).
"""

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BANDS = [f"{lo:02d}-{lo + 4:02d}" for lo in range(5, 100, 5)]
SOURCE_BANDS = ["01-04", *BANDS, "100plus"]
OUR_BANDS = ["age_00_04", *[f"age_{lo:02d}_{lo + 4:02d}" for lo in range(5, 100, 5)], "age_100_plus"]


def _ring(ring: list[list[float]]) -> list[list[float]]:
    kept: list[list[float]] = []
    for lon, lat in ring:
        pt = [round(lon, 5), round(lat, 5)]
        if not kept or pt != kept[-1]:
            kept.append(pt)
    if kept[0] != kept[-1]:
        kept.append(kept[0])
    return kept


def boundaries(src: Path) -> None:
    data = json.loads((src / "seoul_dong_202406_geo.json").read_text(encoding="utf-8"))
    features = []
    for f in sorted(data["features"], key=lambda f: f["properties"]["adm_cd8"]):
        p, g = f["properties"], f["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        coords = [[_ring(r) for r in poly] for poly in polygons]
        geometry = {"type": "Polygon", "coordinates": coords[0]} if len(coords) == 1 else {
            "type": "MultiPolygon", "coordinates": coords}  # fmt: skip
        features.append({"type": "Feature", "properties": {
            "code": p["adm_cd8"], "name": p["adm_nm"], "name_lang": "ko", "group": p["sgg_nm"]},
            "geometry": geometry})  # fmt: skip
    out = {"type": "FeatureCollection", "features": features}
    (HERE / "seoul_dong_202406.geojson").write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def population(src: Path) -> None:
    with (src / "seoul_dong_population_by_age_202406.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    header = ["area_code", "pop_total", "pop_65plus", "pop_75plus", *OUR_BANDS]
    with (HERE / "seoul_population_by_age_202406.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in sorted(rows, key=lambda r: r["admi_cd"]):
            bands = [int(r[f"M_{b}"]) + int(r[f"F_{b}"]) for b in SOURCE_BANDS]
            assert sum(bands) == int(r["pop_total"]), r["admi_cd"]
            assert sum(bands[13:]) == int(r["pop_65plus"]), r["admi_cd"]
            w.writerow([r["admi_cd"], r["pop_total"], r["pop_65plus"], sum(bands[15:]), *bands])


def schools(src: Path) -> None:
    with (src / "seoul_schools_202503.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with (HERE / "seoul_schools_202503.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "kind", "latitude", "longitude", "area_code", "address"])
        for r in sorted(rows, key=lambda r: r["school_id"]):
            w.writerow([r["school_id"], r["school_nm"], "school", f"{float(r['lat']):.6f}", f"{float(r['lon']):.6f}",
                        r["admi_cd"][:8], r["addr_road"].removeprefix("서울특별시 ")])  # fmt: skip


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/seoul")
    boundaries(source)
    population(source)
    schools(source)
