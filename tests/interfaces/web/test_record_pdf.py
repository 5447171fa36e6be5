"""The review record as PDF over HTTP: a PDF that parses, whose text holds the case's parties and
the citations in their original script, in each language; only for users who may read the case."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from .test_store_pages import _sign_in, store, web  # noqa: F401  (fixtures; runtime is in conftest)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
GSDF_ORDER = {"destination": "JP", "exporter": {"name": "湖南钨业进出口有限公司", "country": "CN"},
              "parties": [{"role": "end_user", "name": "陸上自衛隊", "country": "JP", "kind": "military"}],
              "items": [{"description": "Ammonium paratungstate", "control_code": "1C117.d", "value": 12000, "currency": "USD"}]}
HEADINGS = {"en": "Transaction review record", "zh": "交易审查记录", "ja": "取引審査記録"}


def _record_case(web, transaction: dict) -> int:
    csrf = _sign_in(web, "erin")
    answer = web.post("/cases", data={"csrf": csrf, "transaction": json.dumps(transaction, ensure_ascii=False)}, follow_redirects=False)
    assert answer.status_code == 303, answer.text[:300]
    return int(answer.headers["location"].rsplit("/", 1)[1])


def _text(answer) -> str:
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("attachment;") and '.pdf"' in answer.headers["content-disposition"]
    assert answer.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(answer.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("lang", ["en", "zh", "ja"])
def test_the_review_record_downloads_as_a_pdf_with_party_and_citation(web, lang):
    case_id = _record_case(web, GSDF_ORDER)
    case_page = web.get(f"/cases/{case_id}").text
    assert f'href="/cases/{case_id}/record.pdf"' in case_page
    web.cookies.set("dualuse_lang", lang)
    text = _text(web.get(f"/cases/{case_id}/record.pdf"))
    compact = text.replace(" ", "").replace("\n", "")
    assert HEADINGS[lang].replace(" ", "") in compact
    assert "陸上自衛隊" in compact  # the party as written
    assert "湖南钨业进出口有限公司" in compact
    assert "商务部公告2026年第1号" in compact  # the citation in its original script
    assert "PROHIBITED" in text and "case.add" in text  # the outcome, and the case's history
    finding = {"en": "militaryuserJP-MIL-GSDF", "zh": "是军事用户JP-MIL-GSDF", "ja": "は軍事ユーザーJP-MIL-GSDF"}[lang]
    assert finding in compact  # the decisive finding in the reader's language


def test_the_pdf_needs_a_user_who_may_read_the_case(web):
    case_id = _record_case(web, GSDF_ORDER)
    web.cookies.clear()
    answer = web.get(f"/cases/{case_id}/record.pdf", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
    _sign_in(web, "erin")
    assert web.get(f"/cases/{case_id + 1}/record.pdf").status_code == 404
