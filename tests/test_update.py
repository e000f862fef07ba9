"""Bringing the index up to date (``index.update``) with a stand-in extractor: what changed,
skips and their reasons, crashes, runs stopped half-way."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.index import store, update
from motorpme.ingest.corpus import resolve_corpus
from motorpme.models import Article
from tests.fakes import SIG, Calls, article, build, fake_extract, files, three_articles


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return three_articles(tmp_path)


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
    from motorpme.ingest import article

    real = article._read_regular

    def denied(path: Path, max_size: int) -> bytes | None:
        if path.name == "002_Lohéac.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, max_size)

    monkeypatch.setattr(article, "_read_regular", denied)
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


def _aged(root: Path) -> Path:
    """Every folder's mtime put a minute back: older than the walk's racy window, so the
    snapshot trusts it (a folder changed within ``RACY_NS`` of a walk is walked again)."""
    old = time.time_ns() - 60 * 10**9
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        os.utime(folder, ns=(old, old))
    return root


def _read(corpus: Path, index: Path):
    """What a read does: the cheap check first, then the update it plans."""
    db = store.connect(index)
    work = update.plan(db, resolve_corpus(corpus), SIG, full=False)
    list(update.update(db, resolve_corpus(corpus), work, SIG, Calls()))
    return db, work


def test_a_read_of_unchanged_folders_looks_at_no_file(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(_aged(corpus), tmp_path / "i.sqlite")
    monkeypatch.setattr(update, "scan", None)  # the walk that stats every file
    _, work = _read(corpus, tmp_path / "i.sqlite")
    assert (work.listed, work.unchanged, work.changes) == (True, 3, False)


def test_a_read_sees_a_file_added_removed_or_renamed(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "i.sqlite"
    build(_aged(corpus), index)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "new.txt").write_text(article("Rallye du Var"), "utf-8")
    db, work = _read(_aged(corpus), index)
    assert [f.file for f in work.todo] == ["sub/new.txt"] and "sub/new.txt" in files(db)
    (corpus / "001_Magny-Cours.txt").unlink()
    db, work = _read(_aged(corpus), index)
    assert work.removed == ["001_Magny-Cours.txt"] and "001_Magny-Cours.txt" not in files(db)
    (corpus / "sub" / "new.txt").rename(corpus / "sub" / "renamed.txt")
    db, work = _read(_aged(corpus), index)
    assert (work.removed, [f.file for f in work.todo]) == (["sub/new.txt"], ["sub/renamed.txt"])
    assert files(db) == ["000_Nogaro.txt", "002_Lohéac.txt", "sub/renamed.txt"]
    assert db.execute("SELECT mentions FROM entities").fetchall() == [(3,)]


def _edit_in_place(path: Path) -> None:
    """New bytes in the same file: no folder changes (as ``>``, or an editor that writes
    over the file rather than renaming a new one into place)."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(article("Circuit de Nogaro", "Sans marque."))


def test_an_edit_in_place_is_seen_by_index_and_refresh_and_never_lost(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import motorpme.extract

    monkeypatch.setattr(motorpme.extract, "pipeline_signature", lambda *_: SIG)
    index = tmp_path / "i.sqlite"
    build(_aged(corpus), index)
    _edit_in_place(corpus / "000_Nogaro.txt")
    db, work = _read(corpus, index)  # the rule as the README says it: a read does not see it
    assert (work.listed, work.todo) == (True, [])
    db.close()
    opts = update.Options(corpus=corpus, index=index, refresh=True)
    db, _, work, _ = update.prepare(opts)
    assert [f.file for f in work.todo] == ["000_Nogaro.txt"]
    db.close()
    db, work, _ = build(corpus, index)  # `motorpme index`: the full pass
    assert [f.file for f in work.todo] == ["000_Nogaro.txt"]
    assert db.execute("SELECT mentions FROM entities").fetchall() == [(2,)]


def test_an_edit_in_place_is_caught_by_the_next_read_that_sees_a_change(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "i.sqlite"
    build(_aged(corpus), index)
    _edit_in_place(corpus / "000_Nogaro.txt")
    (corpus / "003_Ledenon.txt").write_text(article("Circuit de Lédenon"), "utf-8")
    _, work = _read(corpus, index)  # a folder changed: every file is stat-ed
    assert [f.file for f in work.todo] == ["000_Nogaro.txt", "003_Ledenon.txt"]


def test_a_folder_changed_just_before_the_walk_is_walked_again_by_the_next_read(
    corpus: Path, tmp_path: Path
) -> None:
    """File systems stamp mtimes coarsely: a file added in the same tick as the walk would
    leave its folder's mtime as the snapshot has it, so a recent folder is not trusted."""
    index = tmp_path / "i.sqlite"
    build(corpus, index)  # folders just written: racy
    _edit_in_place(corpus / "000_Nogaro.txt")
    _, work = _read(corpus, index)
    assert [f.file for f in work.todo] == ["000_Nogaro.txt"]


def test_a_read_with_another_pipeline_or_size_cap_makes_the_full_pass(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "i.sqlite"
    build(_aged(corpus), index)
    db = store.connect(index)
    work = update.plan(db, resolve_corpus(corpus), "other", full=False)
    assert len(work.todo) == 3
    work = update.plan(db, resolve_corpus(corpus, max_size=10), SIG, full=False)
    assert len(work.problems) == 3 and not work.listed


def test_planner_statistics_follow_the_corpus_size_not_every_update(tmp_path: Path) -> None:
    """ANALYZE runs after the first update and again once the article count moved by more
    than a tenth: the statistics SQLite plans reads with say how many articles there are."""
    root = tmp_path / "corpus"
    root.mkdir()
    for i in range(20):
        (root / f"{i:03d}.txt").write_text(article(f"Circuit numéro {i}"), "utf-8")

    def counted(db: sqlite3.Connection) -> int:
        row = db.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles'").fetchone()
        return int(row[0].split()[0])

    db, _, _ = build(root, tmp_path / "i.sqlite")
    assert counted(db) == 20
    (root / "020.txt").write_text(article("Circuit numéro 20"), "utf-8")  # +5 %: kept
    db, work, _ = build(root, tmp_path / "i.sqlite")
    assert len(work.todo) == 1 and counted(db) == 20
    for i in range(21, 24):  # 24 articles: +20 % since the statistics
        (root / f"{i:03d}.txt").write_text(article(f"Circuit numéro {i}"), "utf-8")
    db, _, _ = build(root, tmp_path / "i.sqlite")
    assert counted(db) == 24


def test_removing_many_articles_gives_the_disk_space_back(tmp_path: Path) -> None:
    """After an update that moves the article count by a tenth the file is compacted: the
    pages the removed articles held are returned to the disk, and the WAL does not keep the
    copy that made."""
    import random

    root, index = tmp_path / "corpus", tmp_path / "i.sqlite"
    root.mkdir()
    words = random.Random(7)
    for i in range(60):  # texts that deflate little: each article fills several pages
        body = " ".join(f"mot{words.randrange(10**6)}" for _ in range(1500))
        (root / f"{i:03d}.txt").write_text(article(f"Circuit numéro {i}", body + "."), "utf-8")
    db, _, _ = build(root, index)
    full = index.stat().st_size
    assert db.execute("PRAGMA freelist_count").fetchone() == (0,)
    for i in range(40):
        (root / f"{i:03d}.txt").unlink()
    db, work, _ = build(root, index)
    assert len(work.removed) == 40 and len(files(db)) == 20
    assert db.execute("PRAGMA freelist_count").fetchone() == (0,)
    assert index.stat().st_size < full * 0.6  # a third of the articles, and empty tables
    wal = index.with_name(index.name + "-wal")
    assert wal.stat().st_size < full / 10  # not a copy of the whole file
