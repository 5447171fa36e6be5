"""/api/v1/impact: the scenario estimates and the exposure of an import portfolio (docs/IMPACT.md).

The numbers are those of `dualuse impact scenario` and `dualuse impact exposure` (the same
functions, `dualuse.impact.scenario.run` and `dualuse.impact.exposure.analyse`); the exposure uses
the server's loaded engine. They change nothing, so they are open like `/check` (a token with
`DUALUSE_REQUIRE_AUTH=1`). Bad input is a 422 naming the field (`inputs.duration_months.value`,
`inputs.gdp.unit`, `file`…).
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import yaml
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from pydantic import BaseModel, Field, model_validator
from starlette.datastructures import UploadFile as StarletteUpload

from dualuse.errors import InputError
from dualuse.impact.scenario import bundled_scenarios, load_scenario, render_text, run, run_text
from dualuse.interfaces.api.auth import Principal, reader
from dualuse.interfaces.api.batch_routes import parse_as_of
from dualuse.interfaces.api.errors import ERROR_RESPONSES, ApiError, ErrorBody
from dualuse.storage.errors import NotFoundError
from dualuse import yamlfile

router = APIRouter(prefix="/api/v1/impact", responses=ERROR_RESPONSES, tags=["impact"])
Reader = Annotated[Principal | None, Depends(reader)]
PORTFOLIO_FORMATS = (".csv", ".xlsx", ".xlsm", ".parquet", ".pq")
MAX_SCENARIO_CHARS = 100_000
EXAMPLE_NAME = "nri-kiuchi-rare-earth-3m"


class ScenarioIn(BaseModel):
    """Either `yaml` (a scenario file's text) or `name` (a bundled scenario, see `GET /scenarios`)."""

    yaml: str | None = Field(None, max_length=MAX_SCENARIO_CHARS, description="A scenario file's text (docs/IMPACT.md §2).")
    name: str | None = Field(None, max_length=200, description="A bundled scenario, e.g. nri-kiuchi-rare-earth-3m.")

    model_config = {"json_schema_extra": {"examples": [{"name": EXAMPLE_NAME}]}}

    @model_validator(mode="after")
    def one_of(self) -> "ScenarioIn":
        if bool(self.yaml and self.yaml.strip()) == bool(self.name):
            raise ValueError("give either `yaml` (a scenario's text) or `name` (a bundled scenario), not both")
        return self


# ---------------------------------------------------------------- shared with the web page

def bundled() -> dict[str, Path]:
    """The bundled scenarios by name (file stem)."""
    return {path.stem: path for path in bundled_scenarios()}


def bundled_path(name: str) -> Path:
    found = bundled().get(name)
    if found is None:
        raise NotFoundError("bundled scenario", name)
    return found


@lru_cache(maxsize=None)
def bundled_result(name: str) -> dict[str, Any]:
    """A bundled scenario's result (the files do not change while the server runs)."""
    result = run(load_scenario(bundled_path(name)))
    out = result.to_dict()
    out["name"] = name
    out["text"] = render_text(result)
    return out


def scenario_from_text(text: str, source: str = "<request>") -> dict[str, Any]:
    result = run_text(text, source=source)
    out = result.to_dict()
    out["text"] = render_text(result)
    return out


def bundled_data(name: str) -> dict[str, Any]:
    """A bundled scenario file as data (for the web page's editable form)."""
    return yamlfile.safe_load(bundled_path(name).read_text(encoding="utf-8"))


def edited_scenario(name: str, edits: dict[str, dict[str, str]]) -> str:
    """A bundled scenario with some inputs' value (or low/high), unit, date and source replaced,
    as YAML text. Values are parsed as numbers where they are numbers; anything else is passed
    through, so the scenario parser reports it with its field."""
    data = copy.deepcopy(bundled_data(name))
    inputs = data.get("inputs") or {}
    for key, fields in edits.items():
        target = _input_at(inputs, key)
        if target is None:
            continue
        for field, raw in fields.items():
            if field in ("value", "low", "high"):
                if field in target or raw.strip():
                    target[field] = _number_or_text(raw)
            elif field in ("unit", "date", "source"):
                target[field] = raw.strip()
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _input_at(inputs: dict[str, Any], key: str) -> dict[str, Any] | None:
    if key.startswith("components[") and key.endswith("]"):
        index = key[len("components["):-1]
        components = inputs.get("components") or []
        if index.isdigit() and int(index) < len(components) and isinstance(components[int(index)], dict):
            return components[int(index)]
        return None
    found = inputs.get(key)
    return found if isinstance(found, dict) else None


def _number_or_text(raw: str) -> float | int | str:
    text = raw.strip().replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return raw.strip()
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number


def exposure_from_upload(request: Request, upload: StarletteUpload | None, as_of: str | None, importer_country: str,
                         report_dir: Path | None = None, lang: str = "en") -> dict[str, Any]:
    """Tag and total an uploaded portfolio with the server's engine; with `report_dir`, also write
    the report there (CSVs, PNG charts, exposure.html)."""
    from dualuse.impact.exposure import analyse, read_portfolio, write_report

    day = parse_as_of(as_of)
    if upload is None or not upload.filename:
        raise ApiError(422, "invalid_input", "upload a portfolio file (.csv, .xlsx or .parquet)", "file")
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in PORTFOLIO_FORMATS:
        raise ApiError(415, "unsupported_media_type",
                       f"unknown portfolio format {suffix or '(no extension)'!r}: upload a .csv, .xlsx or .parquet file", "file")
    country = (importer_country or "JP").strip().upper()[:8]
    name = Path(upload.filename).name
    with tempfile.TemporaryDirectory(prefix="dualuse-exposure-") as folder:
        path = Path(folder) / f"portfolio{suffix}"
        _save(upload.file, path)
        try:
            lines = read_portfolio(path)
            report = analyse(lines, as_of=day, importer_country=country, engine=request.app.state.runtime.engine,
                             source=name)
        except InputError as error:
            raise ApiError(422, "invalid_input", _without_temp_path(error, path, name), error.field or "file") from None
        except (ValueError, OSError, KeyError) as error:  # a file that is not what its extension says
            raise ApiError(422, "invalid_input", f"{name}: cannot be read ({type(error).__name__})", "file") from None
    if report_dir is not None:
        write_report(report, report_dir, lang)
    out = report.to_dict()
    out["source"] = name
    return out


def _save(content: BinaryIO, path: Path) -> None:
    with open(path, "wb") as out:
        shutil.copyfileobj(content, out, 1 << 20)


def _without_temp_path(error: InputError, path: Path, name: str) -> str:
    message = error.message.replace(str(path), name)
    where = name + (f":{error.line}" if error.line else "")
    return f"{where}: {message}"


# ---------------------------------------------------------------- routes

class ScenarioSummary(BaseModel):
    name: str
    id: str
    title: str
    model: str
    reproduction: str = Field(description="exact, consistency or illustration")
    reproduced: bool = Field(description="Every published figure is reproduced within its tolerance.")
    checks: list[dict[str, Any]]


@router.get("/scenarios", summary="The bundled published cases", response_model=list[ScenarioSummary])
def list_scenarios(_: Reader) -> list[dict]:
    """Every bundled scenario and whether it reproduces the figures its source published."""
    return [{k: bundled_result(name)[k] for k in ("name", "id", "title", "model", "reproduction", "reproduced", "checks")}
            for name in bundled()]


@router.post("/scenario", summary="Run a scenario", response_model=dict[str, Any],
             responses={404: {"model": ErrorBody, "description": "No bundled scenario of that name."}})
def run_scenario_route(_: Reader, body: ScenarioIn) -> dict:
    """The result of `dualuse impact scenario --format json`: every input with its source, every
    formula with its numbers (`steps`), the published checks, and `text` as the CLI prints it."""
    if body.name:
        return bundled_result(body.name)
    try:
        return scenario_from_text(body.yaml or "")
    except InputError as error:
        raise ApiError(422, "invalid_input", error.message + (f" (line {error.line})" if error.line else ""),
                       error.field) from None


@router.post("/exposure", summary="Exposure of an import portfolio", response_model=dict[str, Any],
             responses={415: {"model": ErrorBody, "description": "Not a .csv, .xlsx or .parquet file."}})
def exposure(
    request: Request, _: Reader,
    file: Annotated[UploadFile, File(description="The portfolio (docs/IMPACT.md §1): supplier, origin_country, hs_code, description, value, currency, date[, buyer].")],
    as_of: Annotated[str | None, Form(description="Decide every line as of this date (default: each line's date).")] = None,
    importer_country: Annotated[str, Form(max_length=8, description="The importer's country (ISO alpha-2).")] = "JP",
) -> dict:
    """The content of `summary.json` of `dualuse impact exposure`: each line tagged, totals and
    shares by HS chapter, item family, measure and supplier, in yen."""
    return exposure_from_upload(request, file, as_of, importer_country)
