"""Deciding one chunk: the pure function every batch engine runs, locally or on a worker.

`SharedEngine` is what is built once and shipped: the loaded regime and the screening index
(the matcher). It pickles to those two objects (and a fingerprint of the dualuse code that
built them); each process rebuilds the thin `Engine` around them on first use and keeps it, so
its per-name screening cache lives as long as the worker does. A worker whose dualuse code
differs from the client's refuses to decide: its results could differ, silently.

`warm_up` lets the workers of a cluster share that cache's first fill: each screens a share of
the first chunk's distinct parties and every worker learns all the results (engines/dask.py).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Iterator

from dualuse.batch.contract import COLUMNS, OutputRow, RejectRow, Row, column_of, decision_row, row_transaction
from dualuse.batch.readers import AnyChunk, Chunk
from dualuse.batch.writers import encode_output_part, encode_rejects_part
from dualuse.engine.engine import Engine, KnownLookups
from dualuse.errors import DualuseError, InputError
from dualuse.regime.loader import Regime
from dualuse.screening.base import PartyMatcher
from dualuse.transaction import Transaction


class SharedEngine:
    """The regime and the matcher `dualuse check` uses, built once, picklable, engine on demand."""

    def __init__(self, regime: Regime | None = None, matcher: PartyMatcher | None = None):
        from dualuse import runtime

        self.regime = regime or runtime.regime()
        self.matcher = matcher if matcher is not None else runtime.matcher(self.regime)
        self.code = code_fingerprint()
        self._built_in = os.getpid()
        self._engine: Engine | None = None

    @property
    def data_version(self) -> str:
        return self.regime.data_version

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            if self._built_in != os.getpid() and code_fingerprint() != self.code:
                raise DualuseError(
                    f"this worker ({os.uname().nodename}, pid {os.getpid()}) runs different dualuse code than the client "
                    "that built the job: install the same dualuse version on every worker"
                )
            self._engine = Engine(self.regime, self.matcher)
        return self._engine

    def __getstate__(self) -> dict:
        return {"regime": self.regime, "matcher": self.matcher, "code": self.code, "built_in": self._built_in}

    def __setstate__(self, state: dict) -> None:
        self.regime = state["regime"]
        self.matcher = state["matcher"]
        self.code = state["code"]
        self._built_in = state["built_in"]
        self._engine = None


# The parts of dualuse a decision runs through (the interfaces, storage and services do not).
_DECISION_CODE = (
    "batch", "classification", "engine", "lists", "regime", "screening", "errors.py", "transaction.py", "vocabulary.py",
    "limits.py", "csvcells.py",
)


@cache
def code_fingerprint() -> str:
    """A hash of the Python source a decision runs through, as this process finds it on disk."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for part in _DECISION_CODE:
        path = root / part
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(str(source.relative_to(root)).encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Params:
    """What every chunk of one job is decided with."""

    as_of: date | None  # --as-of: overrides each row's date
    default_day: date  # the day a row without a date is decided as of (the job's first start)
    output_format: str = "parquet"  # of the part files: "parquet" or "csv"


@dataclass
class ChunkResult:
    """One chunk decided: its part files' bytes, ready to be written as they are."""

    index: int
    output_part: bytes
    rejects_part: bytes
    decided: int
    rejected: int
    span: int = 0
    seconds: float = 0.0  # time spent in tasks, where they ran (the first result's includes the warm-up)

    @property
    def rows(self) -> int:
        return self.decided + self.rejected


def decide_chunk(shared: SharedEngine, chunk: AnyChunk, params: Params, known: KnownLookups | None = None) -> ChunkResult:
    """Decide every row of a chunk; a row that fails validation becomes a reject, never an abort.

    `known`: the job's warm-up results (see `warm_up`), used instead of screening again.
    """
    started = time.perf_counter()
    engine = shared.engine
    if known is not None:
        engine.learn(known)
    chunk = chunk.parsed()
    outputs: list[OutputRow] = []
    rejects: list[RejectRow] = list(chunk.rejects)
    for line, row in zip(chunk.lines, chunk.rows):
        row_id = row[0]
        if row_id is None:
            rejects.append((line, "", "id", "required field is missing"))
            continue
        try:
            transaction = row_transaction(row)
            day = params.as_of or (None if transaction.date else params.default_day)
            decision = engine.decide(transaction, day)
        except InputError as exc:  # a bad cell, or a fact only the regime can judge (an unknown code)
            rejects.append((line, row_id, column_of(exc.field), exc.message))
            continue
        outputs.append(decision_row(row_id, decision))
    rejects.sort(key=lambda r: r[0])
    return ChunkResult(
        chunk.index, encode_output_part(params.output_format, outputs), encode_rejects_part(rejects),
        len(outputs), len(rejects), chunk.span, time.perf_counter() - started,
    )


@dataclass
class WarmUp:
    known: KnownLookups
    seconds: float


def warm_up_shards(chunk: Chunk, shards: int) -> list[tuple[list[Row], list[Row]]]:
    """Rows that between them name every distinct end user, and every distinct item without a
    control code, of `chunk` (a job's first): one row per party, one per item, dealt into
    `shards` (party rows, item rows) pairs.

    A job's customers recur, so its first chunk names nearly every party the job meets, and
    screening them is most of the cost of a worker's first chunk. Dealt out to the workers by
    `warm_up` and the results handed to every worker, each distinct party is screened once on
    the cluster instead of once on every worker.
    """
    party_rows: dict[tuple, Row] = {}
    item_rows: dict[tuple, Row] = {}
    for row in chunk.rows:
        if row[_END_USER_NAME] is not None:
            party_rows.setdefault((row[_END_USER_NAME], row[_END_USER_COUNTRY]), row)
        if row[_CONTROL_CODE] is None and (row[_DESCRIPTION] or row[_HS_CODE]):
            item_rows.setdefault((row[_DESCRIPTION], row[_HS_CODE]), row)
    parties, items = list(party_rows.values()), list(item_rows.values())
    return [(parties[i::shards], items[i::shards]) for i in range(shards)]


def warm_up(shared: SharedEngine, party_rows: list[Row], item_rows: list[Row]) -> WarmUp:
    """Screen the end users of `party_rows` and classify the items of `item_rows` (rows that fail
    validation are skipped: deciding rejects them), keyed as the engine looks them up."""
    started = time.perf_counter()
    engine = shared.engine
    known = KnownLookups()
    for transaction in _valid(party_rows):
        for party in transaction.parties:
            known.matches[(party.name, party.country)] = engine.party_matches(party.name, party.country)
            if party.parent:  # screened too (Ann. 2025 No. 61 para 2 reaches listed parties' subsidiaries)
                known.matches[(party.parent, party.country)] = engine.party_matches(party.parent, party.country)
    for transaction in _valid(item_rows):
        for item in transaction.items:
            known.classifications[(item.description, item.hs_code)] = engine.item_classification(
                item.description, item.hs_code
            )
    return WarmUp(known, time.perf_counter() - started)


def _valid(rows: list[Row]) -> Iterator[Transaction]:
    for row in rows:
        try:
            yield row_transaction(row)
        except InputError:
            continue


_END_USER_NAME, _END_USER_COUNTRY, _DESCRIPTION, _HS_CODE, _CONTROL_CODE = (
    COLUMNS.index(c) for c in ("end_user_name", "end_user_country", "item_description", "hs_code", "control_code")
)
