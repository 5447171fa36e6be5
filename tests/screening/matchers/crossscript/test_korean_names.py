"""Korean names in hanja and hangul meet their English names; Japanese names are not read in Korean.

Through the door the user uses: `dualuse screen` as a process, on a list file. The Korean
party is a real one: Korea Kwangson Banking Corporation (조선광선은행, 朝鮮光鮮銀行), designated
by the UN Security Council's 1718 Committee (KPe.025, 2016)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from dualuse.screening.matchers.crossscript.labels import KOREAN
from dualuse.screening.matchers.crossscript.forms import name_form

LIST = (
    "id,name,aliases,country,list\n"
    "kp1,Korea Kwangson Banking Corporation,KKBC,KP,un1718\n"
    "kp2,Korea Mining Development Trading Corporation,KOMID,KP,un1718\n"
    "kp3,Namchongang Trading Corporation,NCG,KP,un1718\n"
    "kp4,Foreign Trade Bank,,KP,un1718\n"
    "jp1,Mitsuboshi Diamond Industrial Co. Ltd.,,JP,other\n"
    "kr1,Samsung Electronics Co. Ltd.,,KR,other\n"
    "cn1,Guangxin Bank,,CN,other\n"
)
QUERIES = "id,name,country\nq1,朝鮮光鮮銀行,\nq2,조선광선은행,\nq3,三星ダイヤモンド工業株式会社,JP\nq4,朝鮮鑛業開發貿易會社,\nq5,南川江貿易会社,\n"


def screen(tmp_path: Path) -> dict[str, list[dict[str, str]]]:
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(QUERIES, encoding="utf-8")
    dualuse = Path(sys.executable).parent / "dualuse"
    done = subprocess.run([str(dualuse), "screen", "queries.csv", "--list", "list.csv", "--top", "3"], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    rows: dict[str, list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(done.stdout)):
        rows.setdefault(row["query_id"], []).append(row)
    return rows


def test_a_listed_north_korean_bank_is_found_from_its_hanja_and_hangul_names(tmp_path):
    rows = screen(tmp_path)
    for query in ("q1", "q2"):
        assert rows[query][0]["entity_id"] == "kp1", rows[query]
    # hanja: 朝鮮 translated (Korea) and 光鮮 read in Korean (Kwangson), enough for a person to look
    assert rows["q1"][0]["band"] != "clear" and "kwangson" in rows["q1"][0]["explanation"]
    assert "read in Korean" in rows["q2"][0]["explanation"]
    assert rows["q4"][0]["entity_id"] == "kp2", rows["q4"]
    # a Korean company as Japanese writes it (a bare 会社, Japanese 会): 南川江 read in Korean
    assert rows["q5"][0]["entity_id"] == "kp3", rows["q5"]
    assert "namchongang" in rows["q5"][0]["explanation"] and "read in Korean" in rows["q5"][0]["explanation"]
    # the Japanese company with kana is read in Japanese: Mitsuboshi, not the Korean "Samsung"
    assert rows["q3"][0]["entity_id"] == "jp1", rows["q3"]
    assert all(r["entity_id"] != "kr1" or r["band"] == "clear" for r in rows["q3"])


def test_kana_keeps_a_name_japanese_unless_the_party_is_korean():
    def labels(name: str, korean: bool = False) -> set[str]:
        return {a.label for s in name_form(name, None, False, korean).slots for a in s.alternatives}

    assert KOREAN not in labels("三星ダイヤモンド工業株式会社")
    assert KOREAN in labels("三星電子")  # hanja only: may be Korean
    assert KOREAN in labels("三星ダイヤモンド工業株式会社", korean=True)  # a KP/KR party
    assert labels("삼성전자") == {KOREAN}
    # simplified or Japanese forms (会 where Korea writes 會) show a name written in China or Japan...
    assert KOREAN not in labels("三星電子株式会社") and KOREAN not in labels("中国航天科技集团有限公司")
    assert KOREAN in labels("三星電子株式會社")
    # ...unless it names Korea
    assert KOREAN in labels("朝鮮鉱業開発貿易会社")
    # ...or is a company Japanese writing calls a bare 会社, as no Japanese company calls itself
    assert KOREAN in labels("南川江貿易会社")
    assert KOREAN not in labels("三菱重工業株式会社") and KOREAN not in labels("南川江貿易有限会社")
