"""What the Council did with an item of a verslag, and how the Netherlands voted.

The outcome is read from the item's body, sentence by sentence, with the
strongest result winning: a (partial) general approach, an agreement, an
adoption, a failed decision, a postponement; otherwise a debate (member
states or the Netherlands took the floor) or, failing that, information only.

Decisions count only when the sentence reports them as done at this meeting:
sentences about another moment ("op 5 mei jl.", "in december 2024") or about
the future ("zal", "voornemens", "aan te nemen") are skipped, and "stelde vast
dat …" (noted that) is not an adoption.

`nl_vote` is filled only for a decision, and only when a sentence with the
Dutch government as speaker says it agreed, voted against or abstained
("Nederland heeft ingestemd", "gaf aan de tekst te kunnen steunen",
"is akkoord gegaan", "sprak steun uit voor de Raadsconclusies").

Every regular expression here is linear in the text.
"""

from __future__ import annotations

import re

from .. import prefilter
from ..schema import OUTCOMES
from . import stance as S

DECISIONS = {"general_approach_reached", "partial_general_approach_reached", "agreement_reached", "adopted", "no_agreement"}

_ADOPT = (
    r"\b(?:aangenomen|vastgesteld|goedgekeurd|bekrachtigd|ondertekend)\b|"
    r"\b(?:nam|namen)\b(?:\s+[\w-]+){0,20}?\s+aan\b|\bstemde(?:n)?\b(?:\s+[\w-]+){0,6}?\s+in met\b|"
    r"\b(?:stelde|stelden)\b(?:\s+[\w-]+){0,20}?\s+vast\b(?! dat)"
)
_REACH = r"\b(?:bereikt|bereikte|bereikten|behaald|verleend)\b|" + _ADOPT
_MONTH = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
_ELSEWHEN = re.compile(rf"\bjl\.|\b(?:op|in|van) (?:\d{{1,2}} )?{_MONTH}\b|\bin \d{{4}}\b|\bvorig(?:e)? (?:jaar|maand|week)\b|\beerder\b")
_FUTURE = re.compile(r"\b(?:zal|zullen|voornemens|streeft|streven|aan te nemen|te bereiken|verwacht)\b")

_ADOPT_RE = re.compile(_ADOPT)
_REACH_RE = re.compile(_REACH)
_PGA = re.compile(r"\bgedeeltelijke algemene oriëntatie\b")
_GA = re.compile(r"(?<!gedeeltelijke )\balgemene oriëntatie\b")
_AGREEMENT = re.compile(r"\b(?:politiek akkoord|politieke overeenstemming|overeenstemming|akkoord|mandaat|onderhandelingsmandaat)\b")

# (outcome, patterns that must all be found in one sentence); the first
# outcome in OUTCOMES order that any sentence shows wins.
RULES: tuple[tuple[str, tuple[re.Pattern, ...]], ...] = (
    ("general_approach_reached", (_GA, _REACH_RE)),
    ("partial_general_approach_reached", (_PGA, _REACH_RE)),
    ("agreement_reached", (_AGREEMENT, _REACH_RE)),
    ("adopted", (_ADOPT_RE,)),
    ("no_agreement", (re.compile(
        r"\bgeen (?:politiek )?(?:akkoord|overeenstemming|algemene oriëntatie|gekwalificeerde meerderheid)\b(?:\s+[\w-]+){0,4}?\s+(?:bereikt|gevonden)\b|"
        r"\bniet (?:worden )?(?:aangenomen|vastgesteld)\b|\bblokkerende minderheid\b|"
        r"\bgeen gekwalificeerde meerderheid\b|\bgeen meerderheid voor (?:de |het )?(?:compromis\w*|tekst|voorstel|algemene oriëntatie|conclusies|Raadsconclusies)\b|"
        r"\bonvoldoende steun\b|\bniet tot (?:een )?(?:akkoord|overeenstemming|algemene oriëntatie)\b"
    ),)),
    ("postponed", (re.compile(r"\b(?:uitgesteld|verdaagd|doorgeschoven|van de agenda (?:gehaald|afgevoerd|gevoerd))\b"),)),
    ("discussed", (re.compile(
        r"\b(?:gedachtewisseling|tafelronde|beleidsdebat|debat|gedebatteerd|besprak|bespraken|spraken|stilgestaan)\b|"
        r"(?<!worden )(?<!wordt )\bbesproken\b|\bRaad\b(?:\s+[\w-]+){0,2}?\s+sprak\b|"
        r"(?<!zonder )\bdiscussie\b(?!stuk)|\bwisselden\b(?:\s+[\w-]+){0,6}?\s+gedachten\b|"
        r"\b[Ll]idstaten\b(?:\s+[\w-]+){0,2}?\s+(?:benadrukten|onderstreepten|uitten|deelden|omarmden|verwelkomden|constateerden|wezen|waren|stonden|gaven|riepen|vroegen|spraken|zagen|pleitten)\b|"
        r"\bNederland\b(?:\s+[\w-]+){0,12}?\s+(?:benadrukte|onderstreepte|gaf|wees|vroeg|riep|opgeroepen|uitte|sprak|pleitte|ingebracht|sloot|stelde|verwelkomde|gesteund|aangegeven)\b"
    ),)),
    ("informed", (re.compile(
        r"\b(?:informeerde|informeerden|geïnformeerd|toelichting|lichtte|presenteerde|gepresenteerd|terugkoppeling|vertelde|debriefing|update|stand van zaken)\b"
    ),)),
)
_ORDER = {name: i for i, (name, _) in enumerate(RULES)}  # strongest first
# Within one sentence a failure is read first: "er werd geen algemene oriëntatie bereikt".
_SENTENCE_ORDER = sorted(RULES, key=lambda rule: rule[0] != "no_agreement")
# The strongest outcome among the rules from each place in that order on: once a sentence has given an outcome,
# a later sentence's rules that cannot beat it are not tried (the costliest, debate and information, come last).
_STRONGEST_FROM = [min(_ORDER[name] for name, _ in _SENTENCE_ORDER[k:]) for k in range(len(_SENTENCE_ORDER))]
_VOTE_TEXT = re.compile(r"\b(?:tekst|voorstel|compromis\w*|conclusies|Raadsconclusies|oriëntatie|akkoord|besluit|verordening|richtlijn|aanbeveling|verklaring|mandaat)\b")
_VOTE_CUE = re.compile(r"\binstem|\bingestemd|\bstem(?:t|de|den)\b|\bakkoord|\bgestemd")


def _usable(outcome: str, sentence: str) -> bool:
    """A decision must be this meeting's, and the Council's: not one the
    Netherlands took alone ("de brief, die Nederland mede heeft ondertekend")."""
    if outcome not in DECISIONS:
        return True
    if _ELSEWHEN.search(sentence) or _FUTURE.search(sentence):
        return False
    m = _REACH_RE.search(sentence)
    who = S.speaker_of(sentence, m.start(), m.end()) if m else None
    return not (who and who[2])


def outcome(text: str) -> tuple[str | None, str | None]:
    """(outcome, evidence sentence) of a verslag item's body; (None, None) without a body."""
    sentences = S.sentences(text or "")
    if not sentences:
        return None, None
    best: tuple[int, str, str] | None = None
    # a rule with a pattern that cannot match in the whole text cannot in any of its sentences: tested once
    live = [all(prefilter.possible(p, text) for p in patterns) for _, patterns in _SENTENCE_ORDER]
    for sentence in sentences:
        for k, (name, patterns) in enumerate(_SENTENCE_ORDER):
            if best is not None and _STRONGEST_FROM[k] >= best[0]:
                break  # nothing from here on beats the outcome found (the first rule a sentence meets counts)
            if live[k] and all(prefilter.search(p, sentence) for p in patterns) and _usable(name, sentence):
                if best is None or _ORDER[name] < best[0]:
                    best = (_ORDER[name], name, sentence)
                break
    if best is None:
        return "informed", sentences[0]
    return best[1], best[2]


def nl_vote(text: str, result: str | None, classify=S.classify) -> str | None:
    """`for`, `against` or `abstained` when the item was decided and the letter says how NL voted
    (`classify`: `stance.classify`, or one that remembers the letter's sentences)."""
    if result not in DECISIONS:
        return None
    for sentence in S.sentences(text or ""):
        pos = classify(sentence)
        if pos is None:
            continue
        if pos.stance == "abstain":
            return "abstained"
        if pos.stance == "oppose" and _VOTE_CUE.search(pos.cue):
            return "against"
        if pos.stance in ("support", "support_with_reservations") and (_VOTE_CUE.search(pos.cue) or _VOTE_TEXT.search(sentence)):
            return "for"
    return None
