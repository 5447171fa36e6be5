"""Legal forms recognised with typos (scaled to a word's length) in every script, and names
that are nothing but legal forms and generic words."""

from __future__ import annotations

import pytest

from dualuse.screening.normalise.legal import form_agreement, form_edits, is_generic, is_generic_cjk, is_generic_key, strip_cjk_forms, strip_form_before_of, strip_latin_forms
from dualuse.screening.normalise.readings import to_simplified
from dualuse.screening.normalise.text import clean, latin_tokens, token_key

MISSPELT = [
    ("LIMITED LIABILUITY COMPANY KSK LTD", ["ksk"]),  # inserted letter
    ("LMIITED LIABILITY COMPANY VERUS", ["verus"]),  # swapped letters
    ("VELESSTROI LIMITED LIABILITY COMPEANY", ["velesstroi"]),
    ("ATLAS COMPAMNY LIMITED", ["atlas"]),
    ("Dexias Corporaton", ["dexias"]),  # dropped letter
    ("Acme Incorproated", ["acme"]),
    ("Acme Inocrporatde", ["acme"]),  # two typos in a twelve-letter word
]


@pytest.mark.parametrize(("name", "core"), MISSPELT)
def test_a_misspelt_legal_form_is_still_set_aside(name, core):
    assert strip_latin_forms(latin_tokens(name))[0] == core


NOT_FORMS = [
    ("ALPHA CORE", ["alpha", "core"]),  # CORE is one letter from CORP: short words only as written
    ("Nova Cooperation", ["nova", "cooperation"]),  # two edits from CORPORATION
    ("Generali", ["generali"]),
    ("Acme Lmt", ["acme", "lmt"]),
]


@pytest.mark.parametrize(("name", "core"), NOT_FORMS)
def test_words_near_short_forms_stay_in_the_name(name, core):
    assert strip_latin_forms(latin_tokens(name))[0] == core


def test_typos_allowed_grow_with_the_word():
    assert [form_edits(n) for n in (2, 4, 5, 7, 11, 12, 15)] == [0, 0, 1, 1, 1, 2, 2]


CJK_MISSPELT = [
    ("三菱股份有限公可", "三菱"),  # one character wrong in a six-character form
    ("ソニーコーポレーシヨン", "ソニー"),  # katakana, one kana wrong
    ("三菱有限责任公司", "三菱"),  # as written: the exact form, not a one-edit window inside it
    ("株式会社三菱", "三菱"),
    ("拜耳股份公司", "拜耳"),  # a joint-stock company (Bayer AG): 股份 is no word of the name
    ("瓦克化学股份公司", "瓦克化学"),
]


@pytest.mark.parametrize(("name", "core"), CJK_MISSPELT)
def test_a_misspelt_cjk_or_katakana_form_is_set_aside(name, core):
    assert strip_cjk_forms(to_simplified(clean(name)))[0] == core


@pytest.mark.parametrize("name", ["LIMITED", "LLC", "Company Limited", "Trading Co., Ltd.", "Limited Liability Company", "Holdings Group Inc", "K.K."])
def test_latin_names_of_nothing_but_forms_and_generic_words(name):
    assert is_generic(latin_tokens(name))


# a name of nothing but forms some of which are misspelt or short may be a name: COMANY Inc. is a company
@pytest.mark.parametrize("name", ["NTS", "Acme Limited", "Trading Bay Ltd", "Generali", "COMANY INC.", "AB&Company Co.,Ltd.", "The Global Ltd."])
def test_latin_names_with_a_distinctive_word(name):
    assert not is_generic(latin_tokens(name))


def test_cjk_names_of_nothing_but_forms():
    assert is_generic_cjk("有限公司") and is_generic_cjk("株式会社") and is_generic_cjk("カンパニー")
    assert not is_generic_cjk("神社") and not is_generic_cjk("三菱有限公司")


@pytest.mark.parametrize(
    ("name", "core", "forms"),
    [
        ("Aviation Industry Corporation of China", "Aviation Industry of China", ["corporation"]),
        ("COMMERCIAL AIRCRAFT CORPORATION OF CHINA, LTD.", "COMMERCIAL AIRCRAFT OF CHINA, LTD.", ["corporation"]),
        ("Acme Inc. of Delaware", "Acme of Delaware", ["inc"]),
        ("Bank of China", "Bank of China", []),  # no form
        ("Corporation of America", "Corporation of America", []),  # nothing of the name before it: the edges decide
        ("Smith Co. of Texas", "Smith Co. of Texas", []),  # a form this short may be a word of the name
        ("Institute of Technology", "Institute of Technology", []),
    ],
)
def test_a_form_before_of_and_a_place_is_set_aside(name, core, forms):
    """English writes a company's form before "of" and the place (Aviation Industry Corporation of
    China): it is the name's legal form there too, not a word of it."""
    text, removed = strip_form_before_of(name)
    assert " ".join(text.split()) == core and removed == forms


@pytest.mark.parametrize(
    ("forms", "other", "agreement"),
    [
        (["株式会社", "コーポレーション"], ["corporation"], 1),  # コーポレーション is a corporation
        (["corporation"], ["株式会社", "コーポレーション"], 1),
        (["co ltd"], ["株式会社", "コーポレーション"], -1),  # each writes an English kind, not the other's
        (["co ltd"], ["株式会社"], 0),
        (["株式会社"], ["corporation"], 0),  # 株式会社 says nothing of how English writes the form
        (["株式会社"], [], 0),
        (["co ltd"], ["company limited"], 1),  # two spellings of one kind
    ],
)
def test_legal_forms_agree_by_kind(forms, other, agreement):
    assert form_agreement(forms, other) == agreement


def test_a_generic_word_is_known_by_its_matching_key_too():
    """A translation's keys are folded (`token_key`: "group" is "grop"): a CJK word translated
    "group" or "industry" is known generic by them (features._generic)."""
    assert is_generic_key(token_key("group")) and is_generic_key(token_key("industry")) and is_generic_key(token_key("trading"))
    assert not is_generic_key(token_key("chemical")) and not is_generic_key("group ")
