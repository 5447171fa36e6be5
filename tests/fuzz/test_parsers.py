"""Fuzzing every parser (issue 15): whatever the bytes, a parser answers or raises the one error
its door turns into exit 2 / 4xx (`InputError`; for the MOFCOM text parser, its `ParseError`,
which `screen --list` and `build-lists` wrap). Anything else — a RecursionError, a KeyError, a
decimal.InvalidOperation, a csv.Error — would be `internal error` and exit 1, or a 500.

Inputs are generated (hypothesis) and mutated from real seeds: the example transactions and
batch rows, the bundled scenarios, a MOFCOM announcement from ../shared. These tests call the
parsers in-process (many examples, cheaply); tests/fuzz/test_doors.py sends a few through the
CLI and the API. In CI the seed is fixed (HYPOTHESIS_PROFILE=ci, tests/conftest.py).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dualuse.batch.contract import COLUMNS, row_transaction
from dualuse.batch.readers import open_reader
from dualuse.errors import InputError
from dualuse.impact.scenario import SCENARIO_DIR, parse_scenario, run
from dualuse.lists.mofcom_text import ParseError, parse_announcement, parse_designation_changes
from dualuse.screening.sources import load_list
from dualuse.transaction import parse_transaction_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "transactions").glob("*.json"))
SHIPMENTS = (ROOT / "examples" / "batch" / "shipments.csv").read_text(encoding="utf-8")
SCENARIOS = sorted(SCENARIO_DIR.glob("*.yaml"))
SHARED = ROOT.parent / "shared" / "data" / "mofcom"
MOFCOM = sorted(SHARED.glob("sanction-lists__unreliable-entity-list__*.txt"))[:1] + sorted(
    SHARED.glob("sanction-lists__import-export-control-list__*.txt"))[:1]

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
FEW = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

# --- strategies ---------------------------------------------------------------------------

NASTY_TEXT = st.sampled_from([
    "", " ", "\x00", "\ufeff", "\udcff", "\u202e", "=1+1", "1e400", "-1e400", "NaN", "Infinity", "-0", "0.00001",
    "99999999999999999999", "1" * 400, "x" * 5000, "[" * 300, "{" * 300, '"', "'", "\\", "\r\n", "\r", "\t",
    "日本", "陸上自衛隊", "𠀀", "null", "true", "2026-02-30", "0000-00-00", "JP", "XX", "1C902.a", "2846901940",
])
TEXT = st.one_of(NASTY_TEXT, st.text(max_size=40))
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=False, allow_infinity=False), TEXT,
)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                           max_leaves=12)
RAW_NUMBERS = st.sampled_from(["1e400", "-1e400", "Infinity", "-Infinity", "NaN", "1e-400", "0.00001", "1E+15",
                               "99999999999999999999", "12.5", "-0", "0", "1e300", "0.1"])


@st.composite
def mutated(draw, seed: str) -> str:
    """`seed` with a few random edits: a slice deleted, text inserted, a line duplicated or dropped."""
    text = seed
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "drop", "truncate"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif kind == "insert":
            text = text[:at] + draw(TEXT) + text[at:]
        elif kind == "truncate":
            text = text[:at]
        else:
            lines = text.splitlines(keepends=True) or [""]
            i = draw(st.integers(0, len(lines) - 1))
            lines = lines[:i] + ([lines[i]] * 2 if kind == "duplicate" else []) + lines[i + 1:]
            text = "".join(lines)
    return text


def _set_path(document, path: list, value):
    """`document` with the value at `path` replaced (a deep copy made through JSON)."""
    out = json.loads(json.dumps(document))
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def _paths(node, prefix=()):
    yield list(prefix)
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


@st.composite
def transaction_texts(draw) -> str:
    seed = json.loads(draw(st.sampled_from(EXAMPLES)).read_text(encoding="utf-8"))
    how = draw(st.sampled_from(["value", "number", "mutate", "json"]))
    if how == "value":  # one field replaced by any JSON value
        path = draw(st.sampled_from([p for p in _paths(seed) if p]))
        return json.dumps(_set_path(seed, path, draw(JSON_VALUES)), ensure_ascii=draw(st.booleans()))
    if how == "number":  # a number written as JSON cannot hold it from Python: 1e400, NaN…
        field = draw(st.sampled_from(["value", "quantity", "cn_content_share"]))
        document = _set_path(seed, ["items", 0, field], "@@N@@")
        return json.dumps(document).replace('"@@N@@"', draw(RAW_NUMBERS))
    if how == "mutate":
        return draw(mutated(json.dumps(seed, ensure_ascii=False, indent=2)))
    return json.dumps(draw(JSON_VALUES))


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    return path


# --- transaction JSON -----------------------------------------------------------------------

ENGINE = None


def _engine():
    global ENGINE
    if ENGINE is None:
        from dualuse.engine.engine import Engine

        ENGINE = Engine()
    return ENGINE


@FUZZ
@given(transaction_texts())
def test_transaction_json(text: str) -> None:
    try:
        transaction = parse_transaction_text(text, source="t.json")
    except InputError:
        return
    decision = _engine().decide(transaction)  # a valid transaction is decided, never a crash
    json.dumps(decision.model_dump(mode="json"), default=str)
    json.dumps(transaction.model_dump(mode="json"))  # as stored with a case


# --- batch rows: CSV, XLSX, Parquet ---------------------------------------------------------


def _read_all(path: Path) -> None:
    """Open, chunk, split and validate every row as a batch run does; InputError is the only refusal
    of the file, and a row's InputError only rejects the row."""
    try:
        reader = open_reader(path)
    except InputError:
        return
    for chunk in reader.chunks(7):
        parsed = chunk.parsed()
        assert len(parsed.rows) + len(parsed.rejects) == parsed.size or parsed.size == 0
        for row in parsed.rows:
            assert len(row) == len(COLUMNS)
            try:
                row_transaction(row)
            except InputError:
                pass


@st.composite
def batch_csv(draw) -> bytes:
    if draw(st.booleans()):
        return draw(mutated(SHIPMENTS)).encode("utf-8", "surrogatepass")
    records = [COLUMNS] + [
        [draw(TEXT) for _ in range(draw(st.sampled_from([len(COLUMNS), len(COLUMNS) - 1, len(COLUMNS) + 1])))]
        for _ in range(draw(st.integers(0, 5)))
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(records)
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\x80"]))
    return prefix + buffer.getvalue().encode("utf-8", "surrogatepass")


@FUZZ
@given(batch_csv())
def test_batch_csv(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _read_all(_write(Path(folder), "rows.csv", data))


@st.composite
def cells(draw):
    return draw(st.one_of(st.none(), TEXT.map(lambda t: t.replace("\x00", "").replace("\udcff", "")),
                          st.integers(-(10**15), 10**15), st.floats(allow_nan=True), st.booleans(), st.dates()))


@FEW
@given(st.lists(st.lists(cells(), max_size=len(COLUMNS) + 1), max_size=4), st.booleans(), st.binary(max_size=64))
def test_batch_xlsx(rows, with_header: bool, garbage: bytes) -> None:
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    with tempfile.TemporaryDirectory() as folder:
        book = openpyxl.Workbook()
        sheet = book.active
        try:
            if with_header:
                sheet.append(list(COLUMNS))
            for row in rows:
                sheet.append(row)
        except (IllegalCharacterError, ValueError, TypeError):
            assume(False)  # openpyxl refuses to write it: not a workbook anyone can send
        path = Path(folder) / "rows.xlsx"
        book.save(path)
        _read_all(path)
        data = path.read_bytes()
        _read_all(_write(Path(folder), "cut.xlsx", data[: len(data) // 2] + garbage))
        _read_all(_write(Path(folder), "junk.xlsx", garbage))


@FEW
@given(st.lists(st.sampled_from([*COLUMNS, "extra", ""]), max_size=len(COLUMNS) + 2, unique=True),
       st.lists(cells(), max_size=6), st.binary(max_size=64))
def test_batch_parquet(names, values, garbage: bytes) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.parquet"
        columns = {}
        for i, name in enumerate(names):
            column = [values[(i + j) % len(values)] if values else None for j in range(3)]
            try:
                columns[name] = pa.array(column)
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                columns[name] = pa.array([str(v) for v in column])
        pq.write_table(pa.table(columns) if columns else pa.table({"x": [1]}), path)
        _read_all(path)
        data = path.read_bytes()
        _read_all(_write(Path(folder), "cut.parquet", data[: len(data) // 2] + garbage))


# --- list files (dualuse screen --list, lists diff) ------------------------------------------

LIST_CSV = "id,name,aliases,country,list\ne1,Acme Trading,ACME|アクメ,JP,control_list\ne2,三菱重工,,JP,watch_list\n"
FTM = json.dumps({"id": "x1", "schema": "Company", "properties": {"name": ["Acme"], "country": ["jp"]}}) + "\n"


@st.composite
def list_files(draw) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from([".csv", ".jsonl", ".txt", ".ftm.json", ".json"]))
    if suffix == ".csv":
        text = draw(mutated(LIST_CSV))
    elif suffix == ".txt":
        text = draw(mutated(MOFCOM[0].read_text(encoding="utf-8")) if MOFCOM else TEXT)
    elif draw(st.booleans()):
        text = draw(mutated(FTM))
    else:
        text = json.dumps(draw(JSON_VALUES)) + "\n" + json.dumps(draw(JSON_VALUES))
    return suffix, text.encode("utf-8", "surrogatepass")


@FUZZ
@given(list_files())
def test_list_files(file: tuple[str, bytes]) -> None:
    suffix, data = file
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "list" + suffix, data)
        try:
            entities = load_list(path)
        except InputError:
            return
        for entity in entities:
            assert entity.entity_id and entity.names


@FUZZ
@given(st.one_of(st.text(max_size=200), batch_csv().map(lambda b: b.decode("utf-8", "replace"))))
def test_screen_queries(text: str) -> None:
    from dualuse.interfaces.cli.screen import read_queries

    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "queries.csv", text)
        try:
            read_queries(path)
        except InputError:
            pass


# --- MOFCOM announcement texts -----------------------------------------------------------------


@pytest.mark.skipif(not MOFCOM, reason="../shared/data/mofcom is not beside the work tree")
@FUZZ
@given(st.data())
def test_mofcom_announcement_text(data) -> None:
    seed = MOFCOM[data.draw(st.integers(0, len(MOFCOM) - 1))].read_text(encoding="utf-8")
    # What a file can hold: UTF-8 text (its readers decode strictly, so no lone surrogates).
    text = data.draw(st.one_of(mutated(seed), TEXT)).encode("utf-8", "replace").decode("utf-8")
    for parse in (parse_announcement, parse_designation_changes):
        try:
            parse(text, "announcement.txt")
        except ParseError:
            pass


# --- impact scenario YAML -----------------------------------------------------------------------


@st.composite
def scenario_texts(draw) -> str:
    seed = draw(st.sampled_from(SCENARIOS)).read_text(encoding="utf-8")
    how = draw(st.sampled_from(["mutate", "value", "nest", "alias"]))
    if how == "mutate":
        return draw(mutated(seed))
    if how == "value":
        lines = seed.splitlines()
        i = draw(st.integers(0, len(lines) - 1))
        head, sep, _ = lines[i].partition(": ")
        lines[i] = head + ": " + draw(st.one_of(NASTY_TEXT, RAW_NUMBERS, st.integers().map(str))) if sep else lines[i]
        return "\n".join(lines)
    if how == "nest":
        depth = draw(st.integers(10, 3000))
        return seed + "\nextra: " + "[" * depth + "]" * draw(st.sampled_from([0, depth]))
    return "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n" \
           "inputs: &i {x: *c}\n" + seed


@FUZZ
@given(scenario_texts())
def test_scenario_yaml(text: str) -> None:
    try:
        result = run(parse_scenario(text, source="s.yaml"))
    except InputError:
        return
    json.dumps(result.to_dict())
