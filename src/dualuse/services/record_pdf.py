"""A case's transaction review record as a PDF, for the five-year file (rules.yaml retention): the decision,
its reasons with their citations as the instruments word them (中文, 日本語 and all), the parties,
the items, the listed parties matched, and the case's history from the audit log.

The text is set in reportlab's built-in CID fonts (STSong-Light for Chinese, HeiseiMin-W3 for
Japanese): a PDF reader supplies the glyphs, so no font file has to be found or shipped, and
the text stays extractable (search, copy, archive indexing).

Labels come from the caller's translator (`labels(key, **values)`), so the record is in the
reader's language while names and citations stay in their original script.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dualuse.services import audit, cases, reading
from dualuse.storage.database import Store
from dualuse.storage.rules import rules
from dualuse.storage.vocabulary import Entity

Labels = Callable[..., str]

LATIN, CHINESE, JAPANESE = "Helvetica", "STSong-Light", "HeiseiMin-W3"
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_WIDE = re.compile(r"[^\x00-\u024f\u2000-\u206f\u20a0-\u20bf]")  # anything Helvetica cannot set
_registered = False


def _fonts() -> None:
    global _registered
    if not _registered:
        for name in (CHINESE, JAPANESE):
            pdfmetrics.registerFont(UnicodeCIDFont(name))
        _registered = True


def font_for(text: str) -> str:
    """Japanese when the text has kana, Chinese for other wide characters, else Helvetica."""
    if _KANA.search(text):
        return JAPANESE
    return CHINESE if _WIDE.search(text) else LATIN


@dataclass(frozen=True)
class RecordPdf:
    filename: str
    content: bytes


def case_history(store: Store, case_id: int) -> list[dict[str, Any]]:
    """The audit entries of the case and of the licence applications made on it, oldest first."""
    entries = audit.log(store, entity=Entity.CASE, entity_id=str(case_id))
    for entry in audit.log(store, entity=Entity.APPLICATION):
        snap = entry["after"] if isinstance(entry["after"], dict) else entry["before"]
        if isinstance(snap, dict) and str(snap.get("case_id")) == str(case_id):
            entries.append(entry)
    return sorted(entries, key=lambda e: e["seq"])


def _finding(labels: Labels, reason: dict[str, Any]) -> str:
    """A reason's finding in the reader's language when the labels can say it (web Translator.reason)."""
    words = getattr(labels, "reason", None)
    return words(reason) if callable(words) else str(reason.get("detail", ""))


def review_record(store: Store, actor: str | None, case_id: int, *, labels: Labels, reader: reading.Reader,
                  printed: str) -> RecordPdf:
    """The PDF of case `case_id` as `actor` may read it (the same check as the case page)."""
    case = cases.get_case(store, actor, case_id)
    history = case_history(store, case_id)
    return RecordPdf(f"case-{case.id}-review-record.pdf", render(case, history, labels=labels, reader=reader, printed=printed))


def render(case: cases.CaseView, history: list[dict[str, Any]], *, labels: Labels, reader: reading.Reader, printed: str) -> bytes:
    _fonts()
    t = labels
    decision, transaction = case.decision, case.transaction
    base = ParagraphStyle("cell", fontName=LATIN, fontSize=8.5, leading=11)
    styles = {
        "h1": ParagraphStyle("h1", parent=base, fontSize=16, leading=20, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontSize=11.5, leading=15, spaceBefore=9, spaceAfter=3),
        "p": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")),
    }

    def para(text: object, style: str = "p", bold: bool = False) -> Paragraph:
        value = "" if text is None else str(text)
        font = font_for(value)
        body = escape(value).replace("\n", "<br/>")
        if bold and font == LATIN:
            body = f"<b>{body}</b>"
        wrap = "CJK" if font != LATIN else None  # CJK text has no spaces to break a line at
        return Paragraph(body, ParagraphStyle(f"{style}-{font}", parent=styles[style], fontName=font, wordWrap=wrap))

    def table(rows: list[list[object]], widths: list[float], header: bool = True) -> Table:
        cells = [[c if isinstance(c, Paragraph) else para(c, bold=header and i == 0) for c in row] for i, row in enumerate(rows)]
        built = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa3ad")),
                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf2")))
        built.setStyle(TableStyle(style))
        return built

    def outcome(value: str | None) -> str:
        return f"{t('outcome.' + value)} ({value})" if value else "—"

    width = A4[0] - 36 * mm
    story: list[Any] = [
        para(f"{t('decision.record')} · {t('cases.case_n', n=case.id)}", "h1"),
        para(f"dualuse · {t('decision.printed')} {printed}", "small"),
        Spacer(1, 4 * mm),
    ]
    retention = rules().retention[Entity.CASE]
    keep_until = cases.add_years(date.fromisoformat(case.created_at[:10]), retention.years)
    if case.disposition:
        disposed = f"{t('disposition.' + case.disposition.value)} — {case.disposition_reason or ''} ({case.disposed_by or ''})"
    else:
        disposed = t("cases.awaiting") if case.outcome.value == "REVIEW" else t("cases.not_needed")
    facts = [
        [t("cases.id"), f"#{case.id}"],
        [t("cases.recorded"), f"{case.created_at[:19].replace('T', ' ')} UTC · {case.created_by}"],
        [t("cases.outcome"), outcome(case.outcome.value)],
        [t("cases.final"), outcome(case.final_outcome.value)],
        [t("cases.disposition"), disposed],
        [t("decision.as_of"), decision.get("as_of", case.as_of.isoformat())],
        [t("decision.data_version"), case.data_version],
        [t("cases.keep_until"), f"{keep_until.isoformat()} ({retention.article})"],
    ]
    story.append(table(facts, [0.28 * width, 0.72 * width], header=False))

    reasons = reader.reasons(decision)
    decisive = [r for r in reasons if r["decisive"]]
    if decisive:
        story.append(para(t("decision.decided_by"), "h2"))
        for r in decisive:
            story.append(para(f"• {_finding(t, r)}"))
            story.append(para(f"   {r.get('citation', '')}", "small"))

    story.append(para(t("decision.transaction"), "h2"))
    exporter = transaction.get("exporter") or {}
    end_use = transaction.get("end_use") or {}
    about = [[t("decision.exporter"), f"{exporter.get('name', '')} ({exporter.get('country', '')})"],
             [t("decision.destination"), transaction.get("destination", "")],
             [t("check.end_use"), t("category." + str(end_use.get("category", "unknown")))
              + (f" — {end_use['description']}" if end_use.get("description") else "")]]
    for n, p in enumerate(transaction.get("parties", []), 1):
        who = f"{p.get('name', '')} ({p.get('country', '')})"
        about.append([t("decision.party_n", n=n), f"{who} · {t('role.' + str(p.get('role')))} · {t('pkind.' + str(p.get('kind')))}"])
    for n, i in enumerate(transaction.get("items", []), 1):
        bits = [i.get("description") or "—"]
        bits += [i["control_code"]] if i.get("control_code") else []
        bits += [f"HS {i['hs_code']}"] if i.get("hs_code") else []
        bits += [f"{_amount(i['value'])} {i.get('currency') or ''}".strip()] if i.get("value") is not None else []
        bits += [f"{_amount(i['quantity'])} {i.get('unit') or ''}".strip()] if i.get("quantity") is not None else []
        bits += [f"{t('field.origin')} {i.get('origin', '')}"]
        about.append([t("decision.item_n", n=n), " · ".join(bits)])
    story.append(table(about, [0.28 * width, 0.72 * width], header=False))

    story.append(para(t("decision.reasons"), "h2"))
    rows: list[list[object]] = [[t("decision.effect"), t("decision.detail"), t("decision.citation"), t("decision.concerns"), t("decision.rule")]]
    for r in reasons:
        effect = r.get("effect", "")
        label = t("effect." + effect) if effect else ""
        label = effect if label == "effect." + effect else label
        concerns = t("decision.item_n", n=r["item"] + 1) if "item" in r else t("decision.party_n", n=r["party"] + 1) if "party" in r else ""
        rows.append([label + (f"\n{t('decision.decisive')}" if r["decisive"] else ""), _finding(t, r),
                     r.get("citation", ""), concerns, r.get("rule", "")])
    story.append(table(rows, [0.13 * width, 0.34 * width, 0.24 * width, 0.08 * width, 0.21 * width]))

    story.append(para(t("decision.parties"), "h2"))
    matched = decision.get("matched_parties") or []
    if matched:
        rows = [[t("decision.party"), t("decision.entity"), t("decision.band"), t("decision.score")]]
        for m in matched:
            listed = reader.listing(m.get("entity_id", ""))
            who = f"{listed.name} · {listed.list}\n{listed.notice_title_zh or listed.notice_title_en} {listed.notice_number}".strip() if listed else ""
            rows.append([f"{t('decision.party_n', n=m.get('party', 0) + 1)}: {m.get('name', '')}",
                         f"{who}\n{m.get('entity_id', '')}".strip(), m.get("band", ""), f"{float(m.get('score', 0)):.3f}"])
        story.append(table(rows, [0.3 * width, 0.46 * width, 0.12 * width, 0.12 * width]))
    else:
        story.append(para(t("decision.no_matches")))

    story.append(para(t("decision.items"), "h2"))
    rows = [["#", t("decision.status"), t("decision.codes"), t("decision.candidates")]]
    for i in decision.get("items", []):
        status = str(i.get("status", ""))
        shown = t("item_status." + status)
        rows.append([t("decision.item_n", n=i.get("item", 0) + 1), status if shown == "item_status." + status else shown,
                     " ".join(i.get("control_codes") or []) or t("decision.none"), " ".join(i.get("candidates") or []) or "—"])
    story.append(table(rows, [0.16 * width, 0.28 * width, 0.28 * width, 0.28 * width]))

    story.append(para(t("record.history"), "h2"))
    rows = [[t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.record")]]
    for e in history:
        rows.append([e["at"][:19].replace("T", " ") + " UTC", e["actor"], e["action"], f"{e['entity']} #{e['entity_id']} · seq {e['seq']}"])
    story.append(table(rows, [0.26 * width, 0.2 * width, 0.26 * width, 0.28 * width]))

    story.append(Spacer(1, 10 * mm))
    story.append(table([[f"{t('record.prepared')}: {case.created_by}", f"{t('record.reviewed')}: {case.disposed_by or ''}", t("record.date")],
                        ["\n\n", "", ""]], [width / 3] * 3, header=False))

    footer = f"dualuse · {t('cases.case_n', n=case.id)} · {case.data_version}"
    out = io.BytesIO()

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font_for(footer + t("record.page", n=0)), 7.5)
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, t("record.page", n=doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=18 * mm,
                            title=f"{t('decision.record')} · {t('cases.case_n', n=case.id)}", author="dualuse",
                            subject=case.data_version)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()


def _amount(value: float | str) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,}"
