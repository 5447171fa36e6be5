"""The 2026 licence catalogue as third parties extracted it: which control codes exist and which
customs codes it names for dual-use export licences (reliability T, noisy).

The annex of the unified Control List (Ann. 2024 No. 51) is not available; the bundled control
entries cover only the commodity announcements. The catalogue data in ../shared/data/control-list
are used as leads, never as the law: a declared control code found here is recognised (its text is
not bundled), and a customs code found here (or sharing its heading or chapter with one) keeps a
decision from saying "no licence required" silently.

`build_catalogue` turns the shared files into `regime/data/catalogue_codes.yaml`, deterministically:
re-running it on the same files writes the same bytes. Each customs code is checked against China's
8-digit tariff lines; one that is no tariff line is kept as printed and flagged U.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import field_validator

from dualuse.regime.model import CONTROL_CODE_RE, Strict
from dualuse.vocabulary import Reliability

CATALOGUE_FILE = "catalogue_codes.yaml"
CHYCICI_FILE = "chycici_2026_catalogue_codes.derived.csv"
WUJIAMIN_FILE = "wujiamin_dual_use_hs_codes_2026.json"
_SOURCES = {"chycici": CHYCICI_FILE, "wujiamin": WUJIAMIN_FILE}


class CatalogueControlCode(Strict):
    """A well-formed control code of the catalogue's export part, with the rows and customs codes printed beside it."""

    code: str
    rows: tuple[int, ...]
    customs_codes: tuple[str, ...] = ()

    @field_validator("code")
    @classmethod
    def _code_form(cls, value: str) -> str:
        if not CONTROL_CODE_RE.match(value):
            raise ValueError(f"control code {value!r} is not of the form 1C902 or 1C902.a")
        return value


class CatalogueCustomsCode(Strict):
    """A 10-digit customs code the catalogue's export part names, which sources name it, and its tariff check."""

    code: str
    control_codes: tuple[str, ...] = ()  # the rows it sits on (often shifted by a row: noise)
    sources: tuple[str, ...]
    tariff_line: bool  # its first 8 digits are a line of China's 2023 tariff
    reliability: Reliability = Reliability.THIRD_PARTY  # U when it is no tariff line

    @field_validator("code")
    @classmethod
    def _ten_digits(cls, value: str) -> str:
        if not (value.isdigit() and len(value) == 10):
            raise ValueError(f"customs code {value!r} is not 10 digits")
        return value


class Catalogue(Strict):
    """catalogue_codes.yaml: generated, never edited by hand."""

    instrument: str
    title_zh: str
    source: str
    source_files: tuple[str, ...]
    url: str
    reliability: Reliability
    published: date
    in_force_from: date
    notes: str
    control_codes: tuple[CatalogueControlCode, ...]
    customs_codes: tuple[CatalogueCustomsCode, ...]

    def control_code(self, code: str) -> CatalogueControlCode | None:
        """The catalogue row for a declared code: exact, else its parent (1C902.a.1 -> 1C902.a), else any sub-item."""
        by_code = {c.code: c for c in self.control_codes}
        parts = code.split(".")
        for depth in range(len(parts), 0, -1):
            found = by_code.get(".".join(parts[:depth]))
            if found is not None:
                return found
        return next((c for c in self.control_codes if c.code.startswith(code + ".")), None)

    def customs_match(self, declared: str) -> tuple[str, list[CatalogueCustomsCode]] | None:
        """How close the declared code comes to a code the catalogue names: the level and the codes there.

        Levels, closest first: code (the 10 digits), tariff_line (8), subheading (6), heading (4),
        chapter (2). None when the catalogue names nothing in the declared code's chapter.
        """
        for level, length in (("code", 10), ("tariff_line", 8), ("subheading", 6), ("heading", 4), ("chapter", 2)):
            if len(declared) < length:
                continue
            prefix = declared[:length]
            found = [c for c in self.customs_codes if c.code.startswith(prefix)]
            if found:
                return level, found
        return None

    @property
    def flagged(self) -> list[CatalogueCustomsCode]:
        return [c for c in self.customs_codes if not c.tariff_line]


def read_catalogue(path: Path) -> Catalogue | None:
    """The generated catalogue file, validated; None when the data directory has none."""
    if not path.exists():
        return None
    from dualuse.regime.loader import _read_one  # the loader's located validation errors

    return _read_one(path, Catalogue)


def read_tariff_lines(path: Path) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["hs8"] for row in csv.DictReader(handle)}


def build_catalogue(folder: Path, tariff: Path, out: Path) -> bool:
    """Write `out` from the shared catalogue files; True when the file changed."""
    text = render_catalogue(folder, tariff)
    if out.exists() and out.read_text(encoding="utf-8") == text:
        return False
    out.write_text(text, encoding="utf-8")
    return True


def render_catalogue(folder: Path, tariff: Path) -> str:
    lines = read_tariff_lines(tariff)
    wujiamin = json.loads((folder / WUJIAMIN_FILE).read_text(encoding="utf-8"))
    meta = wujiamin["metadata"]
    controls: dict[str, dict] = {}
    named: dict[str, dict[str, set[str]]] = {}

    def name(code: str, source: str, control: str | None = None) -> None:
        record = named.setdefault(code, {"sources": set(), "controls": set()})
        record["sources"].add(source)
        if control:
            record["controls"].add(control)

    for code in wujiamin["codes"]:
        name(code, "wujiamin")
    with (folder / CHYCICI_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["目录类型"] != "出口":
                continue  # the import part names no control codes and is not export control
            raw = row["管制编码"].strip()
            customs = [c for c in row["参考HS编码"].split(";") if c]
            well_formed = row["管制编码格式正常"].strip() == "Y" and CONTROL_CODE_RE.match(raw)
            if raw.isdigit() and len(raw) == 10:
                name(raw, "chycici")  # a customs code that landed in the control-code column
            for code in customs:
                name(code, "chycici", raw if well_formed else None)
            if well_formed:
                record = controls.setdefault(raw, {"rows": set(), "customs": set()})
                record["rows"].add(int(row["序号"]))
                record["customs"].update(customs)
    catalogue = {
        "instrument": "CATALOGUE-2026",
        "title_zh": "2026年度《两用物项和技术进出口许可证管理目录》（出口部分）",
        "source": "third-party extractions of the annex PDF: wujiamin1945-commits/export-tax-refund-checker"
        " (636 export customs codes) and chycici/dual-use-export-control-catalog (906 rows, MIT)",
        "source_files": [f"data/control-list/{f}" for f in sorted(_SOURCES.values())],
        "url": meta["source_url"],
        "reliability": "T",
        "published": "2025-12-31",
        "in_force_from": meta["effective_from"],
        "notes": (
            "Generated by `dualuse regime build-catalogue` from ../shared/data/control-list; do not edit."
            " Leads, never the law: customs codes are often printed on the neighbouring row, 42 export rows"
            " carry garbage instead of a control code and 134 rows are missing (mostly 2B350 sub-items)."
            " Only the export part is kept. A customs code whose first 8 digits are no line of China's 2023"
            " tariff is kept as printed and flagged U."
        ),
        "control_codes": [
            {"code": code, "rows": sorted(r["rows"]), "customs_codes": sorted(r["customs"])}
            for code, r in sorted(controls.items())
        ],
        "customs_codes": [
            {
                "code": code,
                "control_codes": sorted(r["controls"]),
                "sources": sorted(r["sources"]),
                "tariff_line": code[:8] in lines,
                "reliability": "T" if code[:8] in lines else "U",
            }
            for code, r in sorted(named.items())
        ],
    }
    Catalogue.model_validate(catalogue)  # never write a file the loader would refuse
    header = (
        "# Generated by `dualuse regime build-catalogue --shared ../shared/data/control-list"
        " --tariff ../shared/data/customs/china_customs_hs8_2023_en_zh.csv`. Do not edit by hand.\n"
    )
    return header + yaml.safe_dump(catalogue, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)


TARIFF_FILE = Path(__file__).parents[1] / "classification" / "data" / "tariff_hs8_2023.csv"
# Words of a tariff line that say nothing about what the goods are.
_EMPTY_BIGRAMS = frozenset({"其他", "未列", "列名", "零件", "附件", "所列", "品目", "用的", "制的", "以上", "以下", "及其"})


@lru_cache(maxsize=1)
def tariff_lines() -> dict[str, tuple[str, str]]:
    """China's 2023 8-digit tariff lines: hs8 -> (English, Chinese) description."""
    with TARIFF_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["hs8"]: (row["description_en"], row["description_zh"]) for row in csv.DictReader(handle)}


def _bigrams(text: str) -> set[str]:
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in zip(han, han[1:])} - _EMPTY_BIGRAMS


def like_lines(declared: str, codes: list[CatalogueCustomsCode]) -> list[CatalogueCustomsCode]:
    """The catalogue codes whose tariff line describes goods of the same kind as the declared code's
    line: a shared two-character word of the Chinese descriptions that is not common in the chapter
    (加工 in 立式加工中心 and 用激光处理各种材料的加工机床; not 钢铁 across chapter 73). Empty when the
    declared code is no tariff line."""
    lines = tariff_lines()
    own = lines.get(declared[:8])
    if own is None:
        return []
    words = _bigrams(own[1]) - _common_in_chapter(declared[:2])
    return [c for c in codes if c.code[:8] in lines and words & _bigrams(lines[c.code[:8]][1])]


_COMMON_SHARE = 0.10  # a word in more than this share of a chapter's lines says nothing about the kind of goods


@lru_cache(maxsize=128)
def _common_in_chapter(chapter: str) -> frozenset[str]:
    """Words of a chapter's tariff lines too common there to tell goods apart (钢铁 in chapter 73, 塑料 in 39)."""
    texts = [zh for hs8, (_, zh) in tariff_lines().items() if hs8[:2] == chapter]
    counts: dict[str, int] = {}
    for text in texts:
        for word in _bigrams(text):
            counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if n > _COMMON_SHARE * len(texts))


def line_text(code: str) -> str:
    found = tariff_lines().get(code[:8])
    return f"{found[1]} / {found[0]}" if found else "no tariff line"
