"""FollowTheMoney entities, one JSON object a line, as OpenSanctions publishes them
(`{"id", "schema", "properties": {"name": [...], ...}}`); schemata that are not parties
(addresses, sanctions…) are skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

from dualuse import limits
from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.screening.sources.common import (
    ListFileError,
    SourceRead,
    check_name,
    read_text,
    warn_if_names_no_one,
)

FTM_NAME_PROPERTIES = ("name", "alias", "weakAlias", "previousName")
FTM_PARTY_SCHEMATA = frozenset({"Thing", "LegalEntity", "Organization", "Company", "Person", "PublicBody", "Vessel", "Airplane"})


def _ftm_strings(path: Path, line: int, properties: dict, prop: str) -> list[str]:
    values = properties.get(prop, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ListFileError(path, line, f"properties.{prop}", "expected a list of strings")
    return [v.strip() for v in values if v.strip()]


def load_ftm_list(path: Path | str) -> list[ScreenedEntity]:
    """FollowTheMoney entities; schemata that are not parties (addresses, sanctions…) are skipped."""
    path = Path(path)
    entities = []
    for line, text in enumerate(read_text(path).splitlines(), start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            raise ListFileError(path, line, None, f"not JSON: {getattr(error, 'msg', 'nested too deeply')}") from None
        unpaired = limits.unpaired_surrogate(record)
        if unpaired is not None:
            raise ListFileError(path, line, ".".join(map(str, unpaired)) or None, limits.UNPAIRED_SURROGATE)
        if not isinstance(record, dict):
            raise ListFileError(path, line, None, "expected a JSON object")
        for key in ("id", "schema"):
            if not isinstance(record.get(key), str) or not record[key]:
                raise ListFileError(path, line, key, "missing or not a string")
        if record["schema"] not in FTM_PARTY_SCHEMATA:
            continue
        properties = record.get("properties")
        if not isinstance(properties, dict):
            raise ListFileError(path, line, "properties", "missing or not an object")
        names = [
            check_name(path, line, f"properties.{prop}", n)
            for prop in FTM_NAME_PROPERTIES
            for n in _ftm_strings(path, line, properties, prop)
        ]
        if not names:
            raise ListFileError(path, line, "properties.name", "no name")
        warn_if_names_no_one(path, line, record["id"], names)
        countries = _ftm_strings(path, line, properties, "country")
        datasets = record.get("datasets") if isinstance(record.get("datasets"), list) else []
        entities.append(
            ScreenedEntity(
                record["id"],
                tuple(ScreenedName(n) for n in dict.fromkeys(names)),
                countries[0].upper() if countries else None,
                ",".join(map(str, datasets)),
                str(path),
            )
        )
    return entities


class FtmSource:
    """FollowTheMoney JSON lines."""

    NAME: ClassVar[str] = "ftm"
    SUFFIXES: ClassVar[tuple[str, ...]] = (".json", ".jsonl", ".ndjson", ".ftm")

    def read(self, path: Path) -> SourceRead:
        return SourceRead(load_ftm_list(path), self.NAME)
