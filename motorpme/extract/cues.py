"""The cue table of ``relations.py``: the words that tie an amount to the names around it
(``investit``, ``subvention de``, ``budget de``…), each with the roles its names take and
where they stand. A new cue is one more ``Cue`` here and one made-up sentence in
``tests/test_relations.py``."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cue:
    """Words that tie an amount to names around it.

    ``before``: the cue stands before the amount (``investit 2 M€``), else after it
    (``2 M€ investis par``). ``subject``: the role of the nearest party before the cue (or
    before the amount, for a cue after it); ``between``: preposition → role, for a name tied
    to the cue between cue and amount (``le budget du Grand Prix est de``); ``after``:
    preposition → role, for a name (or a purpose phrase) after the amount and the cue;
    ``fronted``: the role of the name a sentence-opening ``Avec un budget de 2 M€,`` sets
    before (``l'écurie X vise…``); ``object``: the role of the name the cue's verb takes
    right after it (``rachète l'écurie X pour``); ``then``: what must stand between a name
    tied by ``between`` and the amount (``la participation de la Ville s'élève à``), when the
    cue's noun is too common to tie a name on its own."""

    name: str
    pattern: re.Pattern[str]
    before: bool = True
    subject: str | None = None
    between: tuple[tuple[str, str], ...] = ()
    after: tuple[tuple[str, str], ...] = ()
    fronted: str | None = None
    object: str | None = None
    then: re.Pattern[str] | None = None


def words(*forms: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(forms) + r")(?![\w-])", re.IGNORECASE)


_TO = (("à", "receiver"), ("au", "receiver"), ("aux", "receiver"))
_FOR = (("dans", "purpose"), ("pour", "purpose"), ("sur", "purpose"), ("en faveur de", "purpose"))
_FROM = (("de la part de", "giver"), ("venant de", "giver"), ("en provenance de", "giver"))
_BY = (("par", "giver"),)
_OF = (("de", "holder"), ("du", "holder"), ("des", "holder"), ("d'", "holder"), ("d’", "holder"))
_OF_PURPOSE = tuple((prep, "purpose") for prep, _ in _OF)
# "s'élève à", "se montait jusqu'alors à", "atteint", "est de", "pour", "(": a name's amount.
_SAYS_AMOUNT = re.compile(
    r"\s*(?:(?:s['’]él[eè]v\w*|se mont\w*|s['’]établi\w*)\s+(?:[\w'’-]+\s+){0,2}?(?:à|de)|"
    r"atteint|atteignait|atteindra|représente|représentait|"
    r"(?:est|était|sera|serait|a été|fut)\s+(?:[\w'’-]+\s+)?de|pour|contre|moyennant|de|:)?"
    r"\s*\(?\s*$",
    re.IGNORECASE,
)
_SPENT = (
    r"(?:investi|injecté|apporté|versé|accordé|alloué|octroyé|débloqué|dépensé|déboursé|"
    r"financé|engagé|consacré)e?s?"
)
CUES: tuple[Cue, ...] = (
    Cue(
        "subvention de",
        words(
            r"(?:subvention|contribution|participation|dotation|aide|enveloppe|apport)s?"
            r"(?:\s+\w+){0,2}?\s+(?:de|d['’]un montant de|d['’]environ)"
        ),
        subject="giver",
        after=(
            *_FROM,
            ("de", "giver"),
            ("d'", "giver"),
            ("du", "giver"),
            ("des", "giver"),
            *_TO,
            *_FOR,
        ),
    ),
    Cue(
        "subvention de",
        words(
            r"(?:subvention|contribution|participation|dotation|aide|enveloppe)s?"
            r"(?:\s+(?:annuelle|globale|totale|publique|exceptionnelle|régionale)s?)?"
        ),
        between=(*_FROM, ("de", "giver"), ("d'", "giver"), ("du", "giver"), ("des", "giver")),
        then=_SAYS_AMOUNT,
    ),
    Cue(
        "investit",
        words(
            r"invest(?:it|i|ira|issent|iront|ir|issement|issements)",
            r"inject(?:e|é|ent|era|er)",
            r"consacr(?:e|é|ent|era|er)",
            r"appor(?:te|té|tent|tera|ter)",
            r"vers(?:e|é|ent|era|er)",
            r"accord(?:e|é|ent|era|er)",
            r"débloqu(?:e|é|ent|era|er)",
            r"allou(?:e|é|ent|era|er)",
            r"octroi(?:e|ent|era)|octroy(?:é|er)",
            r"dépens(?:e|é|ent|era|er)",
            r"débours(?:e|é|ent|era|er)",
        ),
        subject="giver",
        after=(*_TO, *_FOR, ("à", "purpose"), ("au", "purpose")),
        fronted="purpose",
    ),
    Cue(
        "investi par",
        words(_SPENT),
        before=False,
        after=(*_BY, *_FOR, ("à", "purpose"), ("en", "beneficiary")),
    ),
    Cue(
        "budget de",
        words(r"budgets?(?:\s+(?:global|total|annuel|prévisionnel|de fonctionnement))?"),
        subject="holder",
        between=_OF,
        after=_FOR,
        fronted="holder",
    ),
    Cue(
        "chiffre d'affaires de",
        words(r"chiffres? d['’]affaires", r"CA", r"recettes?", r"bénéfices?", r"pertes?"),
        subject="holder",
        between=_OF,
        fronted="holder",
    ),
    Cue(
        "retombées de",
        words(r"retombées", r"impact"),
        subject="source",
        between=(
            *((prep, "source") for prep, _ in _OF),
            ("pour", "beneficiary"),
            ("sur", "beneficiary"),
        ),
        after=(("pour", "beneficiary"), ("sur", "beneficiary"), ("en", "beneficiary")),
    ),
    Cue(
        "coûté",
        words(r"co[uû]t(?:e|é|ée|és|ent|era|eront|ait|aient|er)", r"coûts?", r"facture", r"prix"),
        subject="purpose",
        between=(*_OF_PURPOSE, ("à", "giver"), ("au", "giver"), ("aux", "giver")),
        after=(("à", "giver"), ("au", "giver"), ("aux", "giver")),
    ),
    Cue(
        "financé par",
        words(r"(?:financ|pay|subventionn)(?:é|ée|és|ées)", r"pris en charge"),
        subject="purpose",
        between=_BY,
    ),
    Cue(
        "venant de",
        words(r"venant", r"en provenance"),
        before=False,
        after=(("de", "giver"), ("du", "giver"), ("des", "giver"), ("d'", "giver")),
    ),
    Cue(
        "de travaux",
        words(r"de travaux"),
        before=False,
        subject="giver",
        after=(("sur", "purpose"), ("pour", "purpose"), ("à", "purpose"), ("au", "purpose")),
    ),
    Cue(
        "racheté par",
        words(r"(?:rachet|achet)(?:é|ée|és|ées)(?=\s+par\b)", r"acquise?s?(?=\s+par\b)"),
        subject="purpose",
        between=_BY,
    ),
    Cue(
        "rachète",
        words(
            r"rach[eè]t(?:e|é|ent|era)(?!\s+par\b)",
            r"acqui(?:ert|s|èrent)(?!\s+par\b)",
            r"achet(?:e|é|ent)(?!\s+par\b)",
        ),
        subject="giver",
        object="purpose",
        after=(*_FOR, ("à", "receiver"), ("au", "receiver")),
    ),
    Cue(
        "rachat de",
        words(r"rachats?", r"acquisitions?"),
        between=(*_OF_PURPOSE, *_BY),
        then=_SAYS_AMOUNT,
    ),
    Cue(
        "lève",
        words(r"l[eè]v(?:e|é|ent|era)", r"levée de fonds(?:\s+de)?"),
        subject="receiver",
        after=(("auprès de", "giver"), ("auprès du", "giver"), ("auprès des", "giver")),
    ),
)
# How far a cue may stand from its amount, and a name from its cue (characters).
CUE_GAP = 60
AFTER_GAP = 70
