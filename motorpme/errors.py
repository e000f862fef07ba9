"""The one exception the core raises; the CLI turns it into a red line and an exit code."""

from __future__ import annotations


class MotorpmeError(Exception):
    """A problem the user can fix: ``message`` says what, ``hint`` how."""

    def __init__(self, message: str, hint: str | None = None, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code

    def __reduce__(self) -> tuple:  # raised in a worker process, re-raised whole in the main
        return type(self), (self.message, self.hint, self.exit_code)

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"
