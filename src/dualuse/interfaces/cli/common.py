"""What every command shares: option parsing that fails as bad input, and JSON output."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from enum import StrEnum

from dualuse.errors import InputError


def lazy_module(name: str):
    """The module `name`, imported on first attribute access (importlib's LazyLoader): a CLI
    module names the services it calls without importing them (and SQLAlchemy, the web stack,
    Dask…) for every command and for `--help`."""
    import importlib.util

    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


class Format(StrEnum):
    json = "json"
    table = "table"


def parse_date(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value; a bad one is an InputError naming the option (exit 2)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date {value!r}: expected YYYY-MM-DD", field=option) from None


def print_json(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def exit_code_of(exc: Exception) -> int:
    """The exit code of a typed error: the first row of the table it is an instance of, else 2.
    (The one table of the CLI; imported here so that `dualuse check` does not load the store.)"""
    from dualuse.storage.errors import NotFoundError, PermissionRefused, StateConflict

    exit_codes: tuple[tuple[type[Exception], int], ...] = (
        (PermissionRefused, 3),  # the caller may not: role, owner, four-eyes
        (StateConflict, 4),  # the record's state, retention or what is left of a licence refuses it
        (NotFoundError, 2),
        (InputError, 2),
    )
    for kind, code in exit_codes:
        if isinstance(exc, kind):
            return code
    return 2


def run_app(app) -> None:
    """Run a Typer app with the CLI contract: exit 2 and one line for bad input, 1 for the unexpected."""
    import typer

    from dualuse.errors import DualuseError

    usage_errors, aborts = _click_exceptions()

    try:
        # Without standalone mode click returns a `typer.Exit`'s code instead of exiting with it.
        code = app(standalone_mode=False)
    except DualuseError as exc:
        print(f"dualuse: error: {exc}", file=sys.stderr)
        sys.exit(exit_code_of(exc))
    except (typer.Exit, SystemExit) as exc:
        sys.exit(getattr(exc, "exit_code", getattr(exc, "code", 0)))
    except usage_errors as exc:  # usage errors: click's own message, exit 2
        exc.show()
        sys.exit(exc.exit_code)
    except aborts:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("DUALUSE_DEBUG"):
            raise
        print(f"dualuse: internal error: {type(exc).__name__}: {exc} (set DUALUSE_DEBUG=1 for the traceback)", file=sys.stderr)
        sys.exit(1)
    if type(code) is int and code != 0:
        sys.exit(code)


def _click_exceptions() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """Click's usage-error and abort classes: Typer 0.2x vendors its own click (`typer._click`),
    whose exceptions are not the installed click's; both are caught."""
    import typer

    usage: list[type[BaseException]] = []
    aborts: list[type[BaseException]] = [typer.Abort, KeyboardInterrupt]
    try:
        import click
    except ImportError:
        pass
    else:
        usage.append(click.ClickException)
        aborts.append(click.exceptions.Abort)
    try:
        from typer._click.exceptions import ClickException
    except ImportError:
        pass
    else:
        usage.append(ClickException)
    return tuple(usage), tuple(aborts)
