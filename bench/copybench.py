"""Copy detection on a corpus with planted copies (``bench/plant.py``): grouping precision
and recall against the truth, the curve of the similarity threshold, the time and index
size it adds, and the cost of adding 100 articles to the index.

The articles go through motorpme's real reading and cleaning (``article_from_bytes``) and
real index writes (``store.write_article``, which signs each article); only the spaCy
extraction is left out (no mentions), since copy detection does not use it. Run alone:
``python bench/copybench.py`` (``BENCH_COPIES`` articles, default 10000).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from itertools import combinations
from pathlib import Path

import plant

from motorpme.index import copies, store
from motorpme.index.schema import transaction
from motorpme.ingest.article import article_from_bytes
from motorpme.ingest.corpus import CorpusFile

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "bench" / "out"
THRESHOLDS = [round(0.3 + 0.05 * i, 2) for i in range(14)]  # 0.30 … 0.95


def _write(db: sqlite3.Connection, root: Path, files: list[str]) -> float:
    """Index ``files`` (no mentions); the seconds spent signing them."""
    spent = 0.0
    sign = copies.sign

    def timed(*args) -> None:
        nonlocal spent
        t = time.perf_counter()
        sign(*args)
        spent += time.perf_counter() - t

    copies.sign = timed  # store.write_article calls copies.sign
    try:
        for start in range(0, len(files), 64):
            with transaction(db):
                for file in files[start : start + 64]:
                    path = root / file
                    article = article_from_bytes(path.read_bytes(), file)
                    st = path.stat()
                    stat = CorpusFile(path, file, st.st_size, st.st_mtime_ns)
                    store.write_article(db, article, [], stat, "bench-copies")
    finally:
        copies.sign = sign
    return spent


def _refresh(db: sqlite3.Connection) -> tuple[float, int]:
    t = time.perf_counter()
    with transaction(db):
        compared = copies.refresh(db)
    return time.perf_counter() - t, compared


def _pairs(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {p for members in groups.values() for p in combinations(sorted(members), 2)}


def _predicted(db: sqlite3.Connection) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for file, head in db.execute(
        "SELECT a.file, coalesce(r.file, a.file) FROM articles a"
        " LEFT JOIN articles r ON r.rowid = a.copy_of"
    ):
        groups.setdefault(head, []).append(file)
    return groups


def score(db: sqlite3.Connection, truth: dict[str, dict]) -> dict:
    """Pairwise precision and recall of the groups; per kind, the share of copies grouped
    with their original and of look-alikes grouped with anything."""
    true_groups: dict[str, list[str]] = {}
    for file, info in truth.items():
        true_groups.setdefault(info["group"], []).append(file)
    found, wanted = _pairs(_predicted(db)), _pairs(true_groups)
    hit = len(found & wanted)
    head = {file: h for h, members in _predicted(db).items() for file in members}
    kinds: dict[str, list[bool]] = {}
    for file, info in truth.items():
        if info["kind"] in plant.COPY_KINDS:
            kinds.setdefault(info["kind"], []).append(head[file] == head[info["group"]])
        elif info["kind"] in plant.LOOK_ALIKES:
            grouped = sum(1 for h in head.values() if h == head[file]) > 1
            kinds.setdefault(info["kind"], []).append(grouped)
    return {
        "precision": round(hit / len(found), 4) if found else 1.0,
        "recall": round(hit / len(wanted), 4) if wanted else 1.0,
        "pairs_found": len(found),
        "pairs_true": len(wanted),
        "by_kind": {k: round(sum(v) / len(v), 4) for k, v in kinds.items()},
    }


def _sizes(path: Path) -> dict:
    """Bytes of the copy tables and indexes, and of the whole file."""
    db = sqlite3.connect(path)
    names = ("minhash", "copy_pairs", "copy_gone")
    try:
        rows = db.execute(
            f"SELECT name, sum(pgsize) FROM dbstat WHERE name IN ({','.join('?' * len(names))})"
            " GROUP BY name",
            names,
        ).fetchall()
    except sqlite3.OperationalError:  # SQLite built without dbstat
        rows = []
    db.close()
    return {"copy_tables": sum(n for _, n in rows), "file": path.stat().st_size}


def _rebuild_lsh(db: sqlite3.Connection) -> float:
    """What the alternative costs: datasketch's in-memory LSH rebuilt from every signature
    before comparing new articles (the index keeps no signatures since format 11: they are
    computed from the texts first, outside the time measured)."""
    from datasketch import LeanMinHash, MinHashLSH

    signer = copies.signer()
    signatures = [
        (rowid, signer.signature(copies.shingle_hashes(text)))
        for rowid, text in db.execute("SELECT rowid, text FROM articles")
    ]
    t = time.perf_counter()
    lsh = MinHashLSH(threshold=copies.CANDIDATE_JACCARD, num_perm=copies.NUM_PERM)
    for rowid, values in signatures:
        lsh.insert(rowid, LeanMinHash(seed=1, hashvalues=values, scheme="affine32"), False)
    return time.perf_counter() - t


def run(n: int) -> dict:
    corpus, index = OUT / f"copies-{n}", OUT / f"copies-{n}.sqlite"
    shutil.rmtree(corpus, ignore_errors=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    truth = plant.build(corpus, n, ROOT / "seeds")
    extra = plant.build(corpus / "new", 100, ROOT / "seeds", share=0.0, seed=19)
    new = [f"new/{f}" for f in extra]
    base = sorted(truth)
    db = store.connect(index)
    t = time.perf_counter()
    signing = _write(db, corpus, base)
    writing = time.perf_counter() - t - signing
    comparing, compared = _refresh(db)
    results: dict = {
        "articles": n,
        "write_s_without_copies": round(writing, 2),
        "sign_s": round(signing, 2),
        "compare_s": round(comparing, 2),
        "compared": compared,
        "extra_s_per_1000": round((signing + comparing) / n * 1000, 3),
    }
    curve = []
    for threshold in THRESHOLDS:
        with transaction(db):
            copies.regroup(db, threshold)
        curve.append({"threshold": threshold, **score(db, truth)})
    results["curve"] = curve
    with transaction(db):
        copies.regroup(db, copies.THRESHOLD)
    results["threshold"] = copies.THRESHOLD
    results["grouping"] = score(db, truth)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    results["size"] = _sizes(index)
    t = time.perf_counter()
    sign_new = _write(db, corpus, new)
    compare_new, compared_new = _refresh(db)
    results["add_100"] = {
        "write_s": round(time.perf_counter() - t - sign_new - compare_new, 3),
        "sign_s": round(sign_new, 3),
        "compare_s": round(compare_new, 3),
        "compared": compared_new,
        "rebuild_lsh_in_memory_s": round(_rebuild_lsh(db), 3),
    }
    db.close()
    return results


def table(r: dict) -> str:
    g = r["grouping"]
    lines = [
        "copies     articles  precision  recall  sign s  compare s  s/1000  copy MB  file MB",
        f"planted    {r['articles']:>8}  {g['precision']:>9}  {g['recall']:>6}"
        f"  {r['sign_s']:>6}  {r['compare_s']:>9}  {r['extra_s_per_1000']:>6}"
        f"  {r['size']['copy_tables'] / 2**20:>7.1f}  {r['size']['file'] / 2**20:>7.1f}",
        "by kind (copies: share found; look-alikes: share wrongly grouped): "
        + ", ".join(f"{k} {v}" for k, v in g["by_kind"].items()),
        f"add 100: {r['add_100']['compared']} compared, sign {r['add_100']['sign_s']} s,"
        f" compare {r['add_100']['compare_s']} s (rebuilding the LSH in memory instead:"
        f" {r['add_100']['rebuild_lsh_in_memory_s']} s)",
        "threshold  precision  recall",
    ]
    lines += [f"{c['threshold']:>9}  {c['precision']:>9}  {c['recall']:>6}" for c in r["curve"]]
    return "\n".join(lines)


if __name__ == "__main__":
    import json

    figures = run(int(os.environ.get("BENCH_COPIES", "10000")))
    print(table(figures))
    (OUT / "copies.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
