"""Warming up the per-letter code once, before the build forks.

Each letter is parsed in a child forked for its time budget (`jbz.budget`),
and a child's caches die with it: the regular expressions the `re` module
compiles on first use and the vocabularies, pattern tables and word lists
loaded on first use (`functools.lru_cache`) were made again in every child,
about 35 ms of CPU per letter, as much as the rest of the parse. `warm_up`
parses one small made-up letter in the process that forks (the build's own
process, before the pool starts, so the pool's workers inherit it too); the
children then start with all of that in place. Pure memoisation: no output
changes. The text is made up for this purpose (no real letter, no real
numbers); if a change of the parser makes it fail, warming up is skipped.
"""

from __future__ import annotations

from pathlib import Path

_LETTER = """\
32 317 JBZ-Raad
Nr. 999 BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID
Aan de Voorzitter van de Tweede Kamer der Staten-Generaal
Den Haag, 2 juni 2025
Hierbij bied ik uw Kamer, mede namens de minister van Asiel en Migratie, de geannoteerde agenda aan van de bijeenkomst van de Raad Justitie en Binnenlandse Zaken (JBZ-Raad) van 12 en 13 juni 2025 in Luxemburg. Tevens informeer ik uw Kamer over de uitvoering van de motie van het lid De Vries c.s. (Kamerstuk 32 317, nr. 880) over terugkeer.[footnoteRef:1]
De minister van Justitie en Veiligheid,
A.B. Jansen
Geannoteerde agenda van de JBZ-Raad van 12 en 13 juni 2025
Justitie
1. Verordening over de digitale bewijsvoering
= Beleidsdebat
Het Poolse voorzitterschap wil met de lidstaten spreken over de voortgang. Nederland steunt het voorstel van de Europese Commissie (COM(2023) 123) en vindt het van belang dat Europol en Eurojust betrokken worden. Duitsland en Frankrijk hebben zorgen geuit. Het kabinet zal zich inzetten voor een zorgvuldige uitwerking, zoals eerder gemeld in het BNC-fiche (Kamerstuk 22 112, nr. 3800).
2. Richtlijn over de bestrijding van mensenhandel
= Voortgangsrapportage
De Raad heeft op 5 maart 2025 een algemene oriëntatie bereikt. Nederland kan instemmen met het compromis.
Binnenlandse Zaken
3. Asiel- en migratiepact: implementatie
= Gedachtewisseling
De Commissie presenteert de stand van zaken van de implementatie. Nederland zal benadrukken dat de termijnen haalbaar moeten zijn.
4. Schengen: stand van zaken
= Informatie van het voorzitterschap
Het voorzitterschap informeert over de situatie aan de buitengrenzen. Het inkomende Deense voorzitterschap presenteert zijn werkprogramma.
[1: Kamerstuk 32 317, nr. 880.]
"""


def warm_up() -> None:
    """Parse the made-up letter once (errors ignored: this only fills caches)."""
    from . import pipeline, sources

    text = _LETTER
    src = sources.Source(path=Path("warm-up.txt"), name="warm-up.txt", data=text.encode(), text=text, sha256="0" * 64)
    try:
        records = pipeline.parse_letter(src)
        from .link import link_input

        link_input(records)
    except Exception:  # noqa: BLE001 - best effort
        pass
