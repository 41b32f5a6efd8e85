"""Letters folder in, table rows out: the order of the build's steps.

1. Per letter, in a process pool (the work is pure: text in, rows out):
   read the file (`sources`), check it, normalise, parse and enrich it
   (`parse_letter`). With a parse cache (`jbz.cache`), a letter whose bytes
   and parser are unchanged is not parsed again; the rows cached with it hold
   its source's stored form too (`database.pack_sources`), so the database
   writer, a serial step, does not pack it.
2. Across letters, in this process, on a small `link_input` per letter:
   duplicates, then `jbz.link` (meetings, inferred numbers, citation targets,
   people, chambers, data issues).
3. `Parsed.letters()` yields each letter's finished rows in id order, read
   back from the cache one at a time, so the whole corpus is never in memory;
   `jbz.output` streams them into the database and the CSVs.

`build_tables` does the same for callers that want every row in memory (the
tests, `jbz check`).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import budget, duplicates, nogc, reference, sources
from .cache import ParseCache
from .database import pack_sources, sort_key
from .incremental import signature
from .link import Links, finish_letter, link_input, link_letters
from .link.meetings import meeting_label  # noqa: F401 - kept importable from here
from .schema import TABLES, table

# The per-letter code (normalize, parse, enrich, positions ...; some 0.1 s of imports and regular
# expressions compiled at import) is imported where a letter is parsed, not here: a rebuild that
# parses no letter here (most come from the cache, a few are parsed in a second process) does not
# load it. `warmup.warm_up` loads it before any fork, so pool workers and budget children inherit it.

Tables = dict[str, list[dict]]
POOL_MIN_FILES = 8  # below this a pool costs more than it saves
RACY_NS = 2_000_000_000  # files changed this close before the file list was saved are read again


@dataclass
class BuildResult:
    tables: Tables
    errors: list[sources.SourceError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def empty_tables() -> Tables:
    return {t.name: [] for t in TABLES}


def parse_source(src: sources.Source) -> Tables:
    """One letter's rows, with its coverage; raises SourceError for a text
    that is not one whole JBZ letter (see `jbz.whole`): control characters,
    not a JBZ letter, two letters, cut off, footnotes without markers or
    texts, junk, coverage below 99 %."""
    from . import recognise, whole
    from .coverage import coverage, missing_words
    from .normalize import normalize, webpage, xml
    from .parse import parse_text

    reason = whole.control_reason(src.text)
    if reason:
        raise sources.SourceError(src.name, "control-characters", reason)
    raw = whole.reading_text(src.text)  # Unicode spaces, soft hyphens, zero-width characters; letters.text stays verbatim
    text = raw
    if xml.looks_like(text):  # the checks read the official XML's words, not its markup
        try:
            text = xml.plain_text(text)
        except xml.XmlError as exc:
            raise sources.SourceError(src.name, "bad-xml", exc.args[0]) from None
    reason = recognise.looks_like_jbz_letter(text)
    if reason:
        raise sources.SourceError(src.name, "not-a-letter", reason)
    reason = whole.two_letters_reason(webpage.strip_chrome(text)[0])  # a web page's title and links are no second letter
    if reason:
        raise sources.SourceError(src.name, "two-letters", reason)
    norm = normalize(raw)  # once, for the cut-off check and the parser
    reason = recognise.looks_truncated(text, norm)
    if reason:
        raise sources.SourceError(src.name, "truncated", reason)
    reason = whole.footnote_reason(norm) or whole.junk_reason(norm)
    if reason:
        raise sources.SourceError(src.name, "footnotes" if "footnote" in reason else "coverage", reason)
    records = parse_text(raw, source_file=src.name, sha256=src.sha256, norm=norm)
    letter = records["letters"][0]
    letter["text"] = src.data.decode("utf-8")  # verbatim: the file's bytes, a byte-order mark included (src.text drops it)
    pieces = [p["text"] for p in records["paragraphs"]] + [f["text"] for f in records["footnotes"]]
    pieces += [i["message"] for i in records["data_issues"] if i["kind"] == "web-chrome-removed"]  # cut, and kept here
    numbers = {f["number"] for f in records["footnotes"]}
    letter["coverage"] = round(coverage(raw, letter["source_format"], pieces, numbers), 6)
    if letter["coverage"] < whole.MIN_COVERAGE:
        missing = missing_words(raw, letter["source_format"], pieces, numbers)
        raise sources.SourceError(src.name, "coverage", whole.coverage_reason(letter["coverage"], missing))
    return records


def parse_letter(src: sources.Source) -> Tables:
    """The whole per-letter stage: parse, enrich (citations, motions, mentions),
    then read positions and outcomes (`jbz.positions`)."""
    from . import enrich, positions

    return positions.assess_letter(enrich.enrich_letter(parse_source(src)))


def parse_within_budget(src: sources.Source, seconds: float | None = None) -> Tables:
    """`parse_letter` within the time budget for one letter (`jbz.budget`:
    run in a forked child, stopped when it overruns); over budget it is a
    SourceError of kind `over-budget` naming the file. Call this, not
    `parse_letter`, wherever letters are parsed (pool workers included), so
    one file cannot stop the build."""
    return _within_budget(parse_letter, src, seconds=seconds)


def _within_budget(fn, src: sources.Source, *args, seconds: float | None = None):
    seconds = budget.SECONDS_PER_LETTER if seconds is None else seconds
    try:
        return budget.run_bounded(fn, src, *args, seconds=seconds)
    except budget.OverBudget as exc:
        raise sources.SourceError(
            src.name, "over-budget", f"could not be read within the budget for one letter ({exc}); is it one letter? please report it with the file"
        ) from None


def parse_file(path: Path, seconds: float | None = None) -> Tables:
    """One file's rows as the build makes them (for `jbz parse FILE`): read,
    checked, parsed and enriched within the budget for one letter, so a file
    that would hang the parser is refused here too."""
    return parse_within_budget(sources.read_source(Path(path)), seconds=seconds)


# --- step 1: per letter, in workers ------------------------------------------------------------


@dataclass
class _Task:
    index: int
    path: Path
    cache_dir: Path | None
    use_cache: bool


def _work(task: _Task) -> dict:
    """Read, hash and (unless cached) parse one file. Returns small things only
    when there is a cache (the rows go to the cache); else the rows too."""
    t0 = time.perf_counter()
    out: dict = {"index": task.index, "name": sources.display_name(task.path), "error": None, "cached": False}
    out["stat"] = signature(task.path, ctime=True)  # before reading: a file changed while it is read is read again next time
    try:
        src = sources.read_source(task.path)
    except sources.SourceError as exc:
        out["error"] = exc
        return out
    out.update(sha256=src.sha256, text_key=sources.text_key(src.text, src.data), bytes=len(src.data))
    cache = ParseCache(task.cache_dir) if task.cache_dir else None
    if cache is not None and task.use_cache:
        found = cache.get_link(src.sha256)
        if found is not None:  # the same bytes, perhaps under another file name
            found["letter"]["source_file"] = src.name
            for issue in found["data_issues"]:
                issue["source_file"] = src.name
            out.update(link=found, cached=True, seconds=time.perf_counter() - t0)
            return out
    try:
        if cache is None:
            records, link = parse_within_budget(src), None
        else:
            records, link = _within_budget(_parse_and_store, src, cache)
    except sources.SourceError as exc:
        if cache is not None and exc.kind == "over-budget":
            cache.discard(src.sha256)  # the child may have stored the rows just before it was stopped
        out["error"] = exc
        return out
    except Exception as exc:  # noqa: BLE001 - one unreadable letter must not stop the others
        out["error"] = sources.SourceError(
            src.name, "parse-error", f"could not be parsed ({type(exc).__name__}: {exc}); please report it with the file"
        )
        return out
    if link is not None:  # the rows went to the cache in the child
        out["link"] = link
    else:
        out["link"] = link_input(records)
        if cache is not None:
            pack_sources(records)
            cache.put(src.sha256, records, out["link"])
        else:
            out["records"] = records
    out["seconds"] = time.perf_counter() - t0
    return out


def _parse_and_store(src: sources.Source, cache: ParseCache) -> tuple[Tables | None, dict | None]:
    """`parse_letter` for a build with a cache, run in the budget's child: the
    rows go to the cache from there, and only their small link input comes
    back through the pipe, (None, link). Should that fail, (rows, None): the
    caller does it again itself, as without this shortcut. The letter's source
    is packed here too (`database.pack_sources`), on the pool's cores and once
    per parse: the cached rows carry its stored form to the database writer."""
    records = parse_letter(src)
    try:
        link = link_input(records)
        pack_sources(records)
        cache.put(src.sha256, records, link)
    except Exception:  # noqa: BLE001 - redone (and reported) by the caller
        return records, None
    return None, link


def _unchanged(task: _Task, seen: dict) -> tuple[tuple, dict] | None:
    """(signature, what the last build read) for a file unchanged since then:
    the same device, inode, size, modification and change times as when it
    was read, and modified no later than RACY_NS before that build's file list
    was saved (git's "racy" rule: a change in the same clock tick as the read
    would not show in its times, so such a file is read again). None: read it."""
    stat = signature(task.path, ctime=True)
    entry = seen.get("files", {}).get(os.fsencode(task.path))
    if stat is None or entry is None or entry["stat"] != stat or stat[3] >= seen.get("saved_ns", 0) - RACY_NS:
        return None
    return stat, entry


def _known(task: _Task, found: tuple[tuple, dict], cache: ParseCache) -> dict | None:
    """`_work`'s answer for a file `_unchanged` found, without reading it
    (None when its cache entry is gone: then it is read)."""
    stat, entry = found
    link = cache.get_link(entry["sha256"])
    if link is None:
        return None
    name = sources.display_name(task.path)
    link["letter"]["source_file"] = name
    for issue in link["data_issues"]:
        issue["source_file"] = name
    return {"index": task.index, "name": name, "error": None, "cached": True, "stat": stat, "link": link,
            **{k: entry[k] for k in ("sha256", "text_key", "bytes")}}


def _to_parent(result: dict) -> dict:
    """A result about to cross the process boundary: a SourceError goes as its
    three fields (its constructor does not take its own `args` back)."""
    err = result["error"]
    if isinstance(err, sources.SourceError):
        result["error"] = (err.source_file, err.kind, err.message)
    return result


def _from_child(result: dict) -> dict:
    """`_to_parent` undone."""
    if isinstance(result["error"], tuple):
        result["error"] = sources.SourceError(*result["error"])
    return result


def _work_in_pool(task: _Task) -> dict:
    """`_work` for a pool worker (`_to_parent`)."""
    return _to_parent(_work(task))


def _start_run(tasks: list[_Task]):
    """`_run(tasks, 1)` in a forked process (see `_join_run`); None without fork."""
    from .incremental import start_job

    def job():
        return [_to_parent(r) for r in _run(tasks, 1)]

    child, pipe = start_job(job)
    return None if child is None else (child, pipe, tasks)


def _join_run(started) -> list[dict]:
    from .incremental import join_job

    child, pipe, tasks = started
    return [_from_child(r) for r in join_job(child, pipe, lambda: _run(tasks, 1), what="parsing the new letters")]


def _run(tasks: list[_Task], jobs: int) -> list[dict]:
    with nogc.running():  # parsing makes much garbage, and its workers and children are forked from here
        return _run_tasks(tasks, jobs)


def _run_tasks(tasks: list[_Task], jobs: int) -> list[dict]:
    if tasks:
        from . import warmup

        warmup.warm_up()  # before any fork: each letter's child (and each pool worker) starts with the caches filled
    if jobs <= 1 or len(tasks) < POOL_MIN_FILES:
        return [_work(t) for t in tasks]
    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else multiprocessing.get_context()
    pool = ctx.Pool(jobs, initializer=nogc.freeze_inherited)
    try:
        # chunks of a few letters: fewer round trips for this process (0.9 -> 0.4 ms CPU per letter at 16),
        # small enough that the workers finish together
        chunksize = max(1, min(16, len(tasks) // (8 * jobs)))
        results = list(pool.imap_unordered(_work_in_pool, tasks, chunksize=chunksize))
    finally:
        pool.close()  # close and join, not terminate: the workers are reaped, so their CPU time counts
        pool.join()
    return sorted(map(_from_child, results), key=lambda r: r["index"])


# --- step 2: across letters ----------------------------------------------------------------------


@dataclass
class Parsed:
    """Every accepted letter, linked; its rows wait in the cache (or in `_records`)."""

    links: Links
    errors: list[sources.SourceError]
    keys: dict[str, str]  # parse id -> source sha256 (the cache key)
    cache: ParseCache | None
    inputs: dict[str, dict]  # parse id -> link input
    timings: dict[str, float] = field(default_factory=dict)
    parsed_files: int = 0  # files parsed in this run (the others came from the cache)
    source_bytes: int = 0
    _records: dict[str, Tables] = field(default_factory=dict)
    _views: dict[str, dict] = field(default_factory=dict)

    def letters(self) -> Iterator[Tables]:
        """Each letter's finished rows, in final letter-id order, one at a time."""
        for lid in self.links.order():
            yield self.finished(lid)

    def finished(self, lid: str) -> Tables:
        """One letter's finished rows (`lid`: its parse id)."""
        if lid in self._records:  # in memory (no cache): finish a copy, so the rows can be read again
            records = {name: [dict(r) for r in rows] for name, rows in self._records[lid].items()}
        else:
            records = self.cache.get_rows(self.keys[lid])
        return finish_letter(records, self.view(lid))

    def view(self, lid: str) -> dict:
        """The letter's link view (`Links.view`), computed once."""
        if lid not in self._views:
            self._views[lid] = self.links.view(self.inputs[lid])
        return self._views[lid]

    def cross_tables(self) -> Tables:
        """The tables made across letters: meetings, people, data issues
        (rejected files included, numbered), decision types, presidencies."""
        tables = {name: [dict(r) for r in rows] for name, rows in self.links.tables.items()}
        sources.record_errors(tables, self.errors)
        issues = sorted(tables["data_issues"], key=lambda r: (r.get("letter_id") or "~", r.get("source_file") or "", r["kind"], r["message"]))
        for i, row in enumerate(issues, start=1):
            row["id"] = i
        tables["data_issues"] = issues
        tables.update(reference.reference_tables())
        for name, rows in tables.items():
            if name != "data_issues":  # (numbered in their order: in key order already)
                rows.sort(key=lambda r, t=table(name): sort_key(t, r))
        return tables

    def report_rows(self) -> list[dict]:
        """Per letter (final id order): its letters row and row counts, for the build's report."""
        issues: dict[str, int] = {}
        for row in self.links.tables["data_issues"]:
            issues[row.get("letter_id")] = issues.get(row.get("letter_id"), 0) + 1
        out = []
        for lid in self.links.order():
            letter = dict(self.links.letters[lid], id=self.links.final_id(lid))
            out.append({"letter": letter, **self.inputs[lid]["counts"], "data_issues": issues.get(letter["id"], 0)})
        return out


def parse_folder(letters_dir: Path, cache_dir: Path | None = None, full: bool = False, jobs: int | None = None) -> Parsed:
    """Steps 1 and 2 over a folder. With `cache_dir`, rows go to (and come
    from) the parse cache; `full` parses every file again (and refreshes the cache)."""
    with nogc.paused(keep=True):  # loading and linking every letter's link input (the parsing itself runs with it: `_run`)
        return _parse_folder(letters_dir, cache_dir, full, jobs)


def _parse_folder(letters_dir: Path, cache_dir: Path | None, full: bool, jobs: int | None) -> Parsed:
    t0, c0 = time.perf_counter(), time.process_time()
    letters_dir = Path(letters_dir)
    errors: list[sources.SourceError] = []
    if not letters_dir.is_dir():
        errors.append(sources.SourceError(str(letters_dir), "unreadable", "is not a folder; give the folder that holds the letter files"))
        files = []
    else:
        files = sources.letter_files(letters_dir)
    jobs = jobs or int(os.environ.get("JBZ_JOBS", 0)) or os.cpu_count() or 1
    cache = ParseCache(cache_dir) if cache_dir else None
    tasks = [_Task(i, p, cache.root if cache else None, not full) for i, p in enumerate(files)]
    seen = cache.get_files() if cache is not None and not full else {}
    unchanged = {t.index: u for t in tasks if (u := _unchanged(t, seen))} if seen else {}
    todo = [t for t in tasks if t.index not in unchanged]
    # a few new or changed files are read and parsed in a second process while this one loads the
    # others' link inputs from the cache (many go to the pool, which uses every core itself)
    background = _start_run(todo) if unchanged and 0 < len(todo) < POOL_MIN_FILES else None
    known = [k for t in tasks if t.index in unchanged and (k := _known(t, unchanged[t.index], cache)) is not None]
    loaded = {k["index"] for k in known}
    again = [t for t in tasks if t.index in unchanged and t.index not in loaded]  # cache entry gone: read it after all
    ran = _join_run(background) if background is not None else _run(todo, jobs) if todo else []  # (the collector, on in `_run`, would walk every link input loaded)
    results = sorted(known + ran + (_run(again, jobs) if again else []), key=lambda r: r["index"])
    if cache is not None:
        cache.put_files({os.fsencode(t.path): {"stat": r["stat"], "sha256": r["sha256"], "text_key": r["text_key"], "bytes": r["bytes"]}
                         for t, r in zip(tasks, results) if r.get("stat") and "sha256" in r and r["error"] is None})
    t1, c1 = time.perf_counter(), time.process_time()
    inputs: dict[str, dict] = {}
    keys: dict[str, str] = {}
    records: dict[str, Tables] = {}
    parsed = source_bytes = 0
    found: list[tuple[int, sources.SourceError]] = []  # (file index, error), reported in file order
    copies_of: dict[str, list[dict]] = {}
    for r in results:
        if r["error"] is not None and "sha256" not in r:
            found.append((r["index"], r["error"]))  # unreadable: refused before any duplicate check
        else:
            copies_of.setdefault(r["text_key"], []).append(r)
    by_id: dict[str, list[dict]] = {}
    for copies in copies_of.values():  # the same bytes, or the same text: one kept by content (jbz.duplicates)
        copies.sort(key=lambda r: duplicates.copy_key(r["bytes"], r["sha256"], r["name"]))
        kept = copies[0]
        for r in copies[1:]:
            same = "is a byte-for-byte copy of" if r["sha256"] == kept["sha256"] else "holds the same text (only spacing or line ends differ) as"
            found.append((r["index"], sources.SourceError(r["name"], "duplicate", f"{same} {kept['name']}, which is kept; remove one of the two")))
        if kept["error"] is not None:
            found.append((kept["index"], kept["error"]))
            continue
        by_id.setdefault(kept["link"]["letter"]["id"], []).append(kept)
    for lid, copies in by_id.items():  # the same letter in two exports: the kept one chosen by content
        for r in copies:
            parsed += not r["cached"]
            source_bytes += r["bytes"]
        copies.sort(key=lambda r: (duplicates.rank(r["link"]["letter"], r["link"]["counts"], r["sha256"]), r["name"]))
        kept = copies[0]
        for r in copies[1:]:
            found.append((r["index"], sources.SourceError(
                r["name"], "duplicate", f"is the same letter ({lid}) as {kept['name']}, which is kept (see jbz.duplicates for the rule)"
            )))
        inputs[lid] = kept["link"]
        keys[lid] = kept["sha256"]
        if "records" in kept:
            records[lid] = kept["records"]
    errors.extend(err for _, err in sorted(found, key=lambda f: f[0]))
    t2, c2 = time.perf_counter(), time.process_time()
    links = link_letters(list(inputs.values()))
    _add_inventory(letters_dir, links, errors)
    t3, c3 = time.perf_counter(), time.process_time()
    if cache is not None:
        cache.keep(set(keys.values()))
    return Parsed(
        links=links, errors=errors, keys=keys, cache=cache, inputs=inputs, parsed_files=parsed, source_bytes=source_bytes,
        timings={"parse": t1 - t0, "checks": t2 - t1, "link": t3 - t2, "cpu_parse": c1 - c0, "cpu_checks": c2 - c1, "cpu_link": c3 - c2},
        _records=records,
    )


def _add_inventory(letters_dir: Path, links: Links, errors: list) -> None:
    """The `documents` table from the stored listing and provenance records
    (letters/official/, written by `jbz fetch`); a record that cannot be read
    is reported like a rejected file."""
    from .fetch import inventory, store

    try:
        listed, provenance = store.read_official(letters_dir)
    except ValueError as exc:
        errors.append(sources.SourceError(store.OFFICIAL_DIR, "unreadable", str(exc)))
        listed, provenance = [], {}
    letters = [dict(row, id=links.final_id(lid)) for lid, row in links.letters.items()]
    links.tables["documents"], issues = inventory.documents(listed, provenance, letters, errors)
    links.tables["data_issues"].extend({"id": None, **issue} for issue in issues)


def build_tables(letters_dir: Path, jobs: int | None = None) -> BuildResult:
    """Every table with every row, in memory (no cache): for tests and small folders."""
    parsed = parse_folder(letters_dir, jobs=jobs)
    tables = empty_tables()
    for records in parsed.letters():
        for name, rows in records.items():
            tables.setdefault(name, []).extend(rows)
    tables.update(parsed.cross_tables())
    for name in tables:
        tables[name].sort(key=lambda r, t=name: sort_key(table(t), r))
    return BuildResult(tables=tables, errors=parsed.errors)
