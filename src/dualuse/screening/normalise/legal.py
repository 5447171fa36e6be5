"""Legal forms (株式会社, 有限公司, Co., Ltd., GmbH, OOO…) recognised and set aside.

A legal form says how a company is organised, not which company it is: "TDK Corporation"
and ＴＤＫ株式会社 are the same party, while two different companies that are both "Co., Ltd."
share nothing. The forms are data (`screening/data/legal_forms.yaml`), so a new jurisdiction
is a line in a file, not a code change.

Forms are recognised with typos, on the query's side and the list's alike: a word of a Latin
form may differ by a number of edits scaled to its length (`form_edits`: LIMITED LIABILUITY
COMPEANY is still a legal form), and a long CJK or katakana form by one edit at the edge of
a name (股份有限公可, コーポレーシヨン). A misspelt legal form compared as if it were the name
buries the name. A name made of nothing but legal forms and generic words (`is_generic`) has
nothing to match on: the matcher neither indexes nor compares it.

Also here, as how English company names are written rather than who they name: the kinds of
form two names agree on (`form_agreement`, which orders equal scores) and the abbreviations
their words are written in (`expansion`, `screening/data/abbreviations.yaml`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from rapidfuzz.distance import OSA

from dualuse import yamlfile
from dualuse.screening.normalise.text import token_key

SHORT_CJK_FORM = 2
"""CJK forms this short (公司, 社) are only set aside at the edges of a name, and only when
at least `MIN_CJK_CORE` characters remain: 神社 is a shrine, not the company 神."""
MIN_CJK_CORE = 2

FUZZY_FORM_CHARS = 5
"""Words of a Latin form this long (limited, company, liability, corporation) are recognised
with one typo (LMIITED, COMPEANY); shorter ones (co, ltd, gmbh, corp) only as written, since
one edit turns them into ordinary words (corp/core, sarl/carl)..."""
SHORT_FORM_NAME = 2
"""A short form (AB, SA, KK) opening a name of nothing but forms is taken for the name (AB &
Company Co., Ltd.); a single letter is not (K.K.)."""
TWO_TYPO_FORM_CHARS = 12
"""...and words this long (incorporated, kabushikigaisha) with two. CORPORATION (11) takes one
only: COOPERATION is two edits from it."""
FUZZY_CJK_FORM = 5
"""CJK and katakana forms this long (股份有限公司, コーポレーション, リミテッド) are recognised with
one edit at the start or end of a name (股份有限公可, コーポレーシヨン); shorter ones (株式会社,
有限公司) only as written: one edit away from them are words (証券会社)."""


def form_edits(length: int) -> int:
    """Typos a word of a Latin legal form of this many letters may carry and still be the form."""
    if length < FUZZY_FORM_CHARS:
        return 0
    return 1 if length < TWO_TYPO_FORM_CHARS else 2


@dataclass(frozen=True, slots=True)
class LegalForms:
    latin: tuple[tuple[str, ...], ...]  # token sequences, longest first
    cjk: tuple[str, ...]  # canonical (simplified) strings, longest first
    by_first: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # forms by their first word...
    by_last: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # ...and by their last
    fuzzy_first: tuple[str, ...] = ()  # first words long enough to be recognised with a typo...
    fuzzy_last: tuple[str, ...] = ()  # ...and last words
    generic: frozenset[str] = frozenset()  # words that name no one on their own (trading, group)...
    joined: frozenset[str] = frozenset()  # ...and the Latin forms written as one word (llc, kk, sa)
    kinds: dict[str, str] = field(default_factory=dict)  # a form as set aside ("co ltd", コーポレーション) → its kind...
    transcribed: frozenset[str] = frozenset()  # ...and the kinds written in English and in katakana (corporation)


def _form_order(seq: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    return (-len(seq), seq)  # longest first, then in a fixed order


@cache
def legal_forms() -> LegalForms:
    raw = yamlfile.safe_load(resources.files("dualuse.screening").joinpath("data/legal_forms.yaml").read_text("utf-8"))
    latin = {tuple(seq) for form in raw for seq in form.get("latin", [])}
    cjk = {form_text for form in raw for form_text in form.get("cjk", [])}
    generic = frozenset(word for form in raw for word in form.get("generic", []))
    ordered = tuple(sorted(latin, key=_form_order))
    return LegalForms(
        latin=ordered,
        by_first={word: tuple(seq for seq in ordered if seq[0] == word) for word in {seq[0] for seq in ordered}},
        by_last={word: tuple(seq for seq in ordered if seq[-1] == word) for word in {seq[-1] for seq in ordered}},
        fuzzy_first=tuple(sorted({seq[0] for seq in ordered if form_edits(len(seq[0]))})),
        fuzzy_last=tuple(sorted({seq[-1] for seq in ordered if form_edits(len(seq[-1]))})),
        cjk=tuple(sorted(cjk, key=lambda form: (-len(form), form))),  # not in set order: equal lengths came out differently each run
        generic=generic,
        joined=frozenset("".join(seq) for seq in latin),
        kinds={text: form["form"] for form in raw for text in [*form.get("cjk", []), *(" ".join(seq) for seq in form.get("latin", []))]},
        transcribed=frozenset(form["form"] for form in raw if form.get("latin") and any(_KATAKANA.search(text) for text in form.get("cjk", []))),
    )


_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]")


def form_agreement(forms: Iterable[str], other: Iterable[str]) -> int:
    """How far two names' legal forms (as set aside) say the same: the kinds of form both have,
    less one when each has a form of the kinds English names use (`LegalForms.transcribed`)
    and none is the other's. 株式会社フジ・コーポレーション agrees with FUJI CORPORATION (its
    コーポレーション is a corporation) more than with FUJI CO., LTD., and FUJI CO., LTD. more
    with 株式会社フジ than with it. Orders candidates of equal score only: a form never makes a
    name nearer another."""
    table = legal_forms()
    own, theirs = {table.kinds.get(form, form) for form in forms}, {table.kinds.get(form, form) for form in other}
    own_english, their_english = own & table.transcribed, theirs & table.transcribed
    clash = bool(own_english and their_english and not own_english & their_english)
    return len(own & theirs) - clash


@cache
def _abbreviations() -> dict[str, str]:
    raw = yamlfile.safe_load(resources.files("dualuse.screening").joinpath("data/abbreviations.yaml").read_text("utf-8"))
    return {row["abbreviation"]: row["word"] for row in raw}


def expansion(token: str) -> str | None:
    """The word an English company name's abbreviation stands for (mfg → manufacturing), as
    `data/abbreviations.yaml` lists them; None for any other token."""
    return _abbreviations().get(token)


JAPANESE_COMPANY = "会社"
"""The company of Japan's legal forms (株式会社, 有限会社, 合同会社); Chinese companies are 公司."""


@cache
def japanese_company_forms() -> tuple[str, ...]:
    """Japan's company forms in `legal_forms.yaml` (株式会社, 有限会社, 合同会社…): the CJK forms
    that are more than a bare 会社."""
    return tuple(form for form in legal_forms().cjk if JAPANESE_COMPANY in form and form != JAPANESE_COMPANY)


def _near(token: str, word: str) -> bool:
    """`token` is `word` with at most `form_edits(len(word))` typos."""
    if token == word:
        return True
    edits = form_edits(len(word))
    return edits > 0 and abs(len(token) - len(word)) <= edits and OSA.distance(token, word, score_cutoff=edits) <= edits


def _is_form(tokens: list[str], form: tuple[str, ...], typos: bool = True) -> bool:
    if len(tokens) != len(form):
        return False
    for token, word in zip(tokens, form):
        if token != word and not (typos and _near(token, word)):
            return False
    return True


def _forms_at(token: str, index: dict[str, tuple[tuple[str, ...], ...]], fuzzy: tuple[str, ...], typos: bool) -> set[tuple[str, ...]]:
    """The forms that may start (or end) at `token`: those whose first (last) word it is, or is
    within typos of."""
    found = set(index.get(token, ()))
    if typos and len(token) >= FUZZY_FORM_CHARS - 1:
        for word in fuzzy:
            if word != token and _near(token, word):
                found.update(index[word])
    return found


def _strip(tokens: list[str], typos: bool, leading: bool) -> tuple[list[str], list[str]]:
    """Forms set aside at the end (and, if `leading`, the start) until none is left: at each
    step the longest form found at either edge (the end first), looked up by its edge word."""
    table = legal_forms()
    core, removed = list(tokens), list[str]()
    changed = True
    while changed and core:
        changed = False
        at_end = _forms_at(core[-1], table.by_last, table.fuzzy_last, typos)
        at_start = _forms_at(core[0], table.by_first, table.fuzzy_first, typos) if leading else set[tuple[str, ...]]()
        for seq in sorted(at_end | at_start, key=_form_order):
            n = len(seq)
            if seq in at_end and _is_form(core[-n:], seq, typos):
                removed.insert(0, " ".join(seq))
                core, changed = core[:-n], True
                break
            if seq in at_start and _is_form(core[:n], seq, typos):
                removed.append(" ".join(seq))
                core, changed = core[n:], True
                break
    return core, removed


MIN_FORM_BEFORE_OF = 3
"""Letters of the shortest form set aside before "of" (Corporation, Company, Inc.; not the Co.
of "Co. of", too often a word of the name)."""


@cache
def _form_before_of() -> re.Pattern[str]:
    words = sorted({seq[0] for seq in legal_forms().latin if len(seq) == 1 and len(seq[0]) >= MIN_FORM_BEFORE_OF}, key=lambda w: (-len(w), w))
    if not words:
        return re.compile(r"(?!)")  # matches nothing: an empty alternation would match every " of"
    return re.compile(r"(?<=[A-Za-z0-9])(\s+)(" + "|".join(map(re.escape, words)) + r")\.?(?=\s+of\s+[A-Za-z])", re.IGNORECASE)


def strip_form_before_of(text: str) -> tuple[str, list[str]]:
    """A Latin name without a one-word legal form that stands before "of" and a place, after
    words of the name (Aviation Industry Corporation of China, Trust Company of America), and
    the form: that is where English puts a company's form, and left in, it is a word the name's
    Chinese (中国航空工业集团公司, whose 公司 is set aside) never meets."""
    found = _form_before_of().search(text)
    if found is None:
        return text, []
    return text[: found.start()] + " " + text[found.end() :], [found.group(2).lower()]


def strip_latin_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Tokens without leading/trailing legal forms (each word of a form recognised with the
    typos `form_edits` allows), and the forms removed (in text order).

    When that leaves nothing, the name may be one that only looks like forms: COMANY Inc. (a
    company, one letter from COMPANY), AB & Company Co., Ltd. (AB is a Swedish form, here the
    name). Then only trailing forms, as written, are set aside, and the first word of a name of
    several stays when it is a short form (AB, not COMPANY); a name that is nothing but legal
    forms even so ("LIMITED", "(LLC)", "Company Limited") comes back empty: nothing in it names a
    party."""
    core, removed = _strip(tokens, typos=True, leading=True)
    if core or not tokens:
        return core, removed
    core, removed = _strip(tokens, typos=False, leading=False)
    if core or len(tokens) < 2 or removed[0] != tokens[0] or not SHORT_FORM_NAME <= len(tokens[0]) < FUZZY_FORM_CHARS:
        return core, removed  # (removed[0] is the form the first word went with: "co ltd" of Co., Ltd. is one form)
    rest, removed = _strip(tokens[1:], typos=False, leading=False)
    return [tokens[0], *rest], removed


def is_generic_word(token: str) -> bool:
    """A word that names no party on its own (trading, group, holdings), as written: one edit
    away are names (GENERALI)."""
    return token in legal_forms().generic


def is_generic_key(key: str) -> bool:
    """A matching key (`text.token_key`) of a generic word: a translation's keys are folded ("grop")."""
    return key in _generic_keys()


@cache
def _generic_keys() -> frozenset[str]:
    return frozenset(token_key(word) for word in legal_forms().generic)


def is_spelt_form(letters: str) -> bool:
    """Initials that spell a legal form (L.L.C. read as "l l c", K.K.)."""
    return letters.replace(" ", "") in legal_forms().joined


def is_generic(tokens: list[str]) -> bool:
    """Whether Latin tokens are only legal forms (typos allowed) and generic words."""
    core, _ = strip_latin_forms(tokens)
    for token in core:
        if not is_generic_word(token):
            return False
    return True


def _fuzzy_cjk_edge(text: str, forms: tuple[str, ...]) -> tuple[str, str] | None:
    """A long form written with one edit at the end or the start of `text` (股份有限公可):
    (text without it, the form), or None. An edge where a form stands as written is left to
    the exact pass (限责任公司 is one edit from 有限责任公司, but X有限责任公司 holds the form)."""
    end_free = not any(text.endswith(form) for form in forms)
    start_free = not any(text.startswith(form) for form in forms)
    if not (end_free or start_free):
        return None
    for form in forms:
        n = len(form)
        if n < FUZZY_CJK_FORM:
            continue
        for size in (n, n - 1, n + 1):
            if len(text) - size < MIN_CJK_CORE:
                continue
            if end_free and OSA.distance(text[-size:], form, score_cutoff=1) <= 1 and text[:-size].strip():
                return text[:-size].strip(), form
            if start_free and OSA.distance(text[:size], form, score_cutoff=1) <= 1 and text[size:].strip():
                return text[size:].strip(), form
    return None


def strip_cjk_forms(text: str) -> tuple[str, list[str]]:
    """CJK text without its legal forms (anywhere if long, at the edges if short; a long one
    also with one edit at an edge), and the forms."""
    removed: list[str] = []
    forms = legal_forms().cjk
    fuzzy = _fuzzy_cjk_edge(text.strip(), forms)
    if fuzzy is not None:
        text = fuzzy[0]
        removed.append(fuzzy[1])
    for form in forms:
        if len(form) > SHORT_CJK_FORM:
            if form in text and text.replace(form, "").strip():
                removed.append(form)
                text = text.replace(form, " ")
            continue
        stripped = text.strip()
        long_enough = len(stripped) >= len(form) + MIN_CJK_CORE
        if stripped.endswith(form) and long_enough:
            removed.append(form)
            text = stripped[: -len(form)]
        elif stripped.startswith(form) and long_enough:
            removed.append(form)
            text = stripped[len(form) :]
    return " ".join(text.split()), removed


def is_generic_cjk(text: str) -> bool:
    """Whether CJK text is nothing but legal forms (会社, 有限公司, カンパニー), wherever they stand."""
    for form in legal_forms().cjk:
        text = text.replace(form, "")
    return not text.strip()
