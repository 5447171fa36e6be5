"""`dualuse screen`: screen a file of party names against a list, as product.md specifies.

    dualuse screen QUERIES.csv|.xlsx|.parquet [--list LIST] [--top N] [--matcher best] -o OUT.csv|OUT.parquet

QUERIES has `id,name[,country]` (CSV, XLSX or Parquet); LIST is any list file
`dualuse.screening.sources` reads (CSV, XLSX, Parquet, FollowTheMoney JSON lines, or a
MOFCOM announcement text). OUT has one row per candidate,
`query_id,rank,entity_id,score,band,matched_name,list,explanation,matched_alias` (rank 1 is
best; `matched_name` is the listed party's own name, `matched_alias` the name or spelling of it
that the query met; `explanation` says in words which readings and words met), written
as CSV, or as Parquet when the output name ends in `.parquet`. Without `--list` the bundled
China lists (every designation and recognised military user of the regime data) are
screened. Bad input raises `InputError` (the CLI prints one line, exit 2).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Optional

import typer
from rich.console import Console
from rich.progress import Progress

from dualuse import csvcells, limits
from dualuse.errors import InputError
from dualuse.interfaces.cli.common import lazy_module

if TYPE_CHECKING:
    from dualuse.screening.base import PartyMatch, ScreenedEntity

# imported when the command runs, not for `--help`
sources = lazy_module("dualuse.screening.sources")
parallel = lazy_module("dualuse.screening.parallel")

OUTPUT_COLUMNS = ("query_id", "rank", "entity_id", "score", "band", "matched_name", "list", "explanation", "matched_alias")
PROGRESS_FROM_ROWS = 2000
"""Files with more queries than this get a progress bar (on stderr)."""


class OutputFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def read_queries(path: Path) -> list[tuple[str, str, str | None]]:
    """(id, name, country) of every row; an empty id or name is an error naming the line."""
    queries = []
    for line, row in sources.table_rows(path, ("id", "name")):
        for field in ("id", "name"):
            if not row[field]:
                raise InputError(f"empty {field}", file=str(path), line=line, field=field)
        sources.check_name(path, line, "name", row["name"])
        if len(row["name"]) > limits.MAX_NAME_CHARS:  # a party name: the same limit as `check` and the API
            raise InputError(f"{len(row['name'])} characters, more than the {limits.MAX_NAME_CHARS} a name may have",
                             file=str(path), line=line, field="name")
        queries.append((row["id"], row["name"], row.get("country") or None))
    return queries


def bundled_entities() -> "list[ScreenedEntity]":
    """Every party on the bundled China lists, from the regime data."""
    from dualuse import runtime

    entities = sources.regime_entities(runtime.regime())
    if not entities:
        raise InputError("the bundled regime data lists no parties; pass a list file with --list")
    return entities


def output_rows(query_id: str, matches: "Sequence[PartyMatch]", lists: dict[str, str]) -> Iterator[dict[str, object]]:
    for rank, match in enumerate(matches, start=1):
        yield {
            "query_id": query_id,
            "rank": rank,
            "entity_id": match.entity_id,
            "score": f"{match.score:.4f}",
            "band": match.band.value,
            "matched_name": match.matched_name,
            "list": lists.get(match.entity_id, ""),
            "explanation": match.explanation,
            "matched_alias": match.matched_alias,
        }


def output_format(output: Path | None, requested: OutputFormat | None) -> OutputFormat:
    """`--format` when given, else by the output's suffix (`.parquet`, `.jsonl`), else CSV."""
    if requested is not None:
        if requested is OutputFormat.parquet and output is None:
            raise InputError("Parquet is written to a file: give -o OUT.parquet", field="--format")
        return requested
    suffix = output.suffix.lower() if output else ""
    return {".parquet": OutputFormat.parquet, ".jsonl": OutputFormat.jsonl}.get(suffix, OutputFormat.csv)


@contextmanager
def _parquet_writer(output: Path) -> Iterator:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: dict[str, list] = {c: [] for c in OUTPUT_COLUMNS}

    def write(row: dict[str, object]) -> None:
        for column in OUTPUT_COLUMNS:
            columns[column].append(row[column])

    yield write
    schema = pa.schema([(c, pa.int32() if c == "rank" else pa.float64() if c == "score" else pa.string()) for c in OUTPUT_COLUMNS])
    columns["score"] = [float(s) for s in columns["score"]]
    pq.write_table(pa.table(columns, schema=schema), output)


@contextmanager
def _writer(output: Path | None, fmt: OutputFormat) -> Iterator:
    if fmt is OutputFormat.parquet:
        assert output is not None
        with _parquet_writer(output) as write:
            yield write
        return
    handle: IO[str] = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt is OutputFormat.csv:
            writer = csv.writer(handle)
            writer.writerow(OUTPUT_COLUMNS)
            cell = csvcells.cell  # formula injection: docs/SECURITY.md
            # the cells in column order, as DictWriter writes them, without its check of every row's keys
            yield lambda row: writer.writerow([cell(row[column]) for column in OUTPUT_COLUMNS])
        else:
            yield lambda row: handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if output:
            handle.close()


def screen(
    queries: Path = typer.Argument(..., help="Names to screen, CSV/XLSX/Parquet: id,name[,country]."),
    list_file: Optional[Path] = typer.Option(
        None,
        "--list",
        help="List to screen against: CSV/XLSX/Parquet (id,name[,aliases,country,list]), FollowTheMoney JSON lines, "
        "or a MOFCOM announcement .txt. Default: the bundled China lists.",
    ),
    top: int = typer.Option(5, "--top", min=1, max=100, help="Candidates per name."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Result file, .csv or .parquet (default: CSV on standard output)."),
    matcher: str = typer.Option("best", "--matcher", help="Matcher name (best, crossscript, normalised…)."),
    format: Optional[OutputFormat] = typer.Option(None, "--format", help="csv (the contract), jsonl or parquet; default by the output suffix."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Build the list's index afresh: neither read nor write the index cache."),
) -> None:
    """Screen party names against a list: ranked candidates with score, band (hit/review/clear) and why."""
    if no_cache:
        from dualuse.screening import cache

        cache.disable()
    fmt = output_format(output, format)
    rows = read_queries(queries)
    from dualuse import runtime

    if list_file:
        entities, data_version = sources.load_list(list_file), ""
    else:  # the regime's parties: the index `dualuse check` reads too
        entities, data_version = bundled_entities(), runtime.regime().data_version
    queried = [(name, country) for _, name, country in rows]
    index = runtime.list_matcher(entities, matcher, data_version=data_version, field="--matcher", queries=queried)
    lists = {e.entity_id: e.list for e in entities}
    progress = Progress(disable=len(rows) <= PROGRESS_FROM_ROWS, transient=True, console=Console(stderr=True))
    answers = parallel.match_all(index, queried, top)  # on every core
    with _writer(output, fmt) as write, progress as bar, closing(answers):
        task = bar.add_task("screening", total=len(rows))
        for (query_id, _, _), matches in zip(rows, answers):
            for row in output_rows(query_id, matches, lists):
                write(row)
            bar.advance(task)
