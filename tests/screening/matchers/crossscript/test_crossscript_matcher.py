"""The cross-script matcher's behaviour, as a table: query, list entries, expected band/rank.

Names are real parties (MOFCOM's 2026 listings of Japanese entities, EDINET companies); the
list in each case is small, so the table says what the features and bands do, not what
retrieval on a large list does (benchmarks/screening_speed.py measures that).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.errors import UnknownMatcher
from dualuse.screening.matchers import get_matcher
from dualuse.screening.matchers.crossscript import CrossScriptMatcher
from dualuse.screening.matchers.crossscript.forms import name_form
from dualuse.screening.matchers.crossscript.labels import DICTIONARY
from dualuse.screening.normalise.text import token_key
from dualuse.vocabulary import Band

LIST = [
    ("mhi-ms", ["Mitsubishi Heavy Industries Maritime Systems, Ltd."], "JP"),
    ("mhi-ae", ["三菱重工航空发动机株式会社"], "JP"),
    ("tdk", ["TDK Corporation"], "JP"),
    ("sona", ["Sona"], "IN"),
    ("kawasaki-as", ["Kawasaki Heavy Industries Aerospace Systems Company"], "JP"),
    ("jmu", ["Japan Marine United Corporation", "JMU"], "JP"),
    ("subaru", ["SUBARU Corporation"], "JP"),
    ("fujitsu-dns", ["富士通防卫与国家安全株式会社"], "JP"),
    ("nda", ["National Defense Academy of Japan"], "JP"),
    ("sakata", ["SAKATA SEED CORPORATION"], "JP"),
    ("yukiguni", ["YUKIGUNI FACTORY CO.,LTD."], "JP"),
    ("ijet", ["I JET GLOBAL DMCC", "iJet Aviation Services"], "AE"),
    ("lockheed", ["Lockheed Martin Corporation", "洛克希德·马丁公司"], "US"),
    ("adam-king", ["亚当·金"], "US"),
    ("tdk-us", ["TDK U.S.A. Corporation", "TDK"], "US"),
]

# query, country, expected entity at rank 1 (None: no rank-1 expectation), allowed bands for it
CASES = [
    ("三菱重工海事系统株式会社", "JP", "mhi-ms", {Band.HIT}),
    ("三菱重工マリタイムシステムズ", "JP", "mhi-ms", {Band.HIT}),
    ("Mitsubishi Heavy Industries Aero Engines, Ltd.", "JP", "mhi-ae", {Band.HIT}),
    ("三菱重工航空發動機株式會社", "JP", "mhi-ae", {Band.HIT}),  # traditional characters
    ("ＴＤＫ株式会社", "JP", "tdk", {Band.HIT}),  # full width
    ("tdk corp", None, "tdk", {Band.HIT}),
    ("川崎重工航空宇宙系统公司", "JP", "kawasaki-as", {Band.HIT, Band.REVIEW}),
    ("Fujitsu Defense & National Security, Ltd.", "JP", "fujitsu-dns", {Band.HIT, Band.REVIEW}),
    ("株式会社　サカタのタネ", "JP", "sakata", {Band.HIT, Band.REVIEW}),
    ("ユキグニファクトリー株式会社", "JP", "yukiguni", {Band.HIT, Band.REVIEW}),
    ("アイ・ジェット・グローバル DMCC", None, "ijet", {Band.HIT, Band.REVIEW}),
    ("洛克希德马丁公司", "US", "lockheed", {Band.HIT}),
]


def matcher_of(parties, lexicon=None) -> CrossScriptMatcher:
    """A matcher over (id, name or names, country) parties."""
    entities = [ScreenedEntity(i, tuple(ScreenedName(n) for n in ((names,) if isinstance(names, str) else names)), c) for i, names, c in parties]
    return CrossScriptMatcher(entities, lexicon)


@pytest.fixture(scope="module")
def matcher(words) -> CrossScriptMatcher:
    return matcher_of(LIST, words)  # translates 重工, 海事... (words.py)


@pytest.mark.parametrize(("query", "country", "expected", "bands"), CASES)
def test_finds_the_party_across_scripts(matcher, query, country, expected, bands):
    matches = matcher.match(query, country, top=3)
    assert matches[0].entity_id == expected, matches[0].explanation
    assert matches[0].band in bands, matches[0].explanation


# query, country, entity that must not be a hit
NOT_HITS = [
    ("三菱重工業", "JP", "mhi-ae"),  # the parent is not its listed subsidiary
    ("三菱重工業株式会社", "JP", "mhi-ms"),
    ("Mitsubishi Heavy Industries, Ltd.", "JP", "mhi-ae"),
    ("Sony", "JP", "sona"),  # a short name one letter away is another company
    ("Sony Group Corporation", "JP", "sona"),
    ("富士通株式会社", "JP", "fujitsu-dns"),  # Fujitsu is not Fujitsu Defense & National Security
    ("Japan Aerospace Exploration Agency", "JP", "nda"),
    ("Subaru Enterprise Co., Ltd.", "JP", "subaru"),
    ("Tokin Corporation", "JP", "adam-king"),  # to (kakasi) + kin (cutlet) is no reading of 亚当·金
    ("TDK Corporation", "JP", "tdk-us"),  # same name, other country: review, not hit
]


@pytest.mark.parametrize(("query", "country", "entity"), NOT_HITS)
def test_related_or_similar_names_are_never_a_hit(matcher, query, country, entity):
    bands = {m.entity_id: m.band for m in matcher.match(query, country, top=len(LIST))}
    assert bands.get(entity, Band.CLEAR) is not Band.HIT


def test_parent_of_a_listed_subsidiary_is_flagged_for_review(matcher):
    bands = {m.entity_id: m.band for m in matcher.match("三菱重工業", "JP", top=5)}
    assert bands["mhi-ae"] is Band.REVIEW


def test_every_match_explains_itself(matcher):
    match = matcher.match("三菱重工海事系统株式会社", "JP", top=1)[0]
    assert match.matched_name == "Mitsubishi Heavy Industries Maritime Systems, Ltd."
    assert {f.feature for f in match.features} >= {"token_overlap", "edit_similarity", "country_agreement"}
    assert "海事 (translated) = maritime" in match.explanation and "token_overlap=1.00" in match.explanation


def test_the_answer_names_the_party_and_the_alias_that_met(matcher):
    """matched_name is the listed party's own (first) name; the alias that met is beside it."""
    match = matcher.match("洛克希德·马丁公司", "US", top=1)[0]
    assert (match.entity_id, match.matched_name, match.matched_alias) == ("lockheed", "Lockheed Martin Corporation", "洛克希德·马丁公司")
    match = matcher.match("JMU", "JP", top=1)[0]
    assert (match.matched_name, match.matched_alias) == ("Japan Marine United Corporation", "JMU")


def test_explanations_say_in_words_what_met_never_the_machine_keys(matcher):
    """A folded comparison key ("serf" for self, "heabi" for heavy) is for the matcher only."""
    match = matcher_of([("jsdf", ("JSDF", "Japan Self-Defense Forces"), "JP")]).match("JAPAN SELF DEFENCE FORCE", "JP", top=1)[0]
    assert match.matched_name == "JSDF" and match.matched_alias == "Japan Self-Defense Forces"
    assert "Words that met: japan (the same writing); self (the same writing)" in match.explanation
    assert "serf" not in match.explanation and "~" not in match.explanation
    match = matcher.match("三菱重工マリタイムシステムズ", "JP", top=1)[0]
    assert "三菱 (read in Japanese) = mitsubishi" in match.explanation
    assert "heabi" not in match.explanation


@pytest.mark.parametrize("query", ["", "   ", "株式会社", "Co., Ltd.", "\x00\x01", "あ" * 10_000, "x" * 10_000, "🙂🙂"])
def test_odd_input_gives_a_result_not_a_crash(matcher, query):
    matches = matcher.match(query, None, top=3)
    assert len(matches) <= 3
    assert all(m.band in Band for m in matches)


def test_an_empty_list_matches_nothing():
    assert CrossScriptMatcher([]).match("TDK", "JP") == []


def test_registry_names_it_best():
    assert get_matcher("best") is CrossScriptMatcher
    assert get_matcher("crossscript") is CrossScriptMatcher
    with pytest.raises(UnknownMatcher, match="known: best, crossscript, normalised"):
        get_matcher("nonesuch")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200), st.one_of(st.none(), st.sampled_from(["JP", "CN", "jp", ""])))
def test_any_text_screens_without_error(matcher, name, country):
    for match in matcher.match(name, country, top=3):
        assert 0.0 <= match.score <= 1.0 and match.explanation


TRANSCRIBED = [
    ("sun-tectro", ["三泰克托株式会社"], "JP"),  # a Chinese transcription of Sun Tectro
    ("nissin", ["日新电机株式会社"], "JP"),
    ("yashima", ["八洲电机株式会社"], "JP"),
    ("tdk", ["TDK Corporation"], "JP"),
]


def test_a_name_with_no_word_in_common_is_compared_whole_under_its_closest_reading():
    matcher = matcher_of(TRANSCRIBED)
    best = matcher.match("Sun Tectro Co., Ltd.", "JP")[0]
    assert best.entity_id == "sun-tectro"
    assert "santaiketuo" in best.explanation  # the pinyin, not the Japanese reading "san thairand katsu taku"
    assert best.band is Band.CLEAR  # sound alone is no evidence for a person to act on


def test_retrieval_looks_deeper_only_when_nothing_retrieved_shares_a_word(monkeypatch):
    from dualuse.screening.matchers.crossscript import RETRIEVAL

    matcher = matcher_of(TRANSCRIBED)
    asked: list[int] = []
    search = matcher._index.search
    monkeypatch.setattr(matcher._index, "search", lambda forms, k: asked.append(k) or search(forms, k))
    matcher.match("TDK株式会社", "JP")
    assert asked == [RETRIEVAL.candidates]
    asked.clear()
    matcher.match("Sun Tectro Co., Ltd.", "JP")
    assert asked == [RETRIEVAL.candidates, RETRIEVAL.deeper_candidates]


def test_a_kept_matcher_is_left_out_of_full_collections_and_still_answers():
    import gc

    from dualuse.screening.matchers import keep

    built = matcher_of([("tdk", "TDK Corporation", "JP")])
    try:
        assert keep(built) is built
        assert gc.get_freeze_count() > 0
        assert built.match("ＴＤＫ株式会社", "JP")[0].entity_id == "tdk"
    finally:
        gc.unfreeze()


def test_a_name_no_reader_can_spell_is_compared_without_a_crash():
    # 繐 simplifies to 𰬸 (CJK extension G): no reading, so its form has CJK but no slots
    matcher = matcher_of([("g", "𰬸株式会社", "JP"), ("tdk", "TDK", "JP")])
    assert matcher.match("繐株式会社", "JP")[0].entity_id == "g"


def test_a_chinese_name_is_met_by_the_meanings_of_its_characters():
    """Red Cat Holdings and the Ministry of Defense, as MOFCOM and the bundled lists write them in
    Chinese (红猫控股公司, 防卫省): no dictionary word spells 红猫 or 省, their characters do. The
    explanation says so."""
    parties = [
        ("red-cat", "Red Cat Holdings, Inc.", "US"),
        ("dedrone", "Dedrone Holdings Inc.", "US"),
        ("mod", "Ministry of Defense", "JP"),
        ("jsdf", "Japan Self-Defense Forces", "JP"),
    ]
    matcher = matcher_of(parties)
    best = matcher.match("红猫控股公司", "US", top=2)[0]
    assert best.entity_id == "red-cat"
    assert "spelt by the meanings of its characters" in best.explanation
    assert matcher.match("防卫省", "JP", top=2)[0].entity_id == "mod"


def test_a_chinese_name_meets_the_adjective_its_english_name_says():
    """中国伊斯兰教协会 is "China Islam association" word for word and the Chinese Islamic
    Association in English: WordNet's adjective of China meets it, and the match is a hit (a
    review at 0.65 without the thesaurus), over the other bodies that share its words."""
    parties = [
        ("islamic", "Chinese Islamic Association", "CN"),
        ("affairs", "China Islamic Affairs Office", "CN"),
        ("science", "China Association for Science", "CN"),
    ]
    best, *others = matcher_of(parties).match("中国伊斯兰教协会", "CN", top=3)
    assert best.entity_id == "islamic" and best.band is Band.HIT
    assert "as its adjective" in best.explanation and all(other.band is not Band.HIT for other in others)


def test_the_pinyin_of_a_word_of_meaning_meets_only_exactly():
    """航空 "aviation" is hangkong in pinyin, one letter from Hong Kong: a word the dictionaries
    translate says nothing by its sound's near misses, so China Airlines' Chinese name is not
    the Chinese University of Hong Kong (before, that university came first, 航空 = hong kong).
    Its pinyin still meets exactly: 交通 is the Jiaotong of Dalian Jiaotong University."""
    parties = [
        ("airline", "China Airlines", "TW"),
        ("cuhk", "Chinese University of Hong Kong", "HK"),
        ("djtu", "Dalian Jiaotong University", "CN"),
        ("dut", "Dalian University of Technology", "CN"),
    ]
    matcher = matcher_of(parties)
    found = matcher.match("中华航空公司", None, top=4)
    assert found[0].entity_id == "airline"
    assert all("hong kong" not in match.explanation for match in found)
    jiaotong = matcher.match("大连交通大学", "CN", top=1)[0]
    assert jiaotong.entity_id == "djtu" and "交通 (read in Chinese (pinyin)) = jiaotong" in jiaotong.explanation


def test_a_place_named_in_pinyin_is_a_word_of_the_name():
    """南京 is a word (CC-CEDICT's place named in its own pinyin), so 南京理工大学 divides into
    南京 | 理工大学 and Nanjing meets the city alone. Before, 南京理工 was one piece read
    whole, and the two universities of Nanjing were met alike. 理工大学 is CC-CEDICT's
    "University of Science and Engineering", a name's "of" and "and" not counted among its words."""
    parties = [
        ("nust", "Nanjing University of Science and Technology", "CN"),
        ("nju", "Nanjing University", "CN"),
    ]
    words = name_form("南京理工大学")  # JMnedict also names it whole (`name_forms`), so the words are looked at in their own form
    assert [slot.text for slot in words.slots] == ["南京", "理工大学"]
    assert tuple(token_key(word) for word in ("university", "science", "engineering")) in [alternative.keys for alternative in words.slots[1].alternatives if alternative.label == DICTIONARY]
    assert matcher_of(parties).match("南京理工大学", "CN", top=2)[0].entity_id == "nust"


def test_a_japanese_name_and_its_trade_word_with_a_suffix_meet_as_two_words():
    """北村鐵工所: the name 北村 and the trade word 鐵工所 (鐵工 + the suffix 所) are two words, so
    Kitamura meets the name and "iron works" the trade, over a Kitamura of another trade and
    another company's ironworks read aloud (before, the piece was one word and came third)."""
    parties = [
        ("iron", "Kitamura Iron Works Co.,Ltd.", "JP"),
        ("kosaku", "Kitamura Kosakusho Co., Ltd.", "JP"),
        ("hayashi", "Hayashi Tekkosho Co., Ltd.", "JP"),
    ]
    best = matcher_of(parties).match("株式会社北村鐵工所", "JP", top=3)[0]
    assert best.entity_id == "iron"
    assert "北村 (read in Japanese) = kitamura" in best.explanation and "= iron works" in best.explanation


def test_explanations_name_the_words_in_the_order_of_the_name_screened(matcher):
    """Whatever order the aligner met them in (best pairs first), a reader follows the name."""
    explanation = matcher.match("三菱重工マリタイムシステムズ", "JP", top=1)[0].explanation
    words = [explanation.index(word) for word in ("三菱 (", "重工 (", "マリタイムシステムズ (")]
    assert words == sorted(words)
