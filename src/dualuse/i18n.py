"""The server's words in the user's language: gettext catalogues (src/dualuse/locales, kept with
Babel by scripts/i18n.py) for every text the server produces, the engine's findings included.

Message ids are stable keys ("effect.LICENCE_REQUIRED", "reason.R-LIST"), not English sentences,
so that rewording English never orphans a translation. Values are `str.format` templates. The
catalogues are compiled (.mo) and committed beside their .po, so a fresh clone needs no build step;
`scripts/i18n.py check` (run by a test) fails when a .mo is stale or a message is missing.
Names, codes and legal citations are never translated: they go in as parameters, as written.
"""

from __future__ import annotations

import gettext
import string
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files

LANGUAGES = ("en", "zh", "ja")  # the codes the interfaces use (cookie, ?lang=)
DEFAULT_LANGUAGE = "en"
LOCALES = {"en": "en", "zh": "zh_Hans", "ja": "ja"}  # the catalogue directory of each
DOMAIN = "messages"


def N_(msgid: str) -> str:
    """Marks a message id used in code for `scripts/i18n.py extract`; returns it unchanged."""
    return msgid


@cache
def translations(lang: str) -> gettext.NullTranslations:
    path = files("dualuse").joinpath("locales", LOCALES[lang], "LC_MESSAGES", f"{DOMAIN}.mo")
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def messages(lang: str) -> dict[str, str]:
    """Every message of a language by id (the catalogue's header aside)."""
    catalog = getattr(translations(lang), "_catalog", {})
    return {key: value for key, value in catalog.items() if isinstance(key, str) and key}


def lookup(lang: str, msgid: str) -> str | None:
    """The message for `msgid` in this language, or None when the catalogue lacks it."""
    if lang not in LOCALES:
        return None
    text = translations(lang).gettext(msgid)
    return text if text and text != msgid else None


def has(lang: str, msgid: str) -> bool:
    return lookup(lang, msgid) is not None


def translate(lang: str, msgid: str, values: Mapping[str, object] | None = None) -> str:
    """The message in this language (English, then the id itself, when missing), filled in."""
    text = lookup(lang, msgid) or lookup(DEFAULT_LANGUAGE, msgid) or msgid
    if not values:
        return text
    try:
        return text.format_map(dict(values))
    except (KeyError, IndexError, ValueError):  # a template naming a value not given: show it unfilled
        return text


def fields(text: str) -> list[str]:
    """The placeholders a template names (a translation must name the same ones)."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def language(header: str | None, offered: Iterable[str] = LANGUAGES) -> str | None:
    """The first offered language an Accept-Language header asks for (by quality), else None."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in offered and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else None


def reason_text(reason: Mapping[str, object], lang: str) -> str:
    """A decision reason's finding in this language: its message template filled with its
    parameters; the engine's English `detail` for English or when the reason carries no message."""
    msgid = reason.get("message")
    params = reason.get("params") or {}
    if lang == DEFAULT_LANGUAGE or not isinstance(msgid, str) or not msgid or not has(lang, msgid):
        return str(reason.get("detail", ""))
    assert isinstance(params, Mapping)
    template = lookup(lang, msgid) or ""
    try:  # a template naming a value the reason lacks shows the engine's English, never "{…}"
        return template.format_map(_values(lang, {str(k): str(v) for k, v in params.items()}))
    except (KeyError, IndexError, ValueError):
        return str(reason.get("detail", ""))


def _values(lang: str, params: dict[str, str], depth: int = 0) -> dict[str, str]:
    """The parameters as shown. A value "@id" (or "@id; @id…") is a nested message, translated and
    filled with the same parameters, those prefixed with its name ("why_n" for "@…" in "why")
    taking precedence; anything else is shown as written (names, codes, citations)."""
    out = dict(params)
    for key, value in params.items():
        parts = value.split("; ") if value.startswith("@") else []
        if not parts or not all(p.startswith("@") for p in parts) or depth > 3:
            continue
        nested = {k: v for k, v in params.items() if k != key}
        nested |= {k[len(key) + 1:]: v for k, v in params.items() if k.startswith(key + "_")}
        filled = _values(lang, nested, depth + 1)
        out[key] = translate(lang, "reason.separator").join(translate(lang, p[1:], filled) for p in parts)
    return out
