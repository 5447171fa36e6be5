"""Japanese companies found from their Japanese names through `dualuse screen` (a subprocess),
against lists of English names only: the Japanese name must be read and translated."""

from __future__ import annotations

# Companies named after a place or a family, all "Industries": what a user's list of Japanese
# suppliers holds. Several share a word or a syllable with Maezawa.
NAMESAKES = [
    "Maeda", "Maekawa", "Maesaka", "Maebashi", "Kurosawa", "Nishizawa", "Kanazawa", "Fujisawa",
    "Aizawa", "Ozawa", "Takezawa", "Yonezawa", "Sawada", "Sawai", "Kawasaki", "Kawada", "Nakazawa",
    "Kumagai", "Hosokawa", "Morisawa", "Mizusawa", "Karasawa", "Shibasawa", "Hanzawa", "Omaezaki",
    "Tomizawa", "Isezawa", "Maeyama", "Maeno", "Umezawa",
]


def test_a_voiced_reading_finds_its_company_among_namesakes(screen, tmp_path):
    """`dualuse screen` as a process: MeCab reads 前澤 "maesawa"; the company writes Maezawa, as
    the second word of a Japanese name is often voiced where it joins the first (rendaku). The
    reading meets the name once compared, but among sixty companies that share its trade word
    and syllables it was never retrieved to be compared; it is now first."""
    names = [f"{name} {trade} Co.,Ltd." for name in NAMESAKES for trade in ("Industries", "Kogyo")]
    rows = [f'n{number},"{name}",JP' for number, name in enumerate(names)]
    parties = "id,name,country\n" + "\n".join(rows) + '\nmaezawa,"Maezawa Industries,Inc.",JP\n'
    best = screen(tmp_path, "前澤工業株式会社", 3, parties, country="JP")[0]
    assert best["matched_name"] == "Maezawa Industries,Inc."
    assert best["band"] in {"hit", "review"}


def test_of_namesakes_that_score_alike_the_one_whose_legal_form_the_name_writes_comes_first(screen, tmp_path):
    """`dualuse screen` as a process: フジ and FUJI meet whole either way, so both FUJI companies
    score 1.0. The query writes its form コーポレーション, a corporation: FUJI CORPORATION
    comes first. And an English name with Co., Ltd. comes first before a Japanese name that
    writes another English form (コーポレーション) than before one that writes none."""
    fujis = 'id,name,country\nfuji-co,"FUJI CO., LTD.",JP\nfuji-corp,FUJI CORPORATION,JP\n'
    rows = screen(tmp_path, "株式会社　フジ・コーポレーション", 2, fujis)
    assert [row["matched_name"] for row in rows] == ["FUJI CORPORATION", "FUJI CO., LTD."]
    assert rows[0]["score"] == rows[1]["score"]
    japanese = "id,name,country\nfuji-corp,株式会社　フジ・コーポレーション,JP\nfuji,株式会社フジ,JP\n"
    rows = screen(tmp_path, '"FUJI CO., LTD."', 2, japanese)  # quoted: the query file is CSV
    assert [row["matched_name"] for row in rows] == ["株式会社フジ", "株式会社　フジ・コーポレーション"]


def test_letters_spelt_in_katakana_without_the_long_mark_meet_the_initials(screen, tmp_path):
    """`dualuse screen` as a process: ケイティケイ spells K-T-K, its ティ written without the long
    mark; read as a word ("keitikei") it came nearer KITAKEI than ktk."""
    parties = 'id,name,country\nktk,ktk INC.,JP\nkitakei,"KITAKEI CO.,LTD",JP\n'
    best = screen(tmp_path, "ケイティケイ株式会社", 2, parties)[0]
    assert best["matched_name"] == "ktk INC." and best["band"] == "hit"
    # and the long vowel written イ, as older names write it: シイ is C
    parties = 'id,name,country\ncns,"CNS Co.,Ltd",JP\nscinex,SCINEX CORPORATION,JP\n'
    best = screen(tmp_path, "株式会社シイエヌエス", 2, parties)[0]
    assert best["matched_name"] == "CNS Co.,Ltd" and best["band"] == "hit"


def test_a_works_is_a_manufacturing_company_and_mfg_one_too(screen, tmp_path):
    """`dualuse screen` as a process: 製作所 is 製作 "manufacture" and 所 "place": a company's
    works. YAMADA CORPORATION, whose name is Yamada alone, came before YAMADA MANUFACTURING,
    as 製作 was offered only the glosses of 制作 (work, production, creation), which JMdict's
    two words share once simplified. And Mfg. stands for manufacturing."""
    parties = 'id,name,country\ncorp,YAMADA CORPORATION,JP\nmfg,"YAMADA MANUFACTURING CO., LTD.",JP\nyamamoto,"Yamamoto Mfg.Co.,Ltd.",JP\n'
    best = screen(tmp_path, "株式会社山田製作所", 3, parties)[0]
    assert best["matched_name"] == "YAMADA MANUFACTURING CO., LTD."
    best = screen(tmp_path, "株式会社山本製作所", 3, parties)[0]
    assert best["matched_name"] == "Yamamoto Mfg.Co.,Ltd."
    assert "mfg (as the word it abbreviates)" in best["explanation"].lower()


def test_an_abbreviation_one_listed_name_writes_does_not_hide_the_others_from_the_query(screen, tmp_path):
    """`dualuse screen` as a process, English against Japanese: MARUYAMA MFG.CO.,INC. is
    株式会社丸山製作所. One listed name writes Mfg. as the query does (Yamato Mobility & Mfg.),
    and that rare word, as written, outscored every other name in the search for candidates
    so far that only it was compared. An abbreviation is searched by the word it stands for."""
    names = ["株式会社丸山製作所", "ヤマト　モビリティ　＆　Ｍｆｇ．株式会社", "株式会社丸山", "丸山工業株式会社", "株式会社竹内製作所"]
    parties = "id,name,country\n" + "".join(f"{number},{name},JP\n" for number, name in enumerate(names))
    rows = screen(tmp_path, '"MARUYAMA MFG.CO.,INC."', 3, parties, country="JP")  # quoted: the name holds commas
    assert rows[0]["matched_name"] == "株式会社丸山製作所"
    assert rows[0]["band"] in {"hit", "review"}


ELECTRIC_INDUSTRY = (  # Japanese companies as a Chinese list writes them, in simplified characters; no country: it would
    # send every one of them to review
    "id,name,country\n"
    "oki,冲电气工业株式会社,\n"
    "fuji,富士电气工业株式会社,\n"
    "tokyo,东京电气工业株式会社,\n"
    "aichi,爱知电气工业株式会社,\n"
    "showa,昭和电气工业株式会社,\n"
)


def test_a_japanese_name_in_simplified_chinese_is_read_through_each_character_a_simplified_one_stands_for(screen, tmp_path):
    """`dualuse screen` as a process: 冲 is the simplified form of both 衝 and 沖, and s2t writes
    冲电气 as 衝電気 ("shō denki"); the company is 沖電気, OKI Electric. Before, the listed name
    met "OKI Electric Industry" by "electric industry" alone, as every other company of the list
    did, and was cleared (0.540); then its reading "oki denki" was read too, and it was first, at
    review; since its glossed spelling reads 冲 through 沖 as well ("oki electric industry"), every
    word meets and it is a hit."""
    rows = screen(tmp_path, "OKI Electric Industry Co. Ltd.", 5, ELECTRIC_INDUSTRY)
    assert rows[0]["matched_name"] == "冲电气工业株式会社"
    assert rows[0]["band"] == "hit"
    assert all(float(row["score"]) < float(rows[0]["score"]) for row in rows[1:])


HOSHIZORA = (  # made-up companies of one name in different trades
    "id,name,country\n"
    'h1,"Hoshizora Securities Co., Ltd.",\n'
    'h2,"Hoshizora Bank, Ltd.",\n'
    'h3,"Hoshizora Construction Co., Ltd.",\n'
    'h4,"Hoshizora Trading Co., Ltd.",\n'
)


def test_a_trade_word_is_translated_as_company_names_translate_it(screen, tmp_path):
    """`dualuse screen` as a process: JMdict glosses 証券 "bond; bill; certificate", and English
    company names say Securities; JMnedict's names of companies teach it (`lexicon/names.py`).
    Before, 星空証券 met every Hoshizora company by its name alone, all cleared, the securities
    company first only by a hair (0.440 against the bank's 0.440)."""
    rows = screen(tmp_path, "星空証券株式会社", 4, HOSHIZORA)
    assert rows[0]["matched_name"] == "Hoshizora Securities Co., Ltd."
    assert rows[0]["band"] == "hit"
    assert "= securities" in rows[0]["explanation"]
    assert all(row["band"] == "clear" for row in rows[1:])


def test_a_company_known_by_its_initials_is_found_from_them_written_or_spelt_in_katakana(screen, tmp_path):
    """`dualuse screen` as a process: KGM is Kawajyu Gifu Manufacturing's initials, and a list
    may hold either. Before, KGM株式会社 met nothing of the English name and KAGOME came
    first; ジーエフシー (G-F-C, spelt in katakana) came nearer JINUSHI, read as a word. Now each
    is first, at review: a match resting on initials alone is never a hit, other companies
    have the same initials."""
    parties = (
        'id,name,country\nkgm,"Kawajyu Gifu Manufacturing Co., Ltd.",JP\nkagome,"KAGOME CO.,LTD.",JP\n'
        'gfc,"GLOBAL FOOD CREATORS CO.,LTD.",JP\njinushi,"JINUSHI Co.,Ltd.",JP\ngifu,"Gifu Kogyo Co.,Ltd.",JP\n'
    )
    best = screen(tmp_path, "KGM株式会社", 3, parties)[0]
    assert best["matched_name"] == "Kawajyu Gifu Manufacturing Co., Ltd." and best["band"] == "review"
    assert "by the initials of its words" in best["explanation"]
    best = screen(tmp_path, "ジーエフシー株式会社", 3, parties)[0]
    assert best["matched_name"] == "GLOBAL FOOD CREATORS CO.,LTD." and best["band"] == "review"
    # and the other way: the initials as the query, the words as the list's name
    best = screen(tmp_path, '"Global Food Creators Co., Ltd."', 3, "id,name,country\ngfc,GFC株式会社,JP\njinushi,ジーエフ株式会社,JP\n")[0]
    assert best["matched_name"] == "GFC株式会社"


def test_a_japanese_trade_word_the_english_name_drops_does_not_make_the_names_unlike(screen, tmp_path):
    """`dualuse screen` as a process, an English name against Japanese ones: MIURA CO.,LTD. is
    三浦工業株式会社, its 工業 ("industry") dropped in English. With MIURA met whole, the generic
    word left over is left out of the names compared as written ('miura' was compared with
    'miurakogyo'), as Industries is in English, and Miura comes before イムラ, a reading one
    transposition away. A word of the name that is not generic (化学 "chemistry") still
    counts."""
    parties = "id,name,country\n" + "".join(
        f"{number},{name},JP\n"
        for number, name in enumerate(["三浦工業株式会社", "株式会社イムラ", "日本工業株式会社", "東洋工業株式会社", "三和工業株式会社", "大阪工業株式会社", "三浦化学株式会社"])
    )
    rows = screen(tmp_path, '"MIURA CO.,LTD."', 3, parties, country="JP")  # quoted: the name holds a comma
    assert rows[0]["matched_name"] == "三浦工業株式会社" and "edit_similarity=1.00" in rows[0]["explanation"]
    assert "工业 (a generic word, not compared as written) in the listed name" in rows[0]["explanation"]  # and says so
    chemical = next(row for row in rows if row["matched_name"] == "三浦化学株式会社")
    assert "edit_similarity=1.00" not in chemical["explanation"]


def test_a_generic_word_at_the_end_of_a_katakana_name_is_a_word_of_its_own(screen, tmp_path):
    """`dualuse screen` as a process: サイタホールディングス株式会社 is SAITA CORPORATION. MeCab
    reads the katakana run as one unknown word ("saitahorudingusu"), so SAITA met only part of
    it and SANIXHOLDINGS came first; split before the generic word, サイタ is SAITA and
    ホールディングス is a word the English name drops."""
    parties = 'id,name,country\nsaita,SAITA CORPORATION,JP\nsanix,SANIXHOLDINGS INCORPORATED,JP\ntaiyo,"Taiyo Holdings Co., Ltd.",JP\n'
    rows = screen(tmp_path, "サイタホールディングス株式会社", 3, parties, country="JP")
    assert rows[0]["matched_name"] == "SAITA CORPORATION"
    assert rows[0]["band"] in {"hit", "review"}
    assert "サイタ (read in Japanese) = saita" in rows[0]["explanation"]
    assert "ホールディングス (a generic word, not compared as written) in the name screened" in rows[0]["explanation"]
