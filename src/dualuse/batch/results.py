"""A finished batch job read back for people: the counts by outcome, one page of decisions (all,
or those of one outcome), and the template row file a user starts from.

The decisions file is read as a stream each time (a page keeps only its own rows), so a large
job costs a scan, never its whole result in memory.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dualuse.batch.contract import COLUMNS, OUTPUT_COLUMNS
from dualuse.batch.writers import LIST_SEPARATOR
from dualuse.vocabulary import Outcome

# The template's one example row: a civil order of a listed rare-earth item to a Japanese maker.
# Every cell is a made-up illustration of the format (docs/BATCH.md, "The row file").
TEMPLATE_EXAMPLE: dict[str, str] = {
    "id": "SO-2026-00042",
    "date": "2026-11-28",
    "destination": "JP",
    "exporter_name": "示例稀土出口有限公司",
    "exporter_country": "CN",
    "end_user_name": "Example Motor Works K.K.",
    "end_user_country": "JP",
    "end_user_kind": "company",
    "end_use_category": "civil",
    "end_use_description": "permanent magnets for industrial motors",
    "item_description": "samarium metal",
    "hs_code": "2805301100",
    "control_code": "1C902.a",
    "origin": "CN",
    "value": "12000",
    "currency": "USD",
    "quantity": "1000",
    "unit": "kg",
    "cn_content_share": "",
}


def template_csv() -> str:
    """The columns the batch reader accepts, in its order, and one example row (UTF-8 with a BOM
    so that spreadsheet programs open the Chinese example as text, not mojibake)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([TEMPLATE_EXAMPLE.get(name, "") for name in COLUMNS])
    return "\ufeff" + out.getvalue()


def outcome_counts(decisions: Path) -> dict[str, int]:
    """Decided rows by outcome, every outcome present (0 when none), most severe first."""
    counts = {o.value: 0 for o in sorted(Outcome, key=lambda o: -o.severity)}
    for row in _rows(decisions):
        counts[row["outcome"]] = counts.get(row["outcome"], 0) + 1
    return counts


@dataclass(frozen=True)
class ResultPage:
    rows: list[dict[str, Any]]
    total: int  # rows that pass the filter
    page: int
    pages: int
    per_page: int


def result_page(decisions: Path, *, outcome: Outcome | None = None, page: int = 1, per_page: int = 50) -> ResultPage:
    """Page `page` (from 1) of the decisions, only those of `outcome` when given; a page past the
    end is the last one. List cells come back as lists."""
    per_page = max(1, per_page)
    wanted = outcome.value if outcome else None
    first = (max(1, page) - 1) * per_page
    kept: list[dict[str, Any]] = []
    tail: list[dict[str, Any]] = []  # the rows of the latest full or partial page, for a page past the end
    total = 0
    for row in _rows(decisions):
        if wanted and row["outcome"] != wanted:
            continue
        if first <= total < first + per_page:
            kept.append(_listed(row))
        if total % per_page == 0:
            tail = []
        tail.append(row)
        total += 1
    pages = max(1, -(-total // per_page))
    if not kept and total:
        return ResultPage([_listed(r) for r in tail], total, pages, pages, per_page)
    return ResultPage(kept, total, min(max(1, page), pages), pages, per_page)


def _listed(row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = dict(row)
    for name in ("rules", "citations", "matched_parties"):
        out[name] = [part for part in (row.get(name) or "").split(LIST_SEPARATOR) if part]
    return out


def _rows(decisions: Path):
    with open(decisions, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield {name: row.get(name) or "" for name in OUTPUT_COLUMNS}
