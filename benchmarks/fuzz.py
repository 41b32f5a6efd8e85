"""Fuzz campaign on the build: seeded mutations of the five letters and their
PDF, Markdown and web-page re-exports (see tests/fuzz_mutations.py), each read
and parsed within a time budget; prints how many variants, crashes, hangs,
wrongly accepted and wrongly refused, and how many truncations were accepted.

    .venv/bin/python benchmarks/fuzz.py [--count 1000] [--seed 1] [--seconds 60]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_mutations import campaign  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=60, help="time budget per variant")
    ap.add_argument("--show", type=int, default=20, help="failures listed per category")
    args = ap.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        result = campaign(args.count, args.seed, Path(tmp), args.seconds)
    elapsed = time.perf_counter() - started
    print(f"seed {args.seed}: {result['variants']} variants in {elapsed:.0f} s")
    for key in ("crashes", "hangs", "wrongly accepted", "wrongly refused"):
        print(f"{key:17} {len(result[key])}")
    mid, para = (result["truncations by kind"][k] for k in ("truncate", "truncate-at-paragraph"))
    print(f"truncations accepted {len(result['truncations accepted'])} of {result['truncations']}: "
          f"{mid['accepted']} of {mid['variants']} cut inside a sentence (counted above as wrongly accepted), "
          f"{para['accepted']} of {para['variants']} cut right after a finished paragraph (not counted above)")
    print("\nby mutation (variants / wrong):")
    for kind, figures in sorted(result["by kind"].items()):
        print(f"  {kind:45} {figures['variants']:5} {figures['wrong']:5}")
    for key in ("crashes", "hangs", "wrongly accepted", "wrongly refused", "truncations accepted"):
        for name, message in result[key][: args.show]:
            print(f"{key}: {name}: {message}")
    return 1 if any(result[k] for k in ("crashes", "hangs", "wrongly accepted", "wrongly refused")) else 0


if __name__ == "__main__":
    sys.exit(main())
