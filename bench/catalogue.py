"""Catalogue and API server time and SQL queries per page, at 100 and 10,000 initiatives.

Run: .venv/bin/python bench/catalogue.py [--rows 10000] [--repeat 30]
Uses a throw-away SQLite database (or DATABASE_URL when set) and Django's test client, so it measures
server time (view + templates + queries), not the network. Prints a table of medians and p95s.
"""

import argparse
import csv
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="madang-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ["MADANG_VAR_DIR"] = TMP
os.environ["MADANG_SEARCH_AUTO"] = "0"  # embed once, explicitly, instead of in a background thread mid-measurement
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from madang.catalogue.services import initiatives_import  # noqa: E402
from madang.core.services import reference_load  # noqa: E402
from madang.matching.search import vectors_refresh  # noqa: E402

DOMAINS = ["efficient_government", "emerging_technology", "mobility", "open_inclusive", "safe_city", "sustainable_city"]
STAGES = ["idea", "pilot", "scaling", "city_wide", "discontinued"]
GROUPS = ["seniors", "disabilities", "low_income", "migrants", "children", "all_residents"]
CITIES = [(f"bench-city-{n}", ["KR", "JP", "CN", "PH", "FI"][n % 5]) for n in range(40)]
PAGES = {
    "catalogue p1": "/initiatives/",
    "catalogue p100": "/initiatives/?page=100",
    "catalogue filtered": "/initiatives/?country=KR&group=seniors&stage=idea",
    "catalogue search": "/initiatives/?q=kiosk",
    "api list": "/api/initiatives?limit=20",
    "api list offset": "/api/initiatives?limit=20&offset=5000",
}


def seed(start: int, stop: int) -> None:
    buffer = io.StringIO()
    w = csv.writer(buffer)
    w.writerow(["slug", "original_language", "title_en", "summary_en", "body_en", "title_ko", "summary_ko", "city",
                "domain", "stage", "partners", "groups_served", "sdgs", "tags", "sources"])  # fmt: skip
    for n in range(start, stop):
        city = CITIES[n % len(CITIES)][0]
        w.writerow([f"bench-{n}", "en", f"Initiative {n} kiosk help" if n % 50 == 0 else f"Initiative {n}",
                    "A plain summary of what the city did.", "Body paragraph. " * 20, f"사업 {n}", "요약입니다.", city,
                    DOMAINS[n % 6], STAGES[n % 5], "bench-org:lead", GROUPS[n % 6], "11", "bench;seed",
                    "Source|https://example.org/source"])  # fmt: skip
    initiatives_import(data=buffer.getvalue().encode(), fmt="csv", by=None, publish=True)


def measure(client: Client, path: str, repeat: int) -> tuple[float, float, int]:
    client.get(path)  # warm caches and templates
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    countries = sorted({c for _, c in CITIES})
    reference_load(data={
        "countries": [{"code": c, "name": {"en": c}} for c in countries],
        "cities": [{"slug": s, "country": c, "name": {"en": s}} for s, c in CITIES],
        "organisations": [{"slug": "bench-org", "name": {"en": "Bench org"}, "kind": "city"}],
    })  # fmt: skip
    client = Client()
    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    seeded = 0
    for rows in (100, args.rows):
        seed(seeded, rows)
        seeded = rows
        vectors_refresh()  # the search box ranks with the cross-lingual engine: give it every vector
        results[rows] = {name: measure(client, path, args.repeat) for name, path in PAGES.items()}
    small, big = 100, args.rows
    print(f"database: {connection.vendor}; {args.repeat} requests per row; times in ms (server time, test client)")
    print(f"| page | median @{small} | median @{big} | p95 @{big} | ratio median {big}/{small} "
          f"| queries @{small} | queries @{big} |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in PAGES:
        m1, _, q1 = results[small][name]
        m2, p2, q2 = results[big][name]
        print(f"| {name} | {m1:.1f} | {m2:.1f} | {p2:.1f} | {m2 / m1:.2f} | {q1} | {q2} |")


if __name__ == "__main__":
    main()
