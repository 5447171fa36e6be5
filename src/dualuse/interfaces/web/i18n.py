"""The web app's languages: the message catalogues of dualuse.i18n (gettext, src/dualuse/locales),
the language chosen by the user and remembered in a cookie, else the browser's Accept-Language,
else English.

Party names and legal citations are shown as written, in their original script; the engine's
findings are shown in the user's language from their message id and parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.requests import Request

from dualuse import i18n
from dualuse.i18n import DEFAULT_LANGUAGE, LANGUAGES

COOKIE = "dualuse_lang"
HTML_LANG = {"en": "en", "zh": "zh-Hans", "ja": "ja"}

__all__ = ["COOKIE", "DEFAULT_LANGUAGE", "HTML_LANG", "LANGUAGES", "Translator", "catalogue", "language_names", "negotiate"]


@dataclass(frozen=True)
class Translator:
    lang: str

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    def __call__(self, key: str, **values: object) -> str:
        """The message for `key` in this language (English, then the key itself, when missing)."""
        return i18n.translate(self.lang, key, values)

    def has(self, key: str) -> bool:
        return i18n.has(self.lang, key)

    def reason(self, reason: Mapping[str, object]) -> str:
        """A decision reason's finding in this language (the engine's English when it has no message)."""
        return i18n.reason_text(reason, self.lang)


    def text(self, message: str, params: Mapping[str, str], english: str) -> str:
        """A service's text given as a message id and parameters, in this language (else its English)."""
        return i18n.reason_text({"message": message, "params": params, "detail": english}, self.lang)

    def document(self, text: str) -> str:
        """A required document as a refusal lists it ("end_user_certificate (Regs Art. 16)") in
        words, the article and the code kept; "" when the text is not one."""
        found = _DOCUMENT.fullmatch(text)
        if not found or not self.has(f"doc.{found.group('kind')}"):
            return ""
        return f"{self('doc.' + found.group('kind'))} ({found.group('article')}) · {found.group('kind')}"

    def path(self, path: str) -> str:
        """A contract field path as a person names it: "items[0].control_code" -> "Item 1 · Control code"."""
        found = _PATH.fullmatch(path)
        if not found:
            return path
        group, row, leaf = found.group("group"), found.group("row"), found.group("leaf")
        heading = {"items": "decision.item_n", "parties": "decision.party_n"}.get(group, f"check.{group}")
        if not self.has(heading) or (leaf and not self.has(f"field.{leaf}")):
            return path
        head = self(heading, n=int(row) + 1) if row is not None else self(heading)
        return f"{head} · {self(f'field.{leaf}')}" if leaf else head


_DOCUMENT = re.compile(r"(?P<kind>[a-z_]+) \((?P<article>[^()]+)\)")
_PATH = re.compile(r"(?P<group>[a-z_]+)(?:\[(?P<row>\d+)\])?(?:\.(?P<leaf>[a-z_]+))?")


def catalogue(lang: str) -> dict[str, str]:
    """Every message of a language by id (what the former messages/<lang>.json held)."""
    return i18n.messages(lang)


def language_names() -> list[tuple[str, str]]:
    return [(lang, i18n.translate(lang, "_language")) for lang in LANGUAGES]


def negotiate(request: Request) -> str:
    """The language just chosen on this request (a form posted with `lang`), else the cookie's,
    else the first supported one the browser asks for, else English."""
    chosen = getattr(request.state, "lang", None) or request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return i18n.language(request.headers.get("accept-language")) or DEFAULT_LANGUAGE
