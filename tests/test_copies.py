"""Syndicated copies (``index/copies.py``, ``read/copies.py``, ``motorpme copies``): each kind
of copy is found, each kind of look-alike is not, a story counts once, and the groups
follow additions, edits and removals. Made-up articles (``tests/copy_stories.py``)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import struct
from pathlib import Path

import pytest

from motorpme.index import copies, schema, store
from motorpme.index.copies import THRESHOLD, shingle_hashes, similarity
from motorpme.ingest.article import article_from_bytes
from motorpme.read.articles import list_articles
from tests.conftest import Motorpme
from tests.copy_stories import COPIES, NOT_COPIES, ORIGINAL
from tests.fakes import as_version_6, as_version_11, as_version_14, build


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


def test_copies_on_a_terminal_show_a_screenful_of_lines_unless_asked(
    syndicated: Motorpme, monkeypatch: pytest.MonkeyPatch
) -> None:
    from motorpme.cli import options, output

    monkeypatch.setattr(options, "TERMINAL_ROWS", 3)
    monkeypatch.setattr(output.Stream, "is_terminal", property(lambda self: True))
    shown = syndicated("copies")
    assert "showing the first 3 lines; --limit N shows N whole groups" in shown.stderr
    assert "original" in shown.stdout and sum(c in shown.stdout for c in COPIES) == 2
    whole = syndicated("copies", "--limit", "1")
    assert "showing" not in whole.stderr and sum(c in whole.stdout for c in COPIES) == len(COPIES)


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
    """Each representative's copies; the stored counts (``copy_counts``) must agree."""
    found: dict[str, set[str]] = {}
    for copy, head in db.execute(
        "SELECT a.id, r.id FROM articles a JOIN articles r ON r.rowid = a.copy_of"
    ):
        found.setdefault(head, set()).add(copy)
    assert _counts(db) == {head: len(members) for head, members in found.items()}
    return found


def _counts(db: sqlite3.Connection) -> dict[str, int]:
    return dict(
        db.execute(
            "SELECT a.id, k.copies FROM copy_counts k JOIN articles a ON a.rowid = k.article"
            " WHERE k.copies > 0"
        )
    )


def test_a_deleted_copy_is_counted_out_at_once(tmp_path: Path) -> None:
    """Between a deletion and the groups drawn again (``refresh``), the stored count already
    leaves the copy out, as a count of ``copy_of`` would; a deleted representative has none."""
    db, _, _ = build(_corpus(tmp_path / "corpus"), tmp_path / "i.sqlite")
    assert _counts(db) == {"original": len(COPIES)}
    with schema.transaction(db):
        store.delete_file(db, "changed.txt")
    assert _counts(db) == {"original": len(COPIES) - 1}
    with schema.transaction(db):
        store.delete_file(db, "original.txt")
    assert _counts(db) == {}


def test_a_version_14_index_counts_its_copies_when_upgraded(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "corpus")
    index = tmp_path / "i.sqlite"
    db, _, _ = build(root, index)
    listed = list_articles(db)
    as_version_14(db)
    db.close()
    db = store.connect(index)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (schema.VERSION,)
    assert _counts(db) == {"original": len(COPIES)}
    assert list_articles(db) == listed
    assert {r["id"]: r["copies"] for r in listed}["original"] == len(COPIES)


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


def _pairs(db: sqlite3.Connection) -> set[tuple[str, str, int]]:
    return set(
        db.execute(
            "SELECT x.id, y.id, p.similarity FROM copy_pairs p"
            " JOIN articles x ON x.rowid = p.a JOIN articles y ON y.rowid = p.b"
        )
    )


_UNRELATED = (
    "Le garage Dallier fête ses cinquante ans\n\nPublié le 2 avril 2017\n\nÀ Montfort, le "
    "garage Dallier ouvre ses ateliers au public samedi et dimanche, avec une exposition de "
    "voitures anciennes, une bourse de pièces détachées et des baptêmes en voiture de "
    "course de côte pour les enfants du village.\n"
)


def test_a_deleted_article_leaves_no_pair_behind(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "corpus")
    db, _, _ = build(root, tmp_path / "i.sqlite")
    last = db.execute("SELECT id FROM articles ORDER BY rowid DESC").fetchone()[0]
    before = _pairs(db)
    gone = {"original", "truncated", last}
    ids = dict(db.execute("SELECT id, rowid FROM articles").fetchall())
    assert {x for x, y, _ in before} & gone and {y for x, y, _ in before} & gone
    db.close()
    for name in gone:
        (root / f"{name}.txt").unlink()
    # A new article takes a deleted one's rowid: no pair of the deleted article may stick.
    (root / "zz_new.txt").write_text(_UNRELATED, "utf-8")
    db, work, _ = build(root, tmp_path / "i.sqlite")
    assert len(work.removed) == 3
    (rowid,) = db.execute("SELECT rowid FROM articles WHERE id = 'zz_new'").fetchone()
    assert rowid in {ids[name] for name in gone}
    assert db.execute(
        "SELECT count(*) FROM copy_pairs WHERE a NOT IN (SELECT rowid FROM articles)"
        " OR b NOT IN (SELECT rowid FROM articles) OR ? IN (a, b)",
        (rowid,),
    ).fetchone() == (0,)
    kept = {p for p in before if not {p[0], p[1]} & gone}
    assert kept and _pairs(db) == kept
    assert db.execute("SELECT count(*) FROM copy_gone").fetchone() == (0,)


def test_copies_added_later_are_found_against_old_articles_and_each_other(
    tmp_path: Path,
) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "original.txt").write_text(ORIGINAL, "utf-8")
    for kind, text in NOT_COPIES.items():
        (root / f"{kind}.txt").write_text(text, "utf-8")
    db, _, _ = build(root, tmp_path / "i.sqlite")
    db.close()
    for kind, text in COPIES.items():
        (root / f"{kind}.txt").write_text(text, "utf-8")
    db, _, _ = build(root, tmp_path / "i.sqlite")
    assert _groups(db) == {"original": set(COPIES)}
    at_once, _, _ = build(_corpus(tmp_path / "again"), tmp_path / "again.sqlite")
    found, wanted = ({(*sorted(p[:2]), p[2]) for p in _pairs(d)} for d in (db, at_once))
    assert found == wanted  # the fresh copies saw each other too
    assert len({(x, y) for x, y, _ in found if {x, y} <= set(COPIES)}) >= len(COPIES)


def _variants(root: Path, n: int) -> None:
    """The original and ``n`` copies, each with one word changed at its own place."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "original.txt").write_text(ORIGINAL, "utf-8")
    words = ORIGINAL.split(" ")
    for i in range(n):
        changed = [*words]
        changed[10 + 7 * i] = f"mot{i}"
        (root / f"v{i:02d}.txt").write_text(" ".join(changed), "utf-8")


def test_candidates_are_those_of_a_bucket_query(tmp_path: Path) -> None:
    """The in-memory candidates are what SQL over one (bucket, article) row per bucket
    gives: most shared buckets first, then the lowest rowid, ``MAX_CANDIDATES`` at most."""
    from motorpme.index.candidates import Candidates

    _variants(tmp_path / "corpus", copies.MAX_CANDIDATES + 8)
    db, _, _ = build(tmp_path / "corpus", tmp_path / "i.sqlite")
    db.execute("CREATE TEMP TABLE bands (bucket INTEGER, article INTEGER)")
    for rowid, blob in db.execute("SELECT article, buckets FROM minhash").fetchall():
        for (bucket,) in struct.iter_unpack("<I", blob):
            db.execute("INSERT INTO bands VALUES (?, ?)", (bucket, rowid))
    db.execute("UPDATE minhash SET compared = 0")
    found = Candidates(db, copies.MAX_CANDIDATES)
    lengths = []
    for (rowid,) in db.execute("SELECT rowid FROM articles").fetchall():
        wanted = [
            r[0]
            for r in db.execute(
                "SELECT article FROM bands WHERE article != ? AND bucket IN"
                " (SELECT bucket FROM bands WHERE article = ?)"
                " GROUP BY article ORDER BY count(*) DESC, article LIMIT ?",
                (rowid, rowid, copies.MAX_CANDIDATES),
            )
        ]
        assert found(rowid) == wanted
        lengths.append(len(wanted))
    assert max(lengths) == copies.MAX_CANDIDATES


def test_similarities_are_stored_in_ten_thousandths_exactly() -> None:
    for shared in range(1, 300):
        for size in (299, 300, 301, 977):
            score = min(shared, size) / size
            assert copies.from_stored(copies.to_stored(score)) == round(score, 4)
    assert copies.at_least(0.6) == 6000 and copies.at_least(0.61234) == 6124
    assert copies.from_stored(copies.at_least(0.3)) >= 0.3 > copies.from_stored(2999)


def test_a_version_11_index_keeps_its_copies_when_upgraded(tmp_path: Path) -> None:
    from motorpme.read.copies import copy_groups

    root = _corpus(tmp_path / "corpus")
    index = tmp_path / "i.sqlite"
    db, _, _ = build(root, index)
    pairs, groups = _pairs(db), copy_groups(db, 0.0)
    buckets = db.execute("SELECT article, buckets FROM minhash ORDER BY 1").fetchall()
    as_version_11(db)
    db.close()
    db = store.connect(index)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (schema.VERSION,)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert not {"copy_bands", "copy_pairs_by_b"} & names and "copy_gone" in names
    assert _pairs(db) == pairs and copy_groups(db, 0.0) == groups and groups
    assert db.execute("SELECT article, buckets FROM minhash ORDER BY 1").fetchall() == buckets
    db.close()
    (root / "changed.txt").rename(root / "changed-again.txt")  # compared with migrated ones
    db, _, _ = build(root, index)
    assert _groups(db) == {"original": {*COPIES, "changed-again"} - {"changed"}}


def test_a_refresh_reuses_the_hashes_signed_for_the_same_text_only() -> None:
    """``sign`` keeps each article's shingle hashes for the refresh that follows; an article
    written again under the same rowid with another text gets its own, never the old ones."""
    from motorpme.text import pack

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE articles (rowid INTEGER PRIMARY KEY, text BLOB)")
    db.execute("CREATE TABLE minhash (article INTEGER PRIMARY KEY, shingles, compared, buckets)")
    first = "Le circuit de Nogaro accueille la finale du championnat des voitures de tourisme."
    second = "La PME alésienne signe avec un équipementier allemand pour trois saisons de plus."
    db.execute("INSERT INTO articles VALUES (1, ?)", (pack(first),))
    copies.sign(db, copies.signer(), 1, first)
    assert list(copies.Hashes(db)(1)) == list(shingle_hashes(first))
    copies.sign(db, copies.signer(), 1, first)
    db.execute("UPDATE articles SET text = ? WHERE rowid = 1", (pack(second),))
    assert list(copies.Hashes(db)(1)) == list(shingle_hashes(second))
    assert list(shingle_hashes(first)) != list(shingle_hashes(second))
