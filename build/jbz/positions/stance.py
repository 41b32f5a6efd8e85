"""Which position the Dutch government states in one sentence.

A position is a verdict the government gives on a proposal, text or
initiative: it supports it (with or without reservations), is critical of it,
opposes it, abstains, only listens, or has not decided yet. Statements of
priorities and negotiating aims ("zet in op", "hecht belang aan", "pleit voor",
"vraagt aandacht voor") are not verdicts and give no position.

A sentence gives a position when a stance cue (`CUES`) is attributed to the
Dutch government: the nearest speaker to the cue, before it or just after it
(Dutch inversion: "Ook steunt het kabinet …"), is the cabinet or the
Netherlands. Speakers after a preposition ("van de Commissie") or in a
comparison ("net als Nederland") are objects, not speakers; "waaronder
Nederland" and "voor het kabinet" keep the Netherlands as speaker.

Modifiers are read between the speaker and the cue (and a few words after it):

- negation ("niet", "geen", "nooit") turns support into `oppose`, and into
  `critical` when hedged ("lijkt niet te kunnen steunen", "vooralsnog niet");
  "geen bezwaar" is support;
- hedging without negation ("lijkt te kunnen steunen", "zal zeer waarschijnlijk
  kunnen instemmen") and qualifiers in the sentence (conditions: "mits", "op
  voorwaarde dat", "onder voorbehoud", "indien"; limits: "in algemene zin", "op
  hoofdlijnen"; contrasts: "maar", "echter", "wel … aandacht") make support
  `support_with_reservations`;
- a wish the text were otherwise ("had graag gezien", "ziet graag dat", "de
  voorkeur had") is itself `support_with_reservations`;
- "was kritisch" is a past position (`past=True`): an item's overall stance
  (`combine`) ignores past criticism when a present verdict exists.

Every regular expression here is linear in the text (bounded repetitions, no
nested quantifiers).
"""

from __future__ import annotations

import bisect
import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..prefilter import Gate, may_match, needles
from ..sentences import sentence_spans

from ..schema import STANCES  # noqa: E402

# --- speakers ------------------------------------------------------------------------

_NL_NAMES = (r"[Hh]et [Kk]abinet", r"[Dd]e (?:Nederlandse )?regering", r"Nederland(?!-)", r"NL")
_OTHER_NAMES = (
    r"[Ll]idsta(?:at|ten)", r"[Cc]ommissie", r"[Vv]oorzitterschap", r"JBZ-Raad(?! van State)", r"Raad(?! van State)", r"Parlement",
    r"[Mm]inisters", r"[Dd]eelnemers", r"[Mm]eerderheid", r"landen", r"[Hh]of", r"Eurojust", r"Europol", r"Frontex", r"eu-LISA",
    r"EDEO", r"CTC", r"VS",
)  # each begins with a letter or a class of letters ("[Hh]"), as `_speaker_re` needs
_NL = "(?:" + "|".join(_NL_NAMES) + ")"
_OTHER = "(?:" + "|".join(_OTHER_NAMES) + ")"


@lru_cache(maxsize=1)
def _country_names() -> tuple[str, ...]:
    """The countries but the Netherlands, longest first."""
    with resources.files("jbz.vocab").joinpath("countries.csv").open(encoding="utf-8") as f:
        names = [row["name"] for row in csv.DictReader(f) if row["name"] != "Nederland"]
    return tuple(sorted(names, key=len, reverse=True))


def _countries() -> str:
    return "|".join(re.escape(n) for n in _country_names())


def _plain_speaker_re() -> re.Pattern:
    """What `_speaker_re` matches, written plainly (for the tests): `\b`
    first, which the engine tries at every word's start against all 130
    names in turn."""
    return re.compile(rf"\b(?:(?P<nl>{_NL})|(?P<other>{_OTHER}|{_countries()}))\b")


def _heads(name: str) -> tuple[str, str]:
    """(its possible first characters, the regex of the rest) of a speaker's name."""
    if name.startswith("["):
        end = name.index("]")
        return name[1:end], name[end + 1 :]
    assert name[0].isalpha(), name
    return name[0], name[1:]


@lru_cache(maxsize=1)
def _speaker_re() -> re.Pattern:
    r"""A speaker's name as a whole word: the same matches as
    `_plain_speaker_re`, each a Dutch speaker when `lastgroup` is set. The
    names are grouped by their first character, which comes first in each
    branch, with the check on the character before it after it
    ("H(?<!\wH)" reads the same character as "H" where a name begins with a
    letter), so the engine tries only places holding such a character, and
    there only the names that begin with it, in their order as before (the
    first that fits wins, Dutch speakers first). The Dutch names of a
    character are one group (nl0, nl1, ...)."""
    groups: dict[str, list[tuple[bool, str]]] = {}
    named = [(True, n) for n in _NL_NAMES] + [(False, n) for n in _OTHER_NAMES] + [(False, n[0] + re.escape(n[1:])) for n in _country_names()]
    for dutch, name in named:
        firsts, rest = _heads(name)
        for first in firsts:
            groups.setdefault(first, []).append((dutch, rest))
    branches = []
    for k, (first, rests) in enumerate(groups.items()):
        c = re.escape(first)
        nl = [r for dutch, r in rests if dutch]
        other = [r for dutch, r in rests if not dutch]
        alternatives = ([f"(?P<nl{k}>{'|'.join(nl)})"] if nl else []) + other
        branches.append(rf"{c}(?<!\w{c})(?:{'|'.join(alternatives)})")
    return re.compile(rf"(?:{'|'.join(branches)})\b")


# Words before a name that make it an object or a comparison, not the speaker.
_NOT_SPEAKER = {
    "van", "met", "aan", "tot", "bij", "over", "op", "naar", "tegenover", "richting", "uit", "onder", "dan", "als",
    "evenals", "zoals", "in", "tussen", "binnen", "door", "voor", "namens", "waaronder", "per", "tegen", "vanuit",
    "tijdens", "na", "sinds", "vóór", "rond", "rondom", "binnen", "buiten", "zonder", "jegens", "omtrent",
}
_NL_MAY_FOLLOW = {"voor", "waaronder", "namens", "door"}
_COMPARISON = {"als", "zoals", "evenals"}
_NOT_SPEAKER_NL = _NOT_SPEAKER - _NL_MAY_FOLLOW  # before a Dutch name
_WITH_NL = re.compile(r"\s+(?:en|samen met)\s+(?:de\s+|alle\s+)?(?:andere\s+|overige\s+)?")
_WORD = re.compile(r"[\w-]+")
REACH = 200  # how far before a cue its speaker may stand, in characters

# --- cues -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    stance: str
    pattern: re.Pattern
    negatable: bool = True  # False when the cue carries its own negation
    speaker_inside: bool = False  # the cue names the Dutch speaker itself
    impersonal: bool = False  # the letter's own voice when no one else is named ("Het is positief dat …")


_PREDICATIVE = (
    r"\b{adj}\b(?= (?:over|tegenover|(?:heeft |hebben )?gereageerd|uitgangspunt|grondhouding|uitgelaten|ingesteld|dat)\b)|"
    r"\b(?:is|zijn|was|staat|stond|staan|reageerde|reageert|zeer|ook) {adj}\b"
)


def _c(stance: str, regex: str, **kw) -> Cue:
    return Cue(stance, re.compile(regex), **kw)


CUES: tuple[Cue, ...] = (
    # the letter's own voice, no speaker named
    _c("support", r"^(?:Het|Dat) is (?:\w+ ){0,3}(?:positief|verheugend|een goede zaak|goed nieuws)\b", negatable=False, impersonal=True),
    _c("critical", r"^(?:Het|Dat) is (?:\w+ ){0,3}(?:teleurstellend|zorgelijk|onwenselijk|betreurenswaardig)\b|\ber (?:zijn|bestaan) (?:\w+ ){0,2}zorgen\b|\b(?:zijn|bestaan) er (?:\w+ ){0,2}zorgen\b", negatable=False, impersonal=True),
    _c("oppose", r"\bniet (?:kan |kunnen )?worden (?:onder)?steund\b", negatable=False, impersonal=True),
    # not decided yet
    _c("undecided", r"\b(?:nog )?geen (?:definitie(?:f|ve) |eigen |formee?le? )?(?:standpunt|positie)\b(?! van (?:de|het) (?!kabinet))", negatable=False),
    _c("undecided", r"\balvorens (?:een |haar |zijn )?(?:positie|standpunt) (?:in te nemen|te bepalen)\b", negatable=False),
    _c("undecided", rf"\b(?:uiteindelijke|definitieve) (?:positie|standpunt|inzet) van {_NL}\b[^.]{{0,40}}?\b(?:houdt verband|hangt af|afhankelijk|wordt bepaald)", negatable=False, speaker_inside=True),
    _c("undecided", r"\b(?:bestudeert|beraadt zich|bezint zich|beziet)\b(?= (?:momenteel |nog |op dit moment )?(?:het|dit|deze|de)\b)", negatable=False),
    _c("undecided", r"\b(?:standpunt|positie) (?:is |wordt )?(?:nog )?niet (?:bepaald|vastgesteld|ingenomen)\b", negatable=False),
    _c("undecided", r"\b(?:studie|parlementair|behandel|parlementair behandel)voorbehoud\b|\b(?:studie|parlementair) voorbehoud\b", negatable=False),
    # votes
    _c("abstain", r"\bonth(?:oudt|ield|ielden|ouden)\b(?:\s+[\w-]+){0,4}?\s+(?:van )?(?:stemming|stemmen)\b|\bzich (?:\w+ ){0,3}(?:onthouden|onthield)\b|\bblanco gestemd\b", negatable=False),
    _c("oppose", r"\btegen(?:ge)?stemd\b|\btegenstem(?:t|men|de|den)\b|\btegen\b(?:\s+[\w-]+){0,5}?\s+gestemd\b|\bstem(?:t|de|den)? tegen\b|\btegen te stemmen\b", negatable=False),
    _c("support", r"\bvoor\b(?:\s+[\w-]+){0,5}?\s+gestemd\b|\bstem(?:t|de|den) voor\b"),
    # reservations standing alone
    _c("support_with_reservations", r"\b(?:had|hadden)\b(?:\s+[\w-]+){0,8}?\s+(?:graag|liever)\b(?:\s+[\w-]+){0,8}?\s+gezien\b", negatable=False),
    _c("support_with_reservations", r"\bzien? (?:graag|liever)\b(?= (?:dat|een|de|het)\b)|\bziet (?:\w+ ){0,3}(?:graag|liever) dat\b", negatable=False),
    _c("support_with_reservations", r"\bde voorkeur (?:had|hadden)\b|\b(?:had|hadden) (?:\w+ ){0,3}de voorkeur\b", negatable=False),
    _c("support_with_reservations", r"\bwel\b(?:\s+[\w-]+){0,3}?\s+(?:aandacht|kanttekening\w*|zorg\w*)\b", negatable=False),
    _c("support_with_reservations", r"\bopen (?:te )?sta(?:at|an)\b|\bst(?:aat|aan|ond|onden) (?:\w+ ){0,2}open voor\b"),
    # against
    _c("oppose", r"\b(?:is|zijn|was) (?:\w+ ){0,2}tegenstander\b|\bverwerp(?:t|en)\b|\bwijst\b(?:\s+[\w-]+){0,8}?\s+af\b|\bafgewezen\b|\bverzet\w* (?:\w+ ){0,2}zich\b|\bzich\b(?:\s+[\w-]+){0,3}?\s+verzetten\b", negatable=False),
    _c("critical", r"\bziet\b(?:\s+[\w-]+){0,2}?\s+(?:niet|geen)\b(?:\s+[\w-]+){0,4}?\s+(?:aanleiding|noodzaak|meerwaarde|toegevoegde waarde|nut)\b", negatable=False),
    _c("critical", r"\bniet (?:\w+ ){0,2}overtuigd\b|(?<!zonder )\btwijfel(?:s|t|de|den)?\b|\bbetwijfel\w*|\bonwenselijk\b|\bonaanvaardbaar\b", negatable=False),
    _c("support", r"\bgeen bezwaar\w*\b", negatable=False),
    _c("critical", r"\bterughoudend\w*|\bkritisch\w*(?! (?:blijven |blijft )?(?:volgen|bezien|kijken|toetsen))|\bsceptisch\w*|\bbedenkingen\b|\bbezwaren\b|\bbezwaar\b|\bkanttekening\w*|\bonvoldoende\b(?= (?:evenwichtig|uitgewerkt|onderbouwd))"),
    _c("critical", r"\b(?:uit(?:te|ten)?|geuit|heeft|hebben|maakt zich|maakte zich)\b(?:\s+[\w-]+){0,6}?\s+zorgen\b|\bzorgen\b(?:\s+[\w-]+){0,3}?\s+(?:geuit|uitte|uitten|uit)\b", negatable=False),
    # listening
    _c("listen", r"\baan(?:hoort|horen)\b|\baan te horen\b|\bkennis(?:nemen| nemen| te nemen| genomen|genomen)\b|\bkennis van (?:\w+ ){0,2}(?:te )?nemen\b|\b(?:neemt|nam)\b(?:\s+[\w-]+){0,8}?\s+kennis van\b"),
    # support
    # not: being supported ("ondersteund kunnen worden") or a purpose ("om … te ondersteunen")
    _c("support", r"\b(?:on(?:der)?)?steun(?:t|en|de|den)?\b(?<!\bte steunen)(?<!\bte ondersteunen)|\b(?:ge|onder)steund\b(?! (?:kunnen |kan |zal |zullen )?(?:worden|wordt|werd|werden)\b)"),
    _c("support", r"\bte (?:onder)?steunen\b"),
    _c("support", r"\binstem(?:t|men)\b|\bin te stemmen\b|\bingestemd\b|\bstem(?:t|de|den)\b(?:\s+[\w-]+){0,6}?\s+in met\b"),
    _c("support", r"\bverwelkom\w*"),
    _c("support", r"\b(?:kan|kon|kunnen|konden|zal|zullen) zich (?:\w+ ){0,3}vinden\b|\bzich (?:\w+ ){0,3}(?:kunnen|kan) vinden\b"),
    _c("support", r"\bwaardeer(?:t|de|den)\b|\b(?:goed |zeer |erg )?te spreken over\b"),
    _c("support", r"\bvoorstander\b|\bonderschr(?:ijf|ijft|ijven|eef|even)\b|\btevreden\w*|\bomarm\w*|\bwaardering\b"),
    # "positief"/"negatief" only as a verdict, not as an attribute ("negatieve visummaatregelen", "ten positieve")
    _c("support", _PREDICATIVE.format(adj="positie(?:f|ve)")),
    _c("critical", _PREDICATIVE.format(adj="negatie(?:f|ve)")),
    _c("support", r"\b(?:sluit|sluiten|sloot|sloten)\b(?:\s+[\w-]+){0,2}?\s+zich\b(?:\s+[\w-]+){0,4}?\s+aan\b|\bzich (?:\w+ ){0,4}(?:aansluiten|aan te sluiten|aangesloten)\b"),
    _c("support", r"\bakkoord (?:gaan|gegaan|te gaan)\b|\b(?:gaat|ging|gingen)\b(?:\s+[\w-]+){0,4}?\s+akkoord\b"),
    _c("support", r"\bdeel(?:t|de|den) de (?:focus|zorg\w*|analyse|mening|opvatting|visie|doelstelling\w*|ambitie\w*|prioriteit\w*|conclusie\w*)\b"),
)
_NEGATION = re.compile(r"\b(?:niet(?! alleen\b)|geen|nooit|allerminst)\b")
_HEDGE = re.compile(r"\b(?:lijk(?:t|en)|leek|vooralsnog|voorlopig|waarschijnlijk|wellicht|mogelijk|naar verwachting)\b")
_PAST = re.compile(r"\b(?:was|waren)\b")
_QUALIFIER = re.compile(
    r"\bmits\b|\bop voorwaarde (?:dat|van)\b|\bonder (?:de )?voorwaarden?\b|\baan (?:deze|die|de|alle|een aantal) voorwaarden\b|\bonder voorbehoud\b|\bindien\b|"
    r"\bin (?:algemene zin|het algemeen|grote lijnen|beginsel|principe)\b|\bop (?:hoofdlijnen|grote lijnen)\b|"
    r"\bmaar\b(?! ook\b)|\bechter\b|\bevenwel\b|\bhoewel\b|\bweliswaar\b|\bwel aandacht\b"
)
# Where a subordinate clause begins: the words after a cue that still belong to it stop here.
_CLAUSE_END = re.compile(r"[,;:()]|\b(?:dat|die|om|omdat|zodat|waarbij|waarmee|wanneer|indien|als|en|maar|of)\b")
_PURPOSE = re.compile(r"\bom\b")
_MODAL = re.compile(r"\b(?:kan|kon|kunnen|konden|zal|zullen|lijkt|lijken|leek|voornemens|bereid)\b")
_VOTE = re.compile(r"\bingestemd\b|\bgestemd\b|\bstem(?:t|de|den)\b|\bonth")
_VERDICTS = {"support", "support_with_reservations", "critical", "oppose", "abstain"}
_RELATIVE = re.compile(r"\b(?:die|welke)\b")
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:dat|die|maar|en|omdat|zodat|waarbij|waarmee|wanneer|terwijl|hoewel)\b")


@lru_cache(maxsize=1)
def _gate() -> Gate:
    """One scan of a sentence for the fixed words of every cue."""
    return Gate([c.pattern for c in CUES])


@lru_cache(maxsize=1)
def _own_voice() -> tuple[tuple[str, ...] | None, Gate, tuple[int, ...]]:
    """(strings one of which every Dutch speaker holds (`_hints`), a gate for the
    impersonal cues, their indices in CUES)."""
    own = tuple(i for i, c in enumerate(CUES) if c.impersonal)
    return _hints(needles(re.compile(_NL))), Gate([CUES[i].pattern for i in own]), own


def _candidates(sentence: str) -> list[int]:
    """The indices of the cues to try on `sentence`, in order: those whose
    fixed words stand in it (`jbz.prefilter`). A sentence that names neither
    the cabinet nor the Netherlands has no Dutch speaker, and every cue but
    the impersonal ones needs one (or names it itself), so only those are
    looked for there (three sentences in four; a fifth of the scan)."""
    hints, own_gate, own = _own_voice()
    for hint in hints:  # a plain loop: cheaper than any() over a generator, and this runs for every sentence
        if hint in sentence:
            return _gate().candidates(sentence)
    return [own[i] for i in own_gate.candidates(sentence)]


def _hints(found: tuple[str, ...]) -> tuple[str, ...]:
    """Fewer strings to test than `found`, one of which stands in each of
    them: the spellings of one name in other case ("Het Kabinet", "het
    kabinet", …) by the end they share ("abinet"). A sentence holding none
    of these holds none of `found`; one that holds one without naming the
    cabinet ("kabinetten") is only looked at more closely."""
    by_folded: dict[str, list[str]] = {}
    for n in found:
        by_folded.setdefault(n.casefold(), []).append(n)
    out = []
    for spellings in by_folded.values():
        tail = os.path.commonprefix([n[::-1] for n in spellings])[::-1]
        out += [tail] if len(spellings) > 1 and len(tail) >= 3 else spellings
    return tuple(out)


@dataclass(frozen=True)
class Position:
    stance: str
    cue: str  # the words that decided it, as written
    past: bool = False
    decisive: bool = False  # a verdict on the decision itself ("kan … steunen", "heeft ingestemd")


def _words_before(sentence: str, pos: int, n: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(sentence[max(0, pos - 60) : pos])[-n:]]


def _speakers(sentence: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_dutch) of every name that can be the speaker."""
    out = []
    for m in _speaker_re().finditer(sentence):
        dutch = m.lastgroup is not None  # a Dutch name (the only named groups)
        words = _words_before(sentence, m.start(), 2 if dutch else 5)  # read once: the check after reads the last of them
        if any(w in _COMPARISON for w in words):
            continue  # "net als Nederland", "net zoals … de andere lidstaten"
        if any(w in (_NOT_SPEAKER_NL if dutch else _NOT_SPEAKER) for w in words[-1 if dutch else -3 :]):
            continue
        if not dutch and out and out[-1][2] and _WITH_NL.fullmatch(sentence, out[-1][1], m.start()):
            dutch = True  # "Nederland en de andere lidstaten": a group with the Netherlands in it
        out.append((m.start(), m.end(), dutch))
    return out


def _speaker_for(speakers: list[tuple[int, int, bool]], start: int, end: int) -> tuple[int, int, bool] | None:
    """The speaker inside the cue ("neemt het kabinet kennis van"), else the
    nearest before it (at most `REACH` characters back), or just after it
    (inversion: "Ook steunt het kabinet"). `speakers` is in text order."""
    i = bisect.bisect_left(speakers, (start, -1, False))
    if i < len(speakers) and speakers[i][1] <= end:
        return speakers[i]
    j = bisect.bisect_right(speakers, (start, 10**12, True)) - 1
    while j >= 0 and speakers[j][1] > start:
        j -= 1  # a name overlapping the cue's start
    before = speakers[j] if j >= 0 and start - speakers[j][1] <= REACH else None
    k = bisect.bisect_left(speakers, (end, -1, False))
    after = speakers[k] if k < len(speakers) and speakers[k][0] - end <= 25 else None
    if before and after and after[2] and after[0] - end < start - before[1]:
        return after
    return before or after


def speaker_of(sentence: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """(start, end, is_dutch) of the speaker of the words at start:end."""
    return _speaker_for(_speakers(sentence), start, end)


def _clause_start(sentence: str, start: int, cue_start: int) -> int:
    """Where the clause holding the cue begins, at or after `start`: negation
    and hedges are read from there ("… dat geen X kent, maar gaf aan open te staan")."""
    last = start
    for m in _CLAUSE_BREAK.finditer(sentence, start, cue_start):
        last = m.end()
    return last


def _tail(sentence: str, end: int) -> str:
    """A few words after the cue, up to the next clause boundary ("steunt dit niet")."""
    rest = sentence[end : end + 30]
    m = _CLAUSE_END.search(rest)
    return rest[: m.start()] if m else rest


def classify(sentence: str) -> Position | None:
    """The Dutch government's position in one sentence, or None."""
    candidates = _candidates(sentence)
    if not candidates:
        return None  # most sentences
    speakers = None  # read when the first cue is found: most sentences have none
    found: list[Position] = []
    taken = bytearray(len(sentence))  # characters already read as a cue
    for i in candidates:
        cue = CUES[i]
        for m in cue.pattern.finditer(sentence):
            if speakers is None:
                speakers = _speakers(sentence)
            if any(taken[m.start() : m.end()]):
                continue  # part of a cue already read ("geen bezwaar")
            who = None if cue.speaker_inside else _speaker_for(speakers, m.start(), m.end())
            if who is not None and who[1] <= m.start() and _RELATIVE.search(sentence, who[1], m.start()):
                who = None  # "… agentschappen die kunnen ondersteunen": the relative clause has its own subject
            if cue.impersonal:
                if who is not None and who[1] <= m.start() and not who[2]:
                    continue  # someone else's voice ("Volgens enkele lidstaten is het positief …")
                who = who if who is not None and who[1] <= m.start() else None
            elif not cue.speaker_inside and (who is None or not who[2]):
                continue
            region_start = who[1] if who and who[1] <= m.start() else m.start()
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            region_start = _clause_start(sentence, region_start, m.start())
            region = sentence[region_start : m.start()]
            if m.group(0).startswith("te ") and _PURPOSE.search(region):
                continue  # "om … te ondersteunen": what it does, not what it thinks
            tail = _tail(sentence, m.end())
            stance, start, end = cue.stance, m.start(), m.end()
            neg_before = (_NEGATION.search(region) or _NEGATION.search(m.group(0))) if cue.negatable else None
            neg_after = _NEGATION.search(tail) if cue.negatable and not neg_before else None
            hedge = _HEDGE.search(region)
            if neg_before or neg_after:
                if stance == "critical":
                    continue  # "niet kritisch": no verdict
                if stance in ("support", "support_with_reservations", "listen"):
                    stance = "critical" if hedge else "oppose"
                if neg_after:
                    end = m.end() + neg_after.end()
                elif neg_before.string is region:
                    start = region_start + neg_before.start()
                if hedge:
                    start = min(start, region_start + hedge.start())
            elif hedge and stance == "support":
                stance = "support_with_reservations"
                start = region_start + hedge.start()
            text = sentence[start:end]
            past = stance in ("critical", "oppose") and bool(_PAST.search(region))
            decisive = stance in _VERDICTS and bool(_MODAL.search(sentence, region_start, m.end()) or _VOTE.search(m.group(0)))
            found.append(Position(stance, " ".join(text.split()), past, decisive))
    if not found:
        return None
    positions = list(found)
    stance = combine([p.stance for p in positions])
    if stance == "support":
        q = _QUALIFIER.search(sentence)
        if q:
            stance = "support_with_reservations"
            positions.append(Position(stance, q.group(0)))
    cue = " … ".join(dict.fromkeys(p.cue for p in positions))
    return Position(stance, cue, all(p.past for p in positions), any(p.decisive for p in found))


def combine(stances: list[str], past: list[bool] | None = None, decisive: list[bool] | None = None) -> str:
    """One stance for several positions (of a sentence or an agenda item).

    A verdict on the decision itself ("kan … steunen", "lijkt niet te kunnen
    steunen", "is voornemens in te stemmen", "heeft ingestemd") outweighs
    support or criticism of aims and parts: when there is one, only such
    verdicts and reservations count. Then support next to criticism or
    opposition is support with reservations; otherwise the strongest verdict
    wins: opposition over criticism, any support over listening; abstention
    and undecided only when nothing else is said. Past criticism ("was
    kritisch") counts only when something present is said."""
    if decisive and any(decisive):
        keep = [d or s == "support_with_reservations" for s, d in zip(stances, decisive)]
        stances = [s for s, k in zip(stances, keep) if k]
        past = [p for p, k in zip(past, keep) if k] if past else None
    if past and any(not p for p in past):
        stances = [s for s, p in zip(stances, past) if not p]
    have = set(stances)
    positive = have & {"support", "support_with_reservations"}
    negative = have & {"critical", "oppose"}
    if positive and negative:
        return "support_with_reservations"
    if positive:
        return "support_with_reservations" if "support_with_reservations" in positive else "support"
    if negative:
        return "oppose" if "oppose" in negative else "critical"
    for s in ("abstain", "undecided", "listen"):
        if s in have:
            return s
    return "none"


def sentences(text: str) -> list[str]:
    return [text[s:e].strip() for s, e in sentence_spans(text)]
