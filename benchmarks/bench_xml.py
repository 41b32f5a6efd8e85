"""The official-XML reader's time against input size, printed as figures
(no pass/fail; timings depend on the machine):

    .venv/bin/python benchmarks/bench_xml.py

The rendering of letter 948 (tests/fixtures/xml/) with its body repeated
1, 2, 4, 8 and 16 times: reading time per MB should stay flat (linear
time). Also a hostile shape: lists nested to the depth limit.
"""

from __future__ import annotations

import time
from pathlib import Path

from jbz.normalize import xml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "xml" / "000_30e947b90ac3b314.xml"


def timed(text: str, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        xml.normalize(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    head, rest = text.split("<stuk>", 1)
    body, tail = rest.rsplit("</stuk>", 1)
    print(f"{'copies':>6} {'MB':>7} {'seconds':>8} {'s/MB':>6}")
    for n in (1, 2, 4, 8, 16):
        doc = head + "<stuk>" + body * n + "</stuk>" + tail
        mb = len(doc.encode("utf-8")) / 1e6
        s = timed(doc)
        print(f"{n:>6} {mb:7.2f} {s:8.3f} {s / mb:6.2f}")
    depth = xml.MAX_DEPTH - 5
    nested = "<officiele-publicatie>" + '<lijst><li><li.nr>-</li.nr><al>x</al>' * (depth // 2) + "</li></lijst>" * (depth // 2) + "</officiele-publicatie>"
    print(f"lists nested {depth // 2} deep: {timed(nested) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
