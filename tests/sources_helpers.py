"""Texts for the tests of jbz.sources: documents from the same dossier that
are no government letter, a letter as copied from the official web site,
and cut-off letters."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import LETTERS, WORD_AGENDA_948

# Modelled on the committee's own documents in dossier 32 317 (officielebekendmakingen.nl).
SCHRIFTELIJK_OVERLEG = """Tweede Kamer der Staten-Generaal
Vergaderjaar 2024-2025
32 317 JBZ-Raad
Nr. 950 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG
Vastgesteld 10 juni 2025
De vaste commissie voor Justitie en Veiligheid heeft een aantal vragen en opmerkingen voorgelegd aan de Minister
en de Staatssecretaris van Justitie en Veiligheid en de Minister van Asiel en Migratie over de brief van 28 mei 2025
over de geannoteerde agenda van de JBZ-Raad van 12 en 13 juni 2025 (Kamerstuk 32 317, nr. 948).
De vragen en opmerkingen zijn op 4 juni 2025 aan de Minister voorgelegd. Bij brief van 10 juni 2025 zijn ze beantwoord.
De voorzitter van de commissie,
Van Nispen
De adjunct-griffier van de commissie,
Brood
I. Vragen en opmerkingen vanuit de fracties
De leden van de VVD-fractie hebben kennisgenomen van de geannoteerde agenda. Hierbij hebben zij nog enkele vragen.
II. Reactie van de bewindspersonen
Het kabinet zet zich in de JBZ-Raad in voor een strenger terugkeerbeleid.
"""

COMMISSIEDEBAT = """Kamerstuk 32317, nr. 955 | Overheid.nl > Officiële bekendmakingen
Naar hoofdinhoud
Tweede Kamer der Staten-Generaal
32 317 JBZ-Raad
Nr. 955
VERSLAG VAN EEN COMMISSIEDEBAT
Vastgesteld 2 juli 2025
De vaste commissie voor Justitie en Veiligheid heeft op 11 juni 2025 overleg gevoerd met de Minister van Asiel
en Migratie over:
– de brief van de Minister van Justitie en Veiligheid d.d. 28 mei 2025 inzake geannoteerde agenda van de
formele JBZ-Raad van 12 en 13 juni 2025 (Kamerstuk 32 317, nr. 948).
Van dit overleg brengt de commissie bijgaand geredigeerd woordelijk verslag uit.
De voorzitter van de commissie,
Van Nispen
De griffier van de commissie,
Burger
Voorzitter: Van Nispen
Aanwezig zijn acht leden der Kamer.
De voorzitter:
Goedemiddag. Aan de orde is het commissiedebat over de JBZ-Raad.
"""

MOTIE = """Tweede Kamer der Staten-Generaal
Vergaderjaar 2024-2025
32 317 JBZ-Raad
Nr. 960 MOTIE VAN HET LID VAN DIJK C.S.
Voorgesteld 12 juni 2025
De Kamer,
gehoord de beraadslaging,
constaterende dat in de JBZ-Raad van 12 en 13 juni 2025 over terugkeerhubs wordt gesproken;
verzoekt de regering, zich in de JBZ-Raad in te zetten voor terugkeerhubs,
en gaat over tot de orde van de dag.
Van Dijk
"""

LIJST_VAN_VRAGEN = """32 317 JBZ-Raad
Nr. 951 LIJST VAN VRAGEN EN ANTWOORDEN
Vastgesteld 12 juni 2025
De vaste commissie voor Justitie en Veiligheid heeft een aantal vragen voorgelegd aan de Minister over de
geannoteerde agenda van de JBZ-Raad van 12 en 13 juni 2025.
1. Welke lidstaten steunen het voorstel?
Antwoord: Hierbij bied ik u het overzicht aan.
"""

NEWS = """Ministers praten over terugkeer
Luxemburg, 12 juni 2025 – De ministers van justitie en binnenlandse zaken van de EU kwamen donderdag bijeen
in de JBZ-Raad. Op tafel lagen het terugkeerbeleid en de bestrijding van georganiseerde misdaad. Een akkoord
bleef uit, meldden diplomaten.
"""

RECIPE = "Pannenkoeken\n\nMeng bloem, melk en eieren tot een glad beslag. Bak ze in een hete pan.\n"

# A government letter about another Council that names the JBZ-Raad only in passing.
OTHER_COUNCIL = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal
Den Haag, 3 juni 2025

Hierbij bied ik u de geannoteerde agenda aan voor de Raad Algemene Zaken van 24 juni 2025.

Migratie komt ook aan bod tijdens de JBZ-Raad van 12 en 13 juni 2025, waarover uw Kamer apart wordt geïnformeerd.

De minister van Buitenlandse Zaken,
C.C.J. Veldkamp
"""

NOT_LETTERS = {
    "schriftelijk overleg": SCHRIFTELIJK_OVERLEG,
    "commissiedebat": COMMISSIEDEBAT,
    "motie": MOTIE,
    "lijst van vragen": LIJST_VAN_VRAGEN,
    "news": NEWS,
    "recipe": RECIPE,
    "other council": OTHER_COUNCIL,
    "english": "The Justice and Home Affairs Council met in Luxembourg on 12 and 13 June 2025.\n",
}


def letter_text(name: str = WORD_AGENDA_948) -> str:
    return (LETTERS / name).read_text(encoding="utf-8")


def as_official_web_page(word_text: str) -> str:
    """A Word-export letter as text copied from officielebekendmakingen.nl:
    site header, metadata rows, the letter with the edition's title lines,
    notes at the end, then the site's footer."""
    import re

    body = re.sub(r"\s*\n\s*\]", "]", word_text.strip()).splitlines()  # a footnote body Word closed on the next line
    notes = []
    lines = []
    for line in body:
        for m in re.finditer(r"\[(\d+):\s+(.*?)\]\s*(?=\[\d+:|$)", line):
            notes.append(f"{m.group(1)} {m.group(2).strip()}")
        line = re.sub(r"\[\d+:\s+.*?\]\s*(?=\[\d+:|$)", "", line)
        line = re.sub(r"\[footnoteRef:(\d+)\]", r"\1", line)
        line = re.sub(r"\[bookmark: [^\]]*\]", "", line)
        lines.append(line)
    header = [
        "Kamerstuk 32317, nr. 948 | Overheid.nl > Officiële bekendmakingen",
        "Naar hoofdinhoud",
        "Officiële bekendmakingen",
        "Zoeken",
        "Kamerstuk 32317, nr. 948",
        "Datum publicatie\tOrganisatie\tVergaderjaar\tDossiernummer",
        "3 juni 2025\tTweede Kamer der Staten-Generaal\t2024-2025\t32317",
        "Tweede Kamer der Staten-Generaal",
        "2",
        "Vergaderjaar 2024–2025",
        "",
    ]
    footer = ["", "Noten", *notes, "", "Naar boven", "Over deze site", "Contact", "Privacy en cookies", "Toegankelijkheid"]
    return "\n".join(header + lines + footer) + "\n"


def cut(text: str, share: float) -> str:
    return text[: int(len(text) * share)]


def folder_with(tmp_path: Path, name: str | None = None, data: bytes = b"") -> Path:
    """A letters folder holding the five real letters (writable copies) and one more file."""
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    for p in folder.iterdir():
        p.chmod(0o644)
    if name:
        (folder / name).write_bytes(data)
    return folder
