"""The desk's CSV downloads (screening results, cases, the audit log): UTF-8 with a byte-order
mark so spreadsheet programs read 中文 and 日本語, one header row of stable column names, and no
cell a spreadsheet would run as a formula (`dualuse.csvcells`, as every CSV dualuse writes).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from fastapi.responses import Response

from dualuse import csvcells


def safe_cell(value: object) -> str:
    """A cell's text; a text that a spreadsheet would take for a formula is prefixed with '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format(value, "g") if isinstance(value, float) else str(value)
    return str(csvcells.cell(str(value)))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def csv_download(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    body = "\ufeff" + csv_text(header, rows)
    return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "X-Content-Type-Options": "nosniff",
                             "Cache-Control": "no-store"})
