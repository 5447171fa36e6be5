"""Read MOFCOM and MFA party-listing texts into `Designation` records, and MOFCOM press
answers into `DesignationChange` records.

Every function here is pure: text in, validated records out. A text the rules below
cannot read raises `ParseError` (a `ValueError` naming the file and the line) and
nothing is returned for it; an announcement that is readable but lists nobody (the
Unreliable Entity List notice opening an investigation of PVH, 〔2024〕3号) raises
`NotAListing`, so that a build can skip it on purpose rather than by accident.

Reading the text
----------------
- Lines. Invisible format characters are dropped (a zero-width non-joiner sits inside
  "High Point Aerotechnologies" in Ann. 2025 No. 21) and every run of white space,
  including the ideographic and en spaces used for indentation, becomes one space:
  what the web page shows. Otherwise names are kept exactly as printed, never translated.
- Number and date. The 【发布文号】 and 【发文日期】 header when the page has one; a
  header with other labels but no 【发文日期】 is a broken capture and fails. Without a
  header (Ann. 2025 No. 21, the MFA decisions) the number comes from the title and the
  date from the signature, the bare date that closes the text; when both are present
  they must agree. Ids: 商务部公告YYYY年第NN号 -> MOFCOM-YYYY-NN; 不可靠实体清单工作机制
  (公告)〔YYYY〕NN号 -> UEL-YYYY-NN; MFA decisions -> MFA-YYYY-MM-DD, with 外交部令第NN号
  as the number when it is printed. Entries are <instrument>-<seq>, seq from 01.
- The decision is the first line with 决定将 / 决定对 (or 决定于<date>将). It names the
  list: 列入出口管制管控名单, 列入关注名单, 列入不可靠实体清单, or 反制 for a
  countermeasure decision. A decision naming none of these is `NotAListing`.
- Measures are the lines after the decision up to the 本公告/本决定 sentences, the 附件
  line or the signature. When the decision is itself section 一, the measures end at
  section 二 (〔2024〕1号 goes on with a warning about Caplugs, who is not listed; the
  instrument's notes say so).
- In force from: 本公告/本决定自…起(正式)实施/施行. 公布之日 is the publication date;
  otherwise the stated date (a stated time of day is kept in the notes).
- Parties come from the annex, everything after the signature, when there is one, and
  otherwise from the decision sentence. Annex items are numbered "1." / "一、" / "（一）";
  the numbers must run 1, 2, 3 within each group. 一、企业 / 二、高级管理人员 style
  headings set the kind and their 共N家/共计N人 is checked. "-Name" lines under an item
  are its branches (及其分支机构) and become further names. An empty last item ("29."
  after 28 names in Ann. 2025 No. 1) is a capture artefact: dropped and noted. An item
  "X相关人员，包括…等，共N人" is split into its N persons. An inline list is split at
  top-level 、 and ，, and at 和 after a closing bracket. On the entity-only lists, a piece
  with no English name that does not end like an organisation (公司, 集团, …) is the
  first half of a name written with 、 and is joined to the next (美国波音防务、空间与安全
  集团).
- Names. The Chinese as printed, tagged zh-Hant when OpenCC's t2s would change it and
  zh-Hans otherwise; the last bracket group, when it is in Latin script, as "en" (full- or
  half-width brackets, mixed and nested allowed; an unbalanced bracket fails). What is
  printed after the name (，男，…) and a role printed before a person's name (哈德逊研究所
  董事会主席萨拉·斯特恩, cut after the last role word such as 主席) stay in the notes,
  which then quote the whole item as printed.
- Kind. The group heading; else 男/女 after the name -> person; else entity on the
  MOFCOM lists, which list 实体 only; on a countermeasure list, entity when the name has
  an organisation word and person otherwise (石平).
- Country. "X籍" after the name; else the item opens with a country (美国繁荣联盟, 美国
  得克萨斯州…众议员迈克·麦考尔); else the text writes "<country>…<name>" within one
  clause (日本参议员石平); else the listing's country ("20家日本实体", "美国军工企业",
  "对美国…", the annex heading "10家美国实体"); else None. 台湾地区 counts only in "N家
  台湾地区实体": "参与对台湾地区军售的" describes US firms.
- Counts. Every "N家" and "N名" in the decision and measures must equal the number of
  entities and persons read; a stated total that differs is a lost or extra line.

Effect, reach and conditions
----------------------------
- Control List: PROHIBITED, on the strength of 禁止…向上述…出口两用物项 (a Control
  List text without it fails: it is not one these rules understand). Reaches exports
  from China, and also re-transfer abroad when the text says 禁止境外组织和个人将原产于
  中华人民共和国的两用物项转移或提供给 (Ann. 2026 No. 11 does, Ann. 2025 No. 13 does not).
- Watch List: LICENCE_REQUIRED. Listing narrows the licence route (Regs Art. 26); it
  does not ban. The route's terms are the conditions below.
- Unreliable Entity List: PROHIBITED when 禁止上述企业/实体从事与中国有关的进出口活动;
  otherwise REVIEW (fines, investment and entry bans, or 〔2025〕6号's ban on Illumina
  exporting sequencers to China do not bar exports to the party).
- Countermeasure list: PROHIBITED when 禁止我国境内(的)组织、个人与其(本人)进行有关交易;
  otherwise REVIEW (asset freezes, visa bans, 严格限制). When the measures are split by
  group (一、对…企业… / 二、对…人员…), each group is judged alone: the listing carries
  the strongest effect, and entries of a weaker group say so in their notes (the model
  has one effect per listing).
- Conditions: every licence-route clause found in the measures, as "<label>: <clause as
  printed>" (no general licence, no registration route, risk-assessment report, written
  undertaking, review time not bound by Regs Art. 17(1), stricter review, what will not
  be approved, the special-circumstance application to MOFCOM).

Press answers (不可靠实体清单 updates)
--------------------------------------
The sentence "自<date>起，<clause>，<clause>。" is read clause by clause: (继续)暂停…公告
（〔YYYY〕NN号）相关措施<period> is a suspension window from that date, whose `until` is
the last day of the period (`period_end`; no period: open); 停止… ends the measures from
that date (`removed_from`). The window cites the answer as MOFCOM-QA-<date>, the form
instruments.yaml uses for press answers, with reliability P when 来源 is 商务部新闻办公室
and S otherwise.

`content_sha256` is the SHA-256 of the text parsed (for the Watch List, the .zh.txt
followed by the CSV).
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Literal

import opencc

from dualuse.lists.errors import ParseError
from dualuse.regime.model import Designation, DesignationChange, Instrument, ListEntry, Name, Validity, Window
from dualuse.vocabulary import Effect, ExporterScope, ListKind, Reliability

PARSER_VERSION = "1.0"
PARSER = f"{__name__} {PARSER_VERSION}"

Kind = Literal["entity", "person"]

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "[一二两三四五六七八九十]+"
COUNTRIES = {"美国": "US", "日本": "JP", "加拿大": "CA", "英国": "GB", "澳大利亚": "AU", "台湾地区": "TW"}
NAMED_COUNTRIES = "|".join(c for c in COUNTRIES if c != "台湾地区")  # 台湾地区 only as "N家台湾地区实体"
ALL_COUNTRIES = "|".join(COUNTRIES)

OPEN, CLOSE = "（(", "）)"
URL_PREFIXES = ("http://", "https://")
CJK_RE = re.compile(r"[\u3400-\u9fff]")
DATE_RE = re.compile(r"(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日")
BARE_DATE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
HEADER_RE = re.compile(r"^【(?P<label>[^】]+)】\s*(?P<value>.*)$")
MOFCOM_NO_RE = re.compile(r"商务部公告(\d{4})年第(\d+)号")
UEL_NO_RE = re.compile(r"不可靠实体清单工作机制(?:公告)?〔(\d{4})〕(\d+)号")
MFA_ORDER_RE = re.compile(r"外交部令第(\d+)号")
DECISION_RE = re.compile(r"决定(?:于\d{4}年\d{1,2}月\d{1,2}日)?[将对]")
LIST_KINDS = (
    ("列入出口管制管控名单", ListKind.CONTROL_LIST),
    ("列入关注名单", ListKind.WATCH_LIST),
    ("列入不可靠实体清单", ListKind.UNRELIABLE_ENTITY_LIST),
    ("反制", ListKind.COUNTERMEASURE_LIST),
)
ISSUERS = {
    ListKind.CONTROL_LIST: "商务部",
    ListKind.WATCH_LIST: "商务部",
    ListKind.UNRELIABLE_ENTITY_LIST: "不可靠实体清单工作机制",
    ListKind.COUNTERMEASURE_LIST: "外交部",
}
EFFECTIVE_RE = re.compile(
    r"本(?:公告|决定)自(?:(?P<on_publication>公布之日)|(?P<day>\d{4}年\d{1,2}月\d{1,2}日)"
    r"(?:(?P<hour>\d{1,2})时(?P<minute>\d{1,2})分)?)起(?:正式)?(?:实施|施行)"
)
MEASURES_END_RE = re.compile(r"^(?:本(?:公告|决定)|附件?(?:[：:]|$)|.*联系方式[：:]?$)")
SECTION_RE = re.compile(rf"^{CN_NUMERAL}、")
INLINE_LISTED_RE = re.compile(
    r"决定(?:于\d{4}年\d{1,2}月\d{1,2}日)?将(?:参与[^，。]*?的)?(?P<names>.+?)(?:等[^，。]*?家[^，。]*?)?列入"
)
INLINE_COUNTERED_RE = re.compile(r"决定对(?P<names>.+?)(?:等[^，。]*?)?采取(?:以下)?反制")
ITEM_RE = re.compile(
    rf"^(?:(?P<arabic>\d+)[.．]\s*|(?P<cn>{CN_NUMERAL})、|[（(](?P<cnp>{CN_NUMERAL})[）)])(?P<rest>.*)$"
)
GROUP_HEADING_RE = re.compile(
    r"^(?P<word>企业|实体|机构|高级管理人员|机构人员|人员|个人)(?:[（(]共计?(?P<n>\d+)[家人名][）)])?$"
)
GROUP_KINDS: dict[str, Kind] = {"企业": "entity", "实体": "entity", "机构": "entity"}
GROUP_PERSONS_RE = re.compile(r"^(?P<group>.+?相关人员)，包括(?P<names>.+?)等，共(?P<n>\d+)人$")
BRANCH_RE = re.compile(r"^[-－]\s*(?P<name>.+)$")
BRANCHES_SUFFIX = "及其分支机构"
GENDER_RE = re.compile(r"^[男女](?:，|$)")
ORG_WORD = r"公司|集团|实验室|研究所|研究院|机构|协会|大学|学院|联盟|论坛|株式会社|委员会|项目|图书馆|中心|企业|基金会"
ORG_WORD_RE = re.compile(ORG_WORD)
ORG_END_RE = re.compile(rf"(?:{ORG_WORD})”?$")
ROLE_RE = re.compile(r"主席|主任|所长|行政官|执行官|众议员|参议员|总裁|董事|顾问|经理|幕僚长|创始人")
NATIONALITY_RE = re.compile(rf"(?P<c>{ALL_COUNTRIES})籍")
LISTING_COUNTRY_RES = (
    re.compile(rf"(?:\d+|{CN_NUMERAL})家(?P<c>{ALL_COUNTRIES})(?:实体|企业|机构)"),
    re.compile(rf"(?P<c>{NAMED_COUNTRIES})(?:军工(?:相关)?企业|实体|企业|机构)"),
    re.compile(rf"(?:对|将)(?:以下)?(?P<c>{NAMED_COUNTRIES})"),
)
COUNT_RE = re.compile(rf"(\d+|{CN_NUMERAL})(家|名)")
GROUP_TARGET_RE = re.compile(rf"^{CN_NUMERAL}、对(?P<whom>.+)")
MEASURE_VERB_RE = re.compile(r"冻结|禁止|不予|严格限制")
PERSON_TARGET_RE = re.compile(rf"人员|个人|负责人|(?:\d+|{CN_NUMERAL})名")
PROHIBITIONS = {
    ListKind.CONTROL_LIST: re.compile(r"禁止(?:出口经营者)?向上述.*?出口两用物项"),
    ListKind.UNRELIABLE_ENTITY_LIST: re.compile(r"禁止上述(?:企业|实体)从事与中国有关的进出口活动"),
    ListKind.COUNTERMEASURE_LIST: re.compile(r"禁止我国境内的?组织、个人与其(?:本人)?进行有关交易"),
}
RE_TRANSFER_RE = re.compile(r"禁止境外组织和个人将原产于中华人民共和国的两用物项转移或提供给")
CONDITIONS = (
    ("No general licence", r"不得申请通用许可"),
    ("No export certificate by registration or filing", r"以登记填报信息方式获得出口凭证"),
    ("Risk-assessment report with the single-licence application", r"申请单项许可时[，,]应当提交[^，,；;。]*风险评估报告"),
    ("Written undertaking on end use", r"提供[^，,；;。]*书面承诺"),
    ("Review time not bound by Regs Art. 17(1)", r"许可审查期限不受[^。]*?限制"),
    ("Stricter end-user and end-use review", r"实施更严格的最终用户和最终用途审查"),
    ("Exports for military users, military uses or military capability are not approved", r"涉[^。]*?不予批准"),
    ("Special-circumstance application to MOFCOM", r"特殊情况下确需出口的[，,]出口经营者应当向商务部提出申请"),
)
SOURCE_LINE_RE = re.compile(r"^来源：(?P<source>\S+).*?(?P<day>\d{4}-\d{2}-\d{2})")
UEL_ANSWER_TITLE_RE = re.compile(r"不可靠实体清单.*答记者问")
CHANGE_SENTENCE_RE = re.compile(r"自(?P<day>\d{4}年\d{1,2}月\d{1,2}日)起，(?P<clauses>[^。]+)。")
CHANGE_CLAUSE_RE = re.compile(
    r"^(?P<verb>继续暂停|暂停|停止)(?:\d{1,2}月\d{1,2}日)?公告（(?P<ref>[^）]+)）相关措施"
    r"(?P<period>\d+(?:天|日|个月|年))?$"
)
UEL_REF_RE = re.compile(r"^不可靠实体清单工作机制(?:公告)?〔(?P<year>\d{4})〕(?P<numbers>\d+号(?:和\d+号)*)$")
PERIOD_RE = re.compile(r"^(?P<n>\d+)(?P<unit>天|日|个月|年)$")


class NotAListing(ParseError):
    """A readable announcement that designates nobody (an investigation notice)."""


@dataclass(frozen=True, slots=True)
class Line:
    no: int  # 1-based line number in the source file
    text: str


@dataclass(frozen=True, slots=True)
class _Doc:
    source_file: str
    url: str
    lines: tuple[Line, ...]

    def error(self, line: Line | int, problem: str) -> ParseError:
        return ParseError(self.source_file, line.no if isinstance(line, Line) else line, problem)

    def after(self, line: Line) -> tuple[Line, ...]:
        return tuple(later for later in self.lines if later.no > line.no)

    def find(self, pattern: re.Pattern[str]) -> tuple[Line, re.Match[str]] | None:
        """The first line `pattern` matches in, with the match."""
        return next(((line, m) for line in self.lines if (m := pattern.search(line.text))), None)


@dataclass(slots=True)
class _Item:
    """One party as printed in the annex or the decision, before it becomes a `ListEntry`."""

    line: Line
    printed: str
    group: int = 0  # index of the annex group it sits in
    group_kind: Kind | None = None
    group_note: str = ""
    branches: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- public API


def parse_announcement(text: str, source_file: str) -> Designation:
    """One MOFCOM, UEL or MFA listing text (first line the URL, when known) -> `Designation`."""
    return _designation(_doc(text, source_file), _sha256(text))


def parse_watch_list(items_text: str, csv_text: str, source_file: str, csv_file: str) -> Designation:
    """A Watch List announcement kept as a research file (标题, 正文 and 附件 parts) plus its CSV.

    The CSV gives the MOFCOM URL, and its names and countries must equal the annex's.
    """
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    urls = {row["source_url"] for row in rows}
    if len(urls) != 1:
        raise ParseError(csv_file, 2, f"expected one source_url in the CSV, found {sorted(urls)}")
    doc = _Doc(source_file, urls.pop(), _announcement_parts(items_text, source_file))
    designation = _designation(doc, _sha256(items_text + csv_text))
    _check_against_csv(designation, rows, csv_file)
    provenance = f"text from the 标题, 正文 and 附件 parts of {source_file}; names checked against {csv_file}"
    announcement = designation.announcement
    notes = "; ".join(filter(None, (announcement.notes, provenance)))
    return designation.model_copy(update={"announcement": announcement.model_copy(update={"notes": notes})})


def parse_designation_changes(text: str, source_file: str) -> tuple[DesignationChange, ...]:
    """A MOFCOM press answer on the Unreliable Entity List -> its suspensions and stops."""
    doc = _doc(text, source_file)
    source = doc.find(SOURCE_LINE_RE)
    if source is None:
        raise doc.error(1, "no 来源 line with the date of the answer")
    title = doc.find(UEL_ANSWER_TITLE_RE)
    if title is None:
        raise doc.error(source[0], "not a press answer on the Unreliable Entity List (…不可靠实体清单…答记者问)")
    found = doc.find(CHANGE_SENTENCE_RE)
    if found is None:
        raise doc.error(title[0], "no sentence 自<date>起，… stating the change")
    line, sentence = found
    start = _parse_date(doc, line, sentence["day"])
    window = Window(
        start=start,
        instrument=f"MOFCOM-QA-{source[1]['day']}",
        reliability=Reliability.PRIMARY if source[1]["source"] == "商务部新闻办公室" else Reliability.SECONDARY,
        note=f"{title[0].text} ({doc.url or 'source file has no URL'})",
    )
    return tuple(change for clause in sentence["clauses"].split("，") for change in _changes(doc, line, clause, window))


def period_end(start: date, period: str) -> date:
    """The last day of a period of "N天", "N个月" or "N年" that begins on `start` (inclusive).

    The day before the same date N months on; when the final month has no such date, its
    last day (Civil Code Art. 202). MOFCOM's own chain bears the counting out: 90天 from
    2025-05-14, then 90天 from 2025-08-12, then from 2025-11-10, each starting the day
    after the last ended.
    """
    matched = PERIOD_RE.match(period)
    if matched is None:
        raise ValueError(f"period {period!r} is not N天, N日, N个月 or N年")
    n = int(matched["n"])
    if matched["unit"] in ("天", "日"):
        return start + timedelta(days=n - 1)
    months = start.month - 1 + (n * 12 if matched["unit"] == "年" else n)
    year, month = start.year + months // 12, months % 12 + 1
    month_end = calendar.monthrange(year, month)[1]
    if start.day > month_end:
        return date(year, month, month_end)
    return date(year, month, start.day) - timedelta(days=1)


# ------------------------------------------------------------------------ the listing


def _designation(doc: _Doc, sha256: str) -> Designation:
    if not doc.lines:
        raise doc.error(1, "empty text")
    found = doc.find(DECISION_RE)
    if found is None:
        raise doc.error(doc.lines[0], "no decision sentence (决定将… / 决定对…)")
    decision = found[0]
    list_kind = next((kind for marker, kind in LIST_KINDS if marker in decision.text), None)
    if list_kind is None:
        raise NotAListing(doc.source_file, decision.no, "the decision lists nobody (no 列入… or 反制)")
    header = _header(doc)
    signature = next((line for line in doc.after(decision) if BARE_DATE_RE.match(line.text)), None)
    if signature is None:
        raise doc.error(decision, "no signature date after the decision")
    published = _published(doc, header, signature)
    instrument_id, number = _instrument_number(doc, header, list_kind, published)
    measures, later_section = _measures(doc, decision)
    effective, time_note = _effective(doc, published, decision)
    annex = doc.after(signature)
    items, annex_notes = _annex_items(doc, annex) if annex else (_inline_items(doc, decision, list_kind), [])
    entries, effect = _entries(doc, instrument_id, list_kind, decision, measures, items, annex, signature)
    notes = [*time_note, *annex_notes]
    if later_section is not None:
        notes.append(f"section at line {later_section.no} ({later_section.text[:12]}…) lists nobody and is not parsed")
    if not doc.url:
        notes.append("the source file gives no URL")
    announcement = Instrument(
        id=instrument_id,
        kind="decision" if list_kind is ListKind.COUNTERMEASURE_LIST else "announcement",
        number=number,
        title_zh=_title(doc),
        title_en=_title_en(list_kind, instrument_id, published, entries),
        issuer=ISSUERS[list_kind],
        published=published,
        effective=effective,
        url=doc.url,
        reliability=Reliability.PRIMARY,
        source_file=doc.source_file,
        notes="; ".join(notes),
    )
    return Designation(
        instrument=instrument_id,
        announcement=announcement,
        list=list_kind,
        published=published,
        source_file=doc.source_file,
        source_url=doc.url,
        measures_zh=tuple(line.text for line in measures),
        effect=effect,
        reaches=_reaches(list_kind, measures),
        conditions=_conditions(measures),
        validity=Validity(in_force_from=effective),
        entries=entries,
        parser=PARSER,
        content_sha256=sha256,
    )


def _entries(
    doc: _Doc,
    instrument_id: str,
    list_kind: ListKind,
    decision: Line,
    measures: tuple[Line, ...],
    items: list[_Item],
    annex: tuple[Line, ...],
    signature: Line,
) -> tuple[tuple[ListEntry, ...], Effect]:
    """The entries, checked against the counts the text states, and the listing's effect."""
    kinds = [_kind(item, list_kind) for item in items]
    _check_counts(doc, (decision, *measures), kinds)
    effects = _group_effects(doc, list_kind, measures, set(kinds))
    effect = max(effects.values(), key=lambda e: e.outcome.severity)
    annex_heading = tuple(line for line in annex if line.no < items[0].line.no)
    listing_country = _listing_country(doc, decision, annex_heading)
    body = "\n".join(line.text for line in doc.lines if line.no <= signature.no)
    entries = tuple(
        _entry(
            doc,
            item,
            seq=seq,
            entry_id=f"{instrument_id}-{seq:02d}",
            kind=kind,
            country=_country(item, body, listing_country),
            group_note=_weaker_group_note(kind, effects, effect),
        )
        for seq, (item, kind) in enumerate(zip(items, kinds, strict=True), 1)
    )
    return entries, effect


def _header(doc: _Doc) -> dict[str, Line]:
    found = {}
    for line in doc.lines:
        matched = HEADER_RE.match(line.text)
        if matched:
            found[matched["label"]] = Line(line.no, matched["value"])
    return found


def _published(doc: _Doc, header: dict[str, Line], signature: Line) -> date:
    signed = _parse_date(doc, signature, signature.text)
    if not header:
        return signed
    if "发文日期" not in header:
        raise doc.error(min(header.values(), key=lambda line: line.no), "header block without 【发文日期】")
    stated = _parse_date(doc, header["发文日期"], header["发文日期"].text)
    if stated != signed:
        raise doc.error(signature, f"signature date {signed} differs from 【发文日期】 {stated}")
    return stated


def _instrument_number(
    doc: _Doc, header: dict[str, Line], list_kind: ListKind, published: date
) -> tuple[str, str]:
    """(instrument id, the number as printed)."""
    if list_kind is ListKind.COUNTERMEASURE_LIST:
        order = MFA_ORDER_RE.search("".join(line.text for line in doc.lines).replace(" ", ""))
        number = order[0] if order else f"{published.year}年{published.month}月{published.day}日决定"
        return f"MFA-{published.isoformat()}", number
    if list_kind is ListKind.UNRELIABLE_ENTITY_LIST:
        pattern, prefix = UEL_NO_RE, "UEL"
    else:
        pattern, prefix = MOFCOM_NO_RE, "MOFCOM"
    printed = header.get("发布文号")
    for line in ([printed] if printed else []) + list(doc.lines):
        matched = pattern.search(line.text)
        if matched:
            return f"{prefix}-{matched[1]}-{int(matched[2]):02d}", printed.text if printed else matched[0]
    raise doc.error(doc.lines[0], f"no {prefix} announcement number")


def _title(doc: _Doc) -> str:
    lines = [line.text for line in doc.lines if not line.text.startswith("来源：")]
    if MOFCOM_NO_RE.fullmatch(lines[0]) and len(lines) > 1:
        return f"{lines[0]} {lines[1]}"  # Ann. 2025 No. 21 prints the number and the subject on two lines
    return lines[0]


def _measures(doc: _Doc, decision: Line) -> tuple[tuple[Line, ...], Line | None]:
    """The measure lines after the decision, and the first later section that is not a measure."""
    measures: list[Line] = []
    for line in doc.after(decision):
        if MEASURES_END_RE.match(line.text) or BARE_DATE_RE.match(line.text):
            break
        if SECTION_RE.match(decision.text) and SECTION_RE.match(line.text):
            return tuple(measures), line
        measures.append(line)
    return tuple(measures), None


def _effective(doc: _Doc, published: date, decision: Line) -> tuple[date, list[str]]:
    """The day the listing applies from, and a note when the text also states a time."""
    found = doc.find(EFFECTIVE_RE)
    if found is None:
        raise doc.error(decision, "no sentence 本公告/本决定自…起实施 stating when the listing applies")
    line, matched = found
    if matched["on_publication"]:
        return published, []
    day = _parse_date(doc, line, matched["day"])
    if matched["hour"] is None:
        return day, []
    return day, [f"in force from {int(matched['hour']):02d}:{int(matched['minute']):02d} Beijing time on {day}"]


# ----------------------------------------------------------------------------- parties


def _annex_items(doc: _Doc, annex: tuple[Line, ...]) -> tuple[list[_Item], list[str]]:
    """The parties of the annex, and a note when a capture artefact was dropped."""
    items: list[_Item] = []
    group, group_kind, numbered = 0, None, 0
    group_totals: dict[int, tuple[Line, int]] = {}
    empty_item: Line | None = None
    for line in annex:
        if empty_item is not None:
            raise doc.error(empty_item, "empty numbered item before the end of the annex")
        item, branch = ITEM_RE.match(line.text), BRANCH_RE.match(line.text)
        if item:
            rest = item["rest"].strip()
            heading = GROUP_HEADING_RE.match(rest)
            if heading:
                group, group_kind, numbered = group + 1, GROUP_KINDS.get(heading["word"], "person"), 0
                if heading["n"]:
                    group_totals[group] = (line, int(heading["n"]))
                continue
            numbered += 1
            printed_number = _number(item["arabic"] or item["cn"] or item["cnp"])
            if printed_number != numbered:
                raise doc.error(line, f"item numbered {printed_number}, expected {numbered}")
            if not rest:
                empty_item = line
                continue
            items.extend(_group_items(doc, line, rest, group, group_kind))
        elif branch and items:
            items[-1].branches.append(branch["name"])
        elif numbered == 0 and _looks_like_party(doc, line):
            items.append(_Item(line, line.text, group, group_kind))
        elif items:
            raise doc.error(line, f"cannot read annex line {line.text!r}")
    if not items:
        raise doc.error(annex[0], "annex lists no party")
    for index, (line, total) in group_totals.items():
        found = sum(1 for item in items if item.group == index)
        if found != total:
            raise doc.error(line, f"group states {total} parties, {found} read")
    if empty_item is None:
        return items, []
    dropped = f"annex ends with an empty item {empty_item.text!r} (line {empty_item.no}), dropped as a capture artefact"
    return items, [dropped]


def _group_items(doc: _Doc, line: Line, rest: str, group: int, group_kind: Kind | None) -> list[_Item]:
    """One annex item, or the persons of an item "X相关人员，包括A、B…等，共N人"."""
    persons = GROUP_PERSONS_RE.match(rest)
    if persons is None:
        return [_Item(line, rest, group, group_kind)]
    names = _split_names(doc, line, persons["names"], rejoin_halves=False)
    if len(names) != int(persons["n"]):
        raise doc.error(line, f"item states {persons['n']} persons, {len(names)} read")
    return [_Item(line, name, group, "person", group_note=persons["group"]) for name in names]


def _inline_items(doc: _Doc, decision: Line, list_kind: ListKind) -> list[_Item]:
    countermeasure = list_kind is ListKind.COUNTERMEASURE_LIST
    matched = (INLINE_COUNTERED_RE if countermeasure else INLINE_LISTED_RE).search(decision.text)
    if matched is None:
        raise doc.error(decision, "no annex, and the decision names no party")
    names = _split_names(doc, decision, matched["names"], rejoin_halves=not countermeasure)
    return [_Item(decision, name) for name in names]


def _split_names(doc: _Doc, line: Line, text: str, *, rejoin_halves: bool) -> list[str]:
    """Split an inline list at top-level 、 and ，, and at 和 after a closing bracket."""
    _bracket_groups(doc, line, text)
    pieces, current, depth, previous = [], "", 0, ""
    for char in text:
        depth += (char in OPEN) - (char in CLOSE)
        if depth == 0 and (char in "、，" or (char == "和" and previous in CLOSE)):
            pieces.append(current.strip())
            current = ""
        else:
            current += char
        previous = char
    pieces.append(current.strip())
    if not rejoin_halves:
        return pieces
    names: list[str] = []
    for piece in pieces:
        if names and names[-1].endswith("、"):
            names[-1] += piece
        else:
            names.append(piece)
        if _name_parts(doc, line, piece)[1] is None and not ORG_END_RE.search(piece):
            names[-1] += "、"  # 美国波音防务、空间与安全集团: the name goes on in the next piece
    if names[-1].endswith("、"):
        raise doc.error(line, f"{names[-1][:-1]!r} does not read as a complete name")
    return names


def _entry(
    doc: _Doc, item: _Item, *, seq: int, entry_id: str, kind: Kind, country: str | None, group_note: str
) -> ListEntry:
    printed = item.printed
    zh, english, details = _name_parts(doc, item.line, printed.removesuffix(BRANCHES_SUFFIX))
    role, zh = _split_role(zh) if kind == "person" else ("", zh)
    if not zh:
        raise doc.error(item.line, f"no Chinese name in {printed!r}")
    names = [Name(value=zh, lang=_zh_tag(zh))]
    names += [Name(value=english, lang="en")] if english else []
    names += [Name(value=branch, lang=_lang(branch)) for branch in item.branches]
    notes = [item.group_note] if item.group_note else []
    if role or details:
        notes.append(f"as printed: {printed}")
    if printed.endswith(BRANCHES_SUFFIX) or item.branches:
        notes.append("listed with its branches (及其分支机构); branches named in the annex are kept as further names")
    notes += [group_note] if group_note else []
    return ListEntry(
        id=entry_id, seq=seq, names=tuple(dict.fromkeys(names)), country=country, kind=kind, notes="; ".join(notes)
    )


def _split_role(zh: str) -> tuple[str, str]:
    """(role, name) of a person printed after their role: 哈德逊研究所所长约翰·瓦特斯."""
    roles = list(ROLE_RE.finditer(zh))
    if not roles or len(zh) - roles[-1].end() < 2:
        return "", zh
    return zh[: roles[-1].end()], zh[roles[-1].end() :]


def _name_parts(doc: _Doc, line: Line, text: str) -> tuple[str, str | None, str]:
    """(Chinese name, English name or None, what is printed after the name)."""
    head, _, details = _partition_top_level(text, "，")
    groups = _bracket_groups(doc, line, head)
    if groups and groups[-1][1] == len(head) - 1:
        start, end = groups[-1]
        inner = head[start + 1 : end].strip()
        if _is_latin(inner):
            return head[:start].strip(), inner, details
        return head[:start].strip(), None, "，".join(filter(None, (inner, details)))
    return head.strip(), None, details


def _bracket_groups(doc: _Doc, line: Line, text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracket group, full- or half-width; fails when unbalanced."""
    groups, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in OPEN:
            start = index if depth == 0 else start
            depth += 1
        elif char in CLOSE:
            depth -= 1
            if depth < 0:
                raise doc.error(line, f"unbalanced bracket in {text!r}")
            if depth == 0:
                groups.append((start, index))
    if depth:
        raise doc.error(line, f"unbalanced bracket in {text!r}")
    return groups


def _partition_top_level(text: str, separator: str) -> tuple[str, str, str]:
    depth = 0
    for index, char in enumerate(text):
        depth += (char in OPEN) - (char in CLOSE)
        if depth == 0 and char == separator:
            return text[:index], separator, text[index + 1 :]
    return text, "", ""


def _looks_like_party(doc: _Doc, line: Line) -> bool:
    """An unnumbered annex line names a party when it has an English name or a 男/女 after the name."""
    _, english, details = _name_parts(doc, line, line.text)
    return english is not None or bool(GENDER_RE.match(details))


def _kind(item: _Item, list_kind: ListKind) -> Kind:
    if item.group_kind is not None:
        return item.group_kind
    if GENDER_RE.match(_partition_top_level(item.printed, "，")[2]):
        return "person"
    if list_kind is not ListKind.COUNTERMEASURE_LIST or ORG_WORD_RE.search(item.printed):
        return "entity"
    return "person"


def _country(item: _Item, body: str, listing_country: str | None) -> str | None:
    nationality = NATIONALITY_RE.search(_partition_top_level(item.printed, "，")[2])
    if nationality:
        return COUNTRIES[nationality["c"]]
    opening = next((code for word, code in COUNTRIES.items() if item.printed.startswith(word)), None)
    if opening:
        return opening
    zh = re.split(r"[（(，]", item.printed, maxsplit=1)[0].strip()
    called = re.search(rf"(?P<c>{NAMED_COUNTRIES})[^，。、；：,;:\n（）()“”]{{0,30}}?{re.escape(zh)}", body)
    return COUNTRIES[called["c"]] if called else listing_country


def _listing_country(doc: _Doc, decision: Line, annex_heading: tuple[Line, ...]) -> str | None:
    """The one country the title, the decision or the annex heading gives the listed parties."""
    texts = [_title(doc), decision.text, *(line.text for line in annex_heading)]
    found = {COUNTRIES[m["c"]] for text in texts for pattern in LISTING_COUNTRY_RES for m in pattern.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _check_counts(doc: _Doc, lines: tuple[Line, ...], kinds: list[Kind]) -> None:
    read = {"家": kinds.count("entity"), "名": kinds.count("person")}
    for line in lines:
        for number, unit in COUNT_RE.findall(line.text):
            if _number(number) != read[unit]:
                what = "entities" if unit == "家" else "persons"
                raise doc.error(line, f"text states {number}{unit}, {read[unit]} {what} read")


# -------------------------------------------------------------- effect, reach, conditions


def _group_effects(
    doc: _Doc, list_kind: ListKind, measures: tuple[Line, ...], kinds: set[Kind]
) -> dict[Kind | None, Effect]:
    """The effect per group of parties (None: the measures are not split by group)."""
    if list_kind is not ListKind.COUNTERMEASURE_LIST or not measures or not GROUP_TARGET_RE.match(measures[0].text):
        return {None: _effect(doc, list_kind, measures)}
    groups: dict[Kind | None, list[Line]] = {}
    current: Kind | None = None
    for line in measures:
        target = GROUP_TARGET_RE.match(line.text)
        if target:
            whom = MEASURE_VERB_RE.split(target["whom"], maxsplit=1)[0]
            current = "person" if PERSON_TARGET_RE.search(whom) else "entity"
        groups.setdefault(current, []).append(line)
    missing = kinds - set(groups)
    if missing:
        raise doc.error(measures[0], f"the measures name no group for the {', '.join(sorted(missing))} listed")
    return {kind: _effect(doc, list_kind, tuple(lines)) for kind, lines in groups.items()}


def _effect(doc: _Doc, list_kind: ListKind, measures: tuple[Line, ...]) -> Effect:
    if list_kind is ListKind.WATCH_LIST:
        return Effect.LICENCE_REQUIRED
    if any(PROHIBITIONS[list_kind].search(line.text) for line in measures):
        return Effect.PROHIBITED
    if list_kind is ListKind.CONTROL_LIST:
        raise doc.error(measures[0] if measures else 1, "Control List measures without the export ban 禁止…出口两用物项")
    return Effect.REVIEW


def _weaker_group_note(kind: Kind, effects: dict[Kind | None, Effect], listing_effect: Effect) -> str:
    own = effects.get(kind)
    if own is None or own is listing_effect:
        return ""
    return (
        f"the measures for this {kind}'s group alone give {own.value}; "
        f"the listing's {listing_effect.value} comes from the measures for another group"
    )


def _reaches(list_kind: ListKind, measures: tuple[Line, ...]) -> tuple[ExporterScope, ...]:
    re_transfer = list_kind is ListKind.CONTROL_LIST and any(RE_TRANSFER_RE.search(line.text) for line in measures)
    return (ExporterScope.FROM_CHINA, ExporterScope.RE_TRANSFER) if re_transfer else (ExporterScope.FROM_CHINA,)


def _conditions(measures: tuple[Line, ...]) -> tuple[str, ...]:
    text = "\n".join(line.text for line in measures)
    return tuple(f"{label}: {m[0]}" for label, pattern in CONDITIONS if (m := re.search(pattern, text)))


def _title_en(list_kind: ListKind, instrument_id: str, published: date, entries: tuple[ListEntry, ...]) -> str:
    kinds = [entry.kind for entry in entries]
    counted = ((kinds.count("entity"), "entity", "entities"), (kinds.count("person"), "person", "persons"))
    parties = " and ".join(f"{n} {one if n == 1 else many}" for n, one, many in counted if n)
    if list_kind is ListKind.COUNTERMEASURE_LIST:
        return f"MFA decision of {published.isoformat()}: Anti-Foreign Sanctions Law countermeasures against {parties}"
    _, year, number = instrument_id.split("-")
    if list_kind is ListKind.UNRELIABLE_ENTITY_LIST:
        return f"Unreliable Entity List Working Mechanism Announcement {year} No. {int(number)}: {parties}"
    list_name = "Control List" if list_kind is ListKind.CONTROL_LIST else "Watch List"
    return f"MOFCOM Announcement {year} No. {int(number)}: {parties} put on the export-control {list_name}"


# ------------------------------------------------------------------------ press answers


def _changes(doc: _Doc, line: Line, clause: str, window: Window) -> list[DesignationChange]:
    """One clause of a press answer: a suspension window, or the end of the measures."""
    matched = CHANGE_CLAUSE_RE.match(clause)
    if matched is None:
        raise doc.error(line, f"cannot read the clause {clause!r}")
    reference = UEL_REF_RE.match(matched["ref"])
    if reference is None:
        raise doc.error(line, f"{matched['ref']!r} is not an Unreliable Entity List announcement")
    listings = [f"UEL-{reference['year']}-{int(n):02d}" for n in re.findall(r"\d+", reference["numbers"])]
    if matched["verb"] != "停止":
        until = period_end(window.start, matched["period"]) if matched["period"] else None
        suspension = window.model_copy(update={"until": until, "quote": clause})
        return [DesignationChange(instrument=listing, suspension=suspension) for listing in listings]
    if matched["period"]:
        raise doc.error(line, f"a stop with a period: {clause!r}")
    return [
        DesignationChange(instrument=listing, removed_from=window.start, removal_instrument=window.instrument)
        for listing in listings
    ]


# ------------------------------------------------------------------------------ helpers


def _doc(text: str, source_file: str) -> _Doc:
    """The text as lines, with its first line taken as the URL when it is one."""
    lines = _lines(text)
    if lines and lines[0].text.startswith(URL_PREFIXES):
        return _Doc(source_file, lines[0].text, lines[1:])
    return _Doc(source_file, "", lines)


def _lines(text: str) -> tuple[Line, ...]:
    """Non-blank lines, without invisible format characters, white space collapsed."""
    cleaned = (
        (no, " ".join("".join(c for c in raw if unicodedata.category(c) != "Cf").split()))
        for no, raw in enumerate(text.splitlines(), 1)
    )
    return tuple(Line(no, clean) for no, clean in cleaned if clean)


def _announcement_parts(items_text: str, source_file: str) -> tuple[Line, ...]:
    """The 标题 line and the 正文 and 附件 sections of a research file, with their own line numbers."""
    selected, keep = [], False
    for line in _lines(items_text):
        marker = re.fullmatch(r"-{3,} (.+?) -{3,}", line.text)
        if marker:
            keep = "正文" in marker[1] or "附件" in marker[1]
        elif line.text.startswith("标题："):
            selected.append(Line(line.no, line.text.removeprefix("标题：")))
        elif keep:
            selected.append(line)
    if not selected:
        raise ParseError(source_file, 1, "no 标题 line and no 正文 / 附件 sections")
    return tuple(selected)


def _check_against_csv(designation: Designation, rows: list[dict[str, str]], csv_file: str) -> None:
    if len(rows) != len(designation.entries):
        raise ParseError(csv_file, len(rows) + 1, f"CSV has {len(rows)} rows, the annex {len(designation.entries)}")
    for line_no, (row, entry) in enumerate(zip(rows, designation.entries), 2):
        in_annex = (entry.seq, tuple(name.value for name in entry.names), entry.country)
        in_csv = (int(row["seq"]), (row["name_zh"], row["name_en"]), row["country"])
        if in_annex != in_csv:
            raise ParseError(csv_file, line_no, f"CSV row {in_csv} differs from the annex {in_annex}")


def _parse_date(doc: _Doc, line: Line, text: str) -> date:
    matched = DATE_RE.search(text)
    if matched is None:
        raise doc.error(line, f"no date in {text!r}")
    try:
        return date(int(matched[1]), int(matched[2]), int(matched[3]))
    except ValueError as bad:
        raise doc.error(line, f"{matched[0]} is not a date ({bad})") from None


def _number(text: str) -> int:
    """Arabic or Chinese numerals up to 99: "12", "两", "十一", "二十"."""
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return CN_DIGITS[text]
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def _is_latin(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]", text)) and not CJK_RE.search(text)


def _lang(name: str) -> str:
    return _zh_tag(name) if CJK_RE.search(name) else "en"


def _zh_tag(name: str) -> str:
    return "zh-Hant" if _to_simplified().convert(name) != name else "zh-Hans"


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
