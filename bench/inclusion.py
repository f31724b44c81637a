"""Inclusion map and planner on the real Seoul data: page server time, SVG and page size, planner solve time.

Run: .venv/bin/python bench/inclusion.py [--repeat 15]
Uses a throw-away SQLite database (or DATABASE_URL when set), loads the shipped Seoul demo (426 dong, 1,310
schools) and renders pages with Django's test client (view + queries + templates, not the network). The baseline
re-projects every boundary from its GeoJSON on each render, as a map without stored AreaShape paths would.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="madang-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ["MADANG_VAR_DIR"] = TMP
os.environ["MADANG_SEARCH_AUTO"] = "0"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from madang.accounts.models import User  # noqa: E402
from madang.core.models import Organisation, Place  # noqa: E402
from madang.inclusion import geo  # noqa: E402
from madang.inclusion.models import MapFrame  # noqa: E402
from madang.inclusion.planner import PlanInputs, plan_solve  # noqa: E402
from madang.inclusion.selectors import map_view  # noqa: E402

PAGES = {
    "map, share 65+": "/inclusion/seoul/",
    "map + 1,310 schools": "/inclusion/seoul/?facilities=school",
    "map sorted by name": "/inclusion/seoul/?sort=name&order=asc",
    "area page": "/inclusion/seoul/areas/11110515/",
}


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=StringIO())
    started = time.perf_counter()
    call_command("load_inclusion_demo", stdout=StringIO())
    load_s = time.perf_counter() - started
    setup_test_environment()
    client = Client()
    print(f"load_inclusion_demo on a fresh database: {load_s:.2f} s")
    print()
    print("| page | median ms | queries | page KB | SVG KB |")
    print("|---|---:|---:|---:|---:|")
    for label, url in PAGES.items():
        client.get(url)
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        # A wrapper, not CaptureQueriesContext: each request resets Django's query log.
        with connection.execute_wrapper(count):
            response = client.get(url)
        body = response.content.decode()
        svg = body[body.find("<svg ") : body.find("</svg>") + 6] if 'class="choropleth"' in body else ""
        ms = median_ms(lambda url=url: client.get(url), args.repeat)
        print(f"| {label} | {ms:.0f} | {len(queries)} | {len(response.content) / 1024:.0f} | "
              f"{len(svg.encode()) / 1024:.0f} |")  # fmt: skip

    city = Place.objects.get(slug="seoul")
    frame = MapFrame.objects.get(city=city)
    bounds = geo.Frame(frame.west, frame.south, frame.east, frame.north, frame.width, frame.height)
    boundaries = list(Place.objects.filter(parent=city, kind="district").values_list("boundary", flat=True))

    def stored() -> None:
        view = map_view(city=city)
        view.svg(title="t", desc="d")

    def reprojected() -> None:
        stored()
        for b in Place.objects.filter(parent=city, kind="district").values_list("boundary", flat=True):
            geo.svg_path(b, bounds)

    a, b = median_ms(stored, args.repeat), median_ms(reprojected, args.repeat)
    print()
    print("| map data + SVG, in process | median ms | ratio |")
    print("|---|---:|---:|")
    print(f"| stored AreaShape paths | {a:.0f} | 1.00 |")
    print(f"| re-projecting {len(boundaries)} GeoJSON boundaries each time (baseline) | {b:.0f} | {b / a:.2f} |")

    print()
    print("| planner: candidates, demand points, p | solve ms (page total) | method | proven optimal | reached |")
    print("|---|---:|---|---|---:|")
    for points in ("centroid", "grid"):
        for p in (10, 25, 50, 100):
            inputs = PlanInputs(candidates="school", p=p, radius=1000, detour=1.3, demand="pop_65plus", weight="",
                                n_guides=8, days=5, shifts_per_day=2, points=points)  # fmt: skip
            start = time.perf_counter()
            result = plan_solve(city=city, inputs=inputs)
            total = (time.perf_counter() - start) * 1000
            print(f"| 1,310 schools, {result['n_points']:,} {points} points, p={p} | {result['seconds'] * 1000:.0f} "
                  f"({total:.0f}) | {result['method']} | {'yes' if result['optimal'] else 'no'} | "
                  f"{result['share'] * 100:.1f}% |")  # fmt: skip
    editor = User.objects.filter(organisation=Organisation.objects.get(slug="seoul-metropolitan-government")).first()
    if editor is not None:
        client.force_login(editor)
        url = ("/inclusion/seoul/planner/?candidates=school&p=25&radius=1000&detour=1.3&demand=pop_65plus&weight="
               "&points=grid&n_guides=8&days=5&shifts_per_day=2")  # fmt: skip
        client.get(url)
        print()
        print(f"planner page, p=25, grid points: {median_ms(lambda: client.get(url), 5):.0f} ms median of 5")


if __name__ == "__main__":
    main()
