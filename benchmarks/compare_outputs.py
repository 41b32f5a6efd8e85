"""Are two build outputs the same? For an incremental build against a full
build of the same letters at any size (tests/test_incremental.py does it on
the five letters):

    .venv/bin/python benchmarks/compare_outputs.py OUT_A OUT_B

Prints, per CSV and datapackage.json, whether the bytes are the same, and
for the database the tables, checks and rows compared with
`tests/test_incremental.database_content` (every table in primary-key or
row order, statistics, full-text integrity checks and searches); exit
status 1 when anything differs.
"""

from __future__ import annotations

import filecmp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_incremental import OUTPUTS, database_content  # noqa: E402


def main() -> int:
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    differ = []
    for name in OUTPUTS:
        same = filecmp.cmp(a / name, b / name, shallow=False)
        print(f"{name}: {'same bytes' if same else 'DIFFERENT'} ({(a / name).stat().st_size:,} bytes)")
        differ += [] if same else [name]
    t0 = time.perf_counter()
    left, right = database_content(a / "dist" / "jbz.db"), database_content(b / "dist" / "jbz.db")
    bad = sorted(set(left) ^ set(right)) + [k for k in left if k in right and left[k] != right[k]]
    print(f"database: {len(left)} tables and checks, {sum(len(v) for v in left.values()):,} rows compared in "
          f"{time.perf_counter() - t0:.1f} s; different: {', '.join(bad) or 'none'}")
    return 1 if differ or bad else 0


if __name__ == "__main__":
    sys.exit(main())
