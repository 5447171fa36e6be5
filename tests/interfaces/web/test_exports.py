"""The desk's CSV downloads over HTTP: the screening, the cases (with the list's filter) and the
audit log; UTF-8 with a BOM, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dualuse.interfaces.web.export import csv_text, safe_cell

from .test_store_pages import _sign_in, store, web  # noqa: F401  (fixtures; runtime is in conftest)

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "transactions"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _rows(answer) -> list[dict[str, str]]:
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert answer.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+81 3", "'+81 3"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("陸上自衛隊", "陸上自衛隊"), ("a=b", "a=b"), (-5, "-5"), (0.25, "0.25"), (None, ""),
])
def test_a_cell_that_a_spreadsheet_would_run_is_defused(value, cell):
    assert safe_cell(value) == cell
    assert list(csv.reader(io.StringIO(csv_text(["c"], [[value]]))))[1] == [cell]


def test_the_screening_downloads_as_csv_with_the_listed_party(web):
    answer = web.post("/screen", data={"names": "陸上自衛隊\n=cmd|' /C calc'!A0", "top": "3", "export": "csv"})
    rows = _rows(answer)
    gsdf = [r for r in rows if r["name"] == "陸上自衛隊"]
    assert gsdf[0]["name_band"] == "hit" and gsdf[0]["entity_id"] == "JP-MIL-GSDF" and gsdf[0]["rank"] == "1"
    assert gsdf[0]["notice_url"].startswith("https://")
    assert all(r["name"].startswith("'=") for r in rows if "calc" in r["name"])
    assert answer.headers["content-disposition"].endswith('.csv"')


def test_cases_and_the_audit_log_download_as_csv(web):
    csrf = _sign_in(web, "erin")
    transaction = {"destination": "JP", "exporter": {"name": "=Evil Exporter", "country": "CN"},
                   "parties": [{"role": "end_user", "name": "陸上自衛隊", "country": "JP", "kind": "military"}],
                   "items": [{"description": "Ammonium paratungstate", "control_code": "1C117.d"}]}
    assert web.post("/cases", data={"csrf": csrf, "transaction": json.dumps(transaction)}, follow_redirects=False).status_code == 303
    cases = _rows(web.get("/cases.csv"))
    assert len(cases) == 1 and cases[0]["outcome"] == "PROHIBITED" and cases[0]["parties"] == "陸上自衛隊"
    assert cases[0]["recorded_by"] == "erin"
    assert _rows(web.get("/cases.csv", params={"outcome": "REVIEW"})) == []
    log = _rows(web.get("/audit.csv"))
    assert [r["action"] for r in log][-1] == "case.add" and all(len(r["hash"]) >= 32 for r in log)
    assert json.loads(log[-1]["after"])  # the record as written, whole


def test_the_downloads_need_a_signed_in_user(web):
    for path in ("/cases.csv", "/audit.csv"):
        answer = web.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def _record(web, csrf: str, party: str, day: str) -> None:
    transaction = {"date": day, "destination": "JP", "exporter": {"name": "Hunan Tungsten", "country": "CN"},
                   "parties": [{"role": "end_user", "name": party, "country": "JP"}],
                   "items": [{"description": "Ammonium paratungstate", "control_code": "1C117.d", "value": 12000, "currency": "USD"}]}
    assert web.post("/cases", data={"csrf": csrf, "transaction": json.dumps(transaction)}, follow_redirects=False).status_code == 303


def test_cases_are_found_by_party_and_date_and_the_csv_follows_the_filter(web):
    csrf = _sign_in(web, "erin")
    _record(web, csrf, "陸上自衛隊", "2026-03-02")
    _record(web, csrf, "Fujitsu Limited", "2026-05-10")
    page = web.get("/cases", params={"party": "fujitsu"})
    assert "1 case(s)" in page.text and "Fujitsu Limited" in page.text and "陸上自衛隊" not in page.text
    assert "12,000 USD" in page.text and "1C117.d" in page.text
    assert 'href="/cases.csv?party=fujitsu"' in page.text
    assert [r["parties"] for r in _rows(web.get("/cases.csv", params={"party": "fujitsu"}))] == ["Fujitsu Limited"]
    assert [r["parties"] for r in _rows(web.get("/cases.csv", params={"until": "2026-04-01"}))] == ["陸上自衛隊"]
    assert [r["value"] for r in _rows(web.get("/cases.csv", params={"since": "2026-04-01"}))] == ["12000 USD"]
    assert "2 case(s)" in web.get("/cases", params={"since": "not a date"}).text  # an unreadable date filters nothing


def test_the_audit_log_is_found_by_actor_and_record(web):
    csrf = _sign_in(web, "erin")
    _record(web, csrf, "陸上自衛隊", "2026-03-02")
    by_erin = _rows(web.get("/audit.csv", params={"actor": "erin"}))
    assert by_erin and {r["actor"] for r in by_erin} == {"erin"}
    cases_only = _rows(web.get("/audit.csv", params={"entity": "case"}))
    assert cases_only and {r["entity"] for r in cases_only} == {"case"}
    assert len(_rows(web.get("/audit.csv"))) > len(cases_only)
    page = web.get("/audit", params={"actor": "ada"})
    assert page.status_code == 200 and "<td>erin</td>" not in page.text


@pytest.mark.parametrize("lang, heading", [("en", "Parties → destination"), ("zh", "当事方 → 目的国"), ("ja", "当事者 → 仕向国")])
def test_the_application_queue_shows_party_item_and_value(web, lang, heading):
    csrf = _sign_in(web, "erin")
    example = (EXAMPLES / "01-jp-civil-samarium-oxide.json").read_text(encoding="utf-8")  # a licence is required
    assert web.post("/cases", data={"csrf": csrf, "transaction": example}, follow_redirects=False).status_code == 303
    case_id = int(_rows(web.get("/cases.csv"))[0]["case_id"])
    drafted = web.post(f"/cases/{case_id}/applications", data={"csrf": csrf, "licence_type": "single"}, follow_redirects=False)
    assert drafted.status_code == 303, drafted.text[:500]
    application = drafted.headers["location"]
    for kind in ("contract", "end_user_certificate", "end_use_certificate", "technical_description"):
        web.post(f"{application}/documents", data={"csrf": csrf, "kind": kind, "reference": f"{kind}.pdf"})
    assert web.post(f"{application}/action", data={"csrf": csrf, "action": "submit"}, follow_redirects=False).status_code == 303
    web.cookies.set("dualuse_lang", lang)
    page = web.get("/applications")
    assert heading in page.text
    row = page.text.split('data-application="', 1)[1].split("</tr>", 1)[0]
    assert "信越化学工業株式会社" in row and "1C902.b" in row and "48,000 USD" in row


@pytest.mark.parametrize("lang, heading", [("en", "Items this licence covers"), ("zh", "本许可证涵盖的物项"), ("ja", "この許可証の対象品目")])
def test_a_licence_shows_the_items_it_covers(web, lang, heading):
    csrf = _sign_in(web, "erin")
    example = (EXAMPLES / "01-jp-civil-samarium-oxide.json").read_text(encoding="utf-8")
    assert web.post("/cases", data={"csrf": csrf, "transaction": example}, follow_redirects=False).status_code == 303
    case_id = int(_rows(web.get("/cases.csv"))[0]["case_id"])
    application = web.post(f"/cases/{case_id}/applications", data={"csrf": csrf, "licence_type": "single"},
                           follow_redirects=False).headers["location"]
    for kind in ("contract", "end_user_certificate", "end_use_certificate", "technical_description"):
        web.post(f"{application}/documents", data={"csrf": csrf, "kind": kind, "reference": f"{kind}.pdf"})
    web.post(f"{application}/action", data={"csrf": csrf, "action": "submit"})
    csrf = _sign_in(web, "ada")
    for action in ("accept", "approve"):
        assert web.post(f"{application}/action", data={"csrf": csrf, "action": action, "date": "2026-03-02"},
                        follow_redirects=False).status_code == 303, action
    issued = web.post(f"{application}/licence", data={"csrf": csrf, "valid_from": "2026-03-01", "valid_until": "2027-02-28"},
                      follow_redirects=False)
    assert issued.status_code == 303, issued.text[:300]
    web.cookies.set("dualuse_lang", lang)
    page = web.get(issued.headers["location"])
    assert heading in page.text
    covered = page.text.split('data-testid="coverage"', 1)[1].split("</table>", 1)[0]
    assert "氧化钐 99.9%" in covered and "1C902.b" in covered and "2846901940" in covered and "48,000 USD" in covered
