"""Keep the message catalogues (src/dualuse/locales/*/LC_MESSAGES/messages.po) with Babel.

    python scripts/i18n.py extract           # messages.pot: every id the templates and code use; new ids join each .po
    python scripts/i18n.py import-json DIR   # DIR/{en,zh,ja}.json (the old web catalogues) into the .po files, then compile
    python scripts/i18n.py check             # exit 1 when a catalogue misses a message, has an empty one, names other
                                             # placeholders than English, or its committed .mo is stale
    python scripts/i18n.py compile           # .po -> .mo (committed, so a fresh clone needs no build step)

Ids are keys, not sentences (see dualuse/i18n.py). An id used in a template as a prefix joined to
a value (t("effect." ~ r.effect)) is listed by `dynamic_ids` from the vocabulary it ranges over.
"""

from __future__ import annotations

import ast
import gettext
import io
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from jinja2 import Environment
from jinja2.ext import extract_from_ast

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "dualuse"
LOCALE_DIR = SRC / "locales"
TEMPLATES = SRC / "interfaces" / "web" / "templates"
POT = LOCALE_DIR / "messages.pot"
CODE_FUNCTIONS = {"t", "N_"}  # t(...) in templates and pages; N_(...) marks an id in code
# Texts whose translation may name a value's original-script variant ("measure_zh") or leave out an
# English-only detail: the engine's findings and the regime page's rows and events.
ORIGINAL_SCRIPT_PREFIXES = ("reason.", "regime.row.", "regime.event.")
# The facts a decision may list as missing (Reason.missing: "items[0].control_code", …), named by field.* ids.
MISSING_FIELDS = ("control_code", "description", "cn_content_share", "category", "identity")
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # headers stay stable: a rerun changes no file

sys.path.insert(0, str(ROOT / "src"))
from dualuse.i18n import LOCALES, fields  # noqa: E402


def _shown(path: Path) -> str:
    return os.path.relpath(path, ROOT)


def template_ids() -> dict[str, list[str]]:
    """Every constant id passed to t() in a template, with where it is used."""
    env = Environment(extensions=["jinja2.ext.do"])
    found: dict[str, list[str]] = {}
    for path in sorted(TEMPLATES.glob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        for lineno, _, message in extract_from_ast(tree, gettext_functions=("t",), babel_style=False):
            first = message[0] if isinstance(message, tuple) else message
            if isinstance(first, str):
                found.setdefault(first, []).append(f"{_shown(path)}:{lineno}")
    return found


def code_ids() -> dict[str, list[str]]:
    """Every constant id passed to t(...), x.t(...), Translator(...)(...) or N_(...) in the code."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            translator_call = isinstance(func, ast.Call) and getattr(func.func, "attr", "") == "Translator"
            arg = node.args[0]
            constant = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            if (name in CODE_FUNCTIONS or translator_call) and constant and ("." in arg.value or arg.value.startswith("_")):
                found.setdefault(arg.value, []).append(f"{_shown(path)}:{node.lineno}")
    return found


def dynamic_ids() -> set[str]:
    """The ids templates build from a prefix and a vocabulary word."""
    from dualuse.engine.context import ItemStatus
    from dualuse.interfaces.web import forms
    from dualuse.interfaces.web.refusals import REFUSAL_KINDS
    from dualuse.storage.vocabulary import (
        ApplicationAction,
        ApplicationState,
        DocumentKind,
        Entity,
        LicenceState,
        LicenceType,
        ReviewDisposition,
        Role,
    )
    from dualuse.vocabulary import (
        Band,
        Effect,
        EndUseCategory,
        Outcome,
        PartyKind,
        PartyRole,
        Reliability,
    )

    families = {
        "effect.": Effect, "outcome.": Outcome, "outcome_help.": Outcome, "band.": Band, "role.": PartyRole,
        "pkind.": PartyKind, "category.": EndUseCategory, "item_status.": ItemStatus, "doc.": DocumentKind,
        "appstate.": ApplicationState, "action.": ApplicationAction, "ltype.": LicenceType, "lstate.": LicenceState,
        "disposition.": ReviewDisposition, "roles.": Role,
    }
    ids = {prefix + str(member.value) for prefix, enum in families.items() for member in enum}
    ids |= {f"reliability.{r.value}" for r in Reliability if r is not Reliability.PRIMARY}
    ids |= {f"entity.{e.value}" for e in Entity} | {f"refused.kind.{kind}" for kind in REFUSAL_KINDS}
    ids |= {f"audit_action.{action}" for action in audit_actions()}
    ids |= set(forms._TYPE_KEYS.values()) | set(forms._VALUE_ERROR_KEYS.values())  # the form errors' words
    ids |= {f"field.{leaf}" for leaf in MISSING_FIELDS}
    ids |= {f"impact.input.{name}" for name in impact_inputs()}
    return ids


def impact_inputs() -> set[str]:
    """The inputs the impact models name (scenario.py), each shown by its words on /impact."""
    from dualuse.impact import scenario

    names = {"annual_loss"} | set(scenario._SUPPLY_STRUCTURAL)
    for required in scenario._REQUIRED.values():
        names |= set(required)
    return names


def audit_actions() -> set[str]:
    """The actions the services write to the audit log: record(session, actor, "case.add", …),
    and f"application.{action.value}" for each application action."""
    from dualuse.storage.vocabulary import ApplicationAction

    found = set()
    for path in sorted((SRC / "services").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "record" and len(node.args) >= 3:
                action = node.args[2]
                if isinstance(action, ast.Constant) and isinstance(action.value, str):
                    found.add(action.value)
                elif isinstance(action, ast.JoinedStr):
                    head = action.values[0]
                    if isinstance(head, ast.Constant) and head.value == "application.":
                        found |= {f"application.{a.value}" for a in ApplicationAction}
    return found


def used_ids() -> set[str]:
    return set(template_ids()) | set(code_ids()) | dynamic_ids()


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"


def read(locale: str) -> Catalog:
    path = po_path(locale)
    if not path.exists():
        return Catalog(locale=locale, domain="messages", project="dualuse", creation_date=FIXED_DATE,
                       revision_date=FIXED_DATE, fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def write(locale: str, catalog: Catalog) -> None:
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.revision_date = FIXED_DATE
    catalog.creation_date = FIXED_DATE
    catalog.fuzzy = False
    catalog.project, catalog.version = "dualuse", "0.1.0"
    catalog.copyright_holder = "the dualuse authors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "the dualuse authors"
    catalog.header_comment = (f"# The {locale} messages of dualuse: see src/dualuse/i18n.py; kept with scripts/i18n.py.\n"
                              "# Licence: MIT, as the project (LICENSE).")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=True, omit_header=False, include_previous=False)
    path.write_bytes(buffer.getvalue())


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _mo_messages(data: bytes) -> dict[str, str]:
    """A compiled catalogue's messages (its header aside): what the .mo holds, whatever wrote it."""
    messages = gettext.GNUTranslations(io.BytesIO(data))._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in messages.items() if key}


def compile_all() -> None:
    for locale in LOCALES.values():
        catalog = read(locale)
        (po_path(locale).with_suffix(".mo")).write_bytes(mo_bytes(catalog))
        print(f"{_shown(po_path(locale).with_suffix('.mo'))}: {len(catalog)} messages")


def extract() -> None:
    template = Catalog(domain="messages", project="dualuse", creation_date=FIXED_DATE, revision_date=FIXED_DATE)
    where = {**{k: [] for k in dynamic_ids()}, **template_ids()}
    for key, places in code_ids().items():
        where.setdefault(key, []).extend(places)
    for key in sorted(where):
        template.add(key, locations=[(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1])) for p in where[key]])
    buffer = io.BytesIO()
    write_po(buffer, template, width=0, sort_output=True, include_previous=False)
    POT.write_bytes(buffer.getvalue())
    for locale in LOCALES.values():
        catalog = read(locale)
        added = [key for key in where if key not in catalog]
        for key in added:
            catalog.add(key, "")
        write(locale, catalog)
        print(f"{locale}: {len(added)} new id(s) to translate")
    compile_all()


def import_json(directory: Path) -> None:
    """The JSON catalogues' messages win for the ids they hold (they are the newer edits of them)."""
    for lang, locale in LOCALES.items():
        source = directory / f"{lang}.json"
        if not source.exists():
            raise SystemExit(f"{source}: missing")
        messages = json.loads(source.read_text(encoding="utf-8"))
        catalog = read(locale)
        for key, text in messages.items():
            if key in catalog:
                catalog[key].string = text
            else:
                catalog.add(key, text)
        write(locale, catalog)
        print(f"{locale}: {len(messages)} message(s) imported from {source}")
    compile_all()


def placeholders_fit(key: str, text: str, english: str) -> bool:
    """A translation names the placeholders English names. A finding ("reason." ids) may leave out
    an English-only detail and name the original-script variant of a value ("measure_zh" for
    "measure"), which the engine passes beside it."""
    if not key.startswith(ORIGINAL_SCRIPT_PREFIXES):
        return sorted(fields(text)) == sorted(fields(english))
    allowed = set(fields(english))
    return set(fields(text)) <= allowed | {f"{name}_zh" for name in allowed}


def problems() -> list[str]:
    found = []
    catalogs = {locale: read(locale) for locale in LOCALES.values()}
    english = catalogs["en"]
    wanted = {m.id for m in english if m.id} | used_ids()
    for locale, catalog in catalogs.items():
        for key in sorted(wanted):
            message = catalog.get(key)
            if message is None:
                found.append(f"{locale}: missing {key!r}")
            elif not message.string:
                found.append(f"{locale}: empty {key!r}")
            elif locale != "en" and english.get(key) is not None and english[key].string and not placeholders_fit(
                key, message.string, english[key].string
            ):
                found.append(f"{locale}: {key!r} names {fields(message.string)}, English names {fields(english[key].string)}")
        mo = po_path(locale).with_suffix(".mo")
        if not mo.exists() or _mo_messages(mo.read_bytes()) != _mo_messages(mo_bytes(catalog)):
            found.append(f"{locale}: {_shown(mo)} is stale: run `python scripts/i18n.py compile`")
    return found


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("extract", "import-json", "check", "compile"):
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[0]
    if command == "extract":
        extract()
    elif command == "import-json":
        if len(argv) != 2:
            print("usage: i18n.py import-json DIR", file=sys.stderr)
            return 2
        import_json(Path(argv[1]))
    elif command == "compile":
        compile_all()
    else:
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        if found:
            print(f"{len(found)} problem(s)", file=sys.stderr)
            return 1
        print("every catalogue has every message")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
