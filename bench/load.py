"""Closed-loop load on a running Madang: N clients, each requesting a list of public pages in a loop for D seconds.

Run the production stack first (`make serve PORT=8123` with demo data; docs/benchmarks.md), then:
    .venv/bin/python bench/load.py --url http://127.0.0.1:8123 --clients 1,10,50 --seconds 20 --pages mixed

Each client is a thread with its own keep-alive connection (http.client; it reconnects when the server closes)
and its own cookies, as a browser keeps them (--no-cookies sends none). Prints one table row per client count:
requests/s, p50/p95/p99 latency in ms, errors (answers other than 2xx/3xx, and exceptions) and the share of
answers the page cache served (its X-Madang-Page-Cache header); --per-page adds per-page medians. Stdlib only,
and it talks to loopback addresses only.
"""

import argparse
import http.client
import ipaddress
import socket
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

SEARCHES = ["kiosk", "키오스크", "キオスク", "自助服务终端"]


def page_lists(detail: str, city: str) -> dict[str, list[str]]:
    search = [f"/initiatives/?q={quote(q)}" for q in SEARCHES]
    return {
        "mixed": ["/", "/initiatives/", *search, f"/initiatives/{detail}/", f"/inclusion/{city}/", "/api/initiatives"],
        "search": search,
        "map": [f"/inclusion/{city}/"],
    }


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    per_page: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    hits: int = 0
    error_samples: list[str] = field(default_factory=list)


def loopback_only(host: str, port: int) -> None:
    addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        sys.exit(f"bench/load.py only talks to loopback addresses; {host} is {sorted(addresses)}")


class Visitor:
    """One closed-loop client: a keep-alive connection and a cookie jar."""

    def __init__(self, host: str, port: int, cookies: bool) -> None:
        self.host, self.port, self.keep_cookies = host, port, cookies
        self.jar: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str) -> tuple[int, bool]:
        headers = {"Accept-Language": "en", "User-Agent": "madang-bench-load"}
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request("GET", path, headers=headers)
                response = self.conn.getresponse()
                response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A server that closed an idle keep-alive connection: one fresh try, then it counts as an error.
                self.close()
                if attempt == 2:
                    raise
                continue
            if self.keep_cookies:
                for value in response.headers.get_all("Set-Cookie") or []:
                    name, _, rest = value.partition("=")
                    self.jar[name.strip()] = rest.split(";", 1)[0]
            if (response.getheader("Connection") or "").lower() == "close" or response.will_close:
                self.close()
            return response.status, response.getheader("X-Madang-Page-Cache") == "hit"
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def client_loop(visitor: Visitor, pages: list[str], offset: int, stop_at: float, result: Result) -> None:
    n = offset  # clients start at different pages, so they do not all ask for the same one at once
    while time.perf_counter() < stop_at:
        path = pages[n % len(pages)]
        n += 1
        t0 = time.perf_counter()
        try:
            status, hit = visitor.get(path)
        except Exception as exc:  # noqa: BLE001 - every failure counts as an error, the loop goes on
            result.errors += 1
            if len(result.error_samples) < 3:
                result.error_samples.append(f"{path}: {type(exc).__name__}: {exc}")
            visitor.close()
            continue
        elapsed = (time.perf_counter() - t0) * 1000
        if not 200 <= status < 400:
            result.errors += 1
            if len(result.error_samples) < 3:
                result.error_samples.append(f"{path}: HTTP {status}")
            continue
        result.latencies.append(elapsed)
        result.per_page.setdefault(path, []).append(elapsed)
        result.hits += hit
    visitor.close()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(host: str, port: int, pages: list[str], clients: int, seconds: float, cookies: bool) -> tuple[Result, float]:
    results = [Result() for _ in range(clients)]
    visitors = [Visitor(host, port, cookies) for _ in range(clients)]
    for visitor in visitors:  # one warm-up pass per client: connections, cookies, the server's caches
        for path in pages:
            try:
                visitor.get(path)
            except Exception:  # noqa: BLE001, S110 - the measured loop reports errors
                visitor.close()
    started = time.perf_counter()
    stop_at = started + seconds
    threads = [
        threading.Thread(target=client_loop, args=(v, pages, i, stop_at, r), daemon=True)
        for i, (v, r) in enumerate(zip(visitors, results, strict=True))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    total = Result()
    for r in results:
        total.latencies += r.latencies
        total.errors += r.errors
        total.hits += r.hits
        total.error_samples += r.error_samples
        for path, values in r.per_page.items():
            total.per_page.setdefault(path, []).extend(values)
    return total, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="base URL of a Madang on loopback")
    parser.add_argument("--clients", default="1,10,50", help="comma-separated client counts")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per client count")
    parser.add_argument("--pages", choices=["mixed", "search", "map"], default="mixed")
    parser.add_argument("--detail", default="", help="initiative slug for the detail page (default: the API's first)")
    parser.add_argument("--city", default="seoul", help="city slug of the inclusion map")
    parser.add_argument("--no-cookies", action="store_true", help="send no cookies back (every request is new)")
    parser.add_argument("--per-page", action="store_true", help="also print per-page medians and p95s")
    args = parser.parse_args()

    parts = urlsplit(args.url)
    if parts.scheme != "http" or not parts.hostname:
        sys.exit("--url must be http://host:port on loopback")
    host, port = parts.hostname, parts.port or 80
    loopback_only(host, port)
    detail = args.detail
    if not detail and args.pages == "mixed":
        import json

        conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.request("GET", "/api/initiatives?limit=1")
        answer = conn.getresponse()
        body = answer.read()
        conn.close()
        items = json.loads(body).get("items", []) if answer.status == 200 else []
        if not items:
            sys.exit("No initiative found through /api/initiatives: load demo data or pass --detail SLUG")
        detail = items[0]["slug"]
    pages = page_lists(detail, args.city)[args.pages]
    counts = [int(c) for c in args.clients.split(",") if c.strip()]

    print(f"Madang at {args.url}, pages: {args.pages} ({len(pages)} paths), {args.seconds:g} s per row")
    print("")
    print("| clients | requests | requests/s | p50 ms | p95 ms | p99 ms | errors | cache hits |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    per_page_rows: list[tuple[int, Result]] = []
    for clients in counts:
        total, elapsed = run(host, port, pages, clients, args.seconds, not args.no_cookies)
        n = len(total.latencies)
        hits = f"{100 * total.hits / n:.0f}%" if n else "-"
        p50, p95, p99 = (percentile(total.latencies, p) for p in (50, 95, 99))
        row = f"| {clients} | {n} | {n / elapsed:.1f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {total.errors} | {hits} |"
        print(row, flush=True)
        for sample in total.error_samples[:3]:
            print(f"  error: {sample}", file=sys.stderr)
        per_page_rows.append((clients, total))
    if args.per_page:
        for clients, total in per_page_rows:
            print("")
            print(f"Per page, {clients} clients:")
            print("")
            print("| page | requests | median ms | p95 ms |")
            print("|---|---:|---:|---:|")
            for path in pages:
                values = total.per_page.get(path, [])
                median = statistics.median(values) if values else float("nan")
                print(f"| {path} | {len(values)} | {median:.1f} | {percentile(values, 95):.1f} |")


if __name__ == "__main__":
    main()
