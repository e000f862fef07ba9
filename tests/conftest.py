"""Shared fixtures: the seeds index and the small ``press`` corpus of the read tests
(``test_query``, ``test_search``) are built once per test session (the model loads once)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from motorpme.cli.main import app
from motorpme.models import Mention

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


class Motorpme:
    """Runs ``motorpme --corpus C --index I ARGS`` in-process and parses JSON output."""

    def __init__(self, corpus: Path, index: Path, options: tuple[str, ...] = ()) -> None:
        self.corpus, self.index, self.options = corpus, index, options
        self.runner = CliRunner()

    def __call__(self, *args: str):
        return self.runner.invoke(
            app, ["--corpus", str(self.corpus), "--index", str(self.index), *self.options, *args]
        )

    def json(self, *args: str):
        result = self(*args, "--json")
        assert result.exit_code in (0, 1), result.stderr + repr(result.exception)
        return json.loads(result.stdout)


@pytest.fixture(scope="session")
def seeds_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seeds, so tests never touch the repository's files."""
    target = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seeds_cli(seeds_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Motorpme:
    cli = Motorpme(seeds_copy, tmp_path_factory.mktemp("index") / "seeds.sqlite")
    result = cli("index")
    assert result.exit_code == 0, result.stderr
    return cli


@pytest.fixture(scope="session")
def seeds_export(seeds_cli: Motorpme) -> dict:
    result = seeds_cli("export", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


PRESS = {
    "2016/nogaro.txt": (
        "Le circuit Paul Armagnac s'agrandit\n\n12 mars 2016\n\n"
        "L'ACO et la FFSA soutiennent l'extension du circuit de Nogaro. Le Conseil "
        "départemental du Gers apporte 1,2 million d'euros. Jean Dupuy, président de "
        "l'association, salue l'effort de l'État."
    ),
    "2018/magny.txt": (
        "Magny-Cours cherche des partenaires\n\n4 juin 2018\n\n"
        "Le circuit de Nevers Magny-Cours lance un appel aux entreprises. La Nièvre investit "
        "350 000 euros dans le pôle technologique. Le directeur, Serge Saulnier, vise les "
        "équipementiers de la Formule 1 et du WEC."
    ),
    "2019/alpine.txt": (
        "Dieppe fête Alpine\n\n20 septembre 2019\n\n"
        "L'usine Alpine de Dieppe produit l'Alpine A110. La ville de Dieppe verse 15 000 euros "
        "au club des propriétaires. Le constructeur Alpine emploie 400 personnes."
    ),
}


@pytest.fixture(scope="session")
def press(tmp_path_factory: pytest.TempPathFactory) -> Motorpme:
    """Three made-up articles (``PRESS``), indexed on first use; tests only read them."""
    root = write_corpus(tmp_path_factory.mktemp("press"), PRESS)
    return Motorpme(root, root.parent / "press.sqlite")


# ACO and FFSA share a sentence in two articles; Jean Dupuy and Signatech too; ACO and Jean
# Dupuy are in the same two articles but never in one sentence.
RELATIONS = {
    "a1.txt": "L'ACO et la FFSA s'accordent\n\n12 mars 2018\n\n"
    "L'ACO et la FFSA signent un accord à Nogaro. Le pilote Jean Dupuy rejoint l'écurie "
    "Signatech.\n\nLa région verse 50 000 euros au circuit.\n",
    "a2.txt": "Le calendrier est connu\n\n4 juin 2019\n\n"
    "La FFSA et l'ACO présentent le calendrier de la saison. Jean Dupuy et Signatech visent "
    "la victoire au Mans.\n\nLe budget atteint 2 millions d'euros.\n",
    "a3.txt": "Un pilote à Dieppe\n\n20 septembre 2019\n\n"
    "Jean Dupuy rencontre les élus de Dieppe. Il reçoit 15 000 euros.\n",
}


@pytest.fixture(scope="session")
def relations(tmp_path_factory: pytest.TempPathFactory) -> Motorpme:
    """``RELATIONS`` indexed once (``network``, ``timeline``, ``report`` tests read it)."""
    root = tmp_path_factory.mktemp("relations") / "corpus"
    root.mkdir()
    for name, body in RELATIONS.items():
        (root / name).write_text(body, encoding="utf-8")
    cli = Motorpme(root, root.parent / "index.sqlite")
    assert cli("index").exit_code == 0
    return cli


def ids(rows: list[dict]) -> set[str]:
    return {r["id"] for r in rows}


def write_corpus(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write made-up articles under ``root`` (folders made as needed; text as UTF-8)."""
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return root


@pytest.fixture()
def make_corpus(tmp_path: Path):
    """Write a small corpus of made-up articles: ``make_corpus({"a.txt": "text"})``."""
    return lambda files: write_corpus(tmp_path / "corpus", files)


def at(text: str, name: str, label: str, nth: int = 0) -> Mention:
    """The ``nth`` occurrence of ``name`` in ``text`` as a mention (rule tests)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(name, label, start, start + len(name))


def pairs(found: list[Mention]) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in found]
