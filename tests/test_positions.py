"""Positions in an article's text: what each function answers equals the plain rescan of
the whole text it replaces (the rescans made a long article quadratic)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from motorpme.extract.positions import (
    Occurrences,
    Overlaps,
    is_line_start,
    line_bounds,
    line_head,
    occurrences,
    written_lowercase,
)
from motorpme.models import Mention

TEXT = (
    "Focus sur Alpine\n"
    "  Le pilote Romain Dumas roule à Alès. Ensuite, l'équipe rentre.\n"
    "« Retrouvez les résultats » - Sport-auto\n\n"
    "AUVERGNE · INDUSTRIE\n"
    "Une ligne sans fin"
)


def test_line_bounds_and_head_are_those_of_the_line_around_the_span():
    at = TEXT.index("Romain")
    start, end = line_bounds(TEXT, at, at + len("Romain Dumas"))
    assert TEXT[start:end] == "  Le pilote Romain Dumas roule à Alès. Ensuite, l'équipe rentre."
    assert line_bounds(TEXT, 0, 5) == (0, len("Focus sur Alpine"))
    last = TEXT.index("Une")
    assert line_bounds(TEXT, last, last + 3) == (last, len(TEXT))
    first, stop, words = line_head(TEXT, at, at + 6)
    assert TEXT[first:stop].startswith("Le pilote") and TEXT[stop - 1] == "."
    assert words[:3] == ["Le", "pilote", "Romain"] and len(words) == 10  # ten at most


def test_line_starts_after_a_break_a_sentence_end_or_a_rubric_dash():
    starts = ["Focus", "Le", "Ensuite", "Retrouvez", "Sport", "AUVERGNE", "INDUSTRIE", "Une"]
    found = [w.group() for w in re.finditer(r"\w+", TEXT) if is_line_start(TEXT, w.start())]
    assert found == starts


def test_written_lowercase_is_a_lowercase_word_of_the_text():
    text = "la course d'Alpine à Alès, sport-auto et AB-cd. Équipe"
    for word in ("course", "alpine", "auto", "sport-auto", "cd", "équipe", "la", "alès"):
        expected = word in re.findall(r"\b[a-zàâäçéèêëîïôöùûüÿœ][\w-]*", text)
        assert written_lowercase(text, word) == expected, word
    assert written_lowercase(text, "course") and written_lowercase(text, "sport-auto")
    assert not written_lowercase(text, "alpine") and not written_lowercase(text, "auto")


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(spans, spans, st.lists(st.tuples(st.integers(0, 70), st.integers(0, 12)), max_size=20))
def test_overlaps_answers_as_a_scan_of_the_edited_list(first, added, queries):
    """The list, edited as the rules do (remove what overlaps, append), gives the same
    overlapping mentions and the same final order as list comprehensions over it."""

    def mention(k: int, start: int, size: int) -> Mention:
        return Mention(f"m{k}", "ORG", start, start + size)

    plain = [mention(k, s, n) for k, (s, n) in enumerate(first)]
    index = Overlaps(plain)
    for k, ((qs, qn), (s, n)) in enumerate(zip(queries, added + added, strict=False)):
        start, end = qs, qs + qn
        expected = [o for o in plain if o.start < end and start < o.end]
        assert sorted(index.overlapping(start, end), key=id) == sorted(expected, key=id)
        if k % 2:  # remove what overlaps, then add one
            plain = [o for o in plain if o not in expected] + [mention(100 + k, s, n)]
            index.remove(expected)
            index.add(plain[-1])
            assert all((o in index) == (o in plain) for o in [*expected, plain[-1]])
    assert index.items() == plain


words = st.sampled_from(["Alpine", "ALPINE", "Alp", "A470", "ine", "é", "É"])
seps = st.sampled_from([" ", "-", "#", "_", ". ", "\n", "'", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(words, seps), max_size=25), st.sampled_from(["Alpine", "Alpine A470",
       "ALPINE", "Alpine-Alpine", "Alpine Alpine", "É-Alp", "Alp'ine"]))  # fmt: skip
@example([("Alpine", " "), ("Alpine", " "), ("Alpine", "")], "Alpine Alpine")  # not twice
def test_occurrences_of_many_names_are_those_of_each_scan(parts, name):
    text = "".join(word + sep for word, sep in parts)
    assert Occurrences(text, [name, "Autre"])(name) == occurrences(text, name)
