"""A seeded generator of realistic batch rows (the issue 6 row contract), for benchmarks and tests.

Rows mix what a trading house's order book holds:
  * exporters in China (most) and abroad (re-transfers of China-origin items from KR, NL, DE, JP);
  * end users, each with its own country (the same customers recur, most goods go to their
    country): names from the bundled designations (`load_regime().listed_parties`, in their
    Chinese and Latin forms), recognised military users (Japanese, Chinese and English forms),
    and about 1,700 unlisted Japanese (kanji, katakana, fullwidth Latin), Chinese (simplified and
    traditional), US and European (German, French, Dutch, Italian, Polish) companies and labs;
  * listed items (control codes and customs codes of `load_regime().entries`) and unlisted ones;
  * civil, military and unknown end uses, and a few empty cells;
  * dates spread over 2023-06..2027-06 and clustered around the measures' boundaries
    (2026-01-06, 2026-02-24, 2026-11-10/11, 2026-11-27/28 and every dated measure and listing);
  * with --bad-share, a small share of malformed rows (unknown country, bad code, negative value).

The same seed gives the same rows. Run:
    .venv/bin/python benchmarks/generate.py --n 1000000 --seed 7 -o /tmp/rows.parquet   # or .csv / .xlsx
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

from dualuse.batch.contract import COLUMNS
from dualuse.regime.loader import load_regime

BOUNDARIES = [date(2026, 1, 6), date(2026, 2, 24), date(2026, 11, 10), date(2026, 11, 11), date(2026, 11, 27), date(2026, 11, 28)]
START, END = date(2023, 6, 1), date(2027, 6, 30)

CN_EXPORTERS = ["赣州稀土出口有限公司", "厦门钨业股份有限公司", "湖南钨业进出口有限公司", "Guangdong Gallium Export Co., Ltd.",
                "包头稀土高新材料有限公司", "云南锗业股份有限公司", "上海精密仪器有限公司", "宁波磁材科技有限公司",
                "China Minmetals Rare Earth Co., Ltd.", "江西铜业国际贸易有限公司", "深圳锂电新能源有限公司", "湖南锑业有限责任公司"]
FOREIGN_EXPORTERS = [("Hanbit Materials Co., Ltd.", "KR"), ("Rotterdam Metals B.V.", "NL"), ("Ruhr Metallhandel GmbH", "DE"),
                     ("丸紅メタル株式会社", "JP"), ("Seoul Magnetics Inc.", "KR")]
DESTINATIONS = ["JP"] * 6 + ["US"] * 3 + ["DE", "DE", "FR", "NL", "IT", "PL", "KR", "KR", "SG", "IN", "GB", "VN", "TW", "CN"]

JP_STEMS = ["東京", "大阪", "名古屋", "横浜", "神戸", "京都", "福岡", "札幌", "浜松", "川崎", "日立", "富士", "北陸", "東洋", "三和", "大和",
            "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "松本", "井上"]
JP_FIELDS = ["精密", "電子", "化学", "金属", "光学", "磁材", "工業", "重工", "材料", "技研", "マテリアル", "エレクトロニクス", "テクノロジー"]
JP_KATAKANA = ["サンライズ", "アオバ", "ミドリ", "ヒカリ", "ツバサ", "ホクト", "ユニオン", "アルファ"]
CN_STEMS = ["华东", "中科", "恒通", "鑫达", "瑞丰", "海纳", "宏远", "天成", "新材", "博远", "永盛", "晶华", "金泰", "华信", "远东", "南洋"]
CN_FIELDS = ["电子", "材料", "光电", "新能源", "精密机械", "磁业", "半导体", "科技"]
TW_STEMS = ["台灣", "新竹", "臺北", "高雄", "華邦", "聯合"]
US_STEMS = ["Acme", "Pioneer", "Summit", "Liberty", "Cascade", "Frontier", "Keystone", "Redwood", "Atlas", "Granite",
            "Johnson", "Miller", "Anderson", "Harper", "Lakeside", "Bayview", "Evergreen", "Ironwood", "Northstar", "Sterling"]
US_FIELDS = ["Optoelectronics", "Semiconductor", "Magnetics", "Aerospace", "Materials", "Photonics", "Battery", "Defense Systems"]
US_FORMS = ["Inc.", "LLC", "Corporation", "Corp.", "Co."]
EU = {
    "DE": (["Werkzeugbau", "Metallwerk", "Feinmechanik", "Magnettechnik", "Präzisionsoptik"], ["Schmidt", "Müller", "Weiß", "Köhler"], ["GmbH", "AG", "GmbH & Co. KG"]),
    "FR": (["Société", "Ateliers", "Laboratoires"], ["Durand", "Lefèvre", "Rousseau", "Côté"], ["S.A.", "SAS", "SARL"]),
    "NL": (["Metaalbewerking", "Optiek", "Materialen"], ["de Vries", "van Dijk", "Jansen"], ["B.V.", "N.V."]),
    "IT": (["Officine", "Meccanica", "Elettronica"], ["Rossi", "Bianchi", "Ferrari"], ["S.p.A.", "S.r.l."]),
    "PL": (["Zakłady", "Przedsiębiorstwo", "Fabryka"], ["Kowalski", "Wiśniewski", "Łukasz"], ["Sp. z o.o.", "S.A."]),
    "GB": (["Precision", "Advanced", "Northern"], ["Materials", "Magnetics", "Ceramics"], ["Ltd", "PLC"]),
}
RESEARCH = ["東京大学 生産技術研究所", "Fraunhofer-Institut für Lasertechnik", "Massachusetts Institute of Technology", "中国科学院物理研究所",
            "Korea Advanced Institute of Science and Technology", "Université Grenoble Alpes"]
UNLISTED_ITEMS = [("9401610000", "wooden chairs"), ("8458110000", "CNC lathe"), ("8481804090", "industrial valves"),
                  ("3926909090", "plastic fittings"), ("7318159090", "steel bolts"), ("8544422100", "copper cable"),
                  ("8471300000", "laptop computers"), ("6902100000", "refractory bricks")]
CIVIL_USES = ["motors for household appliances", "automotive sensors", "LED lighting", "consumer electronics", "medical imaging",
              "wind turbines", "research samples", "maintenance stock", "家電用モーター", "半導体製造装置"]
MILITARY_USES = ["missile guidance components", "radar modules", "armour plate", "防衛装備品の部品", "军用雷达"]
UNITS = [("kg", 1, 5000), ("t", 1, 40), ("pcs", 1, 20000), ("g", 10, 5000)]
CURRENCIES = ["USD"] * 5 + ["EUR", "JPY", "CNY"]


class RowGenerator:
    """Deterministic rows for a seed; names from the bundled regime data (listed and unlisted)."""

    def __init__(self, seed: int = 7, bad_share: float = 0.0):
        self.rng = random.Random(seed)
        self.seed = seed
        self.bad_share = bad_share
        regime = load_regime()
        self.entries = list(regime.entries)
        self.listed = []  # (name, country, kind)
        for party in regime.listed_parties.values():
            kind = "person" if party.entry.kind == "person" else "company"
            for name in party.entry.names:
                self.listed.append((name.value, party.entry.country or "US", kind))
        self.military = [(n.value, m.country) for m in regime.military_users for n in m.names]
        days = set(BOUNDARIES)
        for measure in regime.measures:
            days.update(d for d in (measure.validity.in_force_from, measure.validity.in_force_until) if d)
        for designation in regime.designations:
            days.update(d for d in (designation.validity.in_force_from, designation.validity.in_force_until) if d)
        self.boundaries = sorted(days)
        self.unlisted = self._unlisted_names(6000)

    def _unlisted_names(self, n: int) -> list[tuple[str, str, str]]:
        rng = random.Random(self.seed * 7919 + 1)
        out = []
        for _ in range(n):
            roll = rng.random()
            if roll < 0.35:
                style = rng.random()
                if style < 0.6:
                    name = f"{rng.choice(JP_STEMS)}{rng.choice(JP_FIELDS)}株式会社"
                elif style < 0.85:
                    name = f"株式会社{rng.choice(JP_KATAKANA)}{rng.choice(JP_FIELDS)}"
                else:  # fullwidth Latin, as typed on Japanese keyboards
                    name = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in f"{rng.choice(US_STEMS).upper()}") + "株式会社"
                out.append((name, "JP", "company"))
            elif roll < 0.5:
                out.append((f"{rng.choice(CN_STEMS)}{rng.choice(CN_FIELDS)}有限公司", rng.choice(["SG", "VN", "KR"]), "company"))
            elif roll < 0.55:
                out.append((f"{rng.choice(TW_STEMS)}{rng.choice(CN_FIELDS)}股份有限公司", "TW", "company"))
            elif roll < 0.75:
                out.append((f"{rng.choice(US_STEMS)} {rng.choice(US_FIELDS)} {rng.choice(US_FORMS)}", "US", "company"))
            elif roll < 0.97:
                country = rng.choice(list(EU))
                first, second, forms = EU[country]
                out.append((f"{rng.choice(first)} {rng.choice(second)} {rng.choice(forms)}", country, "company"))
            else:
                out.append((rng.choice(RESEARCH), rng.choice(["JP", "DE", "US", "KR", "FR"]), "research"))
        return sorted(set(out))

    def _date(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.02:
            return ""
        if roll < 0.45:
            day = rng.choice(self.boundaries) + timedelta(days=rng.randint(-2, 2))
        else:
            day = START + timedelta(days=rng.randint(0, (END - START).days))
        return day.isoformat()

    def row(self, index: int) -> dict[str, str]:
        rng = self.rng
        if rng.random() < 0.9:
            exporter, exporter_country = rng.choice(CN_EXPORTERS), "CN"
        else:
            exporter, exporter_country = rng.choice(FOREIGN_EXPORTERS)
        kind_roll = rng.random()
        if kind_roll < 0.12:
            name, country, kind = rng.choice(self.listed)
        elif kind_roll < 0.18:
            name, country = rng.choice(self.military)
            kind = rng.choice(["military", "government"])
        else:
            name, country, kind = rng.choice(self.unlisted)
        # An end user keeps its own country (the same customers recur, as in an order book); most
        # goods go there, some through a trading hub or to a branch elsewhere.
        destination = country if country and rng.random() < 0.8 else rng.choice(DESTINATIONS)
        use_roll = rng.random()
        category = "civil" if use_roll < 0.7 else "military" if use_roll < 0.8 else "unknown" if use_roll < 0.95 else ""
        description = rng.choice(MILITARY_USES if category == "military" else CIVIL_USES) if category else ""
        unit, low, high = rng.choice(UNITS)
        origin = "CN" if exporter_country == "CN" or rng.random() < 0.8 else exporter_country
        if rng.random() < 0.65:
            entry = rng.choice(self.entries)
            control_code = entry.code if rng.random() < 0.85 else ""
            hs_code = rng.choice(entry.entry.customs_codes) if entry.entry.customs_codes and rng.random() < 0.6 else ""
            if not control_code and not hs_code:
                control_code = entry.code
            item = (entry.entry.description_en or entry.code)[:60]
        else:
            hs_code, item = rng.choice(UNLISTED_ITEMS)
            control_code = ""
        row = {
            "id": f"S{self.seed}-{index:08d}",
            "date": self._date(),
            "destination": destination,
            "exporter_name": exporter,
            "exporter_country": exporter_country,
            "end_user_name": name,
            "end_user_country": country or destination,
            "end_user_kind": kind if rng.random() < 0.9 else "",
            "end_use_category": category,
            "end_use_description": description,
            "item_description": item,
            "hs_code": hs_code,
            "control_code": control_code,
            "origin": origin if rng.random() < 0.95 else "",
            "value": str(rng.randint(100, 250_000)) if rng.random() < 0.9 else "",
            "currency": rng.choice(CURRENCIES),
            "quantity": str(rng.randint(low, high)),
            "unit": unit,
            "cn_content_share": f"{rng.randint(5, 100) / 100:.2f}" if origin != "CN" else "",
        }
        if self.bad_share and rng.random() < self.bad_share:
            field, value = rng.choice([("destination", "XX"), ("control_code", "ZZ999"), ("value", "-5"),
                                       ("end_user_country", "Japan"), ("hs_code", "12ab"), ("date", "31/02/2026")])
            row[field] = value
        return row

    def rows(self, n: int) -> Iterator[dict[str, str]]:
        for index in range(n):
            yield self.row(index)


_NUMBERS = ("value", "quantity", "cn_content_share")


def json_transaction(row: dict[str, str]) -> str:
    """The JSON a user would write for this row: empty cells left out, numbers as numbers."""

    def number(text: str):
        try:
            return float(text)
        except ValueError:
            return text

    def present(fields: dict) -> dict:
        return {k: v for k, v in fields.items() if v not in ("", None)}

    item = present({k: row[k] for k in ("hs_code", "control_code", "origin", "currency", "unit")})
    item.update({k: number(row[k]) for k in _NUMBERS if row[k]})
    if row["item_description"]:
        item["description"] = row["item_description"]
    party = present({"name": row["end_user_name"], "country": row["end_user_country"], "kind": row["end_user_kind"]})
    doc = present({"date": row["date"], "destination": row["destination"]})
    exporter = present({"name": row["exporter_name"], "country": row["exporter_country"]})
    if exporter:
        doc["exporter"] = exporter
    doc["parties"] = [{"role": "end_user", **party}] if party else []
    doc["end_use"] = present({"category": row["end_use_category"], "description": row["end_use_description"]})
    doc["items"] = [item]
    return json.dumps(doc, ensure_ascii=False)


def write(path: Path, n: int, seed: int = 7, bad_share: float = 0.0, batch: int = 50_000) -> Path:
    """Write n rows to a .csv, .parquet or .xlsx file, streaming (bounded memory)."""
    generator = RowGenerator(seed, bad_share)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(generator.rows(n))
    elif suffix in (".parquet", ".pq"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(c, pa.string()) for c in COLUMNS])
        with pq.ParquetWriter(path, schema) as writer:
            rows = generator.rows(n)
            remaining = n
            while remaining:
                size = min(batch, remaining)
                chunk = [next(rows) for _ in range(size)]
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                remaining -= size
    elif suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("shipments")
        sheet.append(list(COLUMNS))
        for row in generator.rows(n):
            sheet.append([row[c] if row[c] != "" else None for c in COLUMNS])
        book.save(path)
    else:
        raise SystemExit(f"unknown format {suffix!r}: use .csv, .parquet or .xlsx")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bad-share", type=float, default=0.001, help="share of deliberately malformed rows")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write(args.output, args.n, args.seed, args.bad_share)
    print(args.output)


if __name__ == "__main__":
    main()
