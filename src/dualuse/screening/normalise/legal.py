"""Legal forms (株式会社, 有限公司, Co., Ltd., GmbH, OOO…) recognised and set aside.

A legal form says how a company is organised, not which company it is: "TDK Corporation"
and ＴＤＫ株式会社 are the same party, while two different companies that are both "Co., Ltd."
share nothing. The forms are data (`screening/data/legal_forms.yaml`), so a new jurisdiction
is a line in a file, not a code change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from rapidfuzz.distance import OSA

SHORT_CJK_FORM = 2
"""CJK forms this short (公司, 社) are only set aside at the edges of a name, and only when
at least `MIN_CJK_CORE` characters remain: 神社 is a shrine, not the company 神."""
MIN_CJK_CORE = 2


@dataclass(frozen=True, slots=True)
class LegalForms:
    latin: tuple[tuple[str, ...], ...]  # token sequences, longest first
    cjk: tuple[str, ...]  # canonical (simplified) strings, longest first
    edge_tokens: frozenset[str] = frozenset()  # first and last tokens of the Latin forms
    fuzzy: tuple[str, ...] = ()  # single-word forms long enough to be recognised with a typo


@cache
def legal_forms() -> LegalForms:
    raw = yaml.safe_load(resources.files("dualuse.screening").joinpath("data/legal_forms.yaml").read_text("utf-8"))
    latin = {tuple(seq) for form in raw for seq in form.get("latin", [])}
    cjk = {form_text for form in raw for form_text in form.get("cjk", [])}
    return LegalForms(
        latin=tuple(sorted(latin, key=lambda seq: (-len(seq), seq))),  # longest first, then in a fixed order
        cjk=tuple(sorted(cjk, key=lambda form: (-len(form), form))),  # not in set order: equal lengths came out differently each run
        edge_tokens=frozenset(t for seq in latin for t in (seq[0], seq[-1])),
        fuzzy=tuple(seq[0] for seq in latin if len(seq) == 1 and len(seq[0]) >= FUZZY_FORM_CHARS),
    )


def _may_be_form(token: str, forms: LegalForms) -> bool:
    """Whether a legal form could start or end at this token: a quick test before `_is_form`."""
    return token in forms.edge_tokens or (
        len(token) >= FUZZY_FORM_CHARS - 1 and any(OSA.distance(token, form) <= 1 for form in forms.fuzzy)
    )


FUZZY_FORM_CHARS = 7
"""Single-word forms this long (corporation, incorporated, company, limited) are recognised
with one typo (CORPORATOIN): a misspelt legal form is still not the name."""


def _is_form(tokens: list[str], form: tuple[str, ...]) -> bool:
    if tuple(tokens) == form:
        return True
    if len(form) != 1 or len(tokens) != 1 or len(form[0]) < FUZZY_FORM_CHARS:
        return False
    return OSA.distance(tokens[0], form[0]) <= 1


def strip_latin_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Tokens without leading/trailing legal forms, and the forms removed (in text order).

    A name that is nothing but a legal form keeps its tokens: there is nothing else to match on.
    """
    table = legal_forms()
    forms = table.latin
    core, removed = list(tokens), list[str]()
    changed = True
    while changed and core:
        changed = False
        if not (_may_be_form(core[0], table) or _may_be_form(core[-1], table)):
            break
        for seq in forms:
            n = len(seq)
            if _is_form(core[-n:], seq):
                removed.insert(0, " ".join(seq))
                core, changed = core[:-n], True
                break
            if _is_form(core[:n], seq):
                removed.append(" ".join(seq))
                core, changed = core[n:], True
                break
    return (core, removed) if core else (list(tokens), [])


def strip_cjk_forms(text: str) -> tuple[str, list[str]]:
    """CJK text without its legal forms (anywhere if long, at the edges if short), and the forms."""
    removed: list[str] = []
    for form in legal_forms().cjk:
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
