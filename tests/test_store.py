"""The SQLite index with a stand-in extractor: incremental updates, skips, faults, corruption."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.index import store, update
from motorpme.ingest.corpus import resolve_corpus
from motorpme.models import COUNTED, Article, Mention

SIG = "motorpme-test|fake-1.0|rules-0"


def fake_extract(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Mention]]]:
    """Every "Alpine" is an ORG: enough to check that mentions and entities are stored."""
    for article in articles:
        found = [
            Mention(m.group(), "ORG", m.start(), m.end())
            for m in re.finditer(r"Alpine", article.text)
        ]
        yield article, found


class Calls:
    """An extractor factory that counts how often the model would have been loaded."""

    def __init__(self, extract=fake_extract) -> None:
        self.loads, self.extract = 0, extract

    def __call__(self):
        self.loads += 1
        return self.extract


def article(title: str, body: str = "Alpine signe avec un partenaire régional.") -> str:
    return f"{title}\n\nPublié le 12 mars 2019\n\n{body} {title} continue son programme.\n"


def build(root: Path, index: Path, extract: Calls | None = None, signature: str = SIG):
    """Plan and apply an update the way the CLI does; returns the db and the progress steps."""
    db = store.connect(index)
    corpus = resolve_corpus(root)
    work = update.plan(db, corpus, signature)
    steps = list(update.update(db, corpus, work, signature, extract or Calls()))
    return db, work, steps


def files(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT file FROM articles ORDER BY file")]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for i, name in enumerate(["Nogaro", "Magny-Cours", "Lohéac"]):
        (root / f"{i:03d}_{name}.txt").write_text(article(f"Circuit de {name}"), "utf-8")
    return root


def test_first_update_indexes_every_file_with_mentions_and_entities(
    corpus: Path, tmp_path: Path
) -> None:
    db, _, steps = build(corpus, tmp_path / "i.sqlite")
    assert [s.done for s in steps] == [1, 2, 3] and all(s.error is None for s in steps)
    assert files(db) == ["000_Nogaro.txt", "001_Magny-Cours.txt", "002_Lohéac.txt"]
    rows = db.execute("SELECT name, mentions, articles FROM entities").fetchall()
    assert rows == [("Alpine", 3, 3)]


def test_nothing_changed_means_nothing_read_and_no_model_loaded(
    corpus: Path, tmp_path: Path
) -> None:
    build(corpus, tmp_path / "i.sqlite")
    calls = Calls()
    _, work, steps = build(corpus, tmp_path / "i.sqlite", calls)
    assert (work.unchanged, work.todo, steps, calls.loads) == (3, [], [], 0)


def test_touched_file_with_same_bytes_is_not_re_extracted(corpus: Path, tmp_path: Path) -> None:
    build(corpus, tmp_path / "i.sqlite")
    os.utime(corpus / "000_Nogaro.txt", ns=(1, 10**18))
    calls = Calls()
    _, work, _ = build(corpus, tmp_path / "i.sqlite", calls)
    assert len(work.touched) == 1 and calls.loads == 0
    _, work, _ = build(corpus, tmp_path / "i.sqlite", calls)
    assert work.unchanged == 3


def test_edited_removed_and_new_files_are_brought_up_to_date(corpus: Path, tmp_path: Path) -> None:
    build(corpus, tmp_path / "i.sqlite")
    (corpus / "000_Nogaro.txt").write_text(article("Circuit de Nogaro", "Sans marque."), "utf-8")
    (corpus / "001_Magny-Cours.txt").unlink()
    (corpus / "sub").mkdir()
    (corpus / "sub" / "new.txt").write_text(article("Rallye du Var"), "utf-8")
    db, work, _ = build(corpus, tmp_path / "i.sqlite")
    assert work.removed == ["001_Magny-Cours.txt"] and len(work.todo) == 2
    assert files(db) == ["000_Nogaro.txt", "002_Lohéac.txt", "sub/new.txt"]
    assert db.execute("SELECT mentions FROM entities").fetchall() == [(2,)]
    assert db.execute("SELECT count(*) FROM fts").fetchone() == (3,)


def test_a_new_pipeline_signature_re_extracts_everything(corpus: Path, tmp_path: Path) -> None:
    build(corpus, tmp_path / "i.sqlite")
    calls = Calls()
    _, work, _ = build(corpus, tmp_path / "i.sqlite", calls, signature="other")
    assert len(work.todo) == 3 and calls.loads == 1


def test_unreadable_input_is_skipped_with_its_reason_and_remembered(
    corpus: Path, tmp_path: Path
) -> None:
    (corpus / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (corpus / "empty.txt").write_bytes(b"")
    db, _, steps = build(corpus, tmp_path / "i.sqlite")
    errors = {s.file: s.error for s in steps if s.error}
    assert errors == {"bin.txt": "binary file, not text", "empty.txt": "empty file"}
    assert len(files(db)) == 3
    calls = Calls()
    _, work, _ = build(corpus, tmp_path / "i.sqlite", calls)
    assert dict(work.problems) == errors and calls.loads == 0  # said again, not re-read
    (corpus / "empty.txt").write_text(article("Rallye de Lorraine"), "utf-8")
    db, work, _ = build(corpus, tmp_path / "i.sqlite")
    assert dict(work.problems) == {"bin.txt": "binary file, not text"}
    assert "empty.txt" in files(db)


def test_an_extractor_crash_skips_only_the_article_it_crashed_on(
    corpus: Path, tmp_path: Path
) -> None:
    def batching_crash(articles: Iterable[Article]):
        batch = list(articles)  # a batching extractor holds several articles when it fails
        for art in batch:
            if "Magny" in art.text:
                raise ValueError("[E088] Text of length 60000000 exceeds maximum\nmore detail")
        yield from fake_extract(batch)

    db, _, steps = build(corpus, tmp_path / "i.sqlite", Calls(batching_crash))
    errors = {s.file: s.error for s in steps if s.error}
    assert errors == {
        "001_Magny-Cours.txt": "extraction failed (ValueError: [E088] Text of"
        " length 60000000 exceeds maximum)"
    }
    assert files(db) == ["000_Nogaro.txt", "002_Lohéac.txt"]
    assert [s.done for s in steps] == [1, 2, 3]


def test_a_motorpme_error_from_the_extractor_stops_the_run(corpus: Path, tmp_path: Path) -> None:
    def no_model(articles: Iterable[Article]):
        raise MotorpmeError("spaCy model 'xx' is not installed")
        yield

    with pytest.raises(MotorpmeError, match="not installed"):
        build(corpus, tmp_path / "i.sqlite", Calls(no_model))


def test_articles_extracted_before_a_fatal_error_are_kept(corpus: Path, tmp_path: Path) -> None:
    def dies_on_the_third(articles: Iterable[Article]):
        for n, pair in enumerate(fake_extract(articles)):
            if n == 2:
                raise MotorpmeError("the model process died")
            yield pair

    with pytest.raises(MotorpmeError, match="died"):
        build(corpus, tmp_path / "i.sqlite", Calls(dies_on_the_third))
    db, work, _ = build(corpus, tmp_path / "i.sqlite")
    assert work.unchanged == 2 and [f.file for f in work.todo] == ["002_Lohéac.txt"]
    assert db.execute("SELECT mentions FROM entities").fetchall() == [(3,)]


def test_a_run_stopped_half_way_leaves_a_consistent_index_the_next_run_completes(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "i.sqlite"
    db = store.connect(index)
    work = update.plan(db, resolve_corpus(corpus), SIG)
    steps = update.update(db, resolve_corpus(corpus), work, SIG, Calls())
    next(steps), next(steps)
    steps.close()  # as if killed: the entity counts were never refreshed
    db.close()
    half = sqlite3.connect(index)
    assert half.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    assert half.execute("SELECT value FROM meta WHERE key = 'entities'").fetchone() == ("stale",)
    half.close()
    db = store.connect(index)  # opening finishes the interrupted recount
    assert db.execute("SELECT mentions FROM entities").fetchall() == [(2,)]
    db, work, _ = build(corpus, index)
    assert len(work.todo) == 1 and work.unchanged == 2
    assert db.execute("SELECT mentions FROM entities").fetchall() == [(3,)]


def test_an_unchanged_listing_is_known_at_once_and_any_change_is_not(
    corpus: Path, tmp_path: Path
) -> None:
    build(corpus, tmp_path / "i.sqlite")
    _, work, _ = build(corpus, tmp_path / "i.sqlite")
    assert work.listed and work.unchanged == 3
    os.utime(corpus / "002_Lohéac.txt", ns=(1, 10**18))
    _, work, _ = build(corpus, tmp_path / "i.sqlite")
    assert not work.listed and len(work.touched) == 1


def test_a_run_stopped_half_way_then_files_restored_with_their_old_times_is_caught_up(
    corpus: Path, tmp_path: Path
) -> None:
    """``cp -p``/``rsync -a`` restore old sizes and mtimes: the listing of the last complete
    run must not pass for the index's state once a later run wrote part of its work."""
    index = tmp_path / "i.sqlite"
    build(corpus, index)
    paths = sorted(corpus.iterdir())
    saved = [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths]
    for p in paths:
        p.write_text(article("Autre titre", "Sans marque."), "utf-8")
    db = store.connect(index)
    work = update.plan(db, resolve_corpus(corpus), SIG)
    steps = update.update(db, resolve_corpus(corpus), work, SIG, Calls())
    next(steps)
    steps.close()
    db.close()
    for p, (data, mtime) in zip(paths, saved, strict=True):
        p.write_bytes(data)
        os.utime(p, ns=(mtime, mtime))
    db, work, _ = build(corpus, index)
    assert not work.listed and [f.file for f in work.todo] == ["000_Nogaro.txt"]
    assert db.execute("SELECT mentions FROM entities").fetchall() == [(3,)]


def test_a_version_3_index_gains_its_stored_counts_without_re_extraction(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "i.sqlite"
    db, _, _ = build(corpus, index)
    counted = db.execute("SELECT file, n_mentions, n_org FROM articles ORDER BY file").fetchall()
    assert counted[0][1:] == (1, 1)
    for column in ["n_mentions", *(f"n_{label.lower()}" for label in COUNTED)]:
        db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    for column in ("date_source", "inferred_date"):  # version 5 (migrated in turn)
        db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema'")
    db.close()
    store.rebuilt.clear()
    calls = Calls()
    db, work, _ = build(corpus, index, calls)
    assert (store.rebuilt, calls.loads, work.unchanged) == ([], 0, 3)
    assert db.execute("SELECT file, n_mentions, n_org FROM articles ORDER BY file").fetchall() == (
        counted
    )
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("5",)
    assert db.execute("SELECT count(date_source) FROM articles").fetchone() == (0,)


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


def test_skipped_lists_files_and_reasons(corpus: Path, tmp_path: Path) -> None:
    (corpus / "blank.txt").write_text("   \n\n  \n", "utf-8")
    db, _, _ = build(corpus, tmp_path / "i.sqlite")
    assert store.skipped(db) == [("blank.txt", "empty file")]


def test_a_skipped_file_is_tried_again_when_the_pipeline_changes(
    corpus: Path, tmp_path: Path
) -> None:
    (corpus / "blank.txt").write_text("   \n", "utf-8")
    build(corpus, tmp_path / "i.sqlite")
    _, work, steps = build(corpus, tmp_path / "i.sqlite", signature="fixed reader")
    assert "blank.txt" in [item.file for item in work.todo]
    assert [s.error for s in steps if s.file == "blank.txt"] == ["empty file"]


def test_a_corpus_of_only_bad_files_never_loads_the_model(tmp_path: Path) -> None:
    root = tmp_path / "bad"
    root.mkdir()
    (root / "a.txt").write_bytes(b"")
    (root / "b.txt").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(64))
    calls = Calls()
    db, _, steps = build(root, tmp_path / "i.sqlite", calls)
    assert calls.loads == 0 and [s.error is not None for s in steps] == [True, True]
    assert files(db) == []


def test_an_extractor_that_fails_on_everything_is_a_bug_not_bad_input(
    corpus: Path, tmp_path: Path
) -> None:
    (corpus / "003_Ledenon.txt").write_text(article("Circuit de Lédenon"), "utf-8")

    def broken(articles: Iterable[Article]):
        for _ in articles:
            raise AttributeError("module has no attribute 'postprocess'")
        yield

    with pytest.raises(AttributeError, match="postprocess"):
        build(corpus, tmp_path / "i.sqlite", Calls(broken))


def test_a_file_gone_between_plan_and_read_is_skipped_and_then_forgotten(
    corpus: Path, tmp_path: Path
) -> None:
    db = store.connect(tmp_path / "i.sqlite")
    work = update.plan(db, resolve_corpus(corpus), SIG)
    (corpus / "001_Magny-Cours.txt").unlink()
    steps = list(update.update(db, resolve_corpus(corpus), work, SIG, Calls()))
    assert [s.file for s in steps if s.error] == ["001_Magny-Cours.txt"]
    assert "No such file" in steps[1].error or "cannot read" in steps[1].error
    _, work, _ = build(corpus, tmp_path / "i.sqlite")
    assert work.removed == ["001_Magny-Cours.txt"] and work.problems == []


def test_an_unreadable_file_is_skipped_even_when_root_could_read_it(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "002_Lohéac.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    db, _, steps = build(corpus, tmp_path / "i.sqlite")
    assert [(s.file, s.error) for s in steps if s.error] == [
        ("002_Lohéac.txt", "permission denied")
    ]
    assert len(files(db)) == 2


def test_odd_file_names_are_indexed_under_a_printable_name(tmp_path: Path) -> None:
    root = tmp_path / "odd"
    root.mkdir()
    (root / "deux\nlignes.txt").write_text(article("Rallye du Var"), "utf-8")
    with open(os.path.join(os.fsencode(root), b"caf\xe9.txt"), "wb") as fh:
        fh.write(article("Circuit de Pau").encode("cp1252"))
    db, _, steps = build(root, tmp_path / "i.sqlite")
    assert [s.error for s in steps] == [None, None]
    rows = db.execute("SELECT id, file FROM articles ORDER BY file").fetchall()
    assert rows == [("caf\ufffd", "caf\ufffd.txt"), ("deux\ufffdlignes", "deux\ufffdlignes.txt")]
    _, work, _ = build(root, tmp_path / "i.sqlite")
    assert work.unchanged == 2
