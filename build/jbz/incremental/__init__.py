"""Incremental outputs: after adding, changing or removing a few letters,
update the previous build's database and CSVs instead of writing them anew.

What makes it possible (see `Links.view`): a letter's finished rows are a
function of its source (the parse cache key, its SHA-256) and its *link
view*, the small value that says what linking across letters decided for it
(final id, linked letters columns, person ids, EU files, citation targets).
A letter whose source and view are unchanged has unchanged rows. The build
records, per letter, that fingerprint (the view as its digest) and where its rows are in the outputs
(`outputs.state` in the parse cache folder):

- CSVs: the byte range of the letter's rows in each `data/<table>.csv`. A
  table's new file is the old file's bytes for unchanged letters (copied in
  runs) with the changed letters' rows rendered anew, in the same letter
  order a full build writes, so the file is byte-identical to a full
  build's. The tables made across letters (meetings, people, data issues,
  documents, EU files, reference tables) are small and rendered whole.
  Tables no letter change touches are left as they are. The bytes before
  a file's first change are copied by the kernel and not read; its SHA-256
  (downloads manifest) resumes from a state saved there by the build before
  (`csvs._TableFile`, `resumable`). The inspect file's row counts are the
  last build's where the update knows them (`update.known_counts`).
- Database: the rowids of the letter's rows in each table. The update
  deletes the changed and removed letters' rows (and their full-text
  entries, with FTS5's 'delete' command), inserts their new rows, replaces
  the cross-letter tables that changed, updates the summary tables where
  the change reaches them (see `SummaryUpdate`), the search vocabulary, `_build_info` and the statistics of the tables it
  touched, and checks the foreign keys where rows changed. Its content is the
  same as a full build's (every table row for row, in primary-key order; the
  summary tables and the vocabulary in row order); its bytes and rowids are
  not (new rows get new rowids), and neither is `sqlite_stat4`, whose
  samples name rowids; `sqlite_stat1` is the same while a table has fewer
  rows than `database.ANALYSIS_LIMIT`, above that both builds' statistics
  are estimates read from the pages as they lie and may differ a little.
  tests/test_incremental.py compares all of it on the five letters.

The database is never changed where the site reads it: the update works on
a *spare* copy (the database of the build before, kept in the cache folder
as a second name of that file), staged and renamed into place like every
output (`jbz.atomic_output`); the database it replaces becomes the next
spare. A spare costs the disk space of one database. Without a usable spare
(first incremental build, a failed build) the live database is copied
first. When too many letters changed, or anything about the previous outputs
is not as the state says, the outputs are written in full.
"""

from __future__ import annotations

from . import csvs, rebuild, second_process, state, summaries, update  # noqa: F401
from .state import (  # noqa: F401
    drop_state,
    HASHES,
    inspect_data,
    signature,
    write_inspect_file,
)
from .csvs import (  # noqa: F401
    letter_tables,
    write_csvs,
)
from .summaries import (  # noqa: F401
    SummaryUpdate,
)
from .rebuild import (  # noqa: F401
    cross_digest,
    fingerprints,
    finish_state,
    state_after_full_build,
    write_incremental,
)
from .second_process import (  # noqa: F401
    join_job,
    start_job,
    stop_job,
)
