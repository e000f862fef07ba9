"""The console entry point: every command module registered on the one app, then run."""

from __future__ import annotations

import os
import signal
import sys

from motorpme.cli import (  # noqa: F401  (each registers its commands on the app)
    commands,
    config,
    copies,
    graph,  # network, timeline, report
    relations,  # amounts, roles
)
from motorpme.cli.app import app
from motorpme.cli.output import out
from motorpme.cli.plumbing import BROKEN_PIPE

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point."""
    for fd in (0, 1, 2):  # a closed standard stream: its number must not go to the index file
        try:
            os.fstat(fd)
        except OSError:
            os.dup2(os.open(os.devnull, os.O_RDWR), fd)
    # Stopped by `kill`: unwind as for Ctrl-C, so the worker processes stop with this one.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        app()
    except BrokenPipeError:  # `motorpme --help | head`: stop quietly
        out.silence()
        sys.exit(BROKEN_PIPE)
