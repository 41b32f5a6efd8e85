"""Bad input: each case gets a clear error naming the file, the good letters
are still built, and `jbz build` exits non-zero."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LETTERS, PDF_AGENDA_978, WORD_AGENDA_948

from jbz.pipeline import build_tables

COMMITTEE_REPORT = """Tweede Kamer der Staten-Generaal
32 317 JBZ-Raad
Nr. 950 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG
Vastgesteld 10 juni 2025
De vaste commissie voor Justitie en Veiligheid heeft een aantal vragen en opmerkingen voorgelegd aan de minister
over de geannoteerde agenda van de JBZ-Raad van 12 en 13 juni 2025.
De voorzitter van de commissie,
"""


def _folder_with(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    for p in folder.iterdir():
        p.chmod(0o644)
    (folder / name).write_bytes(data)
    return folder


def _word_letter() -> bytes:
    return (LETTERS / WORD_AGENDA_948).read_bytes()


CASES = {
    "empty": ("zz_empty.txt", lambda: b"", "empty"),
    "whitespace only": ("zz_blank.txt", lambda: b"  \n\n \t\n", "empty"),
    "binary": ("zz_image.txt", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
    "NUL bytes": ("zz_nul.txt", lambda: b"JBZ-Raad\x00\x00\x00" * 100, "binary"),
    "Windows-1252": ("zz_cp1252.txt", lambda: _word_letter().decode("utf-8").encode("cp1252", errors="replace"), "encoding"),
    "duplicate": ("zz_copy.txt", _word_letter, "duplicate"),
    "not a JBZ letter": ("zz_report.txt", lambda: COMMITTEE_REPORT.encode(), "not-a-letter"),
    "unrelated text": ("zz_recipe.txt", lambda: "Pannenkoeken\n\nMeng bloem, melk en eieren. Bak ze in een hete pan.\n".encode(), "not-a-letter"),
    "truncated": ("zz_cut.txt", lambda: (LETTERS / PDF_AGENDA_978).read_text(encoding="utf-8")[:30000].encode(), "truncated"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_is_rejected_and_the_others_built(tmp_path, case):
    name, make, kind = CASES[case]
    folder = _folder_with(tmp_path, name, make())
    result = build_tables(folder)
    assert [(e.source_file, e.kind) for e in result.errors] == [(name, kind)]
    assert str(result.errors[0]).startswith(f"{name}: ")
    assert len(result.tables["letters"]) == 5
    issues = [r for r in result.tables["data_issues"] if r["source_file"] == name]
    assert [r["kind"] for r in issues] == [f"rejected-{kind}"]


def test_cp1252_message_says_what_to_do(tmp_path):
    folder = _folder_with(tmp_path, "zz_cp1252.txt", _word_letter().decode("utf-8").encode("cp1252", errors="replace"))
    (error,) = build_tables(folder).errors
    assert "not valid UTF-8" in error.message and "Windows-1252" in error.message and "iconv" in error.message


def test_fifty_megabyte_file(tmp_path):
    folder = _folder_with(tmp_path, "zz_huge.txt", b"")
    with open(folder / "zz_huge.txt", "wb") as f:
        chunk = _word_letter()
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    result = build_tables(folder)
    assert [(e.source_file, e.kind) for e in result.errors] == [("zz_huge.txt", "too-large")]
    assert len(result.tables["letters"]) == 5


def test_same_letter_in_another_export_is_a_duplicate(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    from reexport import to_pdf

    folder = _folder_with(tmp_path, "zz_948_as_pdf.txt", to_pdf(_word_letter().decode("utf-8")).encode())
    result = build_tables(folder)
    assert [(e.source_file, e.kind) for e in result.errors] == [("zz_948_as_pdf.txt", "duplicate")]
    assert "kst-32317-948" in result.errors[0].message


def test_cli_exit_status_and_message(tmp_path):
    folder = _folder_with(tmp_path, "zz_empty.txt", b"")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "jbz.cli", "build", "--letters", str(folder), "--out", str(out)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert "zz_empty.txt: is empty" in proc.stderr
    with sqlite3.connect(out / "dist" / "jbz.db") as conn:
        assert conn.execute("select count(*) from letters").fetchone() == (5,)


def test_pieces_of_letters_never_crash_the_parser():
    """Any slice of a real letter parses to rows (or is refused), never to an exception."""
    import random

    from jbz.enrich import enrich_letter
    from jbz.parse import parse_text

    rng = random.Random(20261123)
    for path in sorted(LETTERS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for _ in range(25):
            a = rng.randrange(len(text))
            b = rng.randrange(a, len(text) + 1)
            piece = rng.choice([text[:a], text[a:], text[:a] + text[b:], text[a:b]])
            records = enrich_letter(parse_text(piece))
            assert len(records["letters"]) == 1
