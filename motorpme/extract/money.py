"""MONEY mentions in French press text, with their value and ISO 4217 currency.

Pure module (no spaCy): ``find_money`` scans one line or paragraph, ``parse_money``
normalises one expression. Every regex here is linear-time: the only repetitions are
bounded or consume a fixed separator per turn, because a single line can be 1 MB.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_SP = "[ \u00a0\u202f\u2009]"  # the spaces ingest folds, accepted here anyway
_AP = "['’]"

_WORD_UNITS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "cent": 100,
    "cents": 100,
    "mille": 1000,
}
# Alternatives grouped by first letter, in their order within each group, and that letter
# written case-sensitively ("[sSſ]" is "s" ignoring case): the regex engine skips a branch at
# once only when it opens on such a character. Same matches as the plain list of words.
_WORD_NUM = (
    r"(?<![\w-])(?:[uU](?i:n|ne)|[dD](?i:eux|ix|ouze)|[tT](?i:rois|reize|rente)"
    r"|[qQ](?i:uatre|uatorze|uinze|uarante)|[cC](?i:inq|inquante|ent)"
    r"|[sSſ](?i:ix|ept|eize|oixante)|[hH](?i:uit)|[nN](?i:euf)|[oO](?i:nze)|[vV](?i:ingt)"
    r"|[mM](?i:ille))"
    r"(?i:(?:[ -](?:cents?|mille)){0,2})(?!\w)"
)
# Grouped thousands first (space, NBSP or dot), then a plain number with decimals.
_DIGITS = rf"(?<![\d.,])(?:\d{{1,3}}(?:(?:{_SP}|[.,])\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\d])"
# Every way the press writes a currency, and its ISO 4217 code: the one table the patterns,
# the currency lookup and the pre-filter of ``find_money`` are all derived from.
# Kinds: "word" (any case; each lowercase word may take a plural "s"), "sign" (before or
# after the number), "code" (capitals as written; before the number too), "scaled" (after
# the number only, a multiplier included: "12 MF" are millions of francs).
CURRENCY_FORMS: tuple[tuple[str, str, str], ...] = (
    ("euro", "EUR", "word"),
    ("€", "EUR", "sign"),
    ("EUR", "EUR", "code"),
    ("EUROS", "EUR", "code"),
    ("franc suisse", "CHF", "word"),
    ("CHF", "CHF", "code"),
    ("franc", "FRF", "word"),
    ("FF", "FRF", "code"),
    ("MF", "FRF", "scaled"),
    ("kF", "FRF", "scaled"),
    ("KF", "FRF", "scaled"),
    ("dollar américain", "USD", "word"),
    ("dollar US", "USD", "word"),
    ("dollar canadien", "CAD", "word"),
    ("dollar australien", "AUD", "word"),
    ("dollar", "USD", "word"),
    ("US$", "USD", "sign"),
    ("$", "USD", "sign"),
    ("USD", "USD", "code"),
    ("livre sterling", "GBP", "word"),
    ("livre", "GBP", "word"),
    ("£", "GBP", "sign"),
    ("GBP", "GBP", "code"),
    ("yen", "JPY", "word"),
    ("¥", "JPY", "sign"),
    ("JPY", "JPY", "code"),
)
_SCALE = {"MF": 1_000_000, "kF": 1000, "KF": 1000}  # the multiplier a "scaled" form holds


def _form_key(written: str) -> str:
    """A written currency folded to its table form: case, plural "s" and spacing aside."""
    return " ".join(w.removesuffix("s") for w in written.casefold().split())


_CODE_OF = {_form_key(form): code for form, code, _kind in CURRENCY_FORMS}


def _form_pattern(form: str, kind: str) -> str:
    if kind != "word":
        return re.escape(form) + ("" if kind == "sign" else r"(?!\w)")
    words = [re.escape(w) + ("s?" if w.islower() else "") for w in form.split()]
    return "(?i:" + r"\s+".join(words) + r")(?!\w)"


# Longest first: an alternation takes its first branch that matches ("francs suisses"
# before "francs", "US$" before "$").
_BY_LENGTH = sorted(CURRENCY_FORMS, key=lambda row: -len(row[0]))
_CUR_AFTER = "(?:" + "|".join(_form_pattern(f, k) for f, _c, k in _BY_LENGTH) + ")"
_SIGNS = [f for f, _c, k in _BY_LENGTH if k == "sign"]
_CODES = [f for f, _c, k in _BY_LENGTH if k == "code"]
_CUR_BEFORE = (
    "(?:" + "|".join(map(re.escape, _SIGNS)) + r"|(?<!\w)(?:" + "|".join(_CODES) + r")(?=[\s\d]))"
)
# Letter multipliers only count when a currency follows ("19 M€", not "3 M").
_MULT = (
    r"(?:(?i:millions?|milliards?|mille)(?!\w)"
    rf"|(?:Mds?|Mrds?|M|k|K)(?=\s?(?:{_CUR_AFTER}|de\s|d['’])))"
)
# Approximation words stay in the mention, as the number they qualify ("près de 250 000 euros").
# (First letters written out as in ``_WORD_NUM``.)
_APPROX = (
    rf"(?:(?=[pPuUmM])(?i:(?:(?:pas|un{_SP}peu){_SP}+)?(?:plus|moins){_SP}+(?:de{_SP}+|d{_AP}))"
    rf"|[pP](?i:r[èe]s{_SP}+(?:de{_SP}+|d{_AP}))|[aA](?i:utour{_SP}+(?:de{_SP}+|d{_AP}(?=une?{_SP})))"
    rf"|[eE](?i:nviron{_SP}+)|[qQ](?i:uelque{_SP}+)|[aA](?i:u{_SP}+moins{_SP}+))"
)
# Where a match can start: at a digit or a currency sign, or after a non-word character at
# a letter that opens an approximation, a number word, "million", a currency code or "un
# demi-". Checked first, it fails at once inside words, where the branches below would each
# try their lookbehind or letters; it adds no match and removes none.
_OPENING_LETTERS = sorted(
    {w[0] for w in _WORD_UNITS}
    | set("pumaeq")  # _APPROX: plus, moins, pas, un peu, près, autour, environ, quelque, au
    | {"m"}  # a lone "million"
    | {c[0].lower() for c in _CODES}
)
_MONEY_START = (
    r"(?=[\d"
    + re.escape("".join(sorted({s[0] for s in _SIGNS})))
    + r"]|(?<!\w)["
    + "".join(_OPENING_LETTERS)
    + "".join(_OPENING_LETTERS).upper()
    + "ſ])"
)
_MONEY = re.compile(
    rf"{_MONEY_START}(?P<pre>(?<![\w-]){_APPROX})?"
    rf"(?:(?P<cur0>{_CUR_BEFORE}){_SP}?)?"
    rf"(?:(?P<demi>(?i:un{_SP}demi-(?:million|milliard)))(?!\w)"
    rf"|(?P<lone>(?<=\b[LlDd][eu]{_SP})(?i:million|milliard))(?!\w)"
    rf"|(?P<num>{_DIGITS}|{_WORD_NUM})"
    rf"(?:{_SP}?(?P<mult>{_MULT}))?)"
    rf"(?:{_SP}?(?:(?i:de){_SP}|[dD]{_AP}{_SP}?)?(?P<cur>{_CUR_AFTER}))?"
)
_RANGE_LEFT = re.compile(
    rf"(?P<entre>(?i:entre){_SP}+)?(?P<num>{_DIGITS}|{_WORD_NUM}){_SP}*"
    rf"(?P<sep>(?i:à|a|et|ou)|-|–){_SP}*$"
)

_COUNT_AFTER = re.compile(rf"{_SP}*(?:(?i:de){_SP}+|[dD]{_AP})\w")
# ... unless what is counted is money itself: "16 millions de recettes", "1,5 milliard de CA",
# "2 millions de financements publics", "3 millions d'investissements".
_MONEY_AFTER = re.compile(
    rf"{_SP}*(?:(?i:de){_SP}+|[dD]{_AP})(?:CA\b|(?i:recettes?|chiffres? d{_AP}affaires"
    r"|b[ée]n[ée]fices?|pertes|dettes?|d[ée]ficits?|subventions?|investissements?"
    r"|financements?|cr[ée]dits?|d[ée]penses|retomb[ée]es|dotations?|fonds|budgets?|aides?"
    r"|travaux|[ée]conomies|revenus?|salaires?|achats?)\b)"
)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s+[\"«A-ZÀ-Ý])|\n")
# Words that make a bare "3 millions" money when the sentence names no currency.
_CUES = re.compile(
    r"\b(?:budget|invest|co[uû]t|financ|subvention|chiffre d['’]affaires|(?<!grand )prix"
    r"|dotation|enveloppe|montant|mécénat|sponsoring|salaire|recette|bénéfice|perte|dette"
    r"|capital\b|levée|fonds|somme|emprunt|prêt|rachat|valoris|payé|factur|dépense"
    r"|rapporte|euros?\b|francs?\b|dollars?\b)|€|\$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Amount:
    """One money mention: ``text[start:end]`` is the mention as written."""

    start: int
    end: int
    value: float | int
    currency: str | None
    value_max: float | int | None = None  # the upper amount of a range ("entre 10 et 20 M€")


def _currency(word: str | None) -> str | None:
    return _CODE_OF.get(_form_key(word)) if word else None


_SPACES = re.compile(_SP)
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_WORD_SEP = re.compile(r"[ -]")


def _number(raw: str, scaled: bool = False) -> Decimal | None:
    """Decimal value of digits or simple French number words.

    A comma is decimal ("2,7 millions", "49,90 €") except in "$50,000": groups of
    exactly three digits with no multiplier after them.
    """
    s = _SPACES.sub("", raw).strip()
    if s[:1].isdigit():
        if not scaled and _COMMA_GROUPS.fullmatch(s):
            s = s.replace(",", "")
        elif s.count(",") > 1:
            return None
        elif "," in s:
            head, _, tail = s.partition(",")
            s = head.replace(".", "") + "." + tail
        elif _DOT_GROUPS.fullmatch(s):
            s = s.replace(".", "")  # "10.000€": a dot before three digits groups thousands
        try:
            return Decimal(s)
        except InvalidOperation:
            return None
    words = _WORD_SEP.split(raw.casefold().strip())
    value = Decimal(_WORD_UNITS.get(words[0], 0))
    for word in words[1:]:
        value *= 100 if word.startswith("cent") else 1000
    return value or None


def _multiplier(mult: str | None) -> int:
    if not mult:
        return 1
    m = mult.casefold()
    if m.startswith(("milliard", "md", "mrd")):
        return 1_000_000_000
    if m.startswith("mille") or m == "k":
        return 1000
    return 1_000_000


def _as_number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def _sentence(bounds: list[int], pos: int, size: int) -> tuple[int, int]:
    i = bisect.bisect_right(bounds, pos)
    return (bounds[i - 1] if i else 0), (bounds[i] if i < len(bounds) else size)


def _sentence_currency(text: str, lo: int, hi: int) -> str | None:
    """The one currency a sentence names, if it names exactly one."""
    found = {_currency(m.group(0)) for m in re.finditer(_CUR_AFTER, text[lo:hi])}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _candidates(text: str) -> list[tuple[int, int, Decimal, str | None, bool, Decimal]]:
    """(start, end, value, currency, needs_context, mult) for each raw match."""
    out = []
    for m in _MONEY.finditer(text):
        cur_word = m.group("cur") or m.group("cur0")
        demi, lone = m.group("demi", "lone")
        if demi:
            mult = demi.rsplit("-", 1)[1]
        elif lone:
            if not cur_word:
                continue  # "le million de spectateurs"
            mult = lone
        else:
            mult = m.group("mult")
        bare_livres = bool(cur_word) and cur_word.casefold().startswith("livre")
        if bare_livres and " " not in cur_word and not mult:
            continue  # "500 livres" are books more often than pounds
        num_at = m.start("num")
        if num_at > 0 and not m.group("cur0") and text[num_at - 1].isalpha():
            continue  # "F3 Euro", "GP2 Euro": a series' name, not 3 euros
        word_mult = bool(mult) and mult.casefold().startswith(("million", "milliard"))
        if not cur_word and not word_mult:
            continue  # most matches: a number without a currency (the value is not needed)
        if demi:
            num: Decimal | None = Decimal(1) / 2
        else:
            num = Decimal(1) if lone else _number(m.group("num"), bool(mult))
        if num is None:
            continue
        factor = Decimal(_multiplier(mult))
        factor *= _SCALE.get(cur_word or "", 1)  # "12 MF": millions of francs
        start = m.start("pre") if m.group("pre") else m.start()
        counted = not cur_word and _COUNT_AFTER.match(text, m.end())
        if counted and not _MONEY_AFTER.match(text, m.end()):
            continue  # "2 millions de spectateurs": a count
        out.append((start, m.end(), num * factor, _currency(cur_word), not cur_word, factor))
    return out


def _range_left(
    text: str, start: int, value: Decimal, factor: Decimal
) -> tuple[int, Decimal] | None:
    """(start, lower amount) of a range whose upper amount starts at ``start``: "entre 10 et
    20 millions d'euros", "de 5 à 8 M€". The lower number must be the smaller one: in "en
    2016 à 40 millions d'euros" the year is no amount."""
    window = text[max(0, start - 40) : start]
    m = _RANGE_LEFT.search(window)
    if m is None or (m.group("sep").casefold() in ("et", "ou") and not m.group("entre")):
        return None
    num = _number(m.group("num"), factor != 1)
    if num is None or num * factor >= value:
        return None
    offset = start - len(window)
    return offset + (m.start("entre") if m.group("entre") else m.start("num")), num * factor


# Every amount names a currency or millions/milliards (see ``_candidates``): a line with none
# of the table's forms is skipped before the costly regex, each form a fast ``in`` scan (words
# on ``text.lower()``, a form inside another one left out). "ı", "İ" and "ſ" fold differently
# in the regex: they send a line through.
def _needles(forms: list[str]) -> tuple[str, ...]:
    unique = list(dict.fromkeys(forms))
    return tuple(f for f in unique if not any(o != f and o in f for o in unique))


_CASED_NEEDLES = _needles([f for f, _c, k in CURRENCY_FORMS if k != "word"] + ["ı", "İ", "ſ"])
_WORD_NEEDLES = _needles([f.split()[0] for f, _c, k in CURRENCY_FORMS if k == "word"])


def _may_hold_money(text: str) -> bool:
    if any(map(text.__contains__, _CASED_NEEDLES)):
        return True
    low = text.lower()
    if any(map(low.__contains__, _WORD_NEEDLES)):
        return True
    return "milli" in low and ("million" in low or "milliard" in low)


def find_money(text: str) -> list[Amount]:
    """All money mentions of one line or paragraph, in text order."""
    if not _may_hold_money(text):
        return []
    cands = _candidates(text)
    if not cands:
        return []
    bounds = [m.end() for m in _SENTENCE_END.finditer(text)]
    amounts: list[Amount] = []
    for start, end, value, currency, needs_context, factor in cands:
        lo, hi = _sentence(bounds, start, len(text))
        if needs_context:
            currency = _sentence_currency(text, lo, hi)
            if currency is None and not (
                _CUES.search(text, lo, hi) or _MONEY_AFTER.match(text, end)
            ):
                continue
        left = None if text[start].isalpha() else _range_left(text, start, value, factor)
        if left and not (amounts and amounts[-1].end > left[0]):
            low, high = _as_number(left[1]), _as_number(value)
            amounts.append(Amount(left[0], end, low, currency, high))
        else:
            amounts.append(Amount(start, end, _as_number(value), currency))
    return amounts


def parse_money(expr: str) -> tuple[float | int, str | None] | None:
    """(value, currency) of one money expression such as "2,7 millions d'euros".

    Unlike ``find_money`` it takes a bare "3 millions" as money: the caller says it is.
    """
    for _start, _end, value, currency, _ctx, _f in _candidates(expr):
        return _as_number(value), currency
    return None
