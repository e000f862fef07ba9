import json
import subprocess
import sys
from pathlib import Path

import pytest

from motorpme.read.evaluate import fold, load_gold, score

SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "gold" / "score.py"

GOLD = {
    "a.txt": [
        {"text": "Sébastien Loeb", "label": "PER"},
        {"text": "Magny-Cours", "label": "LOC", "alt": ["ORG"]},
        {"text": "la FFSA", "label": "ORG"},
        {"text": "12 000 euros", "label": "MONEY", "value": 12000, "currency": "EUR"},
        {"text": "mai 2015", "label": "DATE", "value": "2015-05"},
        {"text": "Rallye Monte-Carlo", "label": "EVENT"},
    ]
}
PRED = {
    "a.txt": [
        {"text": "Sébastien Loeb", "label": "PER"},
        {"text": "Loeb", "label": "PER"},
        {"text": "Magny-Cours", "label": "ORG"},
        {"text": "FFSA", "label": "LOC"},
        {"text": "12 000 euros", "label": "MONEY", "value": 12000.0, "currency": "USD"},
        {"text": "Mai 2015", "label": "DATE", "value": "2015-05"},
        {"text": "Rallye Monte-Carlo", "label": "ORG"},
    ]
}


def test_fold_removes_case_determiners_and_quotes():
    assert fold("L’École ") == "école"
    assert fold("le  Mans") == "mans"


def test_score_counts_hits_alt_labels_wrong_labels_and_neutral_surfaces():
    report = score(GOLD, PRED)
    assert report["PER"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "tp": 1, "fp": 1, "fn": 0}
    assert report["LOC"]["tp"] == 1  # ORG accepted through "alt"
    assert report["ORG"]["fn"] == 1 and report["LOC"]["fp"] == 1  # FFSA mislabelled
    assert report["MONEY"]["value_acc"] == 0.0  # wrong currency
    assert report["DATE"]["value_acc"] == 1.0
    assert report["ALL"]["tp"] == 4
    assert any("FFSA" in line for line in report["errors"]["label"])
    assert "Rallye" not in json.dumps(report["errors"])  # neutral: neither right nor wrong


def _write(tmp_path: Path) -> tuple[Path, Path]:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(json.dumps({"doc": d, "entities": e}) for d, e in GOLD.items()), "utf-8"
    )
    pred = tmp_path / "pred.json"
    docs = [{"file": f"corpus/{d}", "entities": e} for d, e in PRED.items()]
    pred.write_text(json.dumps({"documents": docs}), "utf-8")
    return gold, pred


def test_load_gold_keys_by_file_name(tmp_path: Path):
    gold, _ = _write(tmp_path)
    assert load_gold(gold) == GOLD


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the shared reference scorer is absent")
def test_same_numbers_as_the_reference_scorer(tmp_path: Path):
    gold, pred = _write(tmp_path)
    out = subprocess.run(
        [sys.executable, str(SHARED_SCORER), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert score(load_gold(gold), {"a.txt": PRED["a.txt"]}) == json.loads(out.stdout)
