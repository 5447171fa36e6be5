"""Readings of CJK text in Latin letters, each with the library made for it.

Japanese company names in Chinese documents are written with Chinese characters
(三菱重工业) but named in English after their *Japanese* reading (Mitsubishi), so a
simplified-Chinese name is first turned into Japanese shinjitai (opencc s2t → t2jp) and
read with cutlet (MeCab + unidic-lite; katakana loanwords in their English spelling:
マリタイムシステムズ → "maritime system") and with pykakasi (a second, dictionary-based
Hepburn reading that often differs on names: 大和 daiwa / yamato). Mandarin pinyin
(pypinyin) is kept as a further reading for names of Chinese parties (深圳 → shen zhen).
Everything is cached: list entries and queries repeat the same runs of characters. Each
library is imported when a name first needs it (a Latin name needs none of them).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from dualuse.screening.normalise.text import is_han, is_kana, latin_tokens, replacement

_CACHE = 200_000


@cache
def opencc_converter(config: str) -> Any:
    """One OpenCC converter of each configuration for the process, shared by whoever converts
    (`lexicon.hanja` too): s2t's phrase dictionaries alone take a while to load."""
    import opencc

    return opencc.OpenCC(config)


@cache
def _cutlet() -> Any:
    import cutlet

    katsu = cutlet.Cutlet()
    katsu.use_foreign_spelling = True
    return katsu


@lru_cache(maxsize=20_000)
def _simplified_char(char: str) -> str:
    direct = opencc_converter("t2s").convert(char)
    if direct != char or len(direct) != 1:
        return direct
    traditional = opencc_converter("jp2t").convert(char)
    simplified = opencc_converter("t2s").convert(traditional)
    if len(simplified) != 1 or simplified == char:
        return char
    if simplified != traditional:  # 発 → 發 → 发
        return simplified
    # 増 → 增, which t2s keeps: a Japanese-only form goes to the character Chinese writes
    # (GB 2312 has 增, not 増); a shared character never goes to a rare variant (研 ↛ 硏)
    return simplified if not _in_gb2312(char) and _in_gb2312(simplified) else char


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _in_japanese_set(char: str) -> bool:
    try:
        char.encode("cp932")  # JIS X 0208 with the vendors' additions: what Japanese text is written in
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=_CACHE)
def written_in_simplified(text: str) -> bool:
    """Whether the text holds a character only simplified Chinese writes: one that Japan's
    character set lacks and that has a traditional form (车 for 車, 电 for 電, 卫 for 衛). A
    Japanese company named in a Chinese text (日野汽车株式会社) is then written in Chinese words."""
    return any(
        "\u4e00" <= char <= "\u9fff" and not _in_japanese_set(char) and opencc_converter("s2t").convert(char) != char
        for char in text
    )


@lru_cache(maxsize=_CACHE)
def to_simplified(text: str) -> str:
    """Canonical CJK form, character by character: traditional to simplified first (衛 → 卫),
    and only a character t2s leaves alone goes through jp2t (Japanese shinjitai 発 → 發 → 发),
    kept only if t2s then simplifies it: jp2t also maps shared characters to rare variants
    (衛 → 衞, 研 → 硏) that are no more simplified than the original."""
    return "".join(_simplified_char(char) for char in text)


@lru_cache(maxsize=_CACHE)
def to_japanese(text: str) -> str:
    """Japanese shinjitai form of Chinese text (发动机 → 発動機), for Japanese readings. Kana is
    its own form (opencc maps no kana), so a kana word skips the two conversions."""
    if all(is_kana(char) for char in text):
        return text
    return opencc_converter("t2jp").convert(opencc_converter("s2t").convert(text))


SIMPLIFIED_SOURCES_FILE = "data/simplified_sources.tsv"
MAX_VARIED_CHARACTERS = 2
"""Characters of a piece read through their other traditional forms, each alone (the first ones)."""


@cache
def _simplified_sources() -> dict[str, tuple[str, ...]]:
    """Simplified character → the traditional characters it stands for, the usual one first
    (OpenCC's STCharacters rows with several; scripts/build_simplified_sources.py)."""
    text = resources.files("dualuse.screening").joinpath(SIMPLIFIED_SOURCES_FILE).read_text("utf-8")
    found = {}
    for line in text.splitlines()[1:]:
        simplified, traditional, _source = line.split("\t")
        found[simplified] = tuple(traditional.split())
    return found


@lru_cache(maxsize=_CACHE)
def other_japanese_forms(text: str) -> tuple[str, ...]:
    """The Japanese forms of simplified text with one character read through another of the
    traditional characters it stands for: s2t picks one by its tables of words, and names are no
    words (冲电气 is 衝電気 "shō denki" to s2t, 沖電気 Oki Electric as a name; 里見 Satomi, 大塚
    Otsuka). Only forms Japanese can write (cp932), each different from `to_japanese`'s."""
    sources = _simplified_sources()
    first = to_japanese(text)
    if len(first) != len(text):  # the conversions went character for character, or the places are unknown
        return ()
    found: list[str] = []
    varied = 0
    for i, char in enumerate(text):
        others = sources.get(char)
        if others is None:
            continue
        varied += 1
        if varied > MAX_VARIED_CHARACTERS:
            break
        for other in others:
            form = first[:i] + opencc_converter("t2jp").convert(other) + first[i + 1 :]
            if form != first and form not in found and all(_in_japanese_set(c) for c in form):
                found.append(form)
    return tuple(found)


@lru_cache(maxsize=_CACHE)
def japanese_form_reading(form: str) -> tuple[str, ...]:
    """cutlet's reading of text already in its Japanese form, as Latin tokens: not converted
    again, as s2t would write 里見 as 裏見."""
    return tuple(latin_tokens(_cutlet().romaji(form))) if form.strip() else ()


@lru_cache(maxsize=_CACHE)
def _cutlet_read(text: str) -> tuple[tuple[str, ...], bool]:
    """cutlet's reading as Latin tokens, and whether it read every character: MeCab writes "?"
    for a character it has no reading of and reads the rest. One MeCab call for both."""
    if not text.strip():
        return (), True
    romaji = _cutlet().romaji(to_japanese(text))
    return tuple(latin_tokens(romaji)), "?" not in romaji


def cutlet_reading(text: str) -> tuple[str, ...]:
    """Hepburn reading, loanwords in English spelling, as Latin tokens."""
    return _cutlet_read(text)[0]


def cutlet_reads_all(text: str) -> bool:
    """Whether cutlet (MeCab) reads every character of `text` (卡特彼勒 "?? kare ?" reads only 彼, as "kare")."""
    return _cutlet_read(text)[1]


@cache
def _itaiji() -> Any:
    from pykakasi.kanji import Itaiji

    return Itaiji()


def _kanwa_texts() -> dict[str, str]:
    """pykakasi's kanwadict (269,000 words in a 9.7 MB pickle that takes ~0.4 s to load) reduced
    to what `kakasi_reading` uses: each word's first reading without an okurigana condition, as
    one "word<TAB>reading" text per first character. Built once into the private cache
    (`screening/cache.py`), whence it loads in milliseconds."""
    from pykakasi.kanji import Kanwa

    texts: dict[str, str] = {}
    for key, table in Kanwa()._jisyo_table.items():
        lines = []
        for word, entries in table.items():
            reading = next((yomi for yomi, condition in entries if condition is None), None)
            if reading is not None and not any(c in word + reading for c in "\t\n"):
                lines.append(f"{word}\t{reading}")
        texts[chr(key)] = "\n".join(lines)
    return texts


@cache
def _kanwa() -> dict[str, str]:
    from dualuse.screening import cache as store

    return store.cached(store.derived_key("kanwa-readings"), _kanwa_texts, store.RESOURCE_SUFFIX)


@lru_cache(maxsize=None)
def _kanwa_words(char: str) -> dict[str, str]:
    """The dictionary words starting with `char`, with their readings (parsed on first use)."""
    text = _kanwa().get(char)
    return dict(line.split("\t", 1) for line in text.split("\n")) if text else {}


@lru_cache(maxsize=_CACHE)
def kakasi_reading(text: str) -> tuple[str, ...]:
    """The Hepburn reading of pykakasi's dictionary (kanwadict), as Latin tokens.

    pykakasi's own `convert` finds the longest dictionary word by scanning every word that
    starts with the character (a third of a millisecond a name); this looks the prefixes up
    instead (longest first, the first reading without an okurigana condition, as pykakasi
    picks it) and spells kana with cutlet's table. Other characters pass through."""
    text = _itaiji().convert(to_japanese(text))
    words: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if is_kana(char):
            end = i
            while end < len(text) and is_kana(text[end]):
                end += 1
            words.append(_spell_kana(text[i:end]))
            i = end
        elif is_han(char):
            reading, size = _dictionary_word(_kanwa_words(char), text, i)
            if reading:
                words.append(_spell_kana(reading))
            i += size
        else:
            words.append(char)
            i += 1
    return tuple(token for word in words for token in latin_tokens(word.replace("'", "")))


LONGEST_DICTIONARY_WORD = 16
"""Characters in the longest word of pykakasi's kanwadict (15): longer prefixes are not tried."""


def _dictionary_word(table: dict[str, str], text: str, start: int) -> tuple[str, int]:
    """(reading, length) of the longest dictionary word at `start`; ("", 1) if none."""
    for end in range(min(len(text), start + LONGEST_DICTIONARY_WORD), start, -1):
        reading = table.get(text[start:end])
        if reading is not None:
            return reading, end - start
    return "", 1


@lru_cache(maxsize=_CACHE)
def _spell_kana(kana: str) -> str:
    """Hepburn of kana text by cutlet's table; marks the table lacks (゛, ゟ) are dropped.
    Cached: cutlet spells kana by kana in Python, and the n-best parses repeat their words."""
    katsu = _cutlet()
    hiragana = _hiragana(kana)
    try:
        return katsu.map_kana(hiragana)
    except (KeyError, IndexError):
        known = "".join(c for c in hiragana if c in katsu.table or c in "っーん")
        try:
            return katsu.map_kana(known)
        except (KeyError, IndexError):
            return ""


def _hiragana(kana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in kana)


NBEST_PARSES = 6
"""MeCab parses read per kanji word; their distinct readings beyond the first are kept as
alternatives (島忠: shima tadashi, then shima chuu; 鹿島: kashima, then kajima)."""


@lru_cache(maxsize=_CACHE)
def nbest_readings(text: str, parses: int = NBEST_PARSES) -> tuple[tuple[str, ...], ...]:
    """Readings of the `parses` best MeCab (unidic-lite) analyses of a kanji word, as Latin
    tokens, without the first (cutlet gives that one). Names are read by convention, not by the
    commonest reading: 大豊 is Daiho or Ohtoyo, 中日本 Nakanihon; the aligner picks the one the
    other name agrees with. Pure kana has one reading and is left alone."""
    japanese = to_japanese(text)
    if not any(is_han(c) for c in japanese):
        return ()
    katsu = _cutlet()
    field = _kana_field()  # before the parse: the nodes live in the tagger's lattice until its next parse
    found: list[tuple[str, ...]] = []
    for nodes in katsu.tagger.nbestToNodeList(japanese, parses):
        tokens = tuple(t for node in nodes for t in _word_tokens(_node_kana(node, field), node.surface))
        if tokens and tokens not in found:
            found.append(tokens)
    return tuple(found[1:])


def _node_kana(node, field: int) -> str | None:
    """`node.feature.kana` (`field` is `_kana_field()`), read from the raw feature string:
    fugashi builds a node's feature tuple with a CSV reader, which costs more than the n-best
    parse itself."""
    raw = node.feature_raw
    if '"' in raw:  # a quoted field may hold a comma: leave it to fugashi
        return node.feature.kana
    fields = raw.split(",", field + 1)
    return fields[field] if len(fields) > field else None  # unknown words have fewer fields


@cache
def _kana_field() -> int:
    """Where the kana reading is among the dictionary's features (17 of unidic-lite's 26)."""
    return type(_cutlet().tagger.parseToNodeList("日")[0].feature)._fields.index("kana")


@lru_cache(maxsize=_CACHE)
def _word_tokens(kana: str | None, surface: str) -> tuple[str, ...]:
    """Latin tokens of one MeCab word: its kana reading spelled, or its surface when it has none.
    Cached: the parses of one name share most of their words."""
    return tuple(latin_tokens(_spell_kana(kana) if kana and kana != "*" else surface))


MAX_ONYOMI_WORD = 4
"""Kanji words longer than this are not read character by character."""


@lru_cache(maxsize=20_000)
def _onyomi(char: str) -> str | None:
    """The first Sino-Japanese reading (unidic word origin 漢) among the MeCab parses of one
    kanji, in kana: 東 トウ, 金 キン, 機 キ; None if no parse reads it so (友 is only トモ)."""
    for nodes in _cutlet().tagger.nbestToNodeList(char, NBEST_PARSES + 2):
        kana = nodes[0].feature.kana if len(nodes) == 1 else None
        if kana and getattr(nodes[0].feature, "goshu", None) == "漢":
            return kana
    return None


@lru_cache(maxsize=_CACHE)
def onyomi_reading(text: str) -> tuple[str, ...]:
    """A kanji word read character by character in Sino-Japanese readings, as one token: many
    company names are (東金 Tokin, 三機 Sanki, 京三 Kyosan), where the dictionaries read the word
    as a place or a person (Tōgane). Empty unless every character is a kanji with such a reading.
    (Two readings a character, 興 kyō / kō, were tried: no name more was found.)"""
    japanese = to_japanese(text)
    if not 2 <= len(japanese) <= MAX_ONYOMI_WORD or not all(is_han(c) for c in japanese):
        return ()
    kana = [reading for reading in map(_onyomi, japanese) if reading]
    if len(kana) < len(japanese):
        return ()
    return tuple(latin_tokens(_spell_kana(_geminated(kana))))


_CLIPPED = frozenset("チツクキ")
_VOICELESS = frozenset("カキクケコサシスセソタチツテトパピプペポ")


def _geminated(readings: list[str]) -> str:
    """Sino-Japanese readings joined as Japanese joins them: a reading ending in チ, ツ, ク or
    キ before a voiceless consonant doubles it (日 ニチ + 創 ソウ = ニッソウ, Nisso; 日 + 東 = Nitto)."""
    joined = readings[0]
    for reading in readings[1:]:
        if joined[-1] in _CLIPPED and reading[0] in _VOICELESS:
            joined = joined[:-1] + "ッ"
        joined += reading
    return joined


@cache
def _pinyin() -> Any:
    """pypinyin's `lazy_pinyin`, imported on first use (its phrase tables take a while). The
    tables are hundreds of thousands of lists that live as long as the process: loaded with
    the collector off and then frozen (`gc.freeze`), so that no full collection afterwards
    walks them again (as the index is kept: `matchers.keep`)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        from pypinyin import lazy_pinyin as pinyin
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return pinyin


def lazy_pinyin(text: str) -> list[str]:
    """pypinyin's `lazy_pinyin`, imported on first use."""
    pinyin: Any = _pinyin()
    return pinyin(text)


@lru_cache(maxsize=_CACHE)
def pinyin_reading(text: str) -> tuple[str, ...]:
    """Mandarin pinyin without tones, one token per character; non-Han text passes through."""
    return tuple(token for syllable in lazy_pinyin(to_simplified(text)) for token in latin_tokens(syllable))


KATAKANA_LETTERS: dict[str, str] = {
    "エー": "a", "エイ": "a", "ビー": "b", "ビイ": "b", "シー": "c", "シイ": "c", "ディー": "d", "ディ": "d", "デー": "d", "デイー": "d", "イー": "e",
    "エフ": "f", "ジー": "g", "ジイ": "g", "エイチ": "h", "エッチ": "h", "アイ": "i", "ジェー": "j", "ジェイ": "j",
    "ケー": "k", "ケイ": "k", "エル": "l", "エム": "m", "エヌ": "n", "オー": "o", "ピー": "p", "ピイ": "p",
    "キュー": "q", "アール": "r", "エス": "s", "ティー": "t", "ティ": "t", "テー": "t", "テイー": "t", "ユー": "u", "ブイ": "v",
    "ヴィ": "v", "ヴィー": "v", "ダブリュー": "w", "エックス": "x", "ワイ": "y", "ゼット": "z", "ゼッド": "z",
}
"""Katakana names of Latin letters (エムティーアイ = MTI). Only two-kana-or-longer names: the
one-kana forms (シ, ジ) would read ordinary words as initials."""


@lru_cache(maxsize=_CACHE)
def katakana_letters(text: str) -> str | None:
    """The Latin letters a katakana word spells out letter by letter, or None if it does not."""
    letters, end = _leading_letters(text)
    return letters or None if end == len(text) else None


def _leading_letters(text: str) -> tuple[str, int]:
    """The letter names a katakana word opens with, read longest first, and where they stop."""
    letters, i = [], 0
    longest = max(map(len, KATAKANA_LETTERS))
    while i < len(text):
        for size in range(min(longest, len(text) - i), 1, -1):
            letter = KATAKANA_LETTERS.get(text[i : i + size])
            if letter:
                letters.append(letter)
                i += size
                break
        else:
            break
    return "".join(letters), i


MIN_PREFIX_LETTERS = 2
"""Letter names a katakana word must open with before the rest is read as a word of its own."""


@lru_cache(maxsize=_CACHE)
def katakana_letter_prefix(text: str, min_letters: int = MIN_PREFIX_LETTERS) -> tuple[str, str] | None:
    """(letters, rest) when a katakana word opens with spelled-out letters and goes on with a
    word (エヌエフホールディングス = NF + ホールディングス, エムケイシステム = MK + システム): companies
    write an acronym and a word as one katakana run. At least `MIN_PREFIX_LETTERS` letters and
    two kana of rest, so that a word that merely starts like a letter name (アイシン) is not split."""
    letters, i = _leading_letters(text)
    rest = text[i:]
    if len(letters) < min_letters or len(rest) < 2:
        return None
    return letters, rest


_DOUBLED = tuple(c + c for c in "kgpbdts")
_LONG_VOWELS = tuple(c + c for c in "aeiou")
_LOANWORD_RULES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), replacement, needs)
    for pattern, replacement, needs in (
        (r"([kgpbdt])\1[uo]$", r"\1", _DOUBLED),  # テック tekku → tek, ベッド beddo → bed
        (r"([kgpbdts])\1(?=[a-z])", r"\1", _DOUBLED),  # デックス dekkusu → dekusu
        (r"(?<=[a-z])([kgbpfmrsz])u(?=[^aeiouy]|$)", r"\1", ("u",)),  # epenthetic u: esutikku → estik
        (r"(?<=[a-z])([td])o(?=[^aeiouy]|$)", r"\1", ("to", "do")),  # epenthetic o: torendo → trend
        (r"^([kgbpf])u(?=r)", r"\1", ("ur",)),  # guroobaru → gro…
        (r"^([td])o(?=r)", r"\1", ("or",)),  # toreedingu → tre…
        (r"([td])ei", r"\1i", ("ei",)),  # ティ/ディ read as tei/dei
        (r"ii$", "y", ("ii",)),  # ファクトリー fakutorii → faktry
        (r"([aeiou])\1", r"\1", _LONG_VOWELS),  # long vowels
    )
)
"""Each rule with the strings one of which its pattern cannot match without: a rule whose
strings are all absent is skipped (a regex pass costs more than the test)."""
_LOANWORD_STEPS = tuple((pattern, replacement(template), needs) for pattern, template, needs in _LOANWORD_RULES)
"""The rules with their templates as functions (`text.Replacement`)."""


@lru_cache(maxsize=_CACHE)
def loanword_key(romaji: str) -> str:
    """A katakana loanword's romaji without the vowels Japanese adds between and after
    consonants, nearer its source spelling: zenetekku → zenetek (GENETEC), esutikku → estik
    (ESTIC), nadekkusu → nadeks (NADEX). Applied to kana readings only, as one more
    alternative: a native word in katakana keeps its plain reading too."""
    for pattern, replace, needs in _LOANWORD_STEPS:
        for needed in needs:
            if needed in romaji:
                romaji = pattern.sub(replace, romaji)
                break
    return romaji


_SOUND_SYLLABLES: dict[str, str] = {
    "ke": "k", "ge": "g", "de": "d", "te": "t", "le": "l", "he": "h", "se": "s", "ze": "z", "ce": "ts", "re": "r",
    "si": "s", "zi": "z", "ci": "ts", "shi": "sh", "fu": "f", "mu": "m", "bu": "b", "pu": "p", "er": "r",
}
"""Syllables Chinese uses for a lone consonant of a foreign name (the Xinhua transcription
convention: 克 ke for k, 德 de for d, 斯 si for s, 夫 fu for f, 姆 mu for m, 尔 er for r or l),
read as that consonant after another syllable (西门子 xi men zi → simenz, 巴斯夫 ba si fu →
basf) or before an l or r (格鲁曼 ge lu man → gluman ~ GRUMMAN); otherwise they keep their vowel."""
_SOUND_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), spelt)
    for pattern, spelt in (
        (r"^x", "s"),  # 西 xi: the s of Siemens
        (r"^q", "k"),  # 奇 qi: ki, chi
        (r"^zh", "j"),  # 哲 zhe: ge, je
        (r"uo$", "o"),  # 洛 luo: lo
        (r"ao$", "o"),  # 奥 ao: o, au
        (r"ou$", "o"),  # 欧 ou: o, eu
        (r"ei$", "e"),  # 雷 lei: le, ray
        (r"^ai$", "e"),  # 埃 ai, 艾 ai: e (Echo-, Exe-)
        (r"^yi", "i"),  # 伊 yi, 因 yin, 英 ying: i, in
        (r"ng$", "n"),  # 亨 heng, 廷 ting: hen, tin
        (r"^wei$", "we"),  # 韦 wei: we, wi
        (r"^v", "u"),  # lazy_pinyin writes ü as v
    )
)
"""Pinyin spellings that English spells otherwise in the names Chinese transcribes."""


@lru_cache(maxsize=_CACHE)
def pinyin_sound(text: str) -> str:
    """A Chinese transcription of a foreign name read as the name it transcribes, one word:
    the pinyin of each syllable spelt as English would spell that sound, lone-consonant
    syllables as their consonant (洛克希德 luo ke xi de → lokesid ~ LOCKHEED; 巴斯夫 → basf).
    For names CC-CEDICT lacks; a general rule of transcription, not a table of names."""
    syllables = [s for s in lazy_pinyin(to_simplified(text)) if s.isalpha() and s.isascii()]
    spelt = []
    for i, syllable in enumerate(syllables):
        cluster = i + 1 < len(syllables) and syllables[i + 1][0] in "lr"
        lone = _SOUND_SYLLABLES.get(syllable) if i or cluster else None
        if lone is not None:
            spelt.append(lone)
            continue
        for pattern, spelling in _SOUND_RULES:
            syllable = pattern.sub(spelling, syllable)
        spelt.append(syllable)
    return "".join(spelt)
