"""The records that flow between stages. ``to_dict()`` is the export schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Label(str, Enum):
    """Entity labels; the first five are scored, the others shown only when asked for."""

    ORG = "ORG"
    PER = "PER"
    LOC = "LOC"
    MONEY = "MONEY"
    DATE = "DATE"
    EVENT = "EVENT"
    PRODUCT = "PRODUCT"
    MISC = "MISC"

    @classmethod
    def main(cls) -> tuple[Label, ...]:
        return (cls.ORG, cls.PER, cls.LOC, cls.MONEY, cls.DATE)


# The main labels as plain strings: the per-article counts, the scored labels of evaluate.
COUNTED: tuple[str, ...] = tuple(label.value for label in Label.main())
# Labels whose mentions carry a value (MONEY also a currency).
VALUED = frozenset({Label.MONEY.value, Label.DATE.value})


def value_fields(
    label: str, value: Any, currency: str | None, value_max: Any = None
) -> dict[str, Any]:
    """The value fields a mention or an entity of ``label`` carries in every output: MONEY its
    value and currency (and ``value_max``, the upper amount, for a range), DATE its value,
    the others none."""
    if label == Label.MONEY:
        if value_max is not None:
            return {"value": value, "value_max": value_max, "currency": currency}
        return {"value": value, "currency": currency}
    if label == Label.DATE:
        return {"value": value}
    return {}


def format_value(value: Any, currency: str | None = None) -> str:
    """A value as tables and pages show it: ``30000 EUR``, ``2017-03``, or empty."""
    return "" if value is None else f"{value} {currency or ''}".strip()


@dataclass(frozen=True, slots=True)
class Article:
    """One normalised article.

    ``id`` is the file stem cut to ``NNN_hash8`` style (see ``ingest.article.article_id_for``),
    ``file`` the path relative to the corpus folder (POSIX separators), ``date`` an
    ISO 8601 string at the precision the text states (``2017-03-31``, ``2019-01``)
    or None, ``date_source`` where the text states it (``header``, ``byline``,
    ``dateline``, ``url``), or ``inferred`` when it states none and ``inferred_date``
    holds an approximate year, ``text`` the clean text every mention offset points into,
    ``sha`` the SHA-256 of the raw bytes. An inferred date is never ``date``: it resolves no
    relative date and filters only when asked for.
    """

    id: str
    file: str
    title: str | None
    date: str | None
    author: str | None
    text: str
    sha: str
    source: str | None = None
    warnings: tuple[str, ...] = field(default=())
    date_source: str | None = None
    inferred_date: str | None = None

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: ``text == article.text[start:end]`` always holds.

    MONEY carries ``value`` (a number in units of ``currency``, an ISO 4217 code or
    None) and for a range ``value_max``, its upper amount; DATE carries ``value`` (ISO 8601
    at the text's precision, an interval "2018-06-21/2018-06-24" for a range, or None).
    ``sentence`` numbers the article's sentences from 0 (a line break or a piece given to
    the model ends one): two mentions with the same number share a sentence.
    """

    text: str
    label: str
    start: int
    end: int
    canonical: str | None = None
    value: float | int | str | None = None
    currency: str | None = None
    value_max: float | int | None = None
    sentence: int | None = None  # the article's sentence it is in, from 0 (not exported)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "canonical": self.canonical,
            **value_fields(self.label, self.value, self.currency, self.value_max),
        }
