"""Check transactions from files: the service behind `dualuse check` and the API's /check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dualuse.engine.decision import Decision
from dualuse.engine.engine import Engine
from dualuse.errors import InputError
from dualuse.transaction import line_of_field, read_transaction


@dataclass(frozen=True)
class CheckedFile:
    path: Path
    decision: Decision


def transaction_files(paths: list[Path]) -> list[Path]:
    """The JSON files named, with directories expanded to their *.json files (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            if not found:
                raise InputError("no *.json transaction files in this directory", file=str(path))
            files.extend(found)
        else:
            files.append(path)
    return files


def check_files(paths: list[Path], as_of: date | None = None, engine: Engine | None = None) -> list[CheckedFile]:
    """Validate every file first (nothing is decided if one is bad), then decide each."""
    transactions = [(p, read_transaction(p)) for p in transaction_files(paths)]
    if engine is None:
        from dualuse import runtime

        engine = runtime.engine()
    decided = []
    for path, transaction in transactions:
        try:
            decided.append(CheckedFile(path, engine.decide(transaction, as_of)))
        except InputError as exc:  # a fact only the regime can judge (an unknown control code)
            line = line_of_field(path.read_text(encoding="utf-8"), exc.field) if exc.field else None
            raise InputError(exc.message, file=str(path), line=line, field=exc.field) from None
    return decided
