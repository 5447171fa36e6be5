"""A name as *slots*: the words of the name, each with every Latin form it may take.

Comparison across scripts cannot pick one romanisation in advance: 三菱 is "mitsubishi",
重工 is "heavy industries" (translated) or "juukou" (read), 深圳 is "shenzhen" (pinyin) and
大和 is "daiwa" or "yamato". So each word of a name becomes a `Slot` holding its
alternatives (each a tuple of token keys, labelled `latin`, `translation`, `cutlet`,
`kakasi`, `nbest` (further MeCab parses and character readings: guesses), `loanword` (kana
romaji without epenthetic vowels), `katakana` (the reading of the katakana an English word
would be written in), `pinyin`, `sound` and `foreign` (a Chinese rendering of a foreign name read
back, by rule or by the learned model), `korean` (the Korean reading of hanja, or hangul, romanised: `KOREAN`),
`letters` for spelled-out initials, `initial` for one
letter and a word, `dictionary` for a general dictionary's glosses of a piece the lexicon
does not know, `meanings` for its characters' meanings, or `synonym` for a translation with a
word put as its adjective or a synonym), and the aligner later chooses, per slot, the alternative that the other name
agrees with. Legal forms and function words are set aside here; a name's words written as
one (WonderCorporation) are also set apart in a second written variant (`unglued`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, product
from typing import Any, Final

from mypy_extensions import mypyc_attr
from rapidfuzz.distance import Indel

from dualuse.screening.matchers.crossscript.config import TOKENS
from dualuse.screening.matchers.crossscript.labels import ABBREVIATED, CUTLET, DICTIONARY, FOREIGN, INITIAL, KAKASI, KATAKANA, KOREAN, KOREAN_GLOSSED, LATIN, LETTERS, LOANWORD, MEANINGS, NAMED, NBEST, PINYIN, SOUND, SYNONYM, TRANSLATED, TRANSLATION, WORD_PINYIN
from dualuse.screening.lexicon import Lexicon, Segment, adjectives, character_glosses, default_lexicon, synonyms, whole_names
from dualuse.screening.lexicon.hanja import KOREAN_WORD, korean_words, may_be_korean
from dualuse.screening.normalise.legal import JAPANESE_COMPANY, expansion, is_generic, is_generic_cjk, is_generic_key, is_generic_word, is_spelt_form, legal_forms, strip_cjk_forms, strip_form_before_of, strip_latin_forms
from dualuse.screening.normalise.readings import (
    cutlet_reading,
    cutlet_reads_all,
    japanese_form_reading,
    kakasi_reading,
    katakana_letter_prefix,
    katakana_letters,
    loanword_key,
    nbest_readings,
    onyomi_reading,
    other_japanese_forms,
    pinyin_reading,
    pinyin_sound,
    to_simplified,
    written_in_simplified,
)
from dualuse.screening.normalise.foreign import foreign_spellings, sounds_only
from dualuse.screening.normalise.korean import has_hangul, romanisations
from dualuse.screening.normalise.transliteration import katakana_spelling
from dualuse.screening.normalise.text import clean, has_cjk, has_kana, is_cjk, is_han, is_kana, latin_tokens, replacement, token_key

STOPWORDS = frozenset({"the", "of", "and", "no", "for", "de", "a", "an", "in", "to"})
"""Function words (English, and の read as "no") that never identify a party."""
READING_STOPWORDS = frozenset({"no"})
"""In a reading only の is a function word: イン, ト, ア are syllables of the name (インサイト = in site)."""

PINYIN_WORD = 2
"""Pinyin syllables per romanised word: Chinese place and brand names are mostly two
characters and are romanised as one word (深圳 Shenzhen, 比广 Biguang)."""
KOREAN_COUNTRIES = frozenset({"KP", "KR"})
"""Countries whose parties' CJK names are read in Korean whatever their script."""

_HANGUL_RUNS = re.compile(r"([\uac00-\ud7a3]+)")

MIN_SOUND_SYLLABLES = 2
"""Syllables a piece needs before it is read as a transcription (one character is no name)."""

_RUNS = re.compile(r"([\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af々]+)")
_PARENTHESES = re.compile(r"[()（）\[\]【】「」『』]")


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
class Alternative:
    """One spelling of a slot: its keys, and what kind of reading or translation gave them
    (latin | translation | cutlet | kakasi | nbest | loanword | katakana | initial | pinyin |
    sound | foreign | letters | dictionary | meanings | synonym | korean). Immutable, equal and hashed by value; its own `__init__`, not a
    frozen dataclass's, for the reason `lexicon.Segment` gives: one is made for every reading
    of every new word."""

    __slots__ = ("keys", "label")

    def __init__(self, keys: tuple[str, ...], label: str):
        self.keys: Final = keys
        self.label: Final = label

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Alternative) and self.keys == other.keys and self.label == other.label

    def __hash__(self) -> int:
        return hash((self.keys, self.label))

    def __repr__(self) -> str:
        return f"Alternative(keys={self.keys!r}, label={self.label!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # pickled explicitly: compiled classes have no default (see screening/compiled.py)
        return (Alternative, (self.keys, self.label))


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
@dataclass(frozen=True, slots=True, eq=False)
class Slot:
    """Compared and hashed by identity: slots are shared (one per distinct word, see
    `_latin_slot`, `_cjk_slot`) and used as cache keys on the hot path."""

    text: str  # the part of the written name this slot stands for
    alternatives: tuple[Alternative, ...]
    descriptor: bool = False  # a word of a kind the lexicon translates (工業, "Electronics"): names often drop it

    def __reduce__(self) -> tuple[Any, ...]:
        return (Slot, (self.text, self.alternatives, self.descriptor))


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
@dataclass(frozen=True, slots=True)
class NameForm:
    written: str
    slots: tuple[Slot, ...]
    cjk: str  # canonical simplified CJK core, legal forms removed; "" when the name has none
    legal_forms: tuple[str, ...]
    translatable: int = 0  # slots with a lexicon translation among their alternatives

    def __reduce__(self) -> tuple[Any, ...]:
        return (NameForm, (self.written, self.slots, self.cjk, self.legal_forms, self.translatable))

    @property
    def first_keys(self) -> str:
        """The name's keys under each slot's first alternative, for display and retrieval."""
        return " ".join(" ".join(slot.alternatives[0].keys) for slot in self.slots)


def _keys(tokens: tuple[str, ...] | list[str], stopwords: frozenset[str] = STOPWORDS) -> tuple[str, ...]:
    return tuple(key for key in (token_key(t) for t in tokens if t not in stopwords) if key)


def _reading_keys(tokens: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return _keys(tokens, READING_STOPWORDS)


def _dedupe(alternatives: list[Alternative]) -> tuple[Alternative, ...]:
    seen: dict[tuple[str, ...], Alternative] = {}
    for alternative in alternatives:
        if alternative.keys and alternative.keys not in seen:
            seen[alternative.keys] = alternative
    return tuple(seen.values())


def _reading_alternatives(piece: str) -> list[Alternative]:
    letters = katakana_letters(piece)
    # spelled-out letters are a Latin word and take the Latin key (テーオーシー "toc" meets TOC as "tok")
    spelled = [Alternative((token_key(letters),), LETTERS)] if letters else []
    prefix = None if letters else katakana_letter_prefix(piece)
    if prefix:
        head, rest = prefix
        spelled.append(Alternative((token_key(head), *_reading_keys(cutlet_reading(rest))), LETTERS))
    elif not letters and (initial := katakana_letter_prefix(piece, 1)):
        # one letter and a word (エスフーズ = S Foods, エイチワン = H-One) is a guess: アイシン opens
        # with アイ "i" too, so it counts only when it meets the other name exactly
        head, rest = initial
        spelled.append(Alternative((token_key(head), *_reading_keys(cutlet_reading(rest))), INITIAL))
    readings = spelled + [Alternative(_reading_keys(cutlet_reading(piece)), CUTLET), Alternative(_reading_keys(kakasi_reading(piece)), KAKASI)]
    readings.extend(Alternative(_reading_keys(tokens), NBEST) for tokens in nbest_readings(piece))
    readings.append(Alternative(_reading_keys(onyomi_reading(piece)), NBEST))
    if has_kana(piece):
        loanword = tuple(loanword_key(token) for token in kakasi_reading(piece))
        readings.append(Alternative(_reading_keys(loanword), LOANWORD))
    else:
        syllables = pinyin_reading(piece)
        words = ["".join(syllables[i : i + PINYIN_WORD]) for i in range(0, len(syllables), PINYIN_WORD)]
        readings.append(Alternative(_reading_keys(words), PINYIN))
    return readings


DICTIONARY_GLOSSES = 3
"""Glosses of one dictionary word tried (無線: radio, wireless)..."""
DICTIONARY_ALTERNATIVES = 4
"""...and glossed spellings of one piece kept (their combinations)."""


def _glossed_alternatives(piece: str, lexicon: Lexicon, chinese: bool = True, meanings: bool = False, simplified: bool = False) -> list[Alternative]:
    """A piece the lexicon does not know, spelled with the general dictionary's glosses for
    the words it holds and the readings of the rest: 遠藤照明 → "endo lighting", as ENDO
    Lighting is named. It stays one slot beside its own readings (大真空 is DAISHINKU, not
    "dai vacuum"), and the aligner takes whichever the other name agrees with. A katakana piece
    is also read word by word: MeCab reads an unknown name and the loanwords after it as one
    word (サワイグループホールディングス "sawaigurupuhorudingusu"; sawai | group | holdings)."""
    if has_kana(piece) and len(cutlet_reading(piece)) > 1:
        return []  # MeCab has already read the katakana word by word
    parts = lexicon.glosses(piece, chinese, simplified)
    if not parts and meanings and len(piece) <= CHARACTER_GLOSSED:
        parts = [Segment(piece)]
    choices = []
    meant = []  # the same with the short pieces between spelled by their characters' meanings
    for part in parts:
        if part.entries:
            choices.append([_keys(entry.translation) for entry in part.entries[:DICTIONARY_GLOSSES]])
            meant.append(choices[-1])
        else:
            choices.append([_reading_keys(cutlet_reading(part.text))])
            meant.append((_character_meanings(part.text) if meanings else []) or choices[-1])
    spellings = (tuple(key for keys in combination for key in keys) for combination in product(*choices))
    glossed = [Alternative(keys, DICTIONARY) for keys in islice(spellings, DICTIONARY_ALTERNATIVES)]
    if simplified:
        glossed.extend(_other_form_glossed(parts, choices))
    if meant != choices:
        spellings = (tuple(key for keys in combination for key in keys) for combination in product(*meant))
        glossed.extend(Alternative(keys, MEANINGS) for keys in islice(spellings, DICTIONARY_GLOSSES))
    if len(parts) > 1 and has_kana(piece):
        glossed.append(Alternative(tuple(k for part in parts for k in _reading_keys(cutlet_reading(part.text))), CUTLET))
        glossed.append(Alternative(_reading_keys([loanword_key(t) for part in parts for t in kakasi_reading(part.text)]), LOANWORD))
    return glossed


def _other_form_glossed(parts: list[Segment], choices: list[list[tuple[str, ...]]]) -> list[Alternative]:
    """The glossed spelling with a piece between dictionary words read through another Japanese
    form of its simplified characters (`other_japanese_forms`): 冲电气工业 is 沖 "oki" + electric
    industry (OKI Electric Industry), where s2t writes 冲 as 衝 "sho"."""
    found: list[Alternative] = []
    for n, part in enumerate(parts):
        if part.entries:
            continue
        for form in other_japanese_forms(part.text)[:DICTIONARY_GLOSSES]:
            read = [*choices[:n], [_reading_keys(japanese_form_reading(form))], *choices[n + 1 :]]
            spellings = (tuple(key for keys in combination for key in keys) for combination in product(*read))
            found.extend(Alternative(keys, DICTIONARY) for keys in islice(spellings, DICTIONARY_GLOSSES))
    return found


def _split_glossed(term: str, lexicon: Lexicon, hanzi: bool, simplified: bool) -> list[Alternative]:
    """A term the lexicon translates whole that is also two general dictionary words, spelled
    by their glosses too: 北方工业 is Norinco, and also 北方 "north" + 工业 "industry", as China
    North Industries Corporation names it word by word."""
    if len(term) < 2 * MIN_DICTIONARY_WORD or script_of(term) != "kanji":
        return []
    for k in range(MIN_DICTIONARY_WORD, len(term) - MIN_DICTIONARY_WORD + 1):
        halves = [lexicon.glosses(term[:k], hanzi, simplified), lexicon.glosses(term[k:], hanzi, simplified)]
        if all(len(parts) == 1 and parts[0].entries for parts in halves):
            choices = [[_keys(entry.translation) for entry in parts[0].entries[:DICTIONARY_GLOSSES]] for parts in halves]
            spellings = (tuple(key for keys in combination for key in keys) for combination in product(*choices))
            return [Alternative(keys, DICTIONARY) for keys in islice(spellings, DICTIONARY_ALTERNATIVES) if keys]
    return []


CHARACTER_GLOSSED = 2
"""Characters of the longest piece no dictionary word explains that is also spelled by the
meanings of its characters (红猫 → "red cat", Red Cat; 省 → ministry)."""


def _character_meanings(text: str) -> list[tuple[str, ...]]:
    """A piece of at most `CHARACTER_GLOSSED` characters spelled by CC-CEDICT's meanings of
    each character, the first meanings first; [] when a character has none or all are
    transliteration characters. Only for a name that may be Chinese (`_cjk_slot`'s `chinese`):
    a character's Chinese meaning is not what it means in a Japanese company's name."""
    if not 0 < len(text) <= CHARACTER_GLOSSED or script_of(text) != "kanji" or sounds_only(text):
        return []  # transliteration characters spell a foreign name by sound (斯凯 of 斯凯迪奥 Skydio)
    meanings = [character_glosses(character)[:DICTIONARY_GLOSSES] for character in text]
    if not all(meanings):
        return []
    spellings = (tuple(key for words in combination for key in _keys(words)) for combination in product(*meanings))
    return [keys for keys in islice(spellings, DICTIONARY_GLOSSES) if keys]


KOREAN_GLOSSED_SYSTEMS = 2
"""Korean spellings (RR, MR) of the words between dictionary words tried in a glossed spelling."""


def _korean_glossed(parts: list[Segment]) -> list[Alternative]:
    """The glossed spelling with the words between read in Korean, as a Korean body's English
    name mixes translation and reading: 朝鮮光鮮銀行 → "korea kwangson bank" (Korea Kwangson
    Banking Corporation)."""
    choices: list[list[tuple[str, ...]]] = []
    for part in parts:
        if part.entries:
            choices.append([_keys(part.entries[0].translation)])
            continue
        read = [alternative.keys for alternative in _hanja_alternatives(part.text)[:KOREAN_GLOSSED_SYSTEMS]]
        if not read:
            return []
        choices.append(read)
    if len(choices) < 2:
        return []
    spellings = (tuple(key for keys in combination for key in keys) for combination in product(*choices))
    return [Alternative(keys, KOREAN_GLOSSED) for keys in islice(spellings, DICTIONARY_ALTERNATIVES)]


def _korean_alternatives(words: tuple[str, ...]) -> list[Alternative]:
    """Hangul words romanised in each system (RR, MR, popular MR), one alternative a system."""
    spellings = [romanisations(word) for word in words]
    systems = max((len(s) for s in spellings), default=0)
    return [Alternative(_reading_keys([s[min(n, len(s) - 1)] for s in spellings]), KOREAN) for n in range(systems)]


def _hanja_alternatives(text: str) -> list[Alternative]:
    """A hanja word read in Korean, in North and South Korean spelling (see `korean_words`)."""
    return [alternative for words in korean_words(text) for alternative in _korean_alternatives(words)]


@lru_cache(maxsize=100_000)
def _hangul_slot(word: str) -> Slot | None:
    """A hangul word, in words of two syllables like a hanja name's reading (조선광선은행 →
    choson kwangson unhaeng): the aligner joins them where the English name writes one word."""
    words = tuple(word[i : i + KOREAN_WORD] for i in range(0, len(word), KOREAN_WORD))
    alternatives = _dedupe(_korean_alternatives(words))
    return Slot(word, alternatives) if alternatives else None


def _chinese_alternatives(piece: str, lexicon: Lexicon, simplified: bool = False) -> list[Alternative]:
    """Mandarin readings of a kanji piece in a name that may be Chinese (no kana): its pinyin
    joined into the words the dictionaries find in it (哈尔滨 haerbin, as Harbin is written,
    not "haer bin"), and the whole piece read as a transcription of a foreign name (洛克希德
    loksid ~ Lockheed) for the names CC-CEDICT lacks, with the words it knows glossed."""
    parts = lexicon.glosses(piece, cedict_first=simplified) or [Segment(piece)]
    words = ["".join(pinyin_reading(part.text)) for part in parts]
    found = [Alternative(_reading_keys(words), PINYIN)]
    # the learned model's spellings before the rule's: of two that meet a word, the aligner takes the first
    found.extend(_foreign_alternatives(piece, lexicon, simplified))
    # the pieces no dictionary knows read as transcriptions, the words it knows by their first
    # gloss: 格鲁曼航空 "gruman aviation"
    if any(not part.entries and len(part.text) >= MIN_SOUND_SYLLABLES for part in parts):
        sounds: list[str] = []
        for part, word in zip(parts, words):
            if part.entries:
                sounds.extend(part.entries[0].translation)
            else:
                sounds.append(pinyin_sound(part.text) if len(part.text) >= MIN_SOUND_SYLLABLES else word)
        found.append(Alternative(_keys(sounds), SOUND))
        if any("w" in sound for sound in sounds):  # 维 wei, 沃 wo, 瓦 wa, 文 wen write v as often as w
            found.append(Alternative(_keys([sound.replace("w", "v") for sound in sounds]), SOUND))
    return found


RENDERED_GLOSS = 0.5
"""How near (Indel similarity) a dictionary word's gloss must be to its pinyin read as a
transcription for the word to be a rendering itself (戈尔 Gore, 尼克斯 Knicks: part of a longer
rendering), not a word of meaning (科技 technology, 美国 United States)."""


def _sounds_like_its_gloss(part: Segment) -> bool:
    gloss = "".join(part.entries[0].translation).lower()
    return Indel.normalized_similarity(pinyin_sound(part.text), gloss) >= RENDERED_GLOSS


def rendering_runs(piece: str, lexicon: Lexicon, simplified: bool = False) -> list[tuple[list[Segment], tuple[str, ...]]]:
    """A piece's words in runs, each with the model's spellings if it is a rendering (`_foreign_alternatives`
    says which runs are): the matcher's alternatives and the explanation's "~ 'preston'" read the same runs."""
    parts = lexicon.glosses(piece, cedict_first=simplified) or [Segment(piece)]
    sound = [sounds_only(part.text) and (not part.entries or _sounds_like_its_gloss(part)) for part in parts]
    pieces: list[tuple[list[Segment], tuple[str, ...]]] = []  # (words, the run's spellings if a rendering)
    n = 0
    while n < len(parts):
        end = n + 1
        while sound[n] and end < len(parts) and sound[end]:
            end += 1
        text = "".join(part.text for part in parts[n:end])
        rendering = sound[n] and not lexicon.lookup(text)
        pieces.append((parts[n:end], foreign_spellings(text) if rendering else ()))
        n = end
    return pieces


def _foreign_alternatives(piece: str, lexicon: Lexicon, simplified: bool = False) -> list[Alternative]:
    """The runs of dictionary words and characters in a piece that are renderings of a foreign
    name, read by the learned model (`foreign_spellings`, n best): a run is the longest stretch
    of transliteration characters (`sounds_only`) whose words the dictionary does not know, or
    knows as renderings themselves (维戈尔 is 维 and 戈尔 Gore: one rendering, Vigo), and that
    is not a word the lexicon knows whole. One alternative per spelling of the first run, any
    other run in its best spelling; the words of meaning by their first gloss, others in pinyin."""
    pieces = rendering_runs(piece, lexicon, simplified)
    first = next((k for k, (_, spellings) in enumerate(pieces) if spellings), None)
    if first is None:
        return []
    rest: list[list[str]] = []
    for words, spellings in pieces:
        if spellings:
            rest.append([spellings[0]])
        else:
            rest.append([w for part in words for w in (part.entries[0].translation if part.entries else ["".join(pinyin_reading(part.text))])])
    found = []
    for spelling in pieces[first][1]:
        keys = [key for k, words in enumerate(rest) for key in ([spelling] if k == first else words)]
        found.append(Alternative(_keys(keys), FOREIGN))
    return found


@lru_cache(maxsize=500_000)
def _cjk_slot(segment: Segment, lexicon: Lexicon, korean: bool = False, chinese: bool = False, hanzi: bool = True, simplified: bool = False) -> Slot | None:
    """`korean`: the name may be Korean, and its hanja are read in Korean too; `chinese`: it may
    be Chinese, and is read in Mandarin too; `hanzi`: it has no kana, and its words are glossed
    by CC-CEDICT too (a Japanese name in a Chinese text is written in Chinese words: 高端 high-end)."""
    translated = [Alternative(_keys(entry.translation), TRANSLATION) for entry in segment.entries]
    glossed = [] if translated or not script_of(segment.text) else _glossed_alternatives(segment.text, lexicon, hanzi, chinese, simplified)
    whole_word = bool(translated) or _one_dictionary_word(segment.text, lexicon, hanzi)
    if whole_word:
        glossed = glossed + _split_glossed(segment.text, lexicon, hanzi, simplified)
    hanja = _hanja_alternatives(segment.text) if korean else []
    if hanja and not translated:  # before the readings: the aligner takes the first alternative a word meets in
        # glossed by JMdict alone, as CC-CEDICT glosses the words of a Korean reading too (光鮮 "bright")
        hanja = _korean_glossed(lexicon.glosses(segment.text, chinese=False)) + hanja
    mandarin = _chinese_alternatives(segment.text, lexicon, simplified) if chinese and script_of(segment.text) == "kanji" else []
    # Mandarin before the glosses: of two spellings that meet a word equally, the aligner takes
    # the first, and a transcription's spelling also holds the name (萨罗尼克科技 "saronik technology")
    meant = translated + glossed
    readings = _reading_alternatives(segment.text)
    if simplified:  # a character s2t may have read as another word's (冲 衝, not the 沖 of Oki): a guess as MeCab's other parses are
        readings += [Alternative(_reading_keys(japanese_form_reading(form)), NBEST) for form in other_japanese_forms(segment.text)]
    if chinese and not cutlet_reads_all(segment.text):
        # MeCab reads a piece of a name that may be Chinese only in part: what it reads is another
        # word (卡特彼勒 "?? kare ?", Caterpillar, met Care Service whole), not the piece
        readings = [alternative for alternative in readings if alternative.label != CUTLET]
    if whole_word:
        readings, mandarin = _word_pinyin(readings), _word_pinyin(mandarin)
    alternatives = _dedupe(translated + readings + hanja + mandarin + glossed + _synonym_alternatives(meant))
    return Slot(segment.text, alternatives, descriptor=bool(translated)) if alternatives else None


def _word_pinyin(alternatives: list[Alternative]) -> list[Alternative]:
    return [Alternative(alternative.keys, WORD_PINYIN) if alternative.label == PINYIN else alternative for alternative in alternatives]


def _one_dictionary_word(text: str, lexicon: Lexicon, hanzi: bool) -> bool:
    """Whether a piece is one word of the general dictionaries as a whole (交通, 航空): its pinyin
    then says a word of meaning by its sound (`WORD_PINYIN`)."""
    if script_of(text) != "kanji":
        return False
    parts = lexicon.glosses(text, hanzi)
    return len(parts) == 1 and bool(parts[0].entries)


SYNONYM_ALTERNATIVES = 4
"""Spellings of one word with a word of its translation put as its adjective or a synonym, kept per slot."""
SYNONYMOUS = frozenset({TRANSLATION, DICTIONARY, KOREAN_GLOSSED, MEANINGS})


def _synonym_alternatives(alternatives: list[Alternative]) -> list[Alternative]:
    """Each translation or gloss of a word with one of its words put as its adjective or, for a
    word of a body, a synonym, as WordNet gives them (`lexicon.adjectives`, `lexicon.synonyms`):
    Chinese puts a noun where English puts its adjective (中国 "China" is the Chinese of a
    Chinese Association, 国家 "nation" a National Commission, 药学 "pharmacy" a Pharmaceutical
    University), and bodies of one kind are named in different words (委员会 "committee", a
    Commission). Every adjective before any synonym (names turn nouns into adjectives more
    often than they say a body's word another way), and all after every other spelling: a tie
    goes to the dictionary's own word."""
    found = []
    meant = [alternative.keys for alternative in alternatives if alternative.label in SYNONYMOUS]
    for other_words in (adjectives, synonyms):
        for keys in meant:
            for k, key in enumerate(keys):
                for other in other_words(key):
                    found.append(Alternative(keys[:k] + (other,) + keys[k + 1 :], SYNONYM))
                    if len(found) == SYNONYM_ALTERNATIVES:
                        return found
    return found


_KATAKANA_RUN = r"[\u30a1-\u30fa\u30fc]+"
_SCRIPT_RUNS = re.compile(_KATAKANA_RUN + r"|[\u3041-\u309f]+|[^\u3041-\u309f\u30a1-\u30fa\u30fc]+")


def _script_pieces(segment: Segment) -> list[Segment]:
    """A piece the lexicon does not know, split where the script changes: 内外テック is a
    kanji word read natively and a katakana loanword (内外 | テック), each with its own readings."""
    if segment.entries:
        return [segment]
    return [Segment(piece) for piece in _SCRIPT_RUNS.findall(segment.text)]


def _cjk_slots(run: str, lexicon: Lexicon, korean: bool = False, chinese: bool = False, hanzi: bool = True, simplified: bool = False) -> list[Slot]:
    """Slots of a CJK run; `korean` and `chinese` when the name may be Korean or Chinese: its
    kanji pieces are read in Korean or Mandarin as well; `hanzi` when it has no kana (see `_cjk_slot`)."""
    pieces = [word for segment in lexicon.segment(run) for piece in _script_pieces(segment) for word in _dictionary_words(piece, lexicon, hanzi) for word in _katakana_words(word)]
    return [slot for slot in (_cjk_slot(piece, lexicon, korean, chinese, hanzi, simplified) for piece in pieces) if slot is not None]


GENERIC_KATAKANA = (3, 8)
"""Kana in a generic word a katakana run may end in (グループ, ホールディングス), fewest and most."""
MIN_KATAKANA_HEAD = 2
"""Kana left before it: a name (サイタ), not a syllable."""
_KATAKANA = re.compile(_KATAKANA_RUN)  # a piece `_script_pieces` cut from a run, in katakana


def _katakana_words(piece: Segment) -> list[Segment]:
    """A katakana run that ends in a generic word (legal_forms.yaml: holdings, group, services…,
    as cutlet reads the loanword alone), split before it: MeCab reads サイタホールディングス as one
    unknown word, "saitahorudingusu", so SAITA CORPORATION met nothing of it; apart, サイタ is
    SAITA and ホールディングス a word that a name drops (`features._generic_left_over`). The
    aligner still joins the two where the other name writes one (SAITAHOLDINGS)."""
    text = piece.text
    if piece.entries or not _KATAKANA.fullmatch(text):
        return [piece]
    low, high = GENERIC_KATAKANA
    for size in range(min(high, len(text) - MIN_KATAKANA_HEAD), low - 1, -1):
        tail = text[-size:]
        if tail[0] == "ー" or tail[0] in SMALL_KANA:
            continue
        keys = _reading_keys(cutlet_reading(tail))
        if len(keys) == 1 and is_generic_key(keys[0]):
            return [Segment(text[:-size]), Segment(tail)]
    return [piece]


SMALL_KANA = frozenset("ァィゥェォッャュョヮヵヶ")
"""Kana that end the syllable before them: no word starts with one."""


def _dictionary_words(piece: Segment, lexicon: Lexicon, hanzi: bool) -> list[Segment]:
    """A kanji piece the lexicon does not know, split where the general dictionary finds words
    of two characters or more in it, the pieces between (of two characters or more) kept as
    words of their own: 航空发动机 is 航空 | 发动机, and 三機工業 is 三機 | 工業, a name and a
    word of what the company does, each with its own readings and glosses, so SANKI meets 三機
    and not the whole piece's reading. A last character the dictionary does not know, after a
    word it knows, is that word's suffix and goes with it: 竹内製作所 is 竹内 | 製作所 (製作
    "manufacture" + 所 "place": works), as TAKEUCHI MFG. names only the first. Kept whole: a
    piece with another one-character part (大真空 is
    DAISHINKU, not "dai vacuum"), and, in a name that may be Chinese, the run of transliteration
    characters (`sounds_only`) around an unknown part: 斯凯迪奥 is Skydio, not 斯凯 | 迪奥 "Dior",
    but 艾默生电气 is 艾默生 | 电气 (Emerson Electric), the rendering apart from the word of meaning
    after it, so each meets its own word (`_sound_runs`). The aligner still joins adjacent words
    where the other name writes one."""
    if piece.entries or script_of(piece.text) != "kanji" or len(piece.text) < 2 * MIN_DICTIONARY_WORD:
        return [piece]
    parts = lexicon.glosses(piece.text, hanzi)
    if len(parts) > 2 and len(parts[-1].text) == 1 and not parts[-1].entries and parts[-2].entries:
        parts = parts[:-2] + [Segment(parts[-2].text + parts[-1].text)]  # 製作 + 所: the trade word with its suffix
    if len(parts) < 2 or any(len(part.text) < MIN_DICTIONARY_WORD for part in parts):
        return [piece]
    if hanzi and any(not part.entries and sounds_only(part.text) for part in parts):
        runs = _sound_runs(parts)
        if len(runs) < 2 or any(len(run) < MIN_DICTIONARY_WORD for run in runs):
            return [piece]  # a rendering of a foreign name, read whole by `_foreign_alternatives`
        return [Segment(run) for run in runs]
    return [Segment(part.text) for part in parts]


def _sound_runs(parts: list[Segment]) -> list[str]:
    """The texts of a piece's parts with each stretch of transliteration characters joined into
    one (known words among them too: 卡特 "Carter" is part of 卡特彼勒, Caterpillar), the words
    written otherwise apart: 艾默生 | 电气. A word of meaning in transliteration
    characters (欧洲 "Europe") stays with the rendering; `_foreign_alternatives` reads it there."""
    runs: list[str] = []
    sound = [sounds_only(part.text) for part in parts]
    for n, part in enumerate(parts):
        if n and sound[n] and sound[n - 1]:
            runs[-1] += part.text
        else:
            runs.append(part.text)
    return runs


MIN_DICTIONARY_WORD = 2
"""Characters of the shortest dictionary word a piece is split into (one character is a word of
almost every name)."""


MIN_KATAKANA_WORD = 3
"""English words shorter than this are not given a katakana reading (CO, AG, R&D)."""


@lru_cache(maxsize=500_000)
def _latin_slot(token: str, descriptors: frozenset[str], katakana: bool = False) -> Slot | None:
    """One shared slot per distinct token: a list of a million names repeats its words. With
    `katakana`, a distinctive word (not a descriptor the lexicon translates) also gets the
    reading of the katakana Japanese would write it in (AUCNET → オークネット → ookunetto), to
    meet a katakana name the way a reading meets a reading."""
    keys = _keys([token])
    if not keys:
        return None
    descriptor = keys[0] in descriptors
    alternatives = [Alternative(keys, LATIN)]
    word = expansion(token)
    if word is not None:  # Mfg. is a manufacturing company, and meets 製作所 and Manufacturing
        alternatives.append(Alternative(_keys([word]), ABBREVIATED))
    if katakana and not descriptor and token.isalpha() and len(token) >= MIN_KATAKANA_WORD:
        alternatives.append(Alternative(_reading_keys(kakasi_reading(katakana_spelling(token))), KATAKANA))
    return Slot(token, _dedupe(alternatives), descriptor=descriptor)


def _latin_slots(text: str, lexicon: Lexicon, katakana: bool) -> list[Slot]:
    descriptors = lexicon.translation_keys
    if has_hangul(text):  # hangul words are read in Korean, the rest as Latin
        slots: list[Slot] = []
        for part in _HANGUL_RUNS.split(text):
            if has_hangul(part):
                hangul = _hangul_slot(part)
                slots.extend([hangul] if hangul is not None else [])
            elif part.strip():
                slots.extend(_latin_slots(part, lexicon, katakana))
        return slots
    tokens = latin_tokens(text)
    found = [_letter_slot(token) if _among_initials(tokens, n) else _latin_slot(token, descriptors, katakana) for n, token in enumerate(tokens)]
    return [slot for slot in found if slot is not None]


def _among_initials(tokens: list[str], n: int) -> bool:
    """Whether a one-letter function word ("a") is an initial: a letter beside another (S.A., S.p.A., A.S.)."""
    return len(tokens[n]) == 1 and tokens[n] in STOPWORDS and any(0 <= k < len(tokens) and len(tokens[k]) == 1 and tokens[k].isalpha() for k in (n - 1, n + 1))


@lru_cache(maxsize=64)
def _letter_slot(letter: str) -> Slot:
    return Slot(letter, (Alternative((letter,), LATIN),))


def _initial(slot: Slot) -> str | None:
    return next((alt.keys[0] for alt in slot.alternatives if len(alt.keys) == 1 and len(alt.keys[0]) == 1), None)


def _merge_initials(slots: list[Slot]) -> list[Slot]:
    """Runs of single letters are one word: "U.M.C." and ユー・エム・シー both become "umc"."""
    merged: list[Slot] = []
    run: list[Slot] = []
    for slot in [*slots, None]:
        if slot is not None and _initial(slot):
            run.append(slot)
            continue
        if len(run) > 1:
            letters = "".join(_initial(s) or "" for s in run)
            merged.append(Slot(" ".join(s.text for s in run), (Alternative((letters,), LETTERS),)))
        else:
            merged.extend(run)
        run = []
        if slot is not None:
            merged.append(slot)
    return merged


def _edge_token(slot: Slot) -> str:
    """A slot as `strip_latin_forms` sees it: a Latin word, a run of initials as its letters, or
    "\0" (no form: CJK and readings)."""
    label = slot.alternatives[0].label
    if label == LATIN:
        return slot.text
    return slot.alternatives[0].keys[0] if label == LETTERS and " " in slot.text else "\0"


def _strip_edge_forms(slots: list[Slot]) -> tuple[list[Slot], list[str]]:
    """Latin legal forms at either edge of the whole name ("アイ・ジェット DMCC" ends in one); a
    form written in initials (N.V., K.K., S.A.) is a run of initials made one word, its letters."""
    tokens = [_edge_token(slot) for slot in slots]
    core, removed = strip_latin_forms(tokens)
    start = next((i for i in range(len(tokens) - len(core) + 1) if tokens[i : i + len(core)] == core), 0)
    return slots[start : start + len(core)], removed


def _names_no_one(slots: list[Slot], cjk: str) -> bool:  # cjk: the name's CJK, legal forms included
    """Whether what is left of a name is only legal forms and generic words ("LIMITED", "LLC",
    "Trading Co.", 有限公司): such a form names no one, and two of them would meet at 1.0. It is
    neither indexed nor compared."""
    if cjk and not is_generic_cjk(cjk):
        return False
    for slot in slots:
        if has_cjk(slot.text):
            continue  # a CJK word of a name whose CJK is all legal forms
        if not is_generic_word(slot.text) and not (slot.alternatives[0].label == LETTERS and is_spelt_form(slot.text)):
            return False
    return True


def names_no_one(written: str) -> bool:
    """Whether a written name, as a whole, is only legal forms, generic words, function words
    and punctuation ("LIMITED", "Trading Co., Ltd.", "(LLC)", 有限公司): the matcher will
    neither index nor compare it. Cheap (no readings): for checking a list when it is loaded."""
    text = to_simplified(clean(written)) if has_cjk(written) else clean(written)
    cjk = "".join(c for c in text if is_cjk(c))
    if cjk and not is_generic_cjk(cjk):
        return False
    latin = "".join(" " if is_cjk(c) else c for c in text) if cjk else text
    tokens = latin_tokens(latin)
    return is_generic([t for n, t in enumerate(tokens) if t not in STOPWORDS or _among_initials(tokens, n)])  # as `_latin_slots` reads them: S.A.'s "a" is a letter


SHA = "社"
"""A company-word set aside as a legal form that Japanese names keep in their romanisation
(大気社 TAIKISHA, 学究社 GAKKYUSHA, 講談社 Kodansha)."""


@lru_cache(maxsize=10_000)
def _with_sha(slot: Slot) -> Slot:
    """The last word of a name that ended in 社 also read with its -sha (大気 taiki → taikisha)."""
    extra = [Alternative((*alt.keys[:-1], token_key(alt.keys[-1] + "sha")), alt.label) for alt in slot.alternatives if alt.label in (CUTLET, KAKASI)]
    return Slot(slot.text, _dedupe([*slot.alternatives, *extra]), slot.descriptor)


def word_initials(slots: tuple[Slot, ...]) -> tuple[tuple[str, tuple[tuple[int, int], ...]], ...]:
    """The initialisms a name's Latin words may be written as: for each run of neighbouring words
    whose initials make `TOKENS.initials` letters, (those letters, the (slot, alternative) of each
    word), the run opening or closing the name's Latin words (MHI Oceanics, Fujitsu BSC).
    Mitsubishi Heavy Industries is MHI, Global Food Creators GFC (ジーエフシー, spelt out).
    The letters as written, and folded as a Latin word would be (CTI, written, is the key "kti").
    Spelt letters and one-letter words take no part; nor do CJK words: the initials of their
    readings and translations, a dozen guesses a name, met other names' short words by chance
    (陸上装備研究所 ~ LEC, 日立高端系统 ~ HKS)."""
    low, high = TOKENS.initials
    found: dict[str, tuple[tuple[int, int], ...]] = {}
    start = 0
    for end in range(len(slots) + 1):
        if end < len(slots) and slots[end].alternatives[0].label == LATIN and len(slots[end].text) > 1 and slots[end].text[0].isalpha():
            continue
        for first in range(start, end):  # the words start..end-1 are Latin words
            for last in range(first + low, min(end, first + high) + 1):
                if first != start and last != end:
                    continue  # an initialism opens or closes its run of words (MHI Oceanics, Fujitsu BSC)
                letters = "".join([slot.text[0] for slot in slots[first:last]])
                read = tuple([(w, 0) for w in range(first, last)])
                found.setdefault(letters, read)
                folded = token_key(letters)
                if len(folded) >= low:  # "imm" folds to "im": a two-letter word
                    found.setdefault(folded, read)
        start = end + 1
    return tuple(found.items())


def script_of(text: str) -> str:
    """"kana", "kanji", or "" for text of Latin letters or of mixed scripts."""
    if text and all(is_kana(c) for c in text):
        return "kana"
    if text and all(is_han(c) for c in text):
        return "kanji"
    return ""


@lru_cache(maxsize=100_000)
def name_form(written: str, lexicon: Lexicon | None = None, katakana: bool = False, korean: bool = False) -> NameForm:
    """Slots of one written name (a query or one alias of a list entry); with `katakana`, its
    English words also read as the katakana they would be written in (see `_latin_slot`); with
    `korean` (a Korean party), its CJK read in Korean even beside kana."""
    lexicon = lexicon if lexicon is not None else default_lexicon()
    text = _PARENTHESES.sub(" ", clean(written))
    canonical = to_simplified(text) if has_cjk(text) else text
    korean = korean or has_hangul(text) or (has_cjk(text) and not has_kana(text) and may_be_korean(text, canonical))
    canonical_full = canonical.rstrip()
    canonical, legal = strip_cjk_forms(canonical) if has_cjk(canonical) else (canonical, [])
    canonical, before_of = strip_form_before_of(canonical)  # Aviation Industry Corporation of China
    legal.extend(before_of)
    slots: list[Slot] = []
    # kana or a Japanese company form (株式会社) makes a name Japanese: no Mandarin reading of its kanji
    hanzi = not has_kana(canonical)
    chinese = hanzi and not any(JAPANESE_COMPANY in form for form in legal)
    simplified = hanzi and written_in_simplified(text)  # Chinese words, even in a Japanese company's name
    for part in _RUNS.split(canonical):
        if not part.strip():
            continue
        if is_cjk(part[0]):
            slots.extend(_cjk_slots(part, lexicon, korean, chinese, hanzi, simplified))
        else:
            slots.extend(_latin_slots(part, lexicon, katakana))
    if legal and canonical_full.endswith(SHA) and SHA in legal and slots and script_of(slots[-1].text) == "kanji":
        slots[-1] = _with_sha(slots[-1])
    slots, removed = _strip_edge_forms(_merge_initials(slots))
    legal.extend(removed)
    cjk = "".join(c for c in canonical if is_cjk(c))
    if _names_no_one(slots, "".join(c for c in canonical_full if is_cjk(c))):
        return NameForm(written, (), "", tuple(legal), 0)
    return NameForm(written, tuple(slots), cjk, tuple(legal), _translatable(slots))


def _translatable(slots: list[Slot] | tuple[Slot, ...]) -> int:
    return sum(any(alt.label in TRANSLATED for alt in slot.alternatives) for slot in slots)


@lru_cache(maxsize=100_000)  # as `name_form`: a whole name's slot is then one object, as every word's is (slots are cache keys by identity)
def name_forms(written: str, lexicon: Lexicon | None = None, katakana: bool = False, korean: bool = False) -> tuple[NameForm, ...]:
    """The forms of one written name: its words (`name_form`) and, when JMdict or JMnedict names
    it whole, the whole name as one word spelt by its English name (`_whole_name_form`)."""
    form = name_form(written, lexicon, katakana, korean)
    whole = _whole_name_form(form)
    return (form,) if whole is None else (form, whole)


MIN_NAMED_REST = 3
"""Characters a whole name after a leading translated word must have (日本 | 防卫装备厅): a
shorter one is a word of the name, not a name."""


def _whole_name_form(form: NameForm) -> NameForm | None:
    """A CJK name the dictionaries name whole (`lexicon.whole_names`), its legal forms aside,
    or after one leading word the lexicon translates (日本防卫装备厅 is Japan + Acquisition,
    Technology & Logistics Agency): the name's words are a convention no word states (装备
    "equipment"), so the whole is one word spelt by each of its English names. None for any
    other name, and never for a piece of one: whole names used as glosses split the Chinese
    names of other parties (benchmarks/SCREENING.md)."""
    if not form.cjk or not form.slots or not all(has_cjk(slot.text) for slot in form.slots):
        return None
    lead: list[Slot] = []
    text = "".join(slot.text for slot in form.slots)
    names = whole_names(text, canonical=True)
    first = form.slots[0]
    if not names and len(form.slots) > 1 and first.descriptor:  # a word the lexicon translates
        rest = text[len(first.text) :]
        if len(rest) >= MIN_NAMED_REST:
            names = whole_names(rest, canonical=True)
            lead, text = [first], rest
    if not names:
        return None
    alternatives = [Alternative(_keys(strip_latin_forms(latin_tokens(name))[0]), NAMED) for name in names]
    slot = Slot(text, _dedupe([alternative for alternative in alternatives if alternative.keys]))
    if not slot.alternatives:
        return None
    slots = (*lead, slot)
    return NameForm(form.written, slots, form.cjk, form.legal_forms, _translatable(slots))


_SPLIT_ALIASES = re.compile(r"[()（）]|、|\ba\.?k\.?a\.?\b|及び|以及")


def written_variants(written: str, words: frozenset[str] = frozenset()) -> list[str]:
    """A name with parenthesised or listed alternatives, as each of its parts and as a whole,
    and with its glued words apart (`unglued`; `words` from `glue_words`).

    "グアンジョウ・オーサイ・テクノロジー有限会社(广州欧赛科技有限公司)" holds a katakana and a
    Chinese form of the same name; each is matched on its own as well as the whole.
    """
    parts = [p.strip(" ,;:)）") for p in _SPLIT_ALIASES.split(clean(written))]
    parts = [p for p in parts if len(p) >= 2]
    variants = [written] + [p for p in parts if p != written]
    variants.extend(apart for apart in (unglued(v, words) for v in list(variants)) if apart)
    return list(dict.fromkeys(variants))


LEGAL_WORD_GLUED = 5
"""Legal forms of at least this many letters are also found glued to a name (FUMAKILLALIMITED)."""


@lru_cache(maxsize=8)
def glue_words(lexicon: Lexicon) -> frozenset[str]:
    """Words `unglued` looks for at the end of a longer one: the lexicon's translation words
    and the longer one-word legal forms."""
    legal = {seq[0] for seq in legal_forms().latin if len(seq) == 1 and len(seq[0]) >= LEGAL_WORD_GLUED}
    return lexicon.translation_words | legal


_CASE_CHANGE = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])|(?<=[A-Z]{3})(?=[a-z]{2,}\b)|(?<=[0-9])(?=[A-Za-z]{3})|(?<=[A-Za-z]{3})(?=[0-9])")
_LONG_WORD = re.compile(r"[A-Za-z]{7,}")
_GLUED_CO = re.compile(r"\b([A-Za-z]{3,})(co)(?=[.,\s]+(?:ltd|limited)\b)", re.IGNORECASE)  # izumico.,ltd
_CO_APART = replacement(r"\1 \2")
MIN_GLUED_PART = 3


def unglued(written: str, words: frozenset[str] = frozenset()) -> str | None:
    """The name with words written as one set apart, or None when it has none: words its
    capitals show (WonderCorporation, AltPlusInc, KITAZAWASANGYOco — not McDonald, iPhone),
    letters against digits (LEOPALACE21CORPORATION), "co" glued before "Ltd" (izumico.,ltd),
    and a word of `words` glued to the end of a longer one (NAGANOBANK = NAGANO BANK, as
    長野銀行 is read and translated). A second form beside the name as written, never instead of it:
    CellSource is also セルソース, one word."""
    apart = _GLUED_CO.sub(_CO_APART, _CASE_CHANGE.sub(" ", written))

    def split_end(match: re.Match[str]) -> str:
        token = match.group(0)
        lower = token.lower()
        for n in range(len(token) - MIN_GLUED_PART, 3, -1):
            if lower[-n:] in words:
                return f"{token[:-n]} {token[-n:]}"
        return token

    if words:
        apart = _LONG_WORD.sub(split_end, apart)
    return apart if apart != written else None
