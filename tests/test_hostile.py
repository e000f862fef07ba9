"""Issue 19: paths, faults and sizes that lost data, crashed or hung.

Most cases index through a stand-in extractor (``Fake``, importable by worker processes) so
no model loads; the runs that must be real processes (permissions, closed pipes, kills, a
FIFO) work on an index built beforehand, so they never load the model either. Permission
cases run as root with the override capabilities dropped by ``setpriv``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from motorpme.errors import MotorpmeError
from motorpme.extract import pipeline
from motorpme.index import store, update
from motorpme.index import workers as worker_pool
from motorpme.ingest.corpus import resolve_corpus, scan
from motorpme.read.evaluate import load_gold
from tests.conftest import ROOT, Motorpme
from tests.fakes import Faulty as Fake

TEXT = (
    "Alpine investit à Dieppe\n\nPublié le 14 mai 2018\n\n"
    "Le constructeur Alpine annonce un budget de 250 000 euros pour son usine de Dieppe.\n"
)


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every CLI run in this process extracts with ``Fake`` (no model loads)."""
    monkeypatch.setattr(update, "extractor_for", lambda opts: Fake())


def _lines(stderr: str) -> list[str]:
    """The stderr lines but for progress ("loading the model…")."""
    return [
        line
        for line in stderr.splitlines()
        if line.strip() and not line.startswith(("loading", "indexed"))
    ]


def _one_error(result, *words: str) -> str:
    """The run failed with exit 2 and one stderr line, no traceback, naming ``words``."""
    stderr = result.stderr
    code = result.returncode if hasattr(result, "returncode") else result.exit_code
    assert code == 2, stderr
    assert "Traceback" not in stderr
    assert len(_lines(stderr)) == 1, stderr
    [line] = _lines(stderr)
    for word in words:
        assert word in line, line
    return line


# ------------------------------------------------------------------ real processes

SETPRIV = shutil.which("setpriv")
ROOT_USER = os.geteuid() == 0


def _process(corpus: Path, index: Path, *args: str, denied: bool = False, **kwargs):
    """``motorpme --corpus C --index I ARGS`` as its own process; ``denied``: as a root that
    file permissions bind (the override capabilities dropped)."""
    command = [sys.executable, "-c", "from motorpme.cli.main import main; main()"]
    command += ["--corpus", str(corpus), "--index", str(index), *args]
    if denied and ROOT_USER:
        if SETPRIV is None:
            pytest.skip("setpriv (util-linux) is needed to drop root's override capabilities")
        command = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search", *command]
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(command, text=True, timeout=60, cwd=ROOT, **kwargs)


def _built(make_corpus, tmp_path: Path, files: dict[str, str]) -> Motorpme:
    """A corpus indexed in this process with the stand-in extractor (needs ``fake``)."""
    cli = Motorpme(make_corpus(files), tmp_path / "i.sqlite")
    result = cli("index")
    assert result.exit_code == 0, result.stderr
    return cli


def _files(cli: Motorpme) -> list[str]:
    db = sqlite3.connect(cli.index)
    try:
        return [r[0] for r in db.execute("SELECT file FROM articles ORDER BY file")]
    finally:
        db.close()


# ------------------------------------------------------------------ 1-3: never write there


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_1_an_index_that_is_a_device_fifo_or_folder_is_refused_untouched(
    tmp_path: Path, make_corpus, fake: None, kind: str
) -> None:
    root = make_corpus({"a.txt": TEXT})
    target = tmp_path / "d" / "null"
    target.parent.mkdir()
    if kind == "device":
        os.mknod(target, 0o666 | 0o020000, os.makedev(1, 3))  # a copy of /dev/null
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    before = os.stat(target)
    result = Motorpme(root, target)("list")
    line = _one_error(result, str(target), "--index")
    assert "not a regular file" in line or "folder" in line
    after = os.stat(target)
    assert (after.st_mode, after.st_rdev, after.st_ino) == (
        before.st_mode,
        before.st_rdev,
        before.st_ino,
    )
    assert sorted(p.name for p in target.parent.iterdir()) == ["null"]


@pytest.mark.parametrize("command", ["export", "show"])
def test_2_outputs_never_overwrite_a_corpus_article(
    tmp_path: Path, make_corpus, fake: None, command: str
) -> None:
    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT, "b.txt": TEXT})
    article = cli.corpus / "b.txt"
    args = (
        ["export", "--csv", "-o", str(article)]
        if command == "export"
        else ["show", "a", "--html", str(article)]
    )
    _one_error(cli(*args), str(article), "corpus article")
    assert article.read_text(encoding="utf-8") == TEXT
    assert sorted(p.name for p in cli.corpus.iterdir()) == ["a.txt", "b.txt"]


def test_3_a_second_rebuild_keeps_the_first_unusable_file(tmp_path: Path) -> None:
    index = tmp_path / "i.sqlite"
    kept = []
    for n in range(3):
        index.write_bytes(f"not an index {n}".encode() * 500)
        store.rebuilt.clear()
        store.connect(index).close()
        kept.append(f"not an index {n}".encode() * 500)
        [line] = store.rebuilt
        assert ("i.sqlite.unusable" + (f"-{n + 1}" if n else "")) in line
    store.rebuilt.clear()
    assert Path(f"{index}.unusable").read_bytes() == kept[0]
    assert Path(f"{index}.unusable-2").read_bytes() == kept[1]
    assert Path(f"{index}.unusable-3").read_bytes() == kept[2]


# ------------------------------------------------------------------ 4: never forget an article


def test_4_an_unlistable_sub_folder_is_named_and_its_articles_kept(
    tmp_path: Path, make_corpus, fake: None
) -> None:
    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT, "sous/b.txt": TEXT, "sous/c.txt": TEXT})
    (cli.corpus / "sous").chmod(0)
    try:
        result = _process(cli.corpus, cli.index, "list", "--json", denied=True)
    finally:
        (cli.corpus / "sous").chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert "skipped sous/: permission denied" in result.stderr.splitlines()
    assert sorted(r["file"] for r in json.loads(result.stdout)) == [
        "a.txt",
        "sous/b.txt",
        "sous/c.txt",
    ]
    assert _files(cli) == ["a.txt", "sous/b.txt", "sous/c.txt"]


def test_4_an_unlistable_corpus_root_leaves_the_index_whole(
    tmp_path: Path, make_corpus, fake: None
) -> None:
    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT, "sous/b.txt": TEXT})
    cli.corpus.chmod(0)
    try:
        result = _process(cli.corpus, cli.index, "list", "--json", denied=True)
    finally:
        cli.corpus.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert "skipped ./: permission denied" in result.stderr.splitlines()
    assert _files(cli) == ["a.txt", "sous/b.txt"]


def test_4_a_path_too_long_for_the_system_is_named(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(20):  # 20 folders of 250 characters: past PATH_MAX (4096)
            os.mkdir("d" * 250, dir_fd=fd)
            inner = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w") as fh:
            fh.write(TEXT)
    finally:
        os.close(fd)
    files, problems = scan(resolve_corpus(root))
    assert [f.file for f in files] == ["a.txt"]
    assert len(problems) == 1 and problems[0][1] == "path too long for the system"
    assert problems[0][0].startswith("d" * 250 + "/")


# ------------------------------------------------------------------ 5-7: faults in the index


def _damage(index: Path) -> None:
    """Overwrite the first pages of the articles and mentions tables, in the middle of the
    index file, with garbage: what a bad sector or a stray write does."""
    db = sqlite3.connect(index)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = db.execute(
        "SELECT rootpage FROM sqlite_master WHERE name IN ('articles', 'mentions')"
    ).fetchall()
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(index, "r+b") as fh:
        for (page,) in pages:
            fh.seek((page - 1) * size)
            fh.write(os.urandom(size))


@pytest.fixture()
def damaged(tmp_path: Path, make_corpus, fake: None) -> Motorpme:
    body = TEXT + "Alpine et le circuit de Dieppe. " * 300
    cli = _built(make_corpus, tmp_path, {f"{n:03d}.txt": body for n in range(30)})
    _damage(cli.index)
    return cli


def test_5_a_damaged_index_is_one_line_for_a_read_command(damaged: Motorpme) -> None:
    for args in (["export", "--json"], ["show", "010"], ["entities", "--json"]):
        result = damaged(*args)
        assert result.exit_code in (0, 2), result.stderr
        if result.exit_code == 2:
            _one_error(result, str(damaged.index), "index --check")
    assert damaged("export", "--json").exit_code == 2


def test_5_index_check_sets_a_damaged_index_aside_and_rebuilds_it(damaged: Motorpme) -> None:
    result = damaged("index", "--check")
    assert result.exit_code == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "unusable index" in line]
    assert str(damaged.index) in warning and "i.sqlite.unusable" in warning
    assert Path(f"{damaged.index}.unusable").exists()
    assert len(damaged.json("list")) == 30
    assert damaged("export", "--json").exit_code == 0


def test_5_a_damaged_index_is_rebuilt_before_it_is_written(damaged: Motorpme) -> None:
    (damaged.corpus / "new.txt").write_text(TEXT, encoding="utf-8")
    result = damaged("list", "--json")
    assert result.exit_code == 0, result.stderr
    assert any("unusable index" in line for line in result.stderr.splitlines())
    assert len(json.loads(result.stdout)) == 31


def test_6_a_full_disk_while_indexing_is_one_line_and_keeps_the_index_consistent(
    tmp_path: Path, make_corpus, fake: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT})
    pages = sqlite3.connect(cli.index).execute("PRAGMA page_count").fetchone()[0]
    real = store._open

    def small_disk(path: Path) -> sqlite3.Connection:
        db = real(path)
        db.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite says "disk is full"
        return db

    monkeypatch.setattr(store, "_open", small_disk)
    make_corpus({f"big{n}.txt": TEXT + "Alpine roule. " * 3000 for n in range(5)})
    for command in ("list", "search"):
        result = cli(command, *(["Alpine"] if command == "search" else []))
        _one_error(result, str(cli.index), "full")
    monkeypatch.setattr(store, "_open", real)
    db = sqlite3.connect(cli.index)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert (
        db.execute("SELECT count(*) FROM articles").fetchone()
        == db.execute("SELECT count(*) FROM fts").fetchone()
    )


def test_6_a_failed_export_leaves_no_partial_file(
    tmp_path: Path, make_corpus, fake: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from motorpme.read import export

    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT, "b.txt": TEXT})
    target = tmp_path / "out.csv"
    target.write_text("the previous export\n", encoding="utf-8")

    def full_disk(out, documents, model):
        out.write("id,file\n" * 1000)
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(export.WRITERS, "csv", full_disk)
    _one_error(cli("export", "--csv", "-o", str(target)), str(target), "No space left")
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".out", "out"))) == [
        "out.csv"
    ]


def test_6_writing_to_dev_full_is_one_line(tmp_path: Path, make_corpus, fake: None) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT})
    with open("/dev/full", "w") as full:
        result = _process(
            cli.corpus, cli.index, "export", "--json", stdout=full, stderr=subprocess.PIPE
        )
    _one_error(result, "stdout", "No space left")


def test_7_a_read_only_index_with_a_changed_file_is_one_line(
    tmp_path: Path, make_corpus, fake: None
) -> None:
    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT, "b.txt": TEXT})
    db = sqlite3.connect(cli.index)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = cli.index.read_bytes()
    (cli.corpus / "b.txt").write_text(TEXT + "Alpine encore.\n", encoding="utf-8")
    cli.index.chmod(0o444)
    try:
        result = _process(cli.corpus, cli.index, "list", denied=True)
    finally:
        cli.index.chmod(0o644)
    _one_error(result, str(cli.index), "cannot write the index")
    assert cli.index.read_bytes() == before


def test_7_locked_and_read_only_sqlite_errors_read_as_one_line() -> None:
    from motorpme.index import faults

    locked = faults.failure("/x/i.sqlite", sqlite3.OperationalError("database is locked"))
    assert "another motorpme run" in locked.message and locked.exit_code == 2
    readonly = faults.failure(
        "/x/i.sqlite", sqlite3.OperationalError("attempt to write a readonly database")
    )
    assert (
        readonly.message.startswith("/x/i.sqlite: cannot write the index")
        and readonly.exit_code == 2
    )


# ------------------------------------------------------------------ 8-9: options and outputs


@pytest.mark.parametrize(
    "args",
    [
        ["search", "Alpine", "--context", "5000000000"],
        ["search", "Alpine", "--hits", "9223372036854775807"],
        ["list", "--limit", "9223372036854775807"],
        ["entities", "--limit", "99999999999999999999"],
        ["search", "Alpine", "--limit", "9223372036854775808"],
        ["--workers", "9223372036854775807", "list"],
    ],
)
def test_8_huge_integers_are_a_usage_error(tmp_path: Path, make_corpus, args: list[str]) -> None:
    result = Motorpme(make_corpus({"a.txt": TEXT}), tmp_path / "i.sqlite")(*args)
    assert result.exit_code == 2 and "above the maximum" in result.stderr, result.stderr
    assert len(_lines(result.stderr)) == 1 and not (tmp_path / "i.sqlite").exists()


@pytest.mark.parametrize("where", ["missing folder", "folder", "empty"])
@pytest.mark.parametrize("command", ["export", "show"])
def test_9_an_output_to_a_missing_folder_a_folder_or_nothing_is_one_line(
    tmp_path: Path, make_corpus, fake: None, where: str, command: str
) -> None:
    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT})
    target = {
        "missing folder": str(tmp_path / "nowhere" / "x.out"),
        "folder": str(tmp_path),
        "empty": "",
    }[where]
    option = ["-o", target] if command == "export" else ["--html", target]
    args = ["export", "--jsonl", *option] if command == "export" else ["show", "a", *option]
    _one_error(cli(*args))
    assert not (tmp_path / "nowhere").exists()


def test_9_a_closed_stdout_ends_quietly(tmp_path: Path, make_corpus, fake: None) -> None:
    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT})
    closed = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    result = _process(cli.corpus, cli.index, "list", preexec_fn=lambda: os.close(1), **closed)
    assert result.returncode == 141, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize(
    "entities", ['["Alpine"]', '"Alpine"', '[{"label": "ORG"}]', '[{"text": "Alpine"}]', "[1]"]
)
def test_9_a_gold_file_whose_entities_are_not_objects_is_one_line(
    tmp_path: Path, entities: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(f'{{"doc": "a.txt", "entities": {entities}}}\n', encoding="utf-8")
    with pytest.raises(MotorpmeError, match=r"gold\.jsonl:1: not a gold line") as info:
        load_gold(gold)
    assert "\n" not in str(info.value)


def test_9_evaluate_with_a_bad_gold_file_is_exit_2(tmp_path: Path, make_corpus, fake: None) -> None:
    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT})
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt", "entities": ["Alpine"]}\n', encoding="utf-8")
    _one_error(cli("evaluate", str(gold)), "gold.jsonl:1")


# ------------------------------------------------------------------ 10-14: hangs and resources


def test_10_a_fifo_in_the_corpus_is_skipped_without_blocking(
    tmp_path: Path, make_corpus, fake: None
) -> None:
    cli = _built(make_corpus, tmp_path, {"a.txt": TEXT})
    os.mkfifo(cli.corpus / "x.txt")
    result = _process(cli.corpus, cli.index, "list", "--json")  # timeout: 60 s
    assert result.returncode == 2, result.stderr
    assert "skipped x.txt: not a regular file (a FIFO)" in result.stderr.splitlines()
    assert [r["file"] for r in json.loads(result.stdout)] == ["a.txt"]


def test_11_a_link_to_dev_zero_and_a_huge_sparse_file_are_skipped_unread(
    tmp_path: Path, make_corpus, fake: None
) -> None:
    root = make_corpus({"a.txt": TEXT})
    (root / "zero.txt").symlink_to("/dev/zero")
    with open(root / "sparse.txt", "wb") as fh:
        fh.truncate(4 << 30)
    result = Motorpme(root, tmp_path / "i.sqlite")("list", "--json")
    assert result.exit_code == 2, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert skipped == [
        "skipped sparse.txt: larger than 20 MB (--max-size)",
        "skipped zero.txt: not a regular file (a device)",
    ]
    assert [r["file"] for r in json.loads(result.stdout)] == ["a.txt"]


@pytest.mark.parametrize("how", ["option", "env"])
def test_11_the_size_cap_is_settable(
    tmp_path: Path, make_corpus, fake: None, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    root = make_corpus({"a.txt": TEXT, "big.txt": TEXT + "Alpine roule. " * 100_000})
    options = ("--max-size", "1") if how == "option" else ()
    if how == "env":
        monkeypatch.setenv("MOTORPME_MAX_SIZE", "1")
    result = Motorpme(root, tmp_path / "i.sqlite", options)("list", "--json")
    assert result.exit_code == 2, result.stderr
    assert "skipped big.txt: larger than 1 MB (--max-size)" in result.stderr.splitlines()
    assert [r["file"] for r in json.loads(result.stdout)] == ["a.txt"]
    monkeypatch.delenv("MOTORPME_MAX_SIZE", raising=False)
    again = Motorpme(root, tmp_path / "i.sqlite", ("--max-size", "2"))("list", "--json")
    assert again.exit_code == 0, again.stderr  # a higher cap reads it
    assert [r["file"] for r in json.loads(again.stdout)] == ["a.txt", "big.txt"]


def test_12_a_long_line_reaches_the_model_in_small_pieces_with_exact_offsets() -> None:
    sentence = "Le pilote Romain Dumas roule à Alès pour Alpine. "
    line = sentence * 40_000 + "x" * 5000 + " fin"  # 2 MB on one line, then a word without end
    pieces = list(pipeline._pieces(line))
    assert max(len(piece) for _, piece in pieces) <= pipeline.PIECE <= 5000
    assert all(line[at : at + len(piece)] == piece for at, piece in pieces)
    assert all(piece.endswith("Alpine.") for _, piece in pieces[:-3])  # cut at sentence ends
    joined = "".join(piece for _, piece in pieces)
    assert joined.replace(" ", "") == line.replace(" ", "")  # nothing lost but the cut spaces


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


_INDEXER = """
import sys
sys.argv[1:] = {argv!r}
from motorpme.index import update
from tests.fakes import Faulty as Fake
update.SPAWN_THRESHOLD = 1
update.extractor_for = lambda opts: Fake()
from motorpme.cli.main import main
main()
"""


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_13_workers_end_with_their_indexer(make_corpus, tmp_path: Path, sig: int) -> None:
    root = make_corpus({f"{n}.txt": TEXT + ("SLOW" if n else "") for n in range(4)})
    argv = ["--corpus", str(root), "--index", str(tmp_path / "i.sqlite"), "--workers", "2", "index"]
    script = _INDEXER.format(argv=argv)
    indexer = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stderr=subprocess.PIPE)
    workers: list[int] = []
    try:
        for _ in range(600):  # guard: the two workers start in well under a minute
            workers = [p for p in _children(indexer.pid) if "spawn_main" in _cmdline(p)]
            if len(workers) >= 2:
                break
            time.sleep(0.1)
        assert len(workers) >= 2, "the workers did not start"
        time.sleep(1)  # they have loaded the stand-in and hold SLOW articles
        indexer.send_signal(sig)
        indexer.wait(timeout=60)
        for _ in range(300):  # guard of 30 s; they watch their parent every half second
            if not any(_alive(p) for p in workers):
                break
            time.sleep(0.1)
        assert not any(_alive(p) for p in workers)
    finally:  # whatever happened, no worker outlives the test
        for pid in {*workers, *_children(indexer.pid)}:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        indexer.kill()
        indexer.wait()


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().decode(errors="replace")
    except OSError:
        return ""


def test_14_workers_are_capped_at_what_the_machine_affords(
    tmp_path: Path, make_corpus, fake: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    real = update.update

    def recording(db, corpus, work, signature, extract, workers=1, loading=None):
        asked.append(workers)
        return real(db, corpus, work, signature, extract, 1, loading)

    monkeypatch.setattr(update, "update", recording)
    affordable, _ = update.worker_budget()
    assert (
        1
        <= affordable
        <= (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())
    )
    result = Motorpme(make_corpus({"a.txt": TEXT}), tmp_path / "i.sqlite")(
        "--workers", "200", "index"
    )
    assert result.exit_code == 0, result.stderr
    assert asked == [affordable]
    assert f"--workers 200: using {affordable} (" in result.stderr


def test_14_workers_are_capped_by_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(update, "_available_mb", lambda: 400)
    assert update.worker_budget() == (1, "400 MB of memory available, 350 MB each")


# ------------------------------------------------------------------ 15-16: say it right


def test_15_encoding_warnings_are_one_line_per_file_and_the_file_is_indexed(
    tmp_path: Path, make_corpus, fake: None
) -> None:
    text = TEXT.replace("250 000 euros", "250 000 €")
    root = make_corpus(
        {
            "cp.txt": text.encode("cp1252"),
            "nul.txt": text.replace("Le ", "Le\x00 ").encode(),
            "ok.txt": text,
        }
    )
    result = Motorpme(root, tmp_path / "i.sqlite")("list", "--json")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning")]
    assert warnings == [
        "warning cp.txt: decoded as cp1252",
        "warning nul.txt: removed 1 NUL byte(s)",
    ]
    assert [r["file"] for r in json.loads(result.stdout)] == ["cp.txt", "nul.txt", "ok.txt"]


def test_15_encoding_warnings_come_back_from_worker_processes(
    tmp_path: Path, make_corpus, fake: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(update, "SPAWN_THRESHOLD", 1)
    monkeypatch.setattr(worker_pool, "CHUNK", 1)
    monkeypatch.setattr(update, "worker_budget", lambda: (2, "test"))
    root = make_corpus({"cp.txt": TEXT.encode("cp1252"), "ok.txt": TEXT, "ok2.txt": TEXT})
    result = Motorpme(root, tmp_path / "i.sqlite")("--workers", "2", "index")
    assert result.exit_code == 0, result.stderr
    assert "in 2 processes" in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("warning")] == [
        "warning cp.txt: decoded as cp1252"
    ]


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--since", "２０１９", "not a date"),
        ("--since", "2019-13", "no month 13"),
        ("--until", "2019-13-45", "no month 13"),
        ("--since", "2019-02-30", "no day 30"),
        ("--until", "2019-00", "no month 00"),
    ],
)
def test_16_dates_are_ascii_and_real(
    tmp_path: Path, make_corpus, option: str, value: str, named: str
) -> None:
    cli = Motorpme(make_corpus({"a.txt": TEXT}), tmp_path / "i.sqlite")
    for command in (["list"], ["search", "Alpine"], ["export"]):
        _one_error(cli(*command, option, value), option, named)
    assert not cli.index.exists()  # said when the command line is read, before indexing


def test_16_since_after_until_is_an_error(press: Motorpme) -> None:
    _one_error(press("list", "--since", "2019-06", "--until", "2019-05"), "is after")
    assert press("list", "--since", "2019-06", "--until", "2019").exit_code == 0


@pytest.mark.parametrize(
    "args", [["entities", "--doc", ""], ["show", ""], ["search", "Alpine", "--doc", " "]]
)
def test_16_an_empty_article_id_is_refused(press: Motorpme, args: list[str]) -> None:
    _one_error(press(*args), "empty article id")


def test_16_a_newline_in_an_id_does_not_split_the_error_line(press: Motorpme) -> None:
    result = press("show", "zz\nerror: forged")
    assert result.exit_code == 1
    [line] = _lines(result.stderr)
    assert "zz\\nerror: forged" in line


def test_16_export_into_a_closed_pipe_ends_quietly(tmp_path: Path, make_corpus, fake: None) -> None:
    cli = _built(make_corpus, tmp_path, {f"{n:03d}.txt": TEXT * 50 for n in range(200)})
    command = [sys.executable, "-c", "from motorpme.cli.main import main; main()"]
    command += ["--corpus", str(cli.corpus), "--index", str(cli.index), "export", "--jsonl"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().startswith(b"{")
    proc.stdout.close()  # as `| head -1` does
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 141, stderr
    assert stderr == b""
