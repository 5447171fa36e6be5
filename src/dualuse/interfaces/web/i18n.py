"""The web app's languages: one message catalogue per language (messages/*.json), chosen by the
user and remembered in a cookie, else from the browser's Accept-Language, else English.

Only the interface is translated; party names, citations and the engine's findings are shown
as written, in their original script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from starlette.requests import Request

LANGUAGES = ("en", "zh", "ja")
DEFAULT_LANGUAGE = "en"
COOKIE = "dualuse_lang"
HTML_LANG = {"en": "en", "zh": "zh-Hans", "ja": "ja"}


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    text = files("dualuse.interfaces.web").joinpath("messages", f"{lang}.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class Translator:
    lang: str

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    def __call__(self, key: str, **values: object) -> str:
        """The message for `key` in this language (English, then the key itself, when missing)."""
        text = catalogue(self.lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in catalogue(self.lang)


def language_names() -> list[tuple[str, str]]:
    return [(lang, catalogue(lang)["_language"]) for lang in LANGUAGES]


def negotiate(request: Request) -> str:
    """The language just chosen on this request (a form posted with `lang`), else the cookie's,
    else the first supported one the browser asks for, else English."""
    chosen = getattr(request.state, "lang", None) or request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    ranked = []
    for position, part in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
