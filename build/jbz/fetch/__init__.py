"""`jbz fetch`: the dossier's Kamerstukken from the official open-data services.

- `sru`: the KOOP SRU 2.0 listing (query, pages, records, diagnostics); pure.
- `client`: one polite HTTP client (delay, User-Agent, retries with backoff).
- `plan`: what to fetch and why not; pure.
- `store`: the provenance records and files under letters/ (the only file I/O).
- `run`: the command's steps: list, plan, download, record.
- `inventory`: the `documents` table from the listing and the build; pure.

Nothing here has been tried against the live services (no machine of this
project reaches them): it follows their public descriptions and is tested
against recorded responses in tests/fixtures/sru/.
"""
