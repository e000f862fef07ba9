"""Syndicated copies (``index/copies.py``, ``read/copies.py``, ``motorpme copies``): each kind
of copy is found, each kind of look-alike is not, a story counts once, and the groups
follow additions, edits and removals. Made-up articles (``tests/copy_stories.py``)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from motorpme.index import copies, schema, store
from motorpme.index.copies import THRESHOLD, shingle_hashes, similarity
from motorpme.ingest.article import article_from_bytes
from tests.conftest import Motorpme
from tests.copy_stories import COPIES, NOT_COPIES, ORIGINAL
from tests.fakes import as_version_6, build


def _shingles(text: str, name: str = "a.txt"):
    return shingle_hashes(article_from_bytes(text.encode("utf-8"), name).text)


@pytest.mark.parametrize("kind", sorted(COPIES))
def test_each_kind_of_copy_is_similar_enough(kind: str) -> None:
    assert similarity(_shingles(ORIGINAL), _shingles(COPIES[kind])) >= THRESHOLD


@pytest.mark.parametrize("kind", sorted(NOT_COPIES))
def test_each_kind_of_look_alike_is_not(kind: str) -> None:
    assert similarity(_shingles(ORIGINAL), _shingles(NOT_COPIES[kind])) < THRESHOLD / 2


def test_typography_and_case_do_not_change_the_shingles() -> None:
    plain = "L'écurie Dallier présente sa voiture - une berlinette de 300 chevaux."
    fancy = "L’ÉCURIE  Dallier présente sa voiture — « une berlinette » de 300 chevaux…"
    assert set(shingle_hashes(plain)) == set(shingle_hashes(fancy))


def _corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "original.txt").write_text(ORIGINAL, "utf-8")
    for kind, text in {**COPIES, **NOT_COPIES}.items():
        (root / f"{kind}.txt").write_text(text, "utf-8")
    return root


@pytest.fixture(scope="module")
def syndicated(tmp_path_factory: pytest.TempPathFactory) -> Motorpme:
    root = _corpus(tmp_path_factory.mktemp("copies") / "corpus")
    return Motorpme(root, root.parent / "copies.sqlite")


def test_copies_lists_one_group_with_the_earliest_article_first(syndicated: Motorpme) -> None:
    groups = syndicated.json("copies")
    assert len(groups) == 1
    assert groups[0]["representative"]["id"] == "original"
    assert groups[0]["representative"]["date"] == "2017-03-14"
    members = {c["id"]: c["similarity"] for c in groups[0]["copies"]}
    assert set(members) == set(COPIES)
    assert min(members.values()) >= THRESHOLD
    table = syndicated("copies")
    assert table.exit_code == 0 and "\n  truncated\t2017-03-17\t0.9" in table.stdout


def test_min_similarity_keeps_the_closest_copies(syndicated: Motorpme) -> None:
    close = syndicated.json("copies", "--min-similarity", "0.9")
    ids = {c["id"] for c in close[0]["copies"]}
    assert "changed" not in ids and {"added", "truncated", "typography"} <= ids
    none = syndicated("copies", "--min-similarity", "1")
    assert none.exit_code in (0, 1)
    assert syndicated("copies", "--min-similarity", "1.5").exit_code == 2


def test_entities_count_a_story_once_unless_all_copies(syndicated: Motorpme) -> None:
    def articles(*args: str) -> int:
        rows = syndicated.json("entities", "--type", "PER", *args)
        return next(r["articles"] for r in rows if r["name"] == "Hervé Lantier")

    # the original, the article on the same topic and the one quoting him; the five copies
    # of the original count as the original
    assert articles() == 3
    assert articles("--all-copies") == 3 + 5


def test_list_marks_copies_and_no_copies_keeps_representatives(syndicated: Motorpme) -> None:
    rows = {r["id"]: r for r in syndicated.json("list")}
    assert rows["original"]["copies"] == 5 and rows["original"]["copy_of"] is None
    assert {k for k, r in rows.items() if r["copy_of"] == "original"} == set(COPIES)
    kept = {r["id"] for r in syndicated.json("list", "--no-copies")}
    assert kept == {"original", *NOT_COPIES}
    table = syndicated("list").stdout
    assert "=original" in table and "+5" in table


def test_search_shows_a_group_as_one_hit(syndicated: Motorpme) -> None:
    hits = syndicated.json("search", "karting")
    groups = [h for h in hits if h["id"] in {"original", *COPIES}]
    assert len(groups) == 1 and groups[0]["copies"] == 5
    assert "+5 copies" in syndicated("search", "karting").stdout


def test_show_names_the_copies_and_export_carries_copy_of(syndicated: Motorpme) -> None:
    shown = syndicated.json("show", "truncated")
    assert shown["copy_of"] == "original"
    assert shown["copies"][0] == {"id": "original", "representative": True, "similarity": None}
    assert {c["id"] for c in shown["copies"][1:]} == set(COPIES) - {"truncated"}
    assert "copies of this story" in syndicated("show", "original").stdout
    docs = {
        d["id"]: d["copy_of"]
        for d in map(json.loads, syndicated("export", "--jsonl").stdout.split("\n")[:-1])
    }
    assert docs["changed"] == "original" and docs["original"] is None and docs["quote"] is None
    rows = list(csv.DictReader(io.StringIO(syndicated("export", "--csv").stdout)))
    assert {r["copy_of"] for r in rows if r["id"] == "truncated"} == {"original"}


# Index-level behaviour, with the stand-in extractor of tests/fakes.py (no model).


def _groups(db: sqlite3.Connection) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for copy, head in db.execute(
        "SELECT a.id, r.id FROM articles a JOIN articles r ON r.rowid = a.copy_of"
    ):
        found.setdefault(head, set()).add(copy)
    return found


def test_a_new_article_is_compared_with_the_index_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "original.txt").write_text(ORIGINAL, "utf-8")
    for kind, text in NOT_COPIES.items():
        (root / f"{kind}.txt").write_text(text, "utf-8")
    db, _, _ = build(root, tmp_path / "i.sqlite")
    assert _groups(db) == {}
    compared: list[int] = []
    real = copies.compare
    monkeypatch.setattr(
        copies,
        "compare",
        lambda db, rowid, *seen: (compared.append(rowid), real(db, rowid, *seen)),
    )
    (root / "added.txt").write_text(COPIES["added"], "utf-8")
    db.close()
    db, _, _ = build(root, tmp_path / "i.sqlite")
    added = db.execute("SELECT rowid FROM articles WHERE id = 'added'").fetchone()[0]
    assert compared == [added]
    assert _groups(db) == {"original": {"added"}}


def test_a_removed_representative_hands_its_group_on(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "corpus")
    db, _, _ = build(root, tmp_path / "i.sqlite")
    assert _groups(db) == {"original": set(COPIES)}
    (root / "original.txt").unlink()
    db.close()
    db, _, _ = build(root, tmp_path / "i.sqlite")
    # the earliest dated copy now: "boilerplate" (15/03/2017) before "changed" (same day,
    # shorter) and the later ones; the copies are still one group
    assert _groups(db) == {"boilerplate": set(COPIES) - {"boilerplate"}}


def test_an_edited_copy_leaves_its_group(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "corpus")
    db, _, _ = build(root, tmp_path / "i.sqlite")
    db.close()
    (root / "added.txt").write_text(
        "Le garage Dallier fête ses cinquante ans\n\nPublié le 2 avril 2017\n\nÀ Montfort, le "
        "garage Dallier ouvre ses ateliers au public samedi et dimanche, avec une exposition de "
        "voitures anciennes, une bourse de pièces détachées et des baptêmes en voiture de "
        "course de côte pour les enfants du village.\n",
        "utf-8",
    )
    db, _, _ = build(root, tmp_path / "i.sqlite")
    assert _groups(db) == {"original": set(COPIES) - {"added"}}


def test_a_version_6_index_finds_its_copies_when_upgraded(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "corpus")
    index = tmp_path / "i.sqlite"
    db, _, _ = build(root, index)
    as_version_6(db)
    db.close()
    db = store.connect(index)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (schema.VERSION,)
    assert _groups(db) == {"original": set(COPIES)}
