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

SHORT_CJK_FORM = 2
"""CJK forms this short (公司, 社) are only set aside at the edges of a name: 神社 is no company."""


@dataclass(frozen=True, slots=True)
class LegalForms:
    latin: tuple[tuple[str, ...], ...]  # token sequences, longest first
    cjk: tuple[str, ...]  # canonical (simplified) strings, longest first


@cache
def legal_forms() -> LegalForms:
    raw = yaml.safe_load(resources.files("dualuse.screening").joinpath("data/legal_forms.yaml").read_text("utf-8"))
    latin = {tuple(seq) for form in raw for seq in form.get("latin", [])}
    cjk = {form_text for form in raw for form_text in form.get("cjk", [])}
    return LegalForms(
        latin=tuple(sorted(latin, key=len, reverse=True)),
        cjk=tuple(sorted(cjk, key=len, reverse=True)),
    )


def strip_latin_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Tokens without leading/trailing legal forms, and the forms removed (in text order).

    A name that is nothing but a legal form keeps its tokens: there is nothing else to match on.
    """
    forms = legal_forms().latin
    core, removed = list(tokens), []
    changed = True
    while changed and core:
        changed = False
        for seq in forms:
            n = len(seq)
            if len(core) > n and tuple(core[-n:]) == seq:
                removed.insert(0, " ".join(seq))
                core, changed = core[:-n], True
                break
            if len(core) > n and tuple(core[:n]) == seq:
                removed.append(" ".join(seq))
                core, changed = core[n:], True
                break
    return core, removed


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
        if stripped.endswith(form) and len(stripped) > len(form):
            removed.append(form)
            text = stripped[: -len(form)]
        elif stripped.startswith(form) and len(stripped) > len(form):
            removed.append(form)
            text = stripped[len(form) :]
    return " ".join(text.split()), removed
