"""The fast paths of `token_key`, `skeleton` and `loanword_key` give what their rule tables give, rule by rule."""

import random

from dualuse.screening.normalise import text


def _by_rules(rules, value: str) -> str:
    for pattern, replacement in rules:
        value = pattern.sub(replacement, value)
    return value


def _samples(count: int = 20_000) -> list[str]:
    rng = random.Random(7)
    letters = "aeiouy" * 3 + "bcdfghjklmnpqrstvwxz" + "hhsstccooiieeuuy1"
    samples = ["", "y", "s", "ies", "oou", "ooh", "wwhh", "whf", "dzg", "ckq", "nitto", "kouki", "industries", "systems"]
    samples += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 14))) for _ in range(count)]
    return samples


def test_fast_paths_are_in_use():
    assert text._FAST_KEY and text._FAST_SKELETON


def test_fast_key_is_the_rules():
    for token in _samples():
        if token and token.isalnum():
            assert text._fast_key(token) == _by_rules(text._KEY_RULES, token), token


def test_fast_skeleton_is_the_rules():
    for key in _samples() + ["a\n\nb", "Éfwh", "x y\tzz"]:
        assert text._fast_skeleton(key) == _by_rules(text._SKELETON_RULES, key), key


def test_loanword_key_skips_only_rules_that_cannot_match():
    from dualuse.screening.normalise import readings

    rules = [(pattern, replacement) for pattern, replacement, _ in readings._LOANWORD_RULES]
    for romaji in _samples() + ["zenetekku", "esutikku", "nadekkusu", "guroobaru", "toreedingu", "fakutorii", "tei", "ddo"]:
        assert readings.loanword_key.__wrapped__(romaji) == _by_rules(rules, romaji), romaji


def test_replacement_functions_give_what_their_templates_give():
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    cases = [(r"([kgpbdt])\1[uo]$", r"\1"), (r"([td])ei", r"\1i"), (r"\b([A-Za-z]{3,})(co)(?=[.,\s]+ltd)", r"\1 \2"), (r"(x)?(y)", r"[\1\2]")]

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="kgtdeiouycoltdxy ,.", max_size=16))
    def check(value):
        for pattern, template in cases:
            compiled = re.compile(pattern)
            assert compiled.sub(text.replacement(template), value) == compiled.sub(template, value), (pattern, value)

    check()
    assert text.replacement("s") == "s"  # no group: the template itself


def test_replacement_refuses_what_it_does_not_implement():
    import pytest

    for template in (r"\g<1>", r"\n", "a\\", r"\12"):
        with pytest.raises(ValueError, match="group references"):
            text.replacement(template)


def test_run_loops_are_their_regexes():
    import re

    for value in _samples() + ["ttt", "a\n\nb", "bbbb", "aab"]:
        assert text._collapse_runs(value) == re.sub(r"(.)\1+", r"\1", value), value
        assert text._undouble_consonants(value) == re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", value), value
