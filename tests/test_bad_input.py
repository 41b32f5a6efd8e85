"""Bad input: each case gets a clear error naming the file and its kind, the
five good letters are still read and built, and `jbz build` exits non-zero.

Each case is tested three ways: through `jbz.sources` (reading and the text
checks), through the pipeline (`build_tables`), and once more through the
`jbz build` command with all bad files in one folder."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LETTERS, MARKDOWN_VERSLAG_QF, PDF_AGENDA_978, WORD_AGENDA_948
from sources_helpers import NOT_LETTERS, cut, folder_with, letter_text

from jbz.pipeline import build_tables
from jbz.recognise import looks_like_jbz_letter, looks_truncated
from jbz.sources import load_sources

FIVE = sorted(p.name for p in LETTERS.glob("*.txt"))
FIFTY_MB = 50 * 1024 * 1024


def _word_letter() -> bytes:
    return (LETTERS / WORD_AGENDA_948).read_bytes()


# name of the bad file, how to make its bytes, the kind of error expected
READ_CASES = {
    "empty": ("zz_empty.txt", lambda: b"", "empty"),
    "whitespace only": ("zz_blank.txt", lambda: b"  \n\n \t\r\n", "empty"),
    "random bytes": ("zz_random.txt", lambda: random.Random(1).randbytes(30_000), "binary"),
    "PNG image": ("zz_image.txt", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
    "PDF file": ("zz_letter.pdf", lambda: b"%PDF-1.7\n" + random.Random(2).randbytes(5000), "binary"),
    "NUL bytes": ("zz_nul.txt", lambda: b"JBZ-Raad\x00\x00\x00" * 100, "binary"),
    "Windows-1252": ("zz_cp1252.txt", lambda: _word_letter().decode("utf-8").encode("cp1252", errors="replace"), "encoding"),
    "duplicate": ("zz_copy.txt", _word_letter, "duplicate"),
    "duplicate with Windows line ends": ("zz_crlf.txt", lambda: _word_letter().replace(b"\n", b"\r\n"), "duplicate"),
}
TEXT_CASES = {
    "not a JBZ letter (committee report)": ("zz_report.txt", lambda: NOT_LETTERS["schriftelijk overleg"].encode(), "not-a-letter"),
    "not a JBZ letter (unrelated text)": ("zz_recipe.txt", lambda: NOT_LETTERS["recipe"].encode(), "not-a-letter"),
    "truncated": ("zz_cut.txt", lambda: cut(letter_text(PDF_AGENDA_978), 0.4).encode(), "truncated"),
}


def _write_fifty_mb(path: Path) -> None:
    """50 MB of real letter text, written in chunks."""
    chunk = _word_letter()
    with open(path, "wb") as f:
        while f.tell() < FIFTY_MB:
            f.write(chunk)


# --- through jbz.sources -----------------------------------------------------


@pytest.mark.parametrize("case", sorted(READ_CASES))
def test_load_sources_rejects_the_bad_file_and_reads_the_rest(tmp_path, case):
    name, make, kind = READ_CASES[case]
    loaded, errors = load_sources(folder_with(tmp_path, name, make()))
    assert [(e.source_file, e.kind) for e in errors] == [(name, kind)]
    assert str(errors[0]).startswith(f"{name}: ")
    assert [s.name for s in loaded] == FIVE


def test_duplicate_names_the_original(tmp_path):
    _, errors = load_sources(folder_with(tmp_path, "zz_copy.txt", _word_letter()))
    assert errors[0].message.startswith(f"is a byte-for-byte copy of {WORD_AGENDA_948}")


def test_cp1252_message_says_what_to_do(tmp_path):
    _, (error,) = load_sources(folder_with(tmp_path, *READ_CASES["Windows-1252"][:1], READ_CASES["Windows-1252"][1]()))
    assert "not valid UTF-8" in error.message and "Windows-1252" in error.message and "iconv -f cp1252 -t utf-8" in error.message


def test_fifty_megabyte_file_through_load_sources(tmp_path):
    folder = folder_with(tmp_path)
    _write_fifty_mb(folder / "zz_huge.txt")
    loaded, errors = load_sources(folder)
    assert [(e.source_file, e.kind) for e in errors] == [("zz_huge.txt", "too-large")]
    assert "52.4 MB" in errors[0].message
    assert [s.name for s in loaded] == FIVE


def test_sparse_fifty_megabyte_file(tmp_path):
    folder = folder_with(tmp_path)
    with open(folder / "zz_sparse.txt", "wb") as f:
        f.seek(FIFTY_MB - 1)
        f.write(b"\n")
    loaded, errors = load_sources(folder)
    assert [(e.source_file, e.kind) for e in errors] == [("zz_sparse.txt", "too-large")]
    assert len(loaded) == 5


@pytest.mark.parametrize("case", sorted(NOT_LETTERS))
def test_not_a_jbz_letter(case):
    assert looks_like_jbz_letter(NOT_LETTERS[case]) is not None


@pytest.mark.parametrize("name", FIVE)
def test_truncated_letter(name):
    text = letter_text(name)
    assert looks_like_jbz_letter(text) is None and looks_truncated(text) is None
    for share in (0.4, 0.7):
        assert looks_truncated(cut(text, share)) is not None


# --- through the pipeline ----------------------------------------------------


@pytest.mark.parametrize("case", sorted(READ_CASES | TEXT_CASES))
def test_bad_file_is_rejected_and_the_others_built(tmp_path, case):
    name, make, kind = (READ_CASES | TEXT_CASES)[case]
    result = build_tables(folder_with(tmp_path, name, make()))
    assert [(e.source_file, e.kind) for e in result.errors] == [(name, kind)]
    assert str(result.errors[0]).startswith(f"{name}: ")
    assert len(result.tables["letters"]) == 5
    issues = [r for r in result.tables["data_issues"] if r["source_file"] == name]
    assert [(r["kind"], r["letter_id"]) for r in issues] == [(f"rejected-{kind}", None)]


def test_fifty_megabyte_file(tmp_path):
    folder = folder_with(tmp_path)
    _write_fifty_mb(folder / "zz_huge.txt")
    result = build_tables(folder)
    assert [(e.source_file, e.kind) for e in result.errors] == [("zz_huge.txt", "too-large")]
    assert len(result.tables["letters"]) == 5


def test_same_letter_in_another_export_is_a_duplicate(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    from reexport import to_pdf

    folder = folder_with(tmp_path, "zz_948_as_pdf.txt", to_pdf(_word_letter().decode("utf-8")).encode())
    result = build_tables(folder)
    assert [(e.source_file, e.kind) for e in result.errors] == [("zz_948_as_pdf.txt", "duplicate")]
    assert "kst-32317-948" in result.errors[0].message


def test_pieces_of_letters_never_crash_the_parser():
    """Any slice of a real letter parses to rows (or is refused), never to an exception."""
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


# --- through `jbz build` -----------------------------------------------------


def _jbz() -> list[str]:
    script = Path(sys.executable).parent / "jbz"
    return [str(script)] if script.exists() else [sys.executable, "-m", "jbz.cli"]


def test_cli_reports_every_bad_file_and_builds_the_good_letters(tmp_path):
    folder = folder_with(tmp_path)
    expected = {}
    for case in ("empty", "random bytes", "Windows-1252", "duplicate"):
        name, make, kind = READ_CASES[case]
        (folder / name).write_bytes(make())
        expected[name] = kind
    for name, make, kind in TEXT_CASES.values():
        (folder / name).write_bytes(make())
        expected[name] = kind
    _write_fifty_mb(folder / "zz_huge.txt")
    expected["zz_huge.txt"] = "too-large"
    out = tmp_path / "out"
    proc = subprocess.run([*_jbz(), "build", "--letters", str(folder), "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode != 0
    for name in expected:
        assert f"{name}: " in proc.stderr, name
    assert "zz_empty.txt: is empty" in proc.stderr
    assert "zz_cp1252.txt: is not valid UTF-8" in proc.stderr
    assert f"zz_copy.txt: is a byte-for-byte copy of {WORD_AGENDA_948}" in proc.stderr
    with sqlite3.connect(out / "dist" / "jbz.db") as conn:
        files = [r[0] for r in conn.execute("select source_file from letters order by source_file")]
        issues = dict(conn.execute("select source_file, kind from data_issues where letter_id is null and source_file like 'zz%'"))
    assert files == FIVE
    assert issues == {name: f"rejected-{kind}" for name, kind in expected.items()}


def test_cli_exit_status_and_message(tmp_path):
    folder = folder_with(tmp_path, "zz_empty.txt", b"")
    out = tmp_path / "out"
    proc = subprocess.run([*_jbz(), "build", "--letters", str(folder), "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "zz_empty.txt: is empty" in proc.stderr
    with sqlite3.connect(out / "dist" / "jbz.db") as conn:
        assert conn.execute("select count(*) from letters").fetchone() == (5,)


def test_cli_good_folder_exits_zero(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    for name in (WORD_AGENDA_948, MARKDOWN_VERSLAG_QF):
        shutil.copy(LETTERS / name, folder / name)
    proc = subprocess.run([*_jbz(), "build", "--letters", str(folder), "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
