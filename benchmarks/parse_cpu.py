"""CPU per letter of the parse phase, old code against new, in one process.

The work a parse worker does for each letter it has not cached (`pipeline._work`
and `_parse_and_store`): read and hash the file, its text key, `parse_letter`,
`link_input`, `pack_sources` and `ParseCache.put`, here without the budget's
child (the same calls in this process, the cycle collector on as in the
workers). Two versions of the `jbz` package are loaded side by side (the old one
under another name) and run over the same letters in turns of ten letters
(old, new, new, old, ...), so a machine whose speed moves within seconds
moves both alike.
Prints the CPU ms per letter of every turn and the median change; with
`--profile`, a cProfile of the new code's turns instead.

    .venv/bin/python benchmarks/parse_cpu.py LETTERS_DIR --old OLD_BUILD_DIR [--limit 200] [--rounds 4]

OLD_BUILD_DIR: a folder holding an old `jbz/` (`git archive main build/jbz |
tar -x -C /tmp/old`, then /tmp/old/build). Without --old only this checkout runs.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import importlib.util
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 10  # letters per turn


def load(build_dir: Path, name: str):
    """The `jbz` package under `build_dir`, imported as `name`."""
    init = build_dir / "jbz" / "__init__.py"
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(init.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class Version:
    def __init__(self, label: str, package: str, cache_dir: Path):
        self.label = label
        mod = lambda sub: importlib.import_module(f"{package}.{sub}")  # noqa: E731
        self.sources, self.pipeline, self.link = mod("sources"), mod("pipeline"), mod("link")
        self.database, self.cache = mod("database"), mod("cache").ParseCache(cache_dir)
        mod("warmup").warm_up()

    def one(self, path: Path) -> None:
        src = self.sources.read_source(path)
        self.sources.text_key(src.text)
        records = self.pipeline.parse_letter(src)
        link = self.link.link_input(records)
        self.database.pack_sources(records)
        self.cache.put(src.sha256, records, link)

    def turn(self, paths: list[Path]) -> float:
        """CPU ms per letter over `paths`."""
        t0 = time.process_time()
        for p in paths:
            self.one(p)
        return (time.process_time() - t0) * 1000 / len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("letters", type=Path)
    parser.add_argument("--old", type=Path)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    paths = sorted(p for p in args.letters.iterdir() if p.is_file())
    paths = sorted(random.Random(0).sample(paths, min(args.limit, len(paths))))  # every kind of letter, spread over the corpus
    sys.path.insert(0, str(ROOT / "build"))
    tmp = Path(tempfile.mkdtemp(prefix="parse_cpu-"))
    versions = [Version("new", "jbz", tmp / "new")]
    if args.old:
        load(args.old.resolve(), "jbz_old")
        versions.insert(0, Version("old", "jbz_old", tmp / "old"))
    for v in versions:  # a first pass out of the figures (file cache, lazy tables)
        v.turn(paths[:20])
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        versions[-1].turn(paths)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(60)
        pstats.Stats(prof).sort_stats("tottime").print_stats(40)
        return
    ms: dict[str, list[float]] = {v.label: [] for v in versions}
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    for r in range(args.rounds):
        spent = dict.fromkeys(ms, 0.0)
        for k, chunk in enumerate(chunks):  # turns of a few letters each, so a change of the machine's speed hits both
            for v in versions if (r + k) % 2 == 0 else versions[::-1]:
                spent[v.label] += v.turn(chunk) * len(chunk)
        for label, total in spent.items():
            ms[label].append(total / len(paths))
        print(f"round {r + 1}: " + ", ".join(f"{v.label} {ms[v.label][-1]:.2f}" for v in versions) + " ms CPU/letter", flush=True)
    print(f"{len(paths)} letters, median ms CPU/letter: " + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in ms.items()))
    if args.old:
        pairs = [n / o - 1 for o, n in zip(ms["old"], ms["new"])]
        print("new vs old per round: " + ", ".join(f"{p:+.1%}" for p in pairs) + f"; median {statistics.median(pairs):+.1%}")


if __name__ == "__main__":
    main()
