"""The house: the package's folders are the pipeline's stages and its imports run one way.

Read from the source with ``ast``, so a lazy import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "motorpme"
# cli → read / index → extract / ingest → the shared base (models, errors, text).
RANK = {"ingest": 1, "extract": 2, "index": 3, "read": 3, "cli": 4}
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import of a motorpme module."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.startswith("motorpme")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("motorpme"):
            names = [a.name for a in node.names]
            subs = [f"{node.module}.{n}" for n in names if f"{node.module}.{n}" in MODULES]
            found += [(node.module, [n for n in names if f"{node.module}.{n}" not in MODULES])]
            found += [(sub, []) for sub in subs]
    return found


def _stage(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def test_the_stages_are_folders() -> None:
    for stage in RANK:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_run_one_way(name: str) -> None:
    mine = _stage(name)
    for target, _ in _imports(name):
        theirs = _stage(target)
        if theirs is None or theirs == mine:
            continue
        assert mine is not None, f"{name} (shared base) imports {target}"
        assert RANK[theirs] < RANK[mine], f"{name} imports {target}: against the flow"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_takes_another_modules_private_name(name: str) -> None:
    for target, names in _imports(name):
        if target == name:
            continue
        private = [n for n in names if n.startswith("_") and n != "__version__"]
        assert not private, f"{name} imports {private} from {target}"


def test_no_import_cycle() -> None:
    graph = {name: {t for t, _ in _imports(name) if t in MODULES} for name in MODULES}

    def visit(node: str, path: list[str]) -> None:
        for nxt in graph[node]:
            assert nxt not in path, " -> ".join([*path[path.index(nxt) :], nxt])
            if nxt not in done:
                visit(nxt, [*path, nxt])
        done.add(node)

    done: set[str] = set()
    for name in MODULES:
        visit(name, [name])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_readable(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name}: {lines} lines"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_spacy_only_in_extract_and_typer_rich_only_in_cli(name: str) -> None:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    if _stage(name) != "extract":
        assert "spacy" not in roots, name
    if _stage(name) != "cli":
        assert not roots & {"typer", "rich", "click"}, name
