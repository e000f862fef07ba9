"""The SQLite index itself (``index.store``): schema upgrades, corrupt or foreign files,
unwritable places, concurrent runs."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.index import schema, store
from motorpme.models import COUNTED, Mention
from tests.fakes import (
    SIG,
    Calls,
    as_version_6,
    as_version_10,
    as_version_12,
    as_version_13,
    build,
    files,
    three_articles,
)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return three_articles(tmp_path)


def test_a_version_3_index_gains_its_stored_counts_without_re_extraction(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "i.sqlite"
    db, _, _ = build(corpus, index)
    counted = db.execute("SELECT file, n_mentions, n_org FROM articles ORDER BY file").fetchall()
    assert counted[0][1:] == (1, 1)
    as_version_6(db)
    for column in ["n_mentions", *(f"n_{label.lower()}" for label in COUNTED)]:
        db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    db.execute("ALTER TABLE mentions DROP COLUMN value_max")
    for column in ("date_source", "inferred_date"):  # version 5 (migrated in turn)
        db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    for table in ("money_sentences", "money_links", "roles"):  # version 7 (migrated in turn)
        db.execute(f"DROP TABLE {table}")
    db.execute("ALTER TABLE mentions DROP COLUMN sentence")  # version 6
    db.execute("DROP TABLE pairs")
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema'")
    db.close()
    store.rebuilt.clear()
    calls = Calls()
    db, work, _ = build(corpus, index, calls)
    assert (store.rebuilt, calls.loads, work.unchanged) == ([], 0, 3)
    assert db.execute("SELECT file, n_mentions, n_org FROM articles ORDER BY file").fetchall() == (
        counted
    )
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (schema.VERSION,)
    assert db.execute("SELECT count(date_source) FROM articles").fetchone() == (0,)


def test_a_version_4_index_gains_the_value_max_column_without_re_extraction(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "i.sqlite"
    db, _, _ = build(corpus, index)
    as_version_6(db)
    db.execute("ALTER TABLE mentions DROP COLUMN value_max")
    for column in ("date_source", "inferred_date"):  # version 6 (migrated in turn)
        db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    for table in ("money_sentences", "money_links", "roles"):  # version 7 (migrated in turn)
        db.execute(f"DROP TABLE {table}")
    db.execute("ALTER TABLE mentions DROP COLUMN sentence")  # version 7
    db.execute("DROP TABLE pairs")
    db.execute("UPDATE meta SET value = '4' WHERE key = 'schema'")
    db.close()
    store.rebuilt.clear()
    calls = Calls()
    db, work, _ = build(corpus, index, calls)
    assert (store.rebuilt, calls.loads, work.unchanged) == ([], 0, 3)
    assert db.execute("SELECT value_max FROM mentions").fetchall()


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:4096])


def _old_schema(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    db.close()


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoices (id INTEGER, total REAL)")
    db.close()


@pytest.mark.parametrize("damage", [_garbage, _truncated, _old_schema, _foreign])
def test_corrupt_foreign_or_old_index_is_reported_kept_aside_and_rebuilt(
    corpus: Path, tmp_path: Path, damage
) -> None:
    index = tmp_path / "i.sqlite"
    db, _, _ = build(corpus, index)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    damage(index)
    before = index.read_bytes()
    store.rebuilt.clear()
    db, work, _ = build(corpus, index)
    [warning] = store.rebuilt
    store.rebuilt.clear()
    assert warning.startswith(f"{index}: unusable index (") and "\n" not in warning
    assert len(work.todo) == 3 and len(files(db)) == 3
    assert Path(f"{index}.unusable").read_bytes() == before  # never thrown away


def test_index_location_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(MotorpmeError, match="cannot create the index folder") as info:
        store.connect(tmp_path / "notes.txt" / "i.sqlite")
    assert "--index" in (info.value.hint or "")


def test_index_that_is_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MotorpmeError, match="is a folder"):
        store.connect(tmp_path)


def test_index_on_a_read_only_filesystem_is_a_clear_error() -> None:
    if not Path("/proc/self").is_dir():
        pytest.skip("needs /proc, which nobody may create files in, not even root")
    with pytest.raises(MotorpmeError, match="cannot write the index") as info:
        store.connect(Path("/proc/motorpme-index.sqlite"))
    assert "--index" in (info.value.hint or "")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
def test_index_in_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(MotorpmeError, match="cannot write the index"):
            store.connect(folder / "i.sqlite")
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
def test_read_only_index_file_is_a_clear_error_and_is_kept(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "ro" / "i.sqlite"
    db, _, _ = build(corpus, index)
    db.close()
    index.parent.chmod(0o500)
    index.chmod(0o400)
    try:
        with pytest.raises(MotorpmeError, match="cannot write the index"):
            build(corpus, index)
        assert index.exists() and not Path(f"{index}.unusable").exists()
    finally:
        index.parent.chmod(0o700)


def test_many_runs_creating_one_index_at_once_all_succeed(tmp_path: Path) -> None:
    for attempt in range(10):
        index = tmp_path / f"race{attempt}.sqlite"
        errors: list[BaseException] = []

        def open_it(index: Path = index, errors: list = errors) -> None:
            try:
                store.connect(index).close()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        store.rebuilt.clear()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and store.rebuilt == []
        assert not Path(f"{index}.unusable").exists()


def paired_extract(articles):
    """Two entities sharing a sentence in every article: each article has a pair."""
    for article in articles:
        found = []
        for word, label in (("Alpine", "ORG"), ("partenaire", "PER")):
            at = article.text.find(word)
            found.append(Mention(word, label, at, at + len(word), sentence=0))
        yield article, found


# Each stored pair with its two entities' label and key, in (pair, article) order.
PAIRS_BY_NAME = (
    "SELECT p.article, x.label, x.key, y.label, y.key, p.sentences, p.a_seq, p.b_seq"
    " FROM pairs p JOIN pair_entities x ON x.id = p.a JOIN pair_entities y ON y.id = p.b"
    " ORDER BY 2, 3, 4, 5, 1"
)


def test_a_version_10_index_stores_the_text_once_and_finds_the_same(
    corpus: Path, tmp_path: Path
) -> None:
    from motorpme.read.fulltext import search

    index = tmp_path / "i.sqlite"
    db, _, _ = build(corpus, index, Calls(paired_extract))
    (corpus / "003_copie.txt").write_text((corpus / "000_Nogaro.txt").read_text("utf-8"), "utf-8")
    db, _, _ = build(corpus, index, Calls(paired_extract))
    found = search(db, "circuit alpine")
    groups = db.execute("SELECT file, copy_of FROM articles ORDER BY file").fetchall()
    pair_rows = db.execute(PAIRS_BY_NAME).fetchall()
    copy_rowid = db.execute("SELECT rowid FROM articles WHERE file = '003_copie.txt'").fetchone()
    assert db.execute("SELECT count(*) FROM pairs WHERE article = ?", copy_rowid).fetchone()[0] > 0
    as_version_10(db)
    assert db.execute("SELECT count(*) FROM fts_content").fetchone() == (4,)
    db.close()
    store.rebuilt.clear()
    calls = Calls(paired_extract)
    db, work, _ = build(corpus, index, calls)
    assert (store.rebuilt, calls.loads, work.unchanged) == ([], 0, 4)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (schema.VERSION,)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert "fts_content" not in tables and "copy_bands_by_article" not in tables
    assert "pairs_by_article" not in tables
    assert db.execute(PAIRS_BY_NAME).fetchall() == pair_rows
    assert "hashes" not in {r[1] for r in db.execute("PRAGMA table_info(minhash)")}
    assert search(db, "circuit alpine") == found and len(found) >= 2
    assert db.execute("SELECT file, copy_of FROM articles ORDER BY file").fetchall() == groups
    (corpus / "003_copie.txt").unlink()  # deleting through the external-content index
    db, work, _ = build(corpus, index, Calls(paired_extract))
    assert work.removed == ["003_copie.txt"]
    assert {hit["file"] for hit in search(db, "circuit alpine")} == {f["file"] for f in found}
    db.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 1)")  # raises if not
    assert db.execute("SELECT count(buckets) FROM minhash").fetchone() == (3,)
    # The removed article's pairs went by value, the others stayed.
    assert db.execute("SELECT count(*) FROM pairs WHERE article = ?", copy_rowid).fetchone() == (0,)
    kept = [r for r in pair_rows if r[0] != copy_rowid[0]]
    assert db.execute(PAIRS_BY_NAME).fetchall() == kept


def test_a_canonical_name_equal_to_the_text_is_stored_once(seeds_cli, seeds_export) -> None:
    """Nine mentions in ten are their own canonical name: the column holds NULL then, and
    every reader shows the text (the export's ``canonical`` is never empty)."""
    db = sqlite3.connect(seeds_cli.index)
    same, other, copied = db.execute(
        "SELECT sum(canonical IS NULL), sum(canonical IS NOT NULL), sum(canonical = text)"
        " FROM mentions"
    ).fetchone()
    assert same > 100 and copied == 0 and other >= 5  # "Mans" -> "Le Mans" keeps its own
    kept = db.execute("SELECT text, canonical FROM mentions WHERE canonical IS NOT NULL")
    assert ("Ceccon", "Kevin Ceccon") in kept.fetchall()
    money = [
        e for doc in seeds_export["documents"] for e in doc["entities"] if e["label"] == "MONEY"
    ]
    assert len(money) >= 5
    assert [e["text"] for e in money] == [e["canonical"] for e in money]


def test_a_version_12_index_packs_its_texts_and_finds_the_same(
    corpus: Path, tmp_path: Path
) -> None:
    from motorpme.read.articles import get_article
    from motorpme.read.fulltext import search

    index = tmp_path / "i.sqlite"
    db, _, _ = build(corpus, index, Calls(paired_extract))
    found = search(db, "circuit alpine")
    doc = get_article(db, "000_Nogaro")
    as_version_12(db)
    assert db.execute("SELECT DISTINCT typeof(text) FROM articles").fetchall() == [("text",)]
    db.close()
    calls = Calls(paired_extract)
    db, work, _ = build(corpus, index, calls)
    assert (calls.loads, work.unchanged) == (0, 3)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (schema.VERSION,)
    assert db.execute("SELECT DISTINCT typeof(text) FROM articles").fetchall() == [("blob",)]
    assert (
        "content = ''"
        in db.execute("SELECT sql FROM sqlite_master WHERE name = 'fts'").fetchone()[0]
    )
    assert search(db, "circuit alpine") == found and len(found) >= 2
    assert get_article(db, "000_Nogaro") == doc and "Nogaro" in doc["text"]
    (corpus / "000_Nogaro.txt").unlink()  # its tokens go with the plain text they came from
    db, work, _ = build(corpus, index, Calls(paired_extract))
    assert work.removed == ["000_Nogaro.txt"]
    db.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 0)")  # raises if not
    assert {hit["file"] for hit in search(db, "circuit alpine")} == {
        hit["file"] for hit in found if hit["file"] != "000_Nogaro.txt"
    }


def test_a_version_13_index_numbers_its_pairs_and_signatures_and_finds_the_same(
    corpus: Path, tmp_path: Path
) -> None:
    from motorpme.read.network import network

    index = tmp_path / "i.sqlite"
    db, _, _ = build(corpus, index, Calls(paired_extract))
    pairs, edges = db.execute(PAIRS_BY_NAME).fetchall(), network(db)
    assert len(pairs) == 3 and edges[0]["source"] == "Alpine" and edges[0]["weight"] >= 2
    as_version_13(db)
    assert db.execute(
        "SELECT DISTINCT typeof(sha), length(signature) FROM articles"
    ).fetchall() == [("text", len(SIG))]
    db.close()
    calls = Calls(paired_extract)
    db, work, _ = build(corpus, index, calls)
    assert (calls.loads, work.unchanged) == (0, 3)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (schema.VERSION,)
    assert db.execute("SELECT DISTINCT typeof(sha), length(sha) FROM articles").fetchall() == [
        ("blob", 32)
    ]
    assert db.execute("SELECT count(*) FROM signatures").fetchone() == (1,)
    assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_by_group'").fetchone()
    assert db.execute(PAIRS_BY_NAME).fetchall() == pairs and network(db) == edges
    # Same bytes, new time: the stored digest still tells the file is unchanged.
    same = corpus / "001_Magny-Cours.txt"
    os.utime(same, ns=(same.stat().st_atime_ns, same.stat().st_mtime_ns + 10**9))
    db, work, _ = build(corpus, index, Calls(paired_extract))
    assert [item.file for item, _ in work.touched] == ["001_Magny-Cours.txt"] and not work.todo
    (corpus / "000_Nogaro.txt").unlink()  # its pairs go by their numbers
    db, work, _ = build(corpus, index, Calls(paired_extract))
    left = db.execute("SELECT rowid FROM articles").fetchall()
    assert len(left) == 2 and len(db.execute(PAIRS_BY_NAME).fetchall()) == 2
