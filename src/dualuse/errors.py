"""Errors that name what is wrong and where: the file, the line, the field.

Interfaces turn these into one line and exit code 2 (CLI) or a 4xx body (API); they never
reach the user as a traceback.
"""

from __future__ import annotations

from pathlib import Path


class DualuseError(Exception):
    """Base of every error dualuse reports to a user."""


class InputError(DualuseError):
    """Bad input: a transaction, list or data file that does not meet its contract."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None, field: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        if self.field:
            where = f"{where}: {self.field}" if where else self.field
        return f"{where}: {self.message}" if where else self.message


class RegimeDataError(InputError):
    """A bundled or user-supplied regime data file is invalid; nothing from it is used."""


class ListFileError(InputError, ValueError):
    """A list or query file that cannot be read as it stands: where, which field, what is wrong.

    An `InputError`, so the CLI reports it on one line with exit code 2.
    """

    def __init__(self, path: Path | str, line: int | None, field: str | None, message: str):
        self.path = str(path)
        super().__init__(message, file=self.path, line=line, field=field)


class UnknownMatcher(InputError):
    """A matcher name that is not in the registry (`screening.matchers.ALGORITHMS` or an alias)."""

    def __init__(self, name: str, known: list[str], *, field: str | None = None):
        self.name = name
        self.known = known
        super().__init__(f"no matcher {name!r}; known: {', '.join(known)}", field=field)


def read_file_bytes(path: Path | str) -> bytes:
    """A list file's bytes; a missing, unreadable or directory path is a `ListFileError` naming it."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ListFileError(path, None, None, "file not found") from None
    except IsADirectoryError:
        raise ListFileError(path, None, None, "is a directory, not a file") from None
    except OSError as error:
        raise ListFileError(path, None, None, f"cannot read: {error.strerror}") from None


def read_text_file(path: Path) -> str:
    """A UTF-8 text file's contents; a missing or undecodable file is bad input naming the file."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", file=str(path)) from None
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text (byte {error.start}): save the file as UTF-8", file=str(path)) from None
