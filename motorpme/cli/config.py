"""``motorpme config``: every setting, its value and where it came from (a flag, the
environment, the project file ``motorpme.toml``, or the default)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from motorpme.cli.app import app, settings
from motorpme.cli.options import JsonOpt
from motorpme.cli.output import emit_json, print_table
from motorpme.errors import MotorpmeError


@app.command("config")
def config_cmd(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Show each setting, its value and where it comes from: flag > environment > project
    file (motorpme.toml here or above, or --config FILE) > default.

    Example: motorpme --workers 2 config
    """
    s = settings(ctx)
    shown = _shown(s.config)
    file = s.config_file.value
    if json:
        emit_json({"file": str(file) if file else None, "settings": shown})
        return
    source = s.config_file.source if file else "none here or above"
    rows = [("config", _text(file), source)]
    rows += [(name, _text(v["value"]), v["source"]) for name, v in shown.items()]
    print_table([("setting", 0), ("value", 2), ("from", 1)], rows)


def _shown(config: dict) -> dict[str, dict[str, Any]]:
    """Each setting as JSON-ready value and source; a default corpus and index are resolved
    to the folder and file they stand for."""
    shown = {}
    for name, setting in config.items():
        value = setting.value
        if setting.source == "default" and name in ("corpus", "index"):
            value = _default_place(name, config)
        shown[name] = {"value": str(value) if isinstance(value, Path) else value}
        shown[name]["source"] = setting.source
    return shown


def _default_place(name: str, config: dict) -> Any:
    from motorpme.index.location import default_index
    from motorpme.ingest.corpus import resolve_corpus

    try:
        corpus = resolve_corpus(config["corpus"].value)
        return corpus.label if name == "corpus" else default_index(corpus)
    except MotorpmeError:  # a corpus that does not exist: said by the commands that read it
        return None


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value)
