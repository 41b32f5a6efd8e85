"""No single file can take the build down (issue 12, build half).

- every normaliser and text check on adversarial 1 MB lines: each runs in a
  forked child with a generous bound (a quadratic regex on 1 MB takes hours,
  so the bound tells the two apart without timing anything finely);
- the time budget per letter; the output folder's problems in one line, the
  previous database left intact, concurrent builds serialised, an empty
  folder an error; file names of any bytes;
- what is not one whole letter is refused, typography alone is accepted,
  duplicates are chosen by content.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import LETTERS, MARKDOWN_VERSLAG_QF, PDF_AGENDA_978, PDF_AGENDA_NO_HEADER, WORD_AGENDA_948, WORD_VERSLAG_NO_HEADER

from jbz import atomic_output as output
from jbz import budget, recognise, sources, whole
from jbz.cli import cli
from jbz.pipeline import build_tables, parse_source, parse_within_budget

MB = 1_000_000
BOUND = 120  # seconds; linear code needs a few, quadratic code hours
FIVE = sorted(p.name for p in LETTERS.glob("*.txt"))


def _text(name: str) -> str:
    return (LETTERS / name).read_text(encoding="utf-8")


def _src(text: str, name: str = "x.txt") -> sources.Source:
    return sources.Source(path=Path(name), name=name, data=text.encode(), text=text, sha256="0" * 64)


# --- linear time on adversarial lines -----------------------------------------

ADVERSARIAL = {
    "spaces then a word (recognise.strip_debris)": " " * MB + "x",
    "open brackets (Markdown links)": "[" * MB,
    "Word footnote openings '[1: '": "[1: " * (MB // 4),
    "bookmark openings": "[bookmark: " * (MB // 11),
    "footnote reference openings": "[^" * (MB // 2),
    "HTML tag openings": "<a" * (MB // 2),
    "superscript openings '^{'": "^{" * (MB // 2),
    "Markdown link openings '[a]('": "[a](" * (MB // 4),
    "superscript digits": "¹" * MB,
    "blank lines": "\n" * MB,
    "one long word": "x" * MB,
    "short words": "de " * (MB // 3),
    "stars": "*" * MB,
    "glued markers 'woord.1 '": "".join(f"woord.{i % 999 + 1} " for i in range(MB // 9)),
    "glued digit runs 'abc123456789012'": "abc123456789012 " * (MB // 16),
    # each marker matches no footnote: read as several notes, it was compared with every footnote (quadratic)
    "Markdown: 20,000 footnote lines, 20,000 markers of no footnote": "\n\n".join(
        [f"Tekst woord{str(10**6 + i).translate(str.maketrans('0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹'))}." for i in range(20_000)]
        + [f"{str(i + 1).translate(str.maketrans('0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹'))} Noot {i}." for i in range(20_000)]
    ),
    # glued to a word, the run may be footnote markers; "11…1" splits into 1s and 11s in exponentially many ways
    "digits glued to a word ('x111…100')": "x" + "1" * (MB - 3) + "00",
    # the cut-off checks on the end of a letter: parts "I." without "II", a list after a colon, lone letters, rare words
    "part headings 'I. Justitie' and items": "I. Justitie\n1. Punt\n" * (MB // 20),
    "one line of 'I' (parts)": "I" * MB,
    "a colon, then one long list item": "Dit draagt concreet bij aan:\n\n" + "woord " * (MB // 6),
    "lone small letters": "x e " * (MB // 4),
    "words sharing no ending, then a rare one": "".join(f"w{i}q " for i in range(MB // 8)) + "de rechtsstaatrapp",
    # a footnote or paragraph of many short wrapped lines: joined line by line onto the growing text, it was quadratic
    "footnote lines '1 x'": "\n1 x" * (MB // 4),
    "one-letter lines": "a\n" * (MB // 2),
    "paragraphs a page break cut, each going on in lower case": "woord en\n\n\n\nverder " * (MB // 19),
}


def _every_check(line: str) -> str:
    """Each normaliser on its own, then the checks and the parser's entry on
    a real letter of each format with the line at its end."""
    from jbz.coverage import coverage
    from jbz.normalize import markdown, normalize, plain, word

    word.normalize(line)
    markdown.normalize(line)
    plain.normalize(line, wrapped=True)
    plain.normalize(line, wrapped=False)
    recognise.strip_debris(line)
    recognise.looks_truncated(line)
    recognise._parts_reason(line)  # in looks_truncated, reached only when every other check passes
    whole.two_letters_reason(line)
    whole.control_reason(line)
    for name in (WORD_AGENDA_948, MARKDOWN_VERSLAG_QF, PDF_AGENDA_978):
        text = _text(name) + "\n" + line
        norm = normalize(text)
        recognise.looks_like_jbz_letter(text)
        recognise.looks_truncated(text, norm)
        whole.junk_reason(norm)
        whole.footnote_reason(norm)
        coverage(text, norm.format, [b.text for b in norm.blocks], set(norm.footnotes))
    return "done"


@pytest.mark.parametrize("case", sorted(ADVERSARIAL))
def test_normalisers_and_checks_are_linear_on_a_1_mb_line(case):
    try:
        assert budget.run_bounded(_every_check, ADVERSARIAL[case], seconds=BOUND) == "done"
    except budget.OverBudget:
        pytest.fail(f"{case}: not finished within {BOUND} s on a 1 MB line (superlinear regex?)")


# Paragraph texts for the link step (citations, motions, mentions, sentences,
# dates): varied words, so the junk check before parsing would not stop them.
_NAMES = [f"{a}{b}{c}" for a in "BCDFGHKLMNPRSTVWZ" for b in "aeiou" for c in "klmnprst"]
LINK_ADVERSARIAL = {
    "'De De De …' (motion movers)": "motie van het lid " + "De " * (MB // 3),
    "capitalised names without 'c.s.'": "motie van " + " ".join(_NAMES * (MB // 4 // len(_NAMES))),
    "'van de' particles": ("Van de " * (MB // 7)) + "c.s.",
    "abbreviations before capitals (sentences)": "mr. A " * (MB // 6),
    "numbers and commas (dates, citations)": "12, " * (MB // 4),
    "dossier numbers": "32 317, nr. " * (MB // 12),
    "COM openings": "COM(2025) " * (MB // 10),
    "web addresses": "https://a/" * (MB // 10),
    "capitalised words": " ".join(_NAMES * (MB // 4 // len(_NAMES))),
    "stance cues and their fixed words (positions)": "Nederland steunt niet, zich kennis kennisnemen van " * (MB // 50),
    "'EU-' openings (mentions)": "EU-" * (MB // 3),
    "members of parliament (people)": "het lid Keijzer en " * (MB // 19),
    "full stops (sentences)": "." * MB,
    "full stops, then spaces (sentences)": "." * (MB // 2) + " " * (MB // 2) + "x",
}


def _every_link_function(text: str) -> str:
    from jbz import citations, dates, mentions, motions, sentences
    from jbz.link import people
    from jbz.positions import outcomes, stance

    citations.find_citations(text)
    stance.classify(text)
    outcomes.outcome(text)
    people.find_named_people(text)
    motions.find_motions(text)
    mentions.find_mentions(text)
    sentences.split_sentences(text)
    dates.find_dates(text)
    return "done"


@pytest.mark.parametrize("case", sorted(LINK_ADVERSARIAL))
def test_link_functions_are_linear_on_a_1_mb_paragraph(case):
    try:
        assert budget.run_bounded(_every_link_function, LINK_ADVERSARIAL[case], seconds=BOUND) == "done"
    except budget.OverBudget:
        pytest.fail(f"{case}: not finished within {BOUND} s on a 1 MB paragraph (superlinear regex?)")


def test_the_three_known_slow_files_are_refused_and_the_others_built(tmp_path):
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    (folder / "zz_spaces.txt").write_text(_text(PDF_AGENDA_978) + "\n" + " " * MB + "x\n", encoding="utf-8")
    (folder / "zz_brackets.txt").write_text(_text(MARKDOWN_VERSLAG_QF) + "\n" + "[" * MB + "\n", encoding="utf-8")
    (folder / "zz_word.txt").write_text(_text(WORD_AGENDA_948) + "\n" + "[1: " * (MB // 4) + "\n", encoding="utf-8")
    result = build_tables(folder)
    assert sorted(r["source_file"] for r in result.tables["letters"]) == FIVE
    refused = {e.source_file: e.kind for e in result.errors}
    assert set(refused) == {"zz_spaces.txt", "zz_brackets.txt", "zz_word.txt"}
    assert "over-budget" not in refused.values()


# --- the budget per letter ----------------------------------------------------


def test_work_over_its_time_budget_is_stopped():
    started = time.monotonic()
    with pytest.raises(budget.OverBudget, match="more than 0.5 s"):
        budget.run_bounded(time.sleep, 60, seconds=0.5)
    assert time.monotonic() - started < 30  # stopped, not waited for


def test_work_over_its_memory_budget_is_stopped():
    with pytest.raises(budget.OverBudget, match="more than 2 GB of memory"):
        budget.run_bounded(bytearray, 3 * 1024 ** 3, seconds=BOUND)


def test_errors_and_results_come_back_from_the_child():
    assert budget.run_bounded(sorted, [3, 1, 2], seconds=30) == [1, 2, 3]
    with pytest.raises(sources.SourceError) as info:
        budget.run_bounded(parse_source, _src("Een recept voor appeltaart.", "recept.txt"), seconds=30)
    assert info.value.kind == "not-a-letter" and info.value.source_file == "recept.txt"


def test_a_letter_over_budget_is_refused_by_name():
    src = sources.read_source(LETTERS / WORD_AGENDA_948)
    with pytest.raises(sources.SourceError) as info:
        parse_within_budget(src, seconds=0.001)
    assert info.value.kind == "over-budget"
    assert str(info.value).startswith(f"{WORD_AGENDA_948}: could not be read within the budget for one letter")


def test_size_budget():
    assert budget.check_size("a.txt", 10) is None
    assert "is 6.0 MB" in budget.check_size("a.txt", 6_000_000)


# --- output -------------------------------------------------------------------


def _build(letters: Path, out: Path):
    return CliRunner().invoke(cli, ["build", "--letters", str(letters), "--out", str(out)])


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """An output folder holding a good build of the five letters."""
    out = tmp_path_factory.mktemp("out")
    assert _build(LETTERS, out).exit_code == 0
    return out


def _snapshot(out: Path) -> dict[str, bytes]:
    """Every output file but the lock and the parse cache (dist/cache, not output)."""
    files = (p for p in sorted(out.rglob("*")) if p.is_file() and p.name != output.LOCK_NAME)
    return {str(p.relative_to(out)): p.read_bytes() for p in files if "cache" not in p.relative_to(out).parts}


def test_empty_letters_folder_is_an_error_and_keeps_the_database(previous, tmp_path):
    before = _snapshot(previous)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _build(empty, previous)
    assert result.exit_code == 2
    assert f"{empty}: no usable letter in this folder; nothing written" in result.output
    assert _snapshot(previous) == before


def test_folder_of_unusable_files_is_an_error_and_keeps_the_database(previous, tmp_path):
    before = _snapshot(previous)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.txt").write_bytes(b"")
    (bad / "b.txt").write_text("Een recept voor appeltaart.", encoding="utf-8")
    result = _build(bad, previous)
    assert result.exit_code == 2
    assert "a.txt: is empty" in result.output and "no usable letter" in result.output
    assert _snapshot(previous) == before


def test_out_is_a_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("not a folder")
    result = _build(LETTERS, target)
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == f"error: {target}: not a folder (give a folder for --out)"
    assert "Traceback" not in result.output


@pytest.mark.parametrize("err, says", [(errno.ENOSPC, "disk full"), (errno.EROFS, "read-only file system"), (errno.EACCES, "permission denied")])
def test_write_failure_is_one_line_and_keeps_the_previous_database(previous, monkeypatch, err, says):
    import jbz.incremental
    import jbz.output

    before = _snapshot(previous)

    def failing(parsed, out_dir, build_info=None, inspect=None):
        path = Path(out_dir) / "dist" / "jbz.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a database")
        raise OSError(err, os.strerror(err), str(path))

    monkeypatch.setattr(jbz.output, "write_outputs", failing)
    # a rebuild of the same letters updates the previous outputs (jbz.incremental): it fails the same way in the stage
    monkeypatch.setattr(jbz.incremental, "write_incremental", lambda parsed, out_dir, stage, info: failing(parsed, stage, info))
    result = _build(LETTERS, previous)
    assert result.exit_code == 2
    last = result.output.strip().splitlines()[-1]
    assert last == f"error: {previous / 'dist' / 'jbz.db'}: cannot write the build ({says}); the previous output is left as it was"
    assert _snapshot(previous) == before
    assert not list(previous.glob(output.STAGING_PREFIX + "*"))  # no staging folder left behind


def test_sqlite_disk_full_is_named(previous, monkeypatch):
    import jbz.incremental
    import jbz.output

    def failing(parsed, out_dir, build_info=None, inspect=None):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(jbz.output, "write_outputs", failing)
    monkeypatch.setattr(jbz.incremental, "write_incremental", lambda parsed, out_dir, stage, info: failing(parsed, stage, info))
    result = _build(LETTERS, previous)
    assert result.exit_code == 2 and "(disk full)" in result.output


def test_a_second_build_waits_for_the_first(previous):
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent / "build"))
    with output.build_lock(previous):
        proc = subprocess.Popen(
            [sys.executable, "-m", "jbz.cli", "build", "--letters", str(LETTERS), "--out", str(previous)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
        )
        first = proc.stderr.readline()  # printed before it blocks
        assert "another build is writing here; waiting for it to finish" in first
        assert proc.poll() is None  # still waiting while we hold the lock
    assert proc.wait(timeout=600) == 0
    proc.stderr.close()
    with sqlite3.connect(previous / "dist" / "jbz.db") as conn:
        assert conn.execute("select count(*) from letters").fetchone()[0] == 5


def test_unchanged_files_keep_their_mtime(previous):
    csv = previous / "data" / "letters.csv"
    stamp = csv.stat().st_mtime_ns
    assert _build(LETTERS, previous).exit_code == 0
    assert csv.stat().st_mtime_ns == stamp


def test_inspect_file_points_at_the_final_database(previous):
    import json

    data = json.loads((previous / "dist" / "inspect.json").read_text())
    assert data["jbz"]["file"] == str(previous / "dist" / "jbz.db")


# --- file names -----------------------------------------------------------------


def test_file_names_of_any_bytes(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(LETTERS / WORD_VERSLAG_NO_HEADER, os.fsencode(folder) + b"/brief\xff\xfe.txt")
    (Path(os.fsdecode(os.fsencode(folder) + b"/leeg\x07\xe9.txt"))).write_bytes(b"")
    out = tmp_path / "out"
    result = _build(folder, out)
    assert result.exit_code == 1, result.output
    assert "leeg\\x07\\xe9.txt: is empty" in result.output
    with sqlite3.connect(out / "dist" / "jbz.db") as conn:
        assert conn.execute("select source_file from letters").fetchall() == [("brief\\xff\\xfe.txt",)]
        assert ("leeg\\x07\\xe9.txt", "rejected-empty") in conn.execute("select source_file, kind from data_issues").fetchall()


# --- one whole letter -------------------------------------------------------------


def _refused(text: str) -> sources.SourceError:
    with pytest.raises(sources.SourceError) as info:
        parse_source(_src(text, "brief.txt"))
    return info.value


@pytest.mark.parametrize("first, second", [(WORD_AGENDA_948, WORD_VERSLAG_NO_HEADER), (PDF_AGENDA_978, PDF_AGENDA_978),
                                           (PDF_AGENDA_NO_HEADER, MARKDOWN_VERSLAG_QF), (PDF_AGENDA_NO_HEADER, PDF_AGENDA_NO_HEADER)])
def test_two_letters_in_one_file(first, second):
    err = _refused(_text(first).rstrip() + "\n\n" + _text(second))
    assert err.kind == "two-letters"
    assert re.search(r"holds .+ 2 times \(lines \d+, \d+\): two letters in one file", err.message)


def test_two_letters_told_by_their_opening_sentence():
    """A letter without addressee or date line (its web page's text) followed
    by another in PDF text: each mark of a letter stands once, but the cover
    sentence 'Hierbij bieden wij …' twice."""
    sys.path.insert(0, str(Path(__file__).parent))
    from reexport import to_pdf, word_from_records
    from sources_helpers import as_official_web_page

    from jbz.parse import parse_text

    first = as_official_web_page(word_from_records(parse_text(_text(PDF_AGENDA_NO_HEADER))))
    second = to_pdf(word_from_records(parse_text(_text(MARKDOWN_VERSLAG_QF))))
    assert parse_source(_src(first))["letters"] and parse_source(_src(second))["letters"]
    err = _refused(first + second)
    assert err.kind == "two-letters" and "holds the opening sentence ('Hierbij bieden wij …') 2 times" in err.message


def test_footnote_texts_deleted_markers_left():
    text = _text(WORD_AGENDA_948)
    err = _refused(re.sub(r"\[3: [^\[\]]*\]", "", text))
    assert err.kind == "footnotes" and "footnote markers without a footnote text (note 3)" in err.message
    err = _refused(re.sub(r"\[(\d+): [^\[\]]*\]", "", text))  # all of them: read as a cut before the first
    assert err.kind == "truncated" and "stops before the text of footnote 1" in err.message


def test_footnote_markers_deleted_texts_left():
    err = _refused(_text(WORD_AGENDA_948).replace("[footnoteRef:3]", "", 1))
    assert err.kind == "footnotes" and "footnote texts without a marker in the text (note 3)" in err.message


def _without_note_text(word_text: str, number: int) -> str:
    """A Word export with footnote `number`'s text removed, its marker left."""
    text, deleted = re.subn(rf"\s*\[{number}:\s+[^\[\]]*\]", "", word_text)
    assert deleted == 1
    return text


@pytest.mark.parametrize("fmt", ["pdf", "web", "official web page"])
@pytest.mark.parametrize("number", [1, 6, 14, 20])
def test_pdf_and_web_footnote_texts_deleted(fmt, number):
    """A PDF or web-page export whose footnote text is gone keeps its marker
    as digits glued to a word ('migratie6'), which the normaliser leaves in
    the text: refused, naming the note and where its marker stands. Note 1
    (then no footnote is read at all), a middle one, one whose marker is
    glued to the next note's ('…14' of '1415') and the last one."""
    sys.path.insert(0, str(Path(__file__).parent))
    from reexport import to_pdf, to_web
    from sources_helpers import as_official_web_page

    export = {"pdf": to_pdf, "web": to_web, "official web page": as_official_web_page}[fmt]
    whole_export = export(_text(WORD_AGENDA_948))
    assert parse_source(_src(whole_export))["footnotes"]
    err = _refused(export(_without_note_text(_text(WORD_AGENDA_948), number)))
    assert err.kind == "footnotes", err.message
    assert re.search(rf"footnote markers without a footnote text \(note {number} in '…[^']*\D{number}'", err.message), err.message


@pytest.mark.parametrize("first_line, number", [("1 COM(2025) 795 final.", 1), ("6 Fiche 2: Verordening EU-reisapplicatie", 6),
                                                ("20 BNC-fiche Omnibus IV", 20), ("24 Strategie ter versterking", 24)])
def test_pdf_letter_with_a_footnote_text_deleted(first_line, number):
    """The PDF letter itself, a footnote's lines deleted at its page bottom."""
    text, deleted = re.subn(rf"(?m)^{re.escape(first_line)}[^\n]*\n(?:[^\n]*\S[^\n]*\n)*", "", _text(PDF_AGENDA_978))
    assert deleted == 1
    err = _refused(text)
    assert err.kind in ("footnotes", "truncated") and f"note {number}" in err.message or f"footnote {number}" in err.message, err.message


def test_glued_digits_that_are_no_marker_are_no_missing_note():
    """Digits glued to a word that no export prints as a marker are no
    missing footnote: 'Q1', 'G7', 'NIS2-richtlijn', 'nr.12', 'art.6', a
    decimal '2025.5', '12%'."""
    text = _text(PDF_AGENDA_978)
    k = text.index("\n", len(text) // 2)
    extra = ("In Q1 en Q2 sprak de G7 over de NIS2-richtlijn (Kamerstuk 32317,nr.12) en art.6 van versie 2025.5; "
             "12% minder dan in 2024.")
    records = parse_source(_src(text[:k] + "\n" + extra + text[k:]))
    assert any(extra[:30] in p["text"] for p in records["paragraphs"])


@pytest.mark.parametrize("number", [10, 12, 23])
def test_markdown_footnote_lines_deleted(number):
    """Its marker then has no text, also when its digits spell notes that
    exist (²³ is not read as notes 2 and 3 again)."""
    sup = str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    text, deleted = re.subn(rf"(?m)^{sup} .*\n", "", _text(MARKDOWN_VERSLAG_QF))
    assert deleted == 1
    err = _refused(text)
    assert err.kind == "footnotes" and f"(note {number})" in err.message


@pytest.mark.parametrize("name, share, says", [
    (PDF_AGENDA_NO_HEADER, 0.81, "ends inside a paragraph"),  # inside the last footnote
    (PDF_AGENDA_NO_HEADER, 0.73, "ends on the number of an agenda item"),  # "a)."
])
def test_letters_missing_their_end(name, share, says):
    text = _text(name)
    err = _refused(text[: int(len(text) * share)])
    assert err.kind == "truncated" and says in err.message


@pytest.mark.parametrize("junk", ["qxzjkvw" * 300, "#@$%^&~|<>{} 12 " * 200, "lorem ipsum " * 400, "x" * MB])
def test_junk_lines_are_refused_whatever_the_coverage(junk):
    text = _text(PDF_AGENDA_978)
    k = text.index("\n", len(text) // 2)
    err = _refused(text[:k] + "\n" + junk + text[k:])
    assert err.kind == "coverage" and "reads as letter text (at least 99 % is needed" in err.message


@pytest.mark.parametrize("char, shown", [("\x00", "NUL"), ("\x1b", "U+001B"), ("\x07", "U+0007"), ("\x9c", "U+009C")])
def test_control_characters_are_refused_never_stored(char, shown):
    text = _text(WORD_AGENDA_948)
    line = text.count("\n", 0, 30_000) + 1
    err = _refused(text[:30_000] + char + text[30_000:])
    assert err.kind == "control-characters"
    assert re.search(rf"holds 1 control character\(s\) \({re.escape(shown)} at line {line}, column \d+\)", err.message)


def test_nul_after_the_first_64_kb_is_refused_through_the_build(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    data = (LETTERS / PDF_AGENDA_NO_HEADER).read_bytes()
    (folder / "nul.txt").write_bytes(data[:70_000] + b"\x00" + data[70_000:])
    result = build_tables(folder)
    assert [(e.source_file, e.kind) for e in result.errors] == [("nul.txt", "control-characters")]


TYPOGRAPHY = {
    "no-break spaces": lambda t: t.replace(" ", "\u00a0"),
    "narrow no-break spaces": lambda t: t.replace(" ", "\u202f"),
    "thin spaces": lambda t: t.replace(" ", "\u2009"),
    "soft hyphens": lambda t: re.sub(r"(?<=[a-z]{4})(?=[a-z]{4})", "\u00ad", t),
    "zero-width spaces": lambda t: re.sub(r"(?<=[a-z]{4})(?=[a-z]{4})", "\u200b", t),
    "zero-width joiners": lambda t: re.sub(r"(?<=[a-z]{5})(?=[a-z]{5})", "\u200d", t),
}


@pytest.fixture(scope="module")
def originals():
    return {name: parse_source(sources.read_source(LETTERS / name)) for name in FIVE}


@pytest.mark.parametrize("name", FIVE)
@pytest.mark.parametrize("oddity", sorted(TYPOGRAPHY))
def test_typography_alone_is_accepted_and_reads_the_same(name, oddity, originals):
    text = TYPOGRAPHY[oddity](_text(name))
    records = parse_source(_src(text, name))
    want = originals[name]
    assert records["letters"][0]["text"] == text  # verbatim
    assert [p["text"] for p in records["paragraphs"]] == [p["text"] for p in want["paragraphs"]]
    assert [f["text"] for f in records["footnotes"]] == [f["text"] for f in want["footnotes"]]
    assert [i["title"] for i in records["agenda_items"]] == [i["title"] for i in want["agenda_items"]]


def test_reading_text_keeps_words_and_lines():
    assert whole.reading_text("a\u00a0b\u2009c\r\nver\u00adslag\u200b\u2028d") == "a b c\nverslag\nd"


# --- duplicates, by content -----------------------------------------------------


@pytest.mark.parametrize("copy_name", ["000-brief.txt", "zzz-brief.txt", "-brief.txt"])
def test_duplicate_export_is_chosen_by_content_not_name(tmp_path, copy_name):
    sys.path.insert(0, str(Path(__file__).parent))
    from reexport import to_web

    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(LETTERS / WORD_AGENDA_948, folder / WORD_AGENDA_948)
    (folder / copy_name).write_text(to_web(_text(WORD_AGENDA_948)), encoding="utf-8")
    result = build_tables(folder)
    assert [r["source_file"] for r in result.tables["letters"]] == [WORD_AGENDA_948]
    assert [(e.source_file, e.kind) for e in result.errors] == [(copy_name, "duplicate")]
    assert f"is the same letter (kst-32317-948) as {WORD_AGENDA_948}, which is kept" in result.errors[0].message


@pytest.mark.parametrize("names", [("a.txt", "b.txt"), ("b.txt", "a.txt")])
def test_same_text_copies_keep_the_plainer_bytes_whatever_the_names(tmp_path, names):
    crlf, plain = names
    data = (LETTERS / WORD_VERSLAG_NO_HEADER).read_bytes()
    (tmp_path / crlf).write_bytes(data.replace(b"\n", b"\r\n"))
    (tmp_path / plain).write_bytes(data)
    loaded, errors = sources.load_sources(tmp_path)
    assert [s.name for s in loaded] == [plain]
    assert [(e.source_file, e.kind) for e in errors] == [(crlf, "duplicate")]


def _pack_unlike(size: int) -> str:
    """Pack a source against a base of other words (as when the parser kept
    little of it) and read it back."""
    import random

    from jbz import sourcepack

    rng = random.Random(size)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(5000)]
    data, base = (" ".join(rng.choice(words) for _ in range(size // 6)).encode() for _ in range(2))
    stored = sourcepack.pack(data, base)
    assert sourcepack.unpack(stored, base if sourcepack.is_packed(stored) else None) == data
    return "done"


def test_packing_a_source_is_linear_when_it_is_unlike_its_base():
    """Each chunk looks for its place in the base near where it is expected, not
    through the whole base (8 MB: about 5 s; searching to the end took 16 s at
    4 MB and about 64 s at 8 MB)."""
    try:
        assert budget.run_bounded(_pack_unlike, 8 * MB, seconds=30) == "done"
    except budget.OverBudget:
        pytest.fail("packing 8 MB unlike its base not finished within 30 s (quadratic place search?)")
