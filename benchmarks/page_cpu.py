"""CPU per new page, in-process, by kind of page (issue 12, load).

Serves the pages of `load.py` (home, table, facet, search, canned; no
downloads) from an in-process Datasette configured as `make serve` (the
tests' `site_helpers.datasette_for`), each address made new with `_u=<n>`
as `load.py --modes distinct` does, and measures the CPU time of each
request (`time.process_time`: all threads, so the SQL threads count too;
`time.thread_time` of the event loop's thread beside it). The machine may
be shared: CPU time, not wall time, and compare runs taken back to back.

    .venv/bin/python benchmarks/page_cpu.py BUNDLE [--root DIR] [--rounds 5] [--profile KIND|all]

BUNDLE: a `jbz build --out` folder with dist/package/ staged as `make
serve` does (tests/site_helpers.build_bundle). --root: the checkout whose
plugins/ and templates/ are served (default: this one), to compare two
versions with the same Python. --profile: cProfile the requests of one kind.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--root", type=Path, default=HERE)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", default="")
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path[:0] = [str(root / "tests"), str(root / "benchmarks")]
    import load
    import site_helpers

    site_helpers.ROOT = root
    client = site_helpers.Client(site_helpers.datasette_for(args.bundle))
    urls = [(kind, url) for kind, url in load.page_urls() if kind != "download"]

    def new(url: str, tag: str) -> str:
        return url + ("&" if "?" in url else "?") + f"_u={tag}-{time.time_ns()}"

    for kind, url in urls:  # start-up work (schema, vocabularies) out of the figures
        response = client.get(new(url, "warm"))
        assert response.status_code == 200, (url, response.status_code)
    profile = cProfile.Profile() if args.profile else None
    cpu: dict[str, list[float]] = {}
    loop: dict[str, list[float]] = {}
    for n in range(args.rounds):
        for kind, url in urls:
            if args.profile and args.profile not in (kind, "all"):
                continue
            target = new(url, f"r{n}")
            c0, t0 = time.process_time(), time.thread_time()
            if profile:
                profile.enable()
            response = client.get(target)
            if profile:
                profile.disable()
            c1, t1 = time.process_time(), time.thread_time()
            assert response.status_code == 200, (target, response.status_code)
            cpu.setdefault(kind, []).append((c1 - c0) * 1000)
            loop.setdefault(kind, []).append((t1 - t0) * 1000)
    print("kind     pages   mean ms  median ms  event-loop thread mean ms   (CPU time per new page)")
    for kind in sorted(cpu):
        values = cpu[kind]
        print(f"{kind:8s} {len(values):5d} {statistics.mean(values):9.2f} {statistics.median(values):10.2f}"
              f" {statistics.mean(loop[kind]):12.2f}")
    every = [v for values in cpu.values() for v in values]
    print(f"{'all':8s} {len(every):5d} {statistics.mean(every):9.2f} {statistics.median(every):10.2f}")
    if profile:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(40)
        print(out.getvalue())


if __name__ == "__main__":
    main()
