"""Typer plumbing: core errors and usage errors become one line on stderr and an exit code,
and plain parameters are coerced without importing pydantic.

The only module, with the other ``cli`` modules, that imports typer.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from collections.abc import Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import typer
import typer.core
import typer.main
from typer.core import TyperCommand, TyperGroup

try:  # Typer 0.2x carries its own copy of Click
    from typer._click.exceptions import ClickException as _ClickException
except ImportError:  # pragma: no cover - an older Typer on Click
    from click.exceptions import ClickException as _ClickException

from motorpme.cli.output import err, out
from motorpme.errors import MotorpmeError
from motorpme.read.sql import check_date


class _PlainParam:
    """Coercion of a plain parameter (str, bounded int, Path, Enum) without pydantic.

    Typer coerces every parameter through a pydantic TypeAdapter, and importing pydantic
    is most of a read command's start-up. motorpme's
    parameters are all plain, so they are coerced here; anything else goes to Typer."""

    def __init__(self, kind: type, low: float | None, high: float | None, exact: bool) -> None:
        self.kind, self.low, self.high, self.exact = kind, low, high, exact

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        bounded = self.low is not None or self.high is not None
        if value is None or (isinstance(value, self.kind) and not bounded):
            return value
        if self.kind is bool:
            flag = str(value).strip().lower()
            if flag not in _FLAGS:
                raise typer.BadParameter(f"{value!r} is not a yes/no value", ctx, param)
            return _FLAGS[flag]
        if issubclass(self.kind, Enum):
            return self._choice(str(value), param, ctx)
        if self.kind is int:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise typer.BadParameter(f"{value!r} is not a whole number", ctx, param) from None
            if self.low is not None and value < self.low:
                raise typer.BadParameter(f"{value} is below the minimum, {self.low}", ctx, param)
            if self.high is not None and value > self.high:
                raise typer.BadParameter(f"{value} is above the maximum, {self.high}", ctx, param)
            return value
        return self.kind(value)

    def _choice(self, value: str, param: Any, ctx: Any) -> Any:
        fold = str if self.exact else str.lower
        for member in self.kind:  # type: ignore[attr-defined]
            if fold(member.value) == fold(value):
                return member
        names = ", ".join(repr(fold(m.value)) for m in self.kind)  # type: ignore[attr-defined]
        raise typer.BadParameter(f"{value!r} is not one of {names}", ctx, param)


_FLAGS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


class _PlainList:
    """A repeated plain option (``--entity A --entity B``): the values as a list, or None."""

    def __init__(self, item: _PlainParam) -> None:
        self.item = item

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if not value:
            return None
        return [self.item.coerce(v, param, ctx) for v in value]


def _plain_runtime_param(self: Any) -> Any:
    if self._runtime_param is None:
        desc = self.type_descriptor
        info, kind = desc.parameter_info, desc.annotation
        item = get_args(kind)[0] if get_origin(kind) is list and get_args(kind) else None
        if item is str or (isinstance(item, type) and issubclass(item, Enum)):
            self._runtime_param = _PlainList(_PlainParam(item, None, None, info.case_sensitive))
            return self._runtime_param
        plain = kind in (str, int, bool, Path) or (
            isinstance(kind, type) and issubclass(kind, Enum)
        )
        if plain and not desc.is_file and info.parser is None and not _path_checks(info):
            low, high = getattr(info, "min", None), getattr(info, "max", None)
            self._runtime_param = _PlainParam(kind, low, high, info.case_sensitive)
        else:
            self._runtime_param = _typer_runtime_param(self)
    return self._runtime_param


def _path_checks(info: Any) -> bool:
    return bool(
        getattr(info, "exists", False)
        or getattr(info, "resolve_path", False)
        or getattr(info, "allow_dash", False)
        or getattr(info, "writable", False)
        or not getattr(info, "readable", True)
        or not getattr(info, "file_okay", True)
        or not getattr(info, "dir_okay", True)
    )


# A Typer without this (private) hook has no pydantic coercion to avoid: nothing to do.
_TyperParameter = getattr(typer.core, "_TyperParameter", None)
_typer_runtime_param = getattr(_TyperParameter, "get_runtime_param", None)
if _typer_runtime_param is not None:
    _TyperParameter.get_runtime_param = _plain_runtime_param  # type: ignore[union-attr]

_typer_display_type = getattr(_TyperParameter, "display_type", None)


def _flag_display_type(self: Any, ctx: Any) -> str:
    """A flag takes no value: its help shows none (Typer would show ``<bool>``)."""
    if getattr(self, "is_flag", False):
        return ""
    return _typer_display_type(self, ctx)  # type: ignore[misc]


if _typer_display_type is not None:
    _TyperParameter.display_type = _flag_display_type  # type: ignore[union-attr]


def checked_date(param: typer.CallbackParam, value: str | None) -> str | None:
    """A bad date is a usage error, said before any indexing."""
    try:
        return value if value is None else check_date(f"--{param.name}", value)
    except MotorpmeError as exc:
        raise typer.BadParameter(str(exc).removeprefix(f"--{param.name} ")) from None


def _report(exc: MotorpmeError) -> None:
    hint = [(f" ({one_line(exc.hint)})", "dim")] if exc.hint else []
    err.line(("error:", "red"), f" {one_line(exc.message)}", *hint)


# A newline or a terminal escape in an id or a file name must not split or forge the line.
_ESCAPES = {cp: f"\\x{cp:02x}" for cp in [*range(32), 127]} | {10: "\\n", 13: "\\r", 9: "\\t"}


def one_line(text: str) -> str:
    """``text`` with its control characters written as escapes: always one printable line."""
    return text if text.isprintable() else text.translate(_ESCAPES)


class Group(TyperGroup):
    """A usage error (a bad option value, an unknown command) is one line on stderr, exit 2,
    like every other bad input; Typer would draw a box of four. The global options may also
    follow the command (``motorpme list --corpus X``). Its commands are those of ``app``, the
    ``App`` it was made for, each made when first looked up."""

    app: Any = None  # set on the subclass each App makes of it

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.app is not None:
            self.commands = Commands(self.app, self.app.commands)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _globals_first(args, self))

    def invoke(self, ctx: Any) -> Any:
        try:  # the global options' own errors (a bad motorpme.toml): one line, as a command's
            return super().invoke(ctx)
        except MotorpmeError as exc:
            _report(exc)
            raise typer.Exit(exc.exit_code) from None

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except _ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `motorpme`: the help, exit 2
                helptext = exc.format_message()  # Typer's help draws itself and returns ""
                if helptext:
                    err.line(helptext)
                sys.exit(exc.exit_code)
            ctx = getattr(exc, "ctx", None)
            hint = [(f" (see {ctx.command_path} --help)", "dim")] if ctx is not None else []
            err.line(("error:", "red"), f" {exc.format_message()}", *hint)
            sys.exit(exc.exit_code)
        except typer.Abort:
            err.line(("aborted", "red"))
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _globals_first(args: list[str], group: TyperGroup) -> list[str]:
    """``args`` with the group's own options moved before the command, wherever given."""
    takes_value = {
        name: not param.is_flag
        for param in group.params
        for name in (*param.opts, *param.secondary_opts)
        if name != "--help"
    }

    def width(rest: list[str], k: int) -> int:  # an option and its value, if it takes one
        return 2 if takes_value.get(rest[k]) and k + 1 < len(rest) else 1

    at = 0
    while at < len(args) and args[at] not in group.commands:
        if args[at] == "--":
            return args
        at += width(args, at)
    if at >= len(args):
        return args
    moved: list[str] = []
    tail: list[str] = []
    rest, k = args[at + 1 :], 0
    while k < len(rest):
        if rest[k] == "--":
            tail += rest[k:]
            break
        name = rest[k].split("=", 1)[0]
        step = width(rest, k) if "=" not in rest[k] else 1
        (moved if name in takes_value else tail).extend(rest[k : k + step])
        k += step
    return [*args[:at], *moved, args[at], *tail]


class Command(TyperCommand):
    """Core errors become one red line on stderr and their exit code, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:  # a full disk or a closed pipe on stdout shows here, not at exit
                out.flush()
        except MotorpmeError as exc:
            _report(exc)
            raise typer.Exit(exc.exit_code) from None
        except sqlite3.Error as exc:  # disk full, read-only, locked, damaged: one line
            from motorpme.index.faults import failure

            _report(failure(getattr(ctx.find_root().obj, "index_path", None), exc))
            raise typer.Exit(2) from None
        except BrokenPipeError:  # `motorpme export | head`: stop quietly, as `cat` would
            out.silence()
            raise typer.Exit(BROKEN_PIPE) from None
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
                raise
            out.silence()
            _report(MotorpmeError(f"stdout: cannot write ({exc.strerror})"))
            raise typer.Exit(2) from None


# The exit code of a process killed by SIGPIPE, as the shell reports it.
BROKEN_PIPE = 128 + 13


class App(typer.Typer):
    """A Typer app whose commands all turn core errors into one line (``Command``): a new
    command cannot forget it.

    Its commands are kept out of Typer's ``registered_commands``, in ``commands``: Typer would
    read the signature of every command before running one (12 ms of each command's start-up);
    its group (``Group``) makes each one only when it is looked up (``Commands``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands: list[Any] = []  # Typer's CommandInfo of each command, in order
        group = self.info.cls
        assert isinstance(group, type) and issubclass(group, Group)
        self.info.cls = type(group.__name__, (group,), {"app": self})

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        register = super().command(*args, **kwargs)

        def decorator(function: Any) -> Any:
            register(function)
            self.commands.append(self.registered_commands.pop())
            return function

        return decorator


class Commands(Mapping[str, Any]):
    """A group's commands by name, in the order they were registered, each made into a Click
    command the first time it is looked up (``motorpme --help`` looks them all up)."""

    def __init__(self, app: typer.Typer, infos: list[Any]) -> None:
        self.app = app
        self.infos = {info.name or typer.main.get_command_name(info.callback.__name__): info
                      for info in infos}  # fmt: skip
        self.made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.made:
            self.made[name] = typer.main.get_command_from_info(
                self.infos[name],
                pretty_exceptions_short=self.app.pretty_exceptions_short,
                rich_markup_mode=self.app.rich_markup_mode,
            )
        return self.made[name]

    def __contains__(self, name: object) -> bool:  # Mapping's own would make the command
        return name in self.infos

    def __iter__(self) -> Iterator[str]:
        return iter(self.infos)

    def __len__(self) -> int:
        return len(self.infos)
