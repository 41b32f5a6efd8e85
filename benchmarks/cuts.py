"""Every cut of the 25 texts the fuzz mutates (the five letters and their PDF,
Markdown, web-page and official-web-page re-exports, tests/fuzz_mutations.py),
read and checked as the build does (`pipeline.parse_source`, in process):

- cuts right after each finished paragraph at 30-97 % of a text (a line
  ending in '.', '!', '?', ';' or ':', as the fuzz's truncate-at-paragraph);
- cuts at 5, 10, … 95 % of each text, wherever they fall;
- cuts inside a word at 5, 6, … 97 % of each text (moved on to the next
  place where a letter or digit is followed by one, as the fuzz's truncate);
- the whole texts, and each with every typographic change the fuzz makes
  (Unicode spaces, soft hyphens and zero-width characters, line ends, page
  debris after the end; seeds 0-2), and the signed cover letter alone (the
  text before the agenda or report heading): none may be refused.

Prints the accepted cuts (and the refused valid texts) with the letter's last
line, so one sees which endings pass.

    .venv/bin/python benchmarks/cuts.py [--show N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_mutations import KEEPS, bases  # noqa: E402

from jbz import pipeline, recognise, sources  # noqa: E402


def outcome(name: str, text: str) -> str | None:
    """None when accepted, else the kind and message of the refusal."""
    data = text.encode("utf-8")
    src = sources.Source(path=Path(name), name=name, data=data, text=text, sha256="0" * 64)
    try:
        pipeline.parse_source(src)
    except sources.SourceError as err:
        return f"{err.kind}: {err.message}"
    return None


def paragraph_cuts(text: str) -> list[int]:
    return [m.end() for m in re.finditer(r"[.!?;:][ \t]*(?:\r\n|\r|\n)", text)
            if 0.3 * len(text) <= m.start() <= 0.97 * len(text)]


def inside_word(text: str, pos: int) -> int | None:
    """The first place from `pos` on that falls between two letters or digits."""
    for i in range(max(pos, 1), min(len(text), pos + 200)):
        if text[i - 1].isalnum() and text[i].isalnum():
            return i
    return None


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.rstrip().splitlines() if line.strip()]
    return lines[-1][-70:] if lines else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=40, help="accepted cuts listed")
    args = ap.parse_args()
    started = time.process_time()
    texts = bases()
    para_total, para_accepted = 0, []
    share_total, share_accepted = 0, []
    word_total, word_accepted = 0, []
    valid_total, valid_refused = 0, []
    for name, text in sorted(texts.items()):
        for pos in paragraph_cuts(text):
            para_total += 1
            if outcome(name, text[:pos]) is None:
                para_accepted.append((name, pos / len(text), last_line(text[:pos])))
        for pct in range(5, 100, 5):
            share_total += 1
            cut = text[: len(text) * pct // 100]
            if outcome(name, cut) is None:
                share_accepted.append((name, pct / 100, last_line(cut)))
        for pct in range(5, 98):
            pos = inside_word(text, len(text) * pct // 100)
            if pos is None:
                continue
            word_total += 1
            if outcome(name, text[:pos]) is None:
                word_accepted.append((name, pct / 100, last_line(text[:pos])))
        variants = [("original", text)]
        heading = recognise._PART_HEADING.search(text)
        if heading and ":web" not in name and ":official web page" not in name and recognise._SIGNATURE.search(text, 0, heading.start()):
            # the signed cover letter alone (its annex sent as its own file); not of a web copy, whose notes follow the annex
            variants.append(("cover letter", text[: heading.start()].rstrip() + "\n"))
        for kind, mutate in sorted(KEEPS.items()):
            for seed in range(3):
                variants.append((f"{kind}[{seed}]", mutate(text, random.Random(seed))))
        for kind, variant in variants:
            valid_total += 1
            reason = outcome(name, variant)
            if reason is not None:
                valid_refused.append((f"{kind}({name})", reason))
    print(f"cuts after a finished paragraph accepted: {len(para_accepted)} of {para_total}")
    print(f"cuts at 5-95 % accepted:                  {len(share_accepted)} of {share_total}")
    print(f"cuts inside a word accepted:              {len(word_accepted)} of {word_total}")
    print(f"valid texts refused:                      {len(valid_refused)} of {valid_total}")
    print(f"({time.process_time() - started:.0f} s CPU)")
    for name, share, line in para_accepted[: args.show]:
        print(f"paragraph cut accepted: {name} at {share:.0%}: …{line}")
    for name, share, line in share_accepted[: args.show]:
        print(f"cut accepted: {name} at {share:.0%}: …{line}")
    for name, share, line in word_accepted[: args.show]:
        print(f"cut inside a word accepted: {name} at {share:.0%}: …{line}")
    for name, reason in valid_refused:
        print(f"valid refused: {name}: {reason[:200]}")
    return 1 if valid_refused else 0


if __name__ == "__main__":
    sys.exit(main())
