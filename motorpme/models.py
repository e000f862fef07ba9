"""The records that flow between stages. ``to_dict()`` is the export schema."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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


@dataclass(frozen=True, slots=True)
class Article:
    """One normalised article.

    ``id`` is the file stem cut to ``NNN_hash8`` style (see ``corpus.article_id``),
    ``file`` the path relative to the corpus folder (POSIX separators), ``date`` an
    ISO 8601 string at the precision the header gives (``2017-03-31``, ``2019-01``)
    or None, ``text`` the clean text every mention offset points into, ``sha`` the
    SHA-256 of the raw bytes.
    """

    id: str
    file: str
    title: str | None
    date: str | None
    author: str | None
    text: str
    sha: str
    source: str | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = field(default=())

    @property
    def words(self) -> int:
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "title": self.title,
            "date": self.date,
            "author": self.author,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: ``text == article.text[start:end]`` always holds.

    MONEY carries ``value`` (a number in units of ``currency``, an ISO 4217 code or
    None); DATE carries ``value`` (ISO 8601 at the text's precision, or None).
    """

    text: str
    label: str
    start: int
    end: int
    canonical: str | None = None
    value: float | int | str | None = None
    currency: str | None = None

    def to_dict(self) -> dict[str, Any]:
        row = asdict(self)
        if self.label not in (Label.MONEY.value, Label.DATE.value):
            row.pop("value")
            row.pop("currency")
        elif self.label == Label.DATE.value:
            row.pop("currency")
        return row
