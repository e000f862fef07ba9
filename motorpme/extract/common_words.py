"""One-word entities that are only a capitalised common word ("Focus", "Thèmes", "Installée").

Pure: no spaCy. The lexicon (is this lowercase word French?) comes from the model's
lemmatizer tables, built once by the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from motorpme.extract.mentions import FIXED, LOC
from motorpme.extract.positions import is_line_start, line_head, written_lowercase
from motorpme.extract.words import STOPWORDS, canonical_word, name_words
from motorpme.models import Mention

Lexicon = Callable[[str], bool]  # is this lowercase word a French common word?


def drop_capitalised_common_words(
    text: str,
    mentions: list[Mention],
    lexicon: Lexicon,
    protected: set[str],
    proper: tuple[frozenset[str], ...] = (),
) -> list[Mention]:
    """Drop one-word entities that are only a capitalised common word.

    A word the article also writes in lowercase ("les valeurs de l'Endurance"), or one at the
    start of a line or sentence that is a French word or opens a short heading ("Gagner en
    WTCR ...", "Focus sur ..."), is not a name unless the article shows it as part of a
    name elsewhere (``protected``). ``proper`` holds known names (places, first names): only
    a word in none of them is read as a plural common noun ("Thèmes") or a verb in -ons
    ("Soyons"). A longer name goes only when it is a section line ("Sport auto") and not
    protected.
    """
    kept = []
    for m in mentions:
        words = name_words(m.text)
        if m.label in FIXED or not words:
            kept.append(m)
        elif len(words) > 1:
            if canonical_word(m.text) in protected or not _section_line(text, m, words, lexicon):
                kept.append(m)
        elif not _common_word(text, m, words[0], lexicon, protected, proper):
            kept.append(m)
    return kept


def _common_word(
    text: str,
    m: Mention,
    word: str,
    lexicon: Lexicon,
    protected: set[str],
    proper: tuple[frozenset[str], ...],
) -> bool:
    """Is the one word of ``m`` a capitalised common word, not a name?"""
    if not word[0].isupper() or word.isupper() or canonical_word(word) in protected:
        return False
    if written_lowercase(text, word.lower()):
        return True
    return is_line_start(text, m.start) and (
        _common(text, m, word, lexicon, proper) or _heads_line(text, m)
    )


def _section_line(text: str, m: Mention, words: list[str], lexicon: Lexicon) -> bool:
    """A line of two or three common words, only the first capitalised, and nothing else: a
    section name ("Sport auto", "Vie locale", "Sports mécaniques"), never a name."""
    if len(words) > 3 or not words[0][:1].isupper() or not all(w.islower() for w in words[1:]):
        return False
    start, end, _ = line_head(text, m.start, m.end)
    if (start, end) != (m.start, m.end):
        return False
    return all(lexicon(w.lower()) or _plural(w.lower(), lexicon) for w in words)


# What follows an imperative of site chrome: "Retrouvez toute ...", "Abonnez-vous".
_IMPERATIVE_NEXT = re.compile(
    r"-(?:vous|nous)\b|\s+(?:le|la|les|l'|nos|notre|vos|votre|toute|toutes|tous|tout|un|une|des"
    r"|du|ce|cet|cette|ces|en|y|ici|vite|dès|aussi|également)\b"
)


def _common(
    text: str, m: Mention, word: str, lexicon: Lexicon, proper: tuple[frozenset[str], ...] = ()
) -> bool:
    """A French word; a verb form in -ez/-ons only as an imperative ("Rodez accueille").

    A plural ("Thèmes") or a verb in -ons ("Soyons malins") counts only when ``proper`` is
    given and holds no such name: "Landes", "Tours", "Rennes", "Soissons" are places, "Gilles"
    a first name. Verbs in -ez never count so: "Martinez", "Jerez" are also verb forms. Nor
    does a plural read as a place: the lexicon holds "alpe", "caraïbe", "amérique"."""
    low = word.lower()
    unknown = bool(proper) and not any(word in names for names in proper)
    if low.endswith(("ez", "ons")):
        imperative = bool(_IMPERATIVE_NEXT.match(text, m.end))
        return lexicon(low) and (imperative or (unknown and low.endswith("ons")))
    if unknown and m.label != LOC and _plural(low, lexicon):
        return True
    return lexicon(low) or _unaccented_capital(low, lexicon) or _participle(low, lexicon)


def _plural(low: str, lexicon: Lexicon) -> bool:
    """A plural in -s or -x of a French word ("thèmes", "sports"); short words are left out."""
    return len(low) > 4 and low[-1] in "sx" and lexicon(low[:-1])


def _unaccented_capital(low: str, lexicon: Lexicon) -> bool:
    """Capitals often lose their accent: "Etat", "Equipe", "Ecole" are "état", "équipe"..."""
    return low[:1] == "e" and any(lexicon(accent + low[1:]) for accent in "éèê")


_PARTICIPLE = re.compile(r"(\w{3,}?)(?:é|ée|és|ées)")


def _participle(low: str, lexicon: Lexicon) -> bool:
    """A past participle of a known verb opening a sentence ("Installée à Nevers, ...");
    the stem is also compared without accents, misspelt ones included ("Labéllisé")."""
    m = _PARTICIPLE.fullmatch(low)
    return m is not None and any(
        lexicon(stem + "er") for stem in {m.group(1), canonical_word(m.group(1))}
    )


def _heads_line(text: str, m: Mention) -> bool:
    """A short title line opened by the word and a function word ("Focus sur ..."), or alone."""
    start, end, words = line_head(text, m.start, m.end)
    last = text[max(start, end - 1) : end]
    if not text.startswith(m.text, start, end) or len(words) > 8 or last in '.!?"»':
        return False
    return len(words) == 1 or canonical_word(words[1]) in STOPWORDS
