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
