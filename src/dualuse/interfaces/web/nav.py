"""The web app's main navigation. Pages that come later (cases, applications, licences, batch,
audit) add themselves with `register(NavEntry(...))` and a message key in each catalogue."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavEntry:
    key: str  # also the message key `nav.<key>` in the catalogues (src/dualuse/locales)
    href: str
    order: int = 100


_ENTRIES: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    _ENTRIES[entry.key] = entry


def entries() -> list[NavEntry]:
    return sorted(_ENTRIES.values(), key=lambda e: (e.order, e.key))


register(NavEntry("check", "/check", 10))
register(NavEntry("screen", "/screen", 20))
register(NavEntry("regime", "/regime", 90))
