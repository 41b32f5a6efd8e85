"""Write the fixtures for web-page copies and annex-only documents from the
five letters (run from tests/: `../.venv/bin/python make_web_annex_fixtures.py`).

- web/tk-<id>.txt: the letter as copied from its page on the Tweede Kamer's
  web site: site header, menu and breadcrumbs, the document's details
  (number, date, signers, dossier, case), "Preview document", then the
  letter as one paragraph a line with its footnotes listed at the end, then
  share buttons, related documents and the site footer.
- annex/<name>: the agenda or report part alone, as published as a separate
  bijlage (blg): as PDF text, and as official XML with the main document in
  its metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

from reexport import _paragraphs, to_pdf
from xmlrender import render

from jbz.normalize import normalize
from jbz.parse import parse_text

HERE = Path(__file__).resolve().parent
LETTERS = HERE.parent / "letters"

TK_TOP = """Direct naar de hoofdinhoud
Tweede Kamer der Staten-Generaal
Zoeken
Menu
Kamerleden
Commissies
Kamerstukken
Debatten
Zo werkt de Kamer
Home
Kamerstukken
Brieven regering
{title}
Kamerbrief
Nummer: {docnr}, datum: {date}, bijgewerkt: {date} 15:02, versie: 3
Directe link naar document (opent in nieuw venster)
Gerelateerde personen
{signers}
Onderdeel van kamerstukdossier 32317 -{nummer} JBZ-Raad.
Onderdeel van zaak {zaak}:
Indiener: {first_signer}
Voortouwcommissie: vaste commissie voor Justitie en Veiligheid
Volgcommissie(s): vaste commissie voor Europese Zaken
Agendering: Agendapunt: Brievenlijst. Voorstel: Agenderen voor het commissiedebat JBZ-Raad.
Preview document (origineel)
"""
TK_BOTTOM = """Deel deze pagina
Facebook
LinkedIn
WhatsApp
E-mail
Gerelateerde documenten
Verslag van een schriftelijk overleg over de geannoteerde agenda van de JBZ-Raad
Lijst van vragen over de geannoteerde agenda van de JBZ-Raad
Naar boven
Contact
Over de Tweede Kamer
Toegankelijkheid
Privacy
Cookies
Open data
"""


def tk_page(word_text: str, title: str, nummer: str, date: str, docnr: str, zaak: str) -> str:
    records = parse_text(word_text)
    signers = [(s["name"], s["role"]) for s in records["signatories"]]
    lines = [f"{'Eerstondertekenaar' if i == 0 else 'Medeondertekenaar'}: {name}, {role.removeprefix('De ').rstrip(',')}"
             for i, (name, role) in enumerate(signers)]
    top = TK_TOP.format(
        title=title,
        docnr=docnr, date=date, signers="\n".join(lines), nummer=nummer, zaak=zaak,
        first_signer=lines[0].split(": ", 1)[1],
    )
    body, notes = [], []
    for para, para_notes in _paragraphs(word_text):
        body.append(re.sub(r"\[footnoteRef:(\d+)\]", r"\1", para))
        notes.extend(para_notes)
    tail = [f"{n} {t}" for n, t in sorted(notes)]
    return top + "\n" + "\n".join(["Tweede Kamer der Staten-Generaal", "Vergaderjaar 2024-2025", *body, "", *tail]) + "\n\n" + TK_BOTTOM


def agenda_part(text: str) -> str:
    """The agenda or report of a letter, from its heading on, without the cover letter."""
    norm = normalize(text)
    records = parse_text(text, norm=norm)
    first = next(p for p in records["paragraphs"] if p["part"] in ("agenda", "report"))
    return first["text"]


def main() -> None:
    word_948 = (LETTERS / "000_30e947b90ac3b314.txt").read_text(encoding="utf-8")
    (HERE / "fixtures/web/tk-kst-32317-948.txt").write_text(
        tk_page(word_948, "Geannoteerde agenda van de JBZ-Raad van 12 en 13 juni 2025", "948", "2025-05-28", "2025D23145", "2025Z10845"), encoding="utf-8")

    # 948 published as two documents: the cover letter alone (the Kamerstuk, as Word text) and the
    # agenda as a separate annex that names its main letter (PDF text, footnotes numbered from 1)
    lines = word_948.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("Geannoteerde agenda van de bijeenkomst"))
    (HERE / "fixtures/annex/kst-32317-948-cover.txt").write_text("\n".join(lines[:start]).rstrip() + "\n", encoding="utf-8")
    agenda = "\n".join(lines[start:]) + "\n"
    first = min(int(n) for n in re.findall(r"\[footnoteRef:(\d+)\]", agenda))
    agenda = re.sub(r"\[footnoteRef:(\d+)\]", lambda m: f"[footnoteRef:{int(m.group(1)) - first + 1}]", agenda)
    agenda = re.sub(r"\[(\d+):(?=[ \t])", lambda m: f"[{int(m.group(1)) - first + 1}:", agenda)
    annex = "Bijlage bij Kamerstuk 32 317, nr. 948\n\n" + agenda
    (HERE / "fixtures/annex/blg-948-agenda.txt").write_text(to_pdf(annex), encoding="utf-8")

    # the agenda of 978 as the official XML of an annex (blg-1180002) whose metadata names kst-32317-978
    xml_978 = render((LETTERS / "003_15903c3f800c1725.txt").read_text(encoding="utf-8"))
    (HERE / "fixtures/annex/blg-1180002.xml").write_text(
        annex_xml(xml_978, "blg-1180002", "kst-32317-978", "Geannoteerde agenda formele JBZ-Raad 8 en 9 december 2025"),
        encoding="utf-8")


def annex_xml(letter_xml: str, identifier: str, main: str, title: str) -> str:
    """The agenda part of a rendered letter as the XML of a separately published annex:
    root `bijlage`, metadata naming the main document, footnotes numbered from 1."""
    body = letter_xml[letter_xml.index("</brief>") + len("</brief>\n") : letter_xml.index("    </stuk>")]
    numbers = [int(n) for n in re.findall(r"<noot\.nr>(\d+)</noot\.nr>", body)]
    shift = min(numbers) - 1 if numbers else 0
    body = re.sub(r'<noot id="n(\d+)" type="voet"><noot\.nr>\d+</noot\.nr>',
                  lambda m: f'<noot id="n{int(m.group(1)) - shift}" type="voet"><noot.nr>{int(m.group(1)) - shift}</noot.nr>', body)
    body = "\n".join(line[2:] if line.startswith("  ") else line for line in body.splitlines())
    meta = [("DC.identifier", identifier), ("DC.type", "Bijlage"), ("DC.title", f"JBZ-Raad; {title} (bijlage)"),
            ("OVERHEIDop.dossiernummer", "32317"), ("OVERHEIDop.hoofddocument", main)]
    head = "\n".join(f'    <meta name="{n}" content="{v}"/>' for n, v in meta)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<bijlage xml:lang="nl">\n  <metadata>\n{head}\n  </metadata>\n'
            f"  <bijlage-tekst>\n{body}\n  </bijlage-tekst>\n</bijlage>\n")


if __name__ == "__main__":
    main()
