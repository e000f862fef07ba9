"""Issue 5: any folder a user points motorpme at: nothing lost, nothing crashes.

Bad files are skipped with one ``skipped FILE: reason`` line each and exit code 2, the other
files are indexed; the corpus is never written to; a killed or concurrent run never leaves a
half-written index; hostile text is harmless. The model loads once for the whole module.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motorpme.errors import MotorpmeError
from motorpme.index import store, update
from motorpme.ingest.article import article_from_bytes
from motorpme.ingest.corpus import resolve_corpus
from motorpme.text import unpack
from tests.conftest import Motorpme, write_corpus

TEXT = (
    "Le circuit de Lédenon accueille la Coupe de France des circuits\n\n"
    "Publié le 14 mai 2018\n\n"
    "La Fédération française du sport automobile a confirmé que le circuit recevra l'épreuve "
    "en septembre. Marc Lefèvre, directeur du site, annonce un budget de 250 000 euros pour "
    "rénover les stands.\n"
    "Les pilotes de la région pourront rouler dès le printemps prochain à Uzès et à Nîmes.\n"
)
ACCENTS = "Fédération française du sport automobile"


@pytest.fixture(scope="module")
def one_model() -> Iterator[None]:
    """Every CLI run of this module reuses one loaded pipeline (loading costs ~5 s)."""
    from motorpme.extract import pipeline

    cache: dict = {}
    real = pipeline.Extractor

    def cached(*args: object, **kwargs: object):
        key = repr((args, sorted(kwargs.items())))
        if key not in cache:
            cache[key] = real(*args, **kwargs)
        return cache[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "Extractor", cached)
        yield


def _snapshot(root: Path) -> dict[str, tuple]:
    """Every entry below ``root`` with its bytes' hash, size, mtime and mode (links not read)."""
    seen = {}
    for folder, dirs, files in os.walk(os.fsencode(root)):
        for name in dirs + files:
            path = os.path.join(folder, name)
            st_ = os.lstat(path)
            digest = None
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
            rel = os.fsdecode(os.path.relpath(path, os.fsencode(root)))
            seen[rel] = (digest, st_.st_size, st_.st_mtime_ns, st_.st_mode)
    return seen


def _json(cli: Motorpme, *args: str):
    """JSON output of a command on the dirty corpus: data on stdout even when it exits 2."""
    result = cli(*args, "--json")
    assert result.exit_code in (0, 1, 2), result.stderr + repr(result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return json.loads(result.stdout)


def _skipped_lines(stderr: str) -> dict[str, str]:
    lines = [line for line in stderr.splitlines() if line.startswith("skipped ")]
    return dict(line.removeprefix("skipped ").split(": ", 1) for line in lines)


# ------------------------------------------------------------------ one dirty corpus

UNREADABLE = os.geteuid() != 0  # root reads through permissions: that case needs a user
LONG_LINE = ("Le plateau compte des voitures anciennes venues de toute la région. " * 16000)[
    : 1 << 20
]


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory, one_model: None):
    """A corpus with every kind of bad file of issue 5 next to good ones, indexed once."""
    root = tmp_path_factory.mktemp("dirty") / "corpus"
    root.mkdir()
    files: dict[str, bytes] = {
        "utf8.txt": TEXT.encode(),
        "cp1252.txt": TEXT.replace("250 000 euros", "250 000 €").encode("cp1252"),
        "latin1.txt": TEXT.encode("latin-1"),
        "utf16.txt": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        "utf8bom.txt": codecs.BOM_UTF8 + TEXT.encode(),
        "mojibake.txt": TEXT.encode().decode("cp1252", "replace").encode(),
        "mixed-eol.txt": TEXT.replace("\n\n", "\r\n\r\n", 1).replace(".\n", ".\r").encode(),
        "nul.txt": TEXT.replace("le circuit recevra", "le circuit\x00 recevra").encode(),
        "long-line.txt": f"Une seule ligne\n\n{LONG_LINE}".encode(),
        "empty.txt": b"",
        "blank.txt": b"  \r\n\t\n   \n",
        "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64,
        "dossier à espaces/été 2018.txt": TEXT.encode(),
        "unreadable.txt": TEXT.encode(),
    }
    write_corpus(root, files)
    (root / "unreadable.txt").chmod(0)
    with open(os.path.join(os.fsencode(root), b"nom-\xe9t\xe9.txt"), "wb") as fh:
        fh.write(TEXT.encode("cp1252"))
    (root / "broken.txt").symlink_to(root / "gone.txt")
    (root / "loop1.txt").symlink_to(root / "loop2.txt")
    (root / "loop2.txt").symlink_to(root / "loop1.txt")
    before = _snapshot(root)
    cli = Motorpme(root, tmp_path_factory.mktemp("dirty-index") / "i.sqlite")
    first = cli("list", "--json")
    return cli, first, before


def test_dirty_corpus_lists_good_files_and_names_each_bad_one_on_stderr(dirty) -> None:
    _, result, _ = dirty
    assert result.exit_code == 2, result.stderr + repr(result.exception)
    skipped = _skipped_lines(result.stderr)
    expected = {
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "binary.txt": "binary file, not text",
        "broken.txt": "broken link or file vanished",
        "loop1.txt": "symlink loop",
        "loop2.txt": "symlink loop",
    }
    if UNREADABLE:
        expected["unreadable.txt"] = "permission denied"
    assert {k: v for k, v in skipped.items() if k != "long-line.txt"} == expected
    listed = {row["file"] for row in json.loads(result.stdout)}
    good = {
        "utf8.txt", "cp1252.txt", "latin1.txt", "utf16.txt", "utf8bom.txt", "mojibake.txt",
        "mixed-eol.txt", "nul.txt", "dossier à espaces/été 2018.txt", "nom-\ufffdt\ufffd.txt",
    }  # fmt: skip
    assert good <= listed and not listed & set(expected)
    assert ("long-line.txt" in listed) != ("long-line.txt" in skipped)


def test_every_encoding_gives_the_same_clean_text(dirty) -> None:
    cli, _, _ = dirty
    docs = {d["file"]: d for d in _json(cli, "export")["documents"]}
    reference = docs["utf8.txt"]["text"]
    assert ACCENTS in reference and "\r" not in reference
    same = [
        "latin1.txt",
        "utf16.txt",
        "utf8bom.txt",
        "mojibake.txt",
        "dossier à espaces/été 2018.txt",
    ]
    for name in same:
        assert docs[name]["text"] == reference, name
    assert docs["cp1252.txt"]["text"] == reference.replace("250 000 euros", "250 000 €")
    assert docs["nom-\ufffdt\ufffd.txt"]["text"] == reference
    assert docs["nul.txt"]["text"] == reference and "\x00" not in docs["nul.txt"]["text"]
    assert docs["mixed-eol.txt"]["text"].split() == reference.split()
    assert docs["utf8.txt"]["title"] == reference.split("\n")[0]
    assert docs["utf8.txt"]["date"] == "2018-05-14"


def test_entities_offsets_hold_on_every_indexed_file(dirty) -> None:
    cli, _, _ = dirty
    for doc in _json(cli, "export")["documents"]:
        for ent in doc["entities"]:
            assert doc["text"][ent["start"] : ent["end"]] == ent["text"]
    money = _json(cli, "entities", "--type", "MONEY")
    assert {(m["value"], m["currency"]) for m in money} >= {(250000, "EUR")}


def test_odd_file_names_can_be_shown_by_name(dirty) -> None:
    cli, _, _ = dirty
    result = cli("show", "dossier à espaces/été 2018.txt", "--json")
    assert result.exit_code == 2  # the corpus still has skipped files: said every time
    assert json.loads(result.stdout)["title"].startswith("Le circuit de Lédenon")
    result = cli("show", "nom-\ufffdt\ufffd.txt", "--json")
    assert json.loads(result.stdout)["file"] == "nom-\ufffdt\ufffd.txt"


def test_skips_are_reported_again_without_re_reading(dirty) -> None:
    cli, first, _ = dirty
    again = cli("search", "Lédenon", "--json")
    assert again.exit_code == 2
    assert _skipped_lines(again.stderr) == _skipped_lines(first.stderr)
    assert "indexing" not in again.stderr and "loading" not in again.stderr
    found = json.loads(again.stdout)  # the same article in many encodings: copies of one
    assert sum(1 + hit["copies"] for hit in found) >= 10


def test_no_command_ever_writes_to_the_corpus(dirty, tmp_path: Path) -> None:
    cli, _, before = dirty
    commands = [
        ["index"],
        ["list"],
        ["search", "circuit"],
        ["search", "Lefèvre", "--type", "PER"],
        ["entities"],
        ["show", "utf8"],
        ["export", "--csv", "-o", str(tmp_path / "out.csv")],
        ["export", "--jsonl"],
    ]
    for args in commands:
        result = cli(*args)
        assert result.exit_code == 2, (args, result.stderr)  # data, and the skips said again
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert _snapshot(cli.corpus) == before, args


# ------------------------------------------------------------------ corpus shapes


def test_missing_corpus_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = Motorpme(tmp_path / "absent", tmp_path / "i.sqlite")("list")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr


def test_empty_corpus_is_valid_empty_output_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    cli = Motorpme(tmp_path / "empty", tmp_path / "i.sqlite")
    result = cli("list", "--json")
    assert (result.exit_code, json.loads(result.stdout)) == (1, [])
    result = cli("export", "--json")
    assert json.loads(result.stdout)["documents"] == []
    assert "loading" not in result.stderr  # no file, no model


def test_a_single_file_corpus_indexes_that_file_only(
    tmp_path: Path, make_corpus, one_model: None
) -> None:
    root = make_corpus({"a.txt": TEXT, "b.txt": TEXT.replace("Lédenon", "Pau")})
    cli = Motorpme(root / "b.txt", tmp_path / "i.sqlite")
    assert [r["file"] for r in cli.json("list")] == ["b.txt"]


def test_read_only_corpus_folder_works(tmp_path: Path, make_corpus, one_model: None) -> None:
    root = make_corpus({"a.txt": TEXT, "sous/b.txt": TEXT})
    for path in (root / "sous/b.txt", root / "a.txt", root / "sous", root):
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        rows = Motorpme(root, tmp_path / "i.sqlite").json("list")
        assert sorted(r["file"] for r in rows) == ["a.txt", "sous/b.txt"]
    finally:
        for path in (root, root / "sous"):
            path.chmod(0o755)


def test_read_only_index_location_is_one_clear_line(tmp_path: Path, make_corpus) -> None:
    root = make_corpus({"a.txt": TEXT})
    (tmp_path / "file").write_text("x")
    for index in (tmp_path / "file" / "i.sqlite", Path("/proc/motorpme-i.sqlite")):
        result = Motorpme(root, index)("list")
        assert result.exit_code == 2, index
        assert "--index" in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


# ------------------------------------------------------------------ broken index


@pytest.mark.parametrize("damage", ["garbage", "truncated", "old schema"])
def test_unusable_index_is_reported_once_and_rebuilt(
    tmp_path: Path, make_corpus, one_model: None, damage: str
) -> None:
    root = make_corpus({"a.txt": TEXT})
    cli = Motorpme(root, tmp_path / "i.sqlite")
    assert cli("index").exit_code == 0
    db = sqlite3.connect(cli.index)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if damage == "old schema":
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
        db.commit()
    db.close()
    if damage == "garbage":
        cli.index.write_bytes(os.urandom(20000))
    elif damage == "truncated":
        cli.index.write_bytes(cli.index.read_bytes()[:5000])
    result = cli("list", "--json")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "unusable index" in line]
    assert len(warnings) == 1 and str(cli.index) in warnings[0]
    assert [r["file"] for r in json.loads(result.stdout)] == ["a.txt"]
    assert "unusable index" not in cli("list").stderr


# ------------------------------------------------------------------ killed and concurrent runs


def _generated_corpus(root: Path, n: int = 60) -> Path:
    places = ["Nogaro", "Magny-Cours", "Lohéac", "Albi", "Charade", "Croix-en-Ternois"]
    root.mkdir(parents=True)
    for i in range(n):
        place = places[i % len(places)]
        body = "\n".join(
            f"Le circuit de {place} a reçu {10 + j} 000 euros de la région Occitanie en "
            f"{2000 + (i + j) % 20}, a déclaré Jeanne Morel, présidente de l'association."
            for j in range(4)
        )
        (root / f"{i:03d}_{place}.txt").write_text(
            f"Course numéro {i} au circuit de {place}\n\nPublié le 3 juin 2016\n\n{body}\n",
            encoding="utf-8",
        )
    return root


def _cli_process(corpus: Path, index: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from motorpme.cli.main import main; main()",
         "--corpus", str(corpus), "--index", str(index), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _count(index: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _assert_consistent(index: Path, n: int) -> None:
    db = sqlite3.connect(index)
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (n,)
    assert db.execute("SELECT count(*) FROM fts").fetchone() == (n,)
    assert db.execute("SELECT count(*) FROM meta WHERE key = 'entities'").fetchone() == (0,)
    recount = db.execute(
        "SELECT label, key, count(*), count(DISTINCT article) FROM mentions GROUP BY label, key"
    ).fetchall()
    stored = db.execute("SELECT label, key, mentions, articles FROM entities").fetchall()
    assert sorted(recount) == sorted(stored) and stored
    texts = {r: unpack(t) for r, t in db.execute("SELECT rowid, text FROM articles")}
    for article, text, start, end in db.execute('SELECT article, text, start, "end" FROM mentions'):
        assert texts[article][start:end] == text
    db.close()


def test_a_run_killed_mid_indexing_is_completed_by_the_next(
    tmp_path: Path, one_model: None
) -> None:
    corpus = _generated_corpus(tmp_path / "corpus")
    index = tmp_path / "i.sqlite"
    proc = _cli_process(corpus, index, "index")
    deadline = time.monotonic() + 120
    while _count(index) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    written = _count(index)
    if written in (0, 60):
        pytest.skip(f"the kill landed outside the indexing ({written} articles written)")
    done = Motorpme(corpus, index)("list", "--json")  # in-process: the module's model
    assert done.exit_code == 0, done.stderr
    assert f"indexed {60 - written} file(s)" in done.stderr
    assert len(json.loads(done.stdout)) == 60
    _assert_consistent(index, 60)


def test_two_runs_indexing_one_corpus_at_once_both_finish(tmp_path: Path) -> None:
    corpus = _generated_corpus(tmp_path / "corpus")
    index = tmp_path / "i.sqlite"
    runs = [_cli_process(corpus, index, "list", "--json") for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert len(json.loads(stdout)) == 60
    _assert_consistent(index, 60)


# ------------------------------------------------------------------ hostile input


def test_csv_export_neutralises_formulas_in_titles(
    tmp_path: Path, make_corpus, one_model: None
) -> None:
    hostile = "=SOMME(A1:A9)+cmd|' /C calc'!A0 au circuit de Pau\n\n" + TEXT
    root = make_corpus({"=cmd.txt": hostile})
    result = Motorpme(root, tmp_path / "i.sqlite")("export", "--csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(r["title"].startswith("'=SOMME(A1:A9)") for r in rows)
    assert all(r["file"] == "'=cmd.txt" for r in rows)
    cells = [v for r in rows for k, v in r.items() if k != "value"]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


@pytest.fixture(scope="module")
def small_cli(tmp_path_factory: pytest.TempPathFactory, one_model: None) -> Motorpme:
    root = tmp_path_factory.mktemp("small") / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(TEXT, "utf-8")
    cli = Motorpme(root, tmp_path_factory.mktemp("small-index") / "i.sqlite")
    assert cli("index").exit_code == 0
    return cli


@pytest.mark.parametrize(
    "query",
    ["'); DROP TABLE articles; --", 'x" OR 1=1 --', "NEAR(", "title:circuit", "*", "AND",
     '"', "circuit)", "(((", "^circuit", "circuit NOT", "{text}:x", "\x00", "a' OR '1'='1"],
)  # fmt: skip
def test_search_with_hostile_queries_never_crashes_or_touches_the_index(
    small_cli: Motorpme, query: str
) -> None:
    result = small_cli("search", query, "--json")
    assert result.exit_code in (0, 1, 2), repr(result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    else:
        json.loads(result.stdout)
    assert len(small_cli.json("list")) == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_search_with_random_queries_answers_or_says_why(small_cli: Motorpme, query: str) -> None:
    if not query or query.startswith("-") or "\x00" in query:
        return  # options and NUL cannot reach a command line argument
    result = small_cli("search", query, "--json")
    assert result.exit_code in (0, 1, 2), repr(result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), query


# ------------------------------------------------------------------ random text, real pipeline


@pytest.fixture(scope="module")
def extractor(one_model: None):
    from motorpme.extract import pipeline

    return pipeline.Extractor()


french = st.sampled_from(
    ["Le circuit de ", "Alpine ", "Jean-Pierre Dubois ", "12 500 €", " 3 M€ ", "le 4 avril 2019",
     "la FFSA", "\n", "\n\n", ". ", "« ", " »", "’", "l'ACO ", "Magny-Cours", "1,5 million"]
)  # fmt: skip
noise = st.text(
    st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Z", "Cc", "Cf")),
    max_size=12,
)
combining = st.text(st.characters(categories=("Mn", "Me")), max_size=3)
pieces = st.lists(st.one_of(french, noise, combining), max_size=30).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=pieces, encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_random_unicode_through_ingest_and_extraction(extractor, text: str, encoding: str) -> None:
    try:
        article = article_from_bytes(text.encode(encoding, "surrogatepass"), "random.txt")
    except MotorpmeError as exc:  # empty, binary-looking or only boilerplate: said, not raised
        assert exc.message.startswith("random.txt: ") and "\n" not in exc.message
        return
    [(same, mentions)] = list(extractor.extract([article]))
    assert same.file == "random.txt"
    for m in mentions:
        assert 0 <= m.start < m.end <= len(article.text)
        assert article.text[m.start : m.end] == m.text, m
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


# ------------------------------------------------------------------ big files (ingest + index)


def _fake_extract(articles):
    return ((a, []) for a in articles)


def test_a_50_mb_file_under_a_raised_cap_and_a_1_mb_line_are_read_and_indexed(
    tmp_path: Path,
) -> None:
    root = tmp_path / "big"
    root.mkdir()
    paragraph = TEXT.split("\n\n", 2)[2]
    (root / "big.txt").write_text(
        "Un très long dossier\n\n" + paragraph * (50_000_000 // len(paragraph.encode())),
        encoding="utf-8",
    )
    (root / "line.txt").write_text(f"Une ligne\n\n{LONG_LINE}", encoding="utf-8")
    assert (root / "big.txt").stat().st_size > 49_000_000
    db = store.connect(tmp_path / "i.sqlite")
    corpus = resolve_corpus(root, max_size=64 << 20)  # above the default cap (20 MB)
    work = update.plan(db, corpus, "sig")
    steps = list(update.update(db, corpus, work, "sig", lambda: _fake_extract))
    assert [(s.file, s.error) for s in steps] == [("big.txt", None), ("line.txt", None)]
    words = dict(db.execute("SELECT file, words FROM articles"))
    assert words["big.txt"] > 7_000_000 and words["line.txt"] > 150_000
    hits = db.execute("SELECT count(*) FROM fts WHERE fts MATCH 'Lefèvre'").fetchone()
    assert hits == (1,)


def test_html_page_escapes_article_text_title_and_file_name(
    tmp_path: Path, make_corpus, one_model: None
) -> None:
    hostile = (
        "<script>alert('titre')</script> au circuit de Pau & Nogaro\n\n"
        + TEXT
        + "Le partenaire <img src=x onerror=alert(1)> Alpine a versé 10 000 euros.\n"
    )
    root = make_corpus({"<b>page</b>.txt": hostile})
    page = tmp_path / "page.html"
    result = Motorpme(root, tmp_path / "i.sqlite")("show", "<b>page</b>.txt", "--html", str(page))
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<b>page" not in html
    assert "&lt;script&gt;alert(&#x27;titre&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&amp; Nogaro" in html
    assert "&lt;b&gt;page&lt;/b&gt;.txt" in html
