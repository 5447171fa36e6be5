"""Name forms: dictionary glosses beside readings, glued words set apart, 社 read as -sha."""

from __future__ import annotations

import pytest

from dualuse.screening.lexicon import Lexicon, LexiconEntry, default_lexicon
from dualuse.screening.matchers.crossscript.labels import CUTLET, DICTIONARY, FOREIGN, LATIN, MEANINGS, NAMED, PINYIN, SOUND, SYNONYM, TRANSLATION, WORD_PINYIN
from dualuse.screening.matchers.crossscript.forms import SYNONYM_ALTERNATIVES, Alternative, _synonym_alternatives, glue_words, name_form, name_forms, names_no_one, unglued, written_variants
from dualuse.screening.normalise.text import token_key



def alternatives(written: str, label: str | None = None) -> list[tuple[str, ...]]:
    form = name_form(written)
    return [alt.keys for slot in form.slots for alt in slot.alternatives if label is None or alt.label == label]


def test_a_piece_the_lexicon_does_not_know_is_glossed_by_the_dictionary_beside_its_readings():
    form = name_form("株式会社遠藤照明")  # ENDO Lighting Corporation: a name, then a word of what it does
    assert [slot.text for slot in form.slots] == ["远藤", "照明"]
    name, word = form.slots
    assert ("endo",) in [alt.keys for alt in name.alternatives if alt.label == "cutlet"]
    assert (token_key("lighting"),) in [alt.keys for alt in word.alternatives if alt.label == "dictionary"]
    assert ("shomei",) in [alt.keys for alt in word.alternatives if alt.label == "cutlet"]  # its reading stays


def test_a_rendering_of_a_foreign_name_stays_whole_even_with_a_dictionary_word_in_it():
    form = name_form("斯凯迪奥公司")  # Skydio: 斯凯 | 迪奥 "Dior" would spell neither
    assert [slot.text for slot in form.slots] == ["斯凯迪奥"]


@pytest.mark.parametrize(
    ("written", "slots"),
    [
        ("艾默生电气公司", ["艾默生", "电气"]),  # Emerson Electric: the rendering, then a word of meaning
        ("瓦克化学股份公司", ["瓦克", "化学"]),  # Wacker Chemie
        ("卡特彼勒公司", ["卡特彼勒"]),  # Caterpillar: 卡特 "Carter" is written in transliteration characters too
        ("巴斯夫欧洲公司", ["巴斯夫欧洲"]),  # so is 欧洲 "Europe": the rendering's alternatives read it
    ],
)
def test_a_rendering_is_set_apart_from_a_word_of_meaning_written_otherwise(written, slots):
    assert [slot.text for slot in name_form(written).slots] == slots


def test_a_glossed_piece_stays_one_slot_so_its_whole_reading_still_counts():
    form = name_form("株式会社大真空")  # DAISHINKU CORP., not "dai vacuum"
    assert len(form.slots) == 1
    assert ("daishinku",) in [alt.keys for alt in form.slots[0].alternatives]


def test_dictionary_words_never_become_descriptors():
    lexicon = default_lexicon()
    assert "radio" not in lexicon.translation_keys  # 無線 is glossed "radio", but Japan Radio keeps its weight
    assert token_key("industries") in lexicon.translation_keys
    assert not any(slot.descriptor for slot in name_form("日本無線株式会社").slots if slot.text == "无线")


def test_the_lexicon_explains_first_and_the_dictionary_only_glosses_what_is_left():
    entries = [
        LexiconEntry("工业", ("industry",), "translation", "test"),
        LexiconEntry("工业", ("engineering",), "dictionary", "test"),  # the lexicon's own term: ignored
        LexiconEntry("照明", ("lighting",), "dictionary", "test"),
    ]
    lexicon = Lexicon(entries)
    assert [s.text for s in lexicon.segment("远藤照明工业")] == ["远藤照明", "工业"]
    assert [(s.text, bool(s.entries)) for s in lexicon.glosses("远藤照明")] == [("远藤", False), ("照明", True)]
    assert lexicon.glosses("远藤") == []
    assert [e.translation for e in lexicon.lookup("工業")] == [("industry",)]


@pytest.mark.parametrize(
    ("written", "apart"),
    [
        ("WonderCorporation", "Wonder Corporation"),
        ("AltPlusInc.", "Alt Plus Inc."),
        ("KITAZAWASANGYOco.,ltd.", "KITAZAWA SANGYO co.,ltd."),
        ("THE NAGANOBANK,LTD.", "THE NAGANO BANK,LTD."),  # a lexicon word glued to the end
        ("FUMAKILLALIMITED", "FUMAKILLA LIMITED"),  # a legal form glued to the end
        ("LEOPALACE21CORPORATION", "LEOPALACE 21 CORPORATION"),
        ("izumico.,ltd", "izumi co.,ltd"),
        ("McDonald", None),
        ("iPhone", None),
        ("TDK", None),
        ("BANK", None),  # nothing left in front of the word
        ("三菱重工業株式会社", None),
    ],
)
def test_glued_words_are_set_apart(words, written, apart):
    assert unglued(written, glue_words(words)) == apart


def test_the_name_as_written_is_always_matched_too():
    variants = written_variants("CellSource Co.,Ltd.", glue_words(default_lexicon()))
    assert variants == ["CellSource Co.,Ltd.", "Cell Source Co.,Ltd."]  # セルソース is one katakana word


def test_a_name_ending_in_sha_is_also_read_with_it():
    assert ("taikisha",) in alternatives("株式会社大気社")  # TAIKISHA LTD.
    assert ("taiki",) in alternatives("株式会社大気社")
    assert name_form("株式会社大気社").legal_forms == ("株式会社", "社")
    assert not any("sha" in key for keys in alternatives("大気") for key in keys)


def test_katakana_mecab_reads_as_one_word_is_also_read_word_by_word():
    # MeCab does not know サワイ and reads the run before the generic word ホールディングス (split
    # off: `_katakana_words`) as one word; the dictionary knows グループ
    assert ("sawaigurupu",) in alternatives("サワイグループホールディングス株式会社", "cutlet")
    split = alternatives("サワイグループホールディングス株式会社", "loanword")
    assert any(keys[:2] == ("sawai", "grup") for keys in split)  # SAWAI GROUP HOLDINGS


def test_katakana_mecab_already_split_is_left_as_it_is():
    assert alternatives("アクセルマーク株式会社", "dictionary") == []  # AXEL MARK: akuseru | maku


def test_whole_name_spellings_come_in_a_fixed_order():
    from dualuse.screening.matchers.crossscript.features import _spellings

    spellings = _spellings(name_form("三泰克托株式会社"))
    assert spellings[0] == "".join(name_form("三泰克托株式会社").slots[0].alternatives[0].keys)
    assert "santaiketuo" in spellings and len(spellings) == len(set(spellings))


def test_a_words_pinyin_is_pinyin_in_a_name_read_whole():
    """A name compared whole is spelt in one kind of reading throughout: 南京晓庄学院 in pinyin
    joins the `word_pinyin` of 南京 and 学院 (words the dictionary translates) with the pinyin of
    晓庄 (no word of it), not the pinyin of 晓庄 with the other words' first spellings."""
    from dualuse.screening.matchers.crossscript.features import _spellings

    form = name_form("南京晓庄学院")
    assert [slot.text for slot in form.slots] == ["南京", "晓庄", "学院"]
    labels = [{alt.label for alt in slot.alternatives} for slot in form.slots]
    assert WORD_PINYIN in labels[0] and PINYIN in labels[1] and WORD_PINYIN in labels[2]
    whole = "".join("".join(next(alt for alt in slot.alternatives if alt.label in (PINYIN, WORD_PINYIN)).keys) for slot in form.slots)
    assert whole in _spellings(form)


def test_a_chinese_name_is_read_in_mandarin_words_and_as_a_transcription():
    """哈尔滨 is one pinyin word (Harbin), not "haer bin", and, as CC-CEDICT translates the word,
    a pinyin that meets only exactly (`WORD_PINYIN`); a piece CC-CEDICT lacks is read as the
    foreign name it transcribes, a word of its own beside the word of meaning after it."""
    assert token_key("haerbin") in [keys[0] for keys in alternatives("哈尔滨航空大学", WORD_PINYIN)]
    assert alternatives("哈尔滨航空大学", PINYIN) == []
    form = name_form("格鲁曼航空公司")
    assert [slot.text for slot in form.slots] == ["格鲁曼", "航空"]
    rendering, word = form.slots
    assert (token_key("gruman"),) in [alt.keys for alt in rendering.alternatives if alt.label in (SOUND, FOREIGN)]
    assert (token_key("aviation"),) in [alt.keys for alt in word.alternatives if alt.label == DICTIONARY]


def test_a_reading_mecab_makes_of_part_of_a_chinese_piece_is_no_reading_of_it():
    """MeCab reads 卡特彼勒 (Caterpillar) "?? kare ?": only 彼, as "kare", which met Care
    Service whole. In a name that may be Chinese such a reading is dropped; a piece MeCab reads
    whole keeps it, and so does a Japanese name (a Japanese company form: not Chinese)."""
    assert CUTLET not in labels("卡特彼勒公司")
    assert token_key("kare") not in [keys[0] for keys in alternatives("卡特彼勒公司")]
    assert CUTLET in labels("髙島屋") and CUTLET in labels("三菱重工业公司")
    assert CUTLET in labels("卡特彼勒株式会社")


def labels(written: str) -> set[str]:
    return {alt.label for slot in name_form(written).slots for alt in slot.alternatives}


@pytest.mark.parametrize("written", ["トヨタ自動車", "日本海洋联合株式会社"])
def test_a_name_with_kana_or_a_japanese_company_form_is_not_read_in_mandarin(written):
    assert alternatives(written, SOUND) == [] and alternatives(written, FOREIGN) == []
    assert not any(len(keys) == 1 and keys[0] == token_key("zidongche") for keys in alternatives(written, PINYIN))


def meant(*words: str) -> tuple[str, ...]:
    return tuple(token_key(word) for word in words)


def test_a_short_piece_no_dictionary_word_explains_is_spelt_by_its_characters_meanings():
    """红猫 is no dictionary word; CC-CEDICT's meanings of 红 and 猫 spell Red Cat, and the 省 of
    防卫省 is ministry (Ministry of Defense). The readings stay first and stay alternatives."""
    assert meant("red", "cat") in alternatives("红猫控股公司", MEANINGS)
    assert meant("ministry") in alternatives("防卫省", MEANINGS)
    assert alternatives("红猫控股公司", MEANINGS) == alternatives("紅貓控股公司", MEANINGS)  # traditional
    first = name_form("红猫控股公司").slots[0].alternatives[0]
    assert first.label != MEANINGS


@pytest.mark.parametrize("written", ["前澤工業株式会社", "トヨタ自動車", "斯凯迪奥公司", "Red Cat"])
def test_characters_meanings_only_for_a_short_piece_of_a_name_that_may_be_chinese(written):
    """A Japanese company's characters mean what they mean in Japanese (前澤 is no "front pond"),
    a longer unknown piece is a name or a transcription (斯凯迪奥 Skydio), Latin has no characters."""
    assert alternatives(written, MEANINGS) == []


def test_a_japanese_company_written_in_simplified_chinese_is_glossed_in_chinese_first():
    """日野汽车 is how a Chinese text writes 日野自動車 (Hino Motors): 汽车 is a car there, not
    the steam train JMdict's 汽車 is; a name in Japanese script keeps JMdict's sense first."""
    assert alternatives("日野汽车株式会社", DICTIONARY)[0] == meant("car")
    assert alternatives("汽車のまち", DICTIONARY)[0] == meant("train")  # kana: Japanese, JMdict's sense


def test_a_simplified_character_between_glossed_words_is_also_read_through_its_other_japanese_form():
    """冲 is the simplified form of 衝 (s2t's choice, "sho") and of 沖 (Oki): 冲电气工业 is OKI
    Electric Industry, its name read through 沖 and its trade glossed. A name in Japanese script
    has no other form to read."""
    glossed = alternatives("冲电气工业株式会社", DICTIONARY)
    assert meant("sho", "electricity", "industry") in glossed  # s2t's form first, as before
    assert meant("oki", "electric", "industry") in glossed
    assert not any(keys[0] == meant("oki")[0] for keys in alternatives("衝電気工業株式会社", DICTIONARY))


def test_a_translated_word_is_also_spelt_as_its_adjective_and_a_body_in_its_synonyms():
    """WordNet's adjective of a noun (中国 China → Chinese, 工业 industry → industrial: the Chinese
    Islamic Association, an Industrial Corporation) and a body's synonyms (bureau → agency),
    after the dictionary's own words, adjectives before synonyms, at most `SYNONYM_ALTERNATIVES`."""
    assert meant("chinese") in alternatives("中国伊斯兰教协会", SYNONYM)
    assert meant("industrial") in alternatives("中国航天工业公司", SYNONYM)
    slot = name_form("中国伊斯兰教协会").slots[0]
    labels = [alternative.label for alternative in slot.alternatives]
    assert labels.index(SYNONYM) > labels.index(DICTIONARY)
    found = _synonym_alternatives([Alternative(meant("state", "bureau"), DICTIONARY), Alternative(meant("nation"), LATIN)])
    assert [alternative.keys for alternative in found] == [meant("state", "agency"), meant("state", "office")]
    assert all(alternative.label == SYNONYM for alternative in found)  # nation as written: a Latin word keeps its words
    many = _synonym_alternatives([Alternative(meant(word), TRANSLATION) for word in ("bureau", "committee", "nation", "china")])
    assert len(many) == SYNONYM_ALTERNATIVES and many[0].keys == meant("national")  # adjectives first


def test_a_latin_name_keeps_its_own_words():
    """The thesaurus spells translations: an English name is compared as it is written."""
    assert alternatives("China National Pharmaceutical Bureau", SYNONYM) == []


def test_a_last_character_the_dictionary_lacks_is_the_suffix_of_the_word_before_it():
    """北村製作所 is a name and its trade word with the suffix 所 (製作 "manufacture" + 所: works):
    two words, so KITAMURA MFG. meets the name as a word; a one-character part elsewhere still
    keeps a piece whole (大真空 is DAISHINKU, not "dai vacuum")."""
    assert [slot.text for slot in name_form("株式会社北村製作所").slots] == ["北村", "制作所"]
    assert [slot.text for slot in name_form("株式会社北村鐵工所").slots] == ["北村", "铁工所"]
    assert [slot.text for slot in name_form("大真空").slots] == ["大真空"]


@pytest.mark.parametrize(
    ("written", "words", "form"),
    [
        ("Holland Dredging N.V.", ["holland", "dredging"], "nv"),
        ("Sony K.K.", ["sony"], "kk"),
        ("Vigo Photonics S.A.", ["vigo", "photonics"], "sa"),
        ("Lafert S.p.A.", ["lafert"], "spa"),  # the "a" of S.p.A. is a letter, not the article
        ("Tatra Trucks a.s.", ["tatra", "trucks"], "as"),
    ],
)
def test_a_legal_form_written_in_initials_is_set_aside(written, words, form):
    found = name_form(written)
    assert [slot.text for slot in found.slots] == words
    assert form in found.legal_forms


@pytest.mark.parametrize("written", ["S.A.", "N.V.", "S.p.A.", "a.s.", "K.K."])
def test_a_name_of_a_form_in_initials_alone_names_no_one_for_the_loader_as_for_the_matcher(written):
    """The loader's cheap check (`names_no_one`, which warns about such a list entry) reads the
    "a" of S.A. as the matcher does: a letter. It said "S.A." named someone, which the matcher
    then never compared."""
    assert name_form(written).slots == ()
    assert names_no_one(written)


def test_initials_that_are_no_form_stay_and_the_article_a_is_still_no_word():
    assert [slot.text for slot in name_form("U.M.C. Electronics").slots] == ["u m c", "electronics"]
    assert [slot.text for slot in name_form("A Better Tomorrow Inc.").slots] == ["better", "tomorrow"]


def test_a_dictionary_word_of_two_dictionary_words_is_also_spelt_by_their_glosses():
    """CC-CEDICT translates 北方工业 whole (Norinco); China North Industries Corporation names it
    word by word, 北方 north + 工业 industry. Both are spellings of the one slot."""
    form = name_form("中国北方工业公司")
    words = {slot.text: [alt.keys for alt in slot.alternatives if alt.label == DICTIONARY] for slot in form.slots}
    assert ("norinko",) in words["北方工业"]  # the whole word's gloss, first
    assert (token_key("north"), token_key("industry")) in words["北方工业"]
    assert words["北方工业"].index(("norinko",)) < words["北方工业"].index((token_key("north"), token_key("industry")))


def test_a_word_of_one_dictionary_word_and_a_character_is_not_split():
    """地震局 is 地震 + 局: one character is a word of almost every name (`MIN_DICTIONARY_WORD`)."""
    form = name_form("地震局")
    quake = next(slot for slot in form.slots if slot.text == "地震局")
    assert [alt.keys for alt in quake.alternatives if alt.label == DICTIONARY] == [(token_key("earthquake"), token_key("bureau"))]


@pytest.mark.parametrize(
    ("written", "lead", "named"),
    [
        ("防卫装备厅", (), "acquisition technology logistics agency"),  # JMdict's 防衛装備庁, in simplified Chinese
        ("防衛装備庁", (), "acquisition technology logistics agency"),  # as Japan writes it
        ("日本防卫装备厅", ("日本",), "acquisition technology logistics agency"),  # after a word the lexicon translates
        ("日本原燃株式会社", (), "japan nuclear fuel"),  # JMnedict's, legal forms aside on both sides
    ],
)
def test_a_name_the_dictionaries_give_whole_is_also_one_word_spelt_by_its_english_name(written, lead, named):
    words, whole = name_forms(written)
    assert words == name_form(written)  # the name read word by word comes first, as it was
    assert tuple(slot.text for slot in whole.slots[:-1]) == lead
    assert whole.slots[-1].alternatives[0].keys == tuple(token_key(word) for word in named.split())
    assert {alternative.label for alternative in whole.slots[-1].alternatives} == {NAMED}
    assert whole.cjk == words.cjk and whole.translatable == len(lead) + 1


@pytest.mark.parametrize(
    "written",
    [
        "三菱重工海洋机械株式会社",  # 三菱重工業 is named whole, this subsidiary is not: never a piece of a name
        "IHI原动机株式会社",  # Latin beside the CJK
        "研究所",  # a word JMdict glosses, not a name
        "日本防卫",  # a leading word and a word of two characters: a name is longer
    ],
)
def test_no_whole_name_form_for_a_name_the_dictionaries_do_not_give_whole(written):
    assert name_forms(written) == (name_form(written),)


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("サイタホールディングス株式会社", ["サイタ", "ホールディングス"]),  # SAITA CORPORATION: MeCab read it as one unknown word
        ("エクシオグループ株式会社", ["エクシオ", "グループ"]),  # EXEO Group
        ("株式会社ジェイグループホールディングス", ["ジェイグループ", "ホールディングス"]),  # the longest generic word at the end
    ],
)
def test_a_katakana_run_that_ends_in_a_generic_word_is_split_before_it(written, words):
    assert [slot.text for slot in name_form(written).slots] == words


@pytest.mark.parametrize(
    "written",
    [
        "ホールディングス株式会社",  # nothing before it: a name of generic words only
        "株式会社サービス",
        "株式会社アルチザネットワークス",  # networks is no generic word
        "株式会社バッファロー",
    ],
)
def test_a_katakana_run_without_a_name_before_a_generic_word_stays_whole(written):
    assert len(name_form(written).slots) == 1
