"""The message catalogues: complete in every language, compiled, and used through the interfaces."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dualuse import i18n
from dualuse.interfaces.web import forms, nav

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "i18n.py"


def _script():
    spec = importlib.util.spec_from_file_location("i18n_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_passes_on_the_committed_catalogues():
    run = subprocess.run([sys.executable, str(SCRIPT), "check"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    assert "every catalogue has every message" in run.stdout


def test_every_id_used_in_templates_and_code_is_in_every_catalogue():
    script = _script()
    used = script.used_ids()
    assert "decision.title" in used and "csrf.invalid" in used and "effect.LICENCE_REQUIRED" in used
    assert any(key.startswith("reason.") for key in used), "the engine's findings mark their ids with N_"
    needed = {f"role.{r}" for r in forms.ROLES} | {f"pkind.{k}" for k in forms.KINDS}
    needed |= {f"category.{c}" for c in forms.CATEGORIES} | {f"flag.{f}" for f in forms.FLAGS}
    needed |= {f"nav.{e.key}" for e in nav.entries()}
    for lang in i18n.LANGUAGES:
        missing = sorted(key for key in used | needed if not i18n.has(lang, key))
        assert not missing, (lang, missing[:20])


def test_translations_name_the_placeholders_english_names():
    script = _script()
    english = script.read("en")
    for lang, locale in i18n.LOCALES.items():
        for message in script.read(locale):
            if message.id and english.get(message.id) is not None:
                assert script.placeholders_fit(message.id, message.string, english[message.id].string), (lang, message.id)
    assert not script.placeholders_fit("decision.title", "{n}", "Decision")
    assert not script.placeholders_fit("reason.measure", "{measure_en}", "{measure}")
    assert script.placeholders_fit("reason.measure", "{measure_zh}", "{measure}; {why}")


def test_check_fails_when_a_catalogue_misses_or_empties_a_message(tmp_path, monkeypatch):
    script = _script()
    for locale in i18n.LOCALES.values():
        target = tmp_path / locale / "LC_MESSAGES"
        target.mkdir(parents=True)
        for suffix in (".po", ".mo"):
            (target / f"messages{suffix}").write_bytes(script.po_path(locale).with_suffix(suffix).read_bytes())
    monkeypatch.setattr(script, "LOCALE_DIR", tmp_path)
    assert script.problems() == []
    po = tmp_path / "ja" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgid "decision.title"')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + text[end + 2:], encoding="utf-8")
    found = script.problems()
    assert "ja: missing 'decision.title'" in found
    assert any("ja:" in line and "stale" in line for line in found)
    zh = tmp_path / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    zh.write_text(zh.read_text(encoding="utf-8").replace('msgid "check.title"\nmsgstr "交易审查"', 'msgid "check.title"\nmsgstr ""'),
                  encoding="utf-8")
    assert "zh_Hans: empty 'check.title'" in script.problems()


def test_import_json_brings_new_keys_into_every_catalogue(tmp_path, monkeypatch):
    script = _script()
    for locale in i18n.LOCALES.values():
        target = tmp_path / "locales" / locale / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "messages.po").write_bytes(script.po_path(locale).read_bytes())
    monkeypatch.setattr(script, "LOCALE_DIR", tmp_path / "locales")
    monkeypatch.setattr(script, "ROOT", tmp_path)
    source = tmp_path / "json"
    source.mkdir()
    for lang, text in {"en": "Summary", "zh": "汇总", "ja": "集計"}.items():
        (source / f"{lang}.json").write_text(json.dumps({"batch.summary_new": text}), encoding="utf-8")
    script.import_json(source)
    assert script.read("ja")["batch.summary_new"].string == "集計"
    assert script.problems() == []


@pytest.mark.parametrize(("lang", "expected"), [("en", "Licence required"), ("zh", "需要许可"), ("ja", "許可が必要")])
def test_effect_words(lang, expected):
    assert expected in i18n.translate(lang, "effect.LICENCE_REQUIRED")


EXAMPLES = sorted((ROOT / "examples" / "transactions").glob("*.json"))


@pytest.fixture(scope="module")
def decisions():
    from dualuse import decide, parse_transaction

    return [decide(parse_transaction(json.loads(p.read_text(encoding="utf-8")))).model_dump(mode="json") for p in EXAMPLES]


def test_every_finding_of_the_examples_has_its_message_filled_in_every_language(decisions):
    seen = set()
    for decision in decisions:
        for reason in decision["reasons"]:
            assert reason.get("message", "").startswith("reason."), reason
            seen.add(reason["message"])
            for lang in ("zh", "ja"):
                assert i18n.has(lang, reason["message"]), (lang, reason["message"])
                text = i18n.reason_text(reason, lang)
                assert "{" not in text and "@reason." not in text and "@list." not in text, (lang, text)
                assert text != reason["detail"], (lang, reason["rule"])
    assert len(seen) >= 5, seen


def test_the_three_catalogues_hold_the_same_ids():
    from dualuse.interfaces.web import i18n as web_i18n

    ids = {lang: set(web_i18n.catalogue(lang)) for lang in i18n.LANGUAGES}
    assert ids["en"] == ids["zh"] == ids["ja"] and len(ids["en"]) > 500


def test_every_finding_of_the_behaviour_table_is_filled_in_zh_and_ja():
    """Every scenario of tests/engine/scenarios.yaml: each reason has a message whose zh and ja
    templates are filled by the reason's own parameters (no placeholder left, no English fallback)."""
    import copy
    import re

    import yaml

    from dualuse.engine.engine import Engine
    from dualuse.transaction import parse_transaction

    table = yaml.safe_load((ROOT / "tests" / "engine" / "scenarios.yaml").read_text(encoding="utf-8"))
    step = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
    engine = Engine()
    seen = set()
    for scenario in table["scenarios"]:
        document = copy.deepcopy(table["templates"][scenario["template"]])
        for path, value in (scenario.get("set") or {}).items():
            keys = [name if name else int(index) for name, index in step.findall(path)]
            target = document
            for key in keys[:-1]:
                target = target[key]
            target[keys[-1]] = value
        decision = engine.decide(parse_transaction(document), as_of=scenario.get("as_of")).model_dump(mode="json")
        for reason in decision["reasons"]:
            assert reason.get("message"), (scenario["name"], reason["rule"])
            seen.add(reason["message"])
            for lang in ("zh", "ja"):
                template = i18n.lookup(lang, reason["message"])
                assert template, (lang, reason["message"])
                filled = template.format_map(i18n._values(lang, reason["params"]))  # KeyError: a value missing
                assert "@reason." not in filled and "@list." not in filled, (scenario["name"], lang, filled)
                assert i18n.reason_text(reason, lang) == filled
    assert len(seen) >= 15, sorted(seen)
