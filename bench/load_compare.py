"""The same closed-loop load (bench/load.py) on a baseline stack and on the current stack, in one process, row by row.

Usage: `.venv/bin/python bench/load_compare.py --baseline http://127.0.0.1:8201 --current http://127.0.0.1:8202`
(start both first, each with the demo data; docs/benchmarks.md has the commands). For each page set and client count
the two stacks are measured one after the other, so the machine's state is the same for both; the table gives the
ratio current / baseline of requests per second.
"""

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import loopback_only, page_lists, percentile, run  # noqa: E402


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        sys.exit(f"{url}: expected http://host:port on loopback")
    host, port = parts.hostname, parts.port or 80
    loopback_only(host, port)
    return host, port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True)
    parser.add_argument("--current", required=True)
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--sets", default="mixed,search,map")
    parser.add_argument("--detail", default="seoul-senior-friendly-kiosks")
    parser.add_argument("--city", default="seoul")
    args = parser.parse_args()
    stacks = {"baseline": _host_port(args.baseline), "current": _host_port(args.current)}
    counts = [int(c) for c in args.clients.split(",") if c.strip()]
    print(f"{args.seconds:g} s per row; baseline {args.baseline}, current {args.current}")
    print("")
    print("| pages | clients | stack | requests/s | p50 ms | p99 ms | errors | cache hits | ratio |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for name in args.sets.split(","):
        pages = page_lists(args.detail, args.city)[name]
        for clients in counts:
            rates: dict[str, float] = {}
            for stack, (host, port) in stacks.items():
                total, elapsed = run(host, port, pages, clients, args.seconds, True)
                n = len(total.latencies)
                rates[stack] = n / elapsed
                hits = f"{100 * total.hits / n:.0f}%" if n else "-"
                ratio = f"{rates[stack] / rates['baseline']:.1f}x" if stack == "current" and rates["baseline"] else ""
                p50, p99 = percentile(total.latencies, 50), percentile(total.latencies, 99)
                print(f"| {name} | {clients} | {stack} | {rates[stack]:.1f} | {p50:.1f} | {p99:.1f} | {total.errors} "
                      f"| {hits} | {ratio} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
