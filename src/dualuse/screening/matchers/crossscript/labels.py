"""The labels of a word's alternatives (forms.py): how a spelling of it was got.

A closed set, named once here: the aligner (align.py) decides what may meet what by them, the
features read translations by them, and the explanation of a match says them in words
(`HOW_READ` in __init__.py).
"""

from __future__ import annotations

from typing import Final

LATIN: Final = "latin"
"""A Latin word as written."""
ABBREVIATED: Final = "abbreviated"
"""A Latin word read as the word it abbreviates (MFG → manufacturing: `legal.expansion`)."""
LETTERS: Final = "letters"
"""Spelled letter by letter (an acronym, or a kana head spelt out)."""
INITIAL: Final = "initial"
"""A word read as its initial."""
INITIALS: Final = "initials"
"""Latin words read as their initials, one word (Mitsubishi Heavy Industries as MHI: `forms.word_initials`)."""
JOINED: Final = "joined"
"""Two neighbouring words written as one (align.py joins them)."""
CUTLET: Final = "cutlet"
"""A Japanese reading by cutlet (Hepburn romaji)."""
KAKASI: Final = "kakasi"
"""A Japanese reading by pykakasi."""
NBEST: Final = "nbest"
"""Another Japanese reading (MeCab's n-best, or the on'yomi)."""
LOANWORD: Final = "loanword"
"""Katakana read back as the English loanword it spells."""
KATAKANA: Final = "katakana"
"""A Latin word read as the katakana it would be written in: a guess (`config.BANDS.hit_guesses`)."""
PINYIN: Final = "pinyin"
"""Mandarin readings: pinyin syllables grouped into words."""
WORD_PINYIN: Final = "word_pinyin"
"""The pinyin of a word the dictionaries translate (交通 jiaotong, 航空 hangkong): it meets only
exactly (Xi'an Jiaotong University keeps the word in pinyin), as its near misses are other
words (航空 hangkong is no Hong Kong)."""
SOUND: Final = "sound"
"""A Chinese transcription read as the foreign name it transcribes (`readings.pinyin_sound`):
a reading, so it meets another reading only exactly, but a Latin word by a near miss."""
FOREIGN: Final = "foreign"
"""A Chinese rendering of a foreign name spelt by the learned model (`normalise.foreign`:
普雷斯顿 → "preston"): a reading like `SOUND`, one alternative per spelling the model offers."""
KOREAN: Final = "korean"
"""A Korean reading: hanja read in Korean, or hangul, in RR, MR and popular MR
(朝鮮 / 조선 → joseon, choson, chosun). Offered for hangul, for CJK names without kana written
in Korea's hanja or naming Korea (`hanja.may_be_korean`: kana, or 会 for 會, shows a name was
written in Japan or China) and for names of Korean parties (`name_form`'s `korean`)."""
TRANSLATION: Final = "translation"
"""A word translated by the lexicon (screening/lexicon)."""
NAMED: Final = "named"
"""A whole CJK name spelt by the English name JMdict or JMnedict gives it (防卫装备厅 →
Acquisition, Technology & Logistics Agency: `forms.name_forms`); met like a translation."""
DICTIONARY: Final = "dictionary"
"""A word translated by the dictionary (JMdict, CC-CEDICT glosses)."""
KOREAN_GLOSSED: Final = "korean_glossed"
"""A piece spelt as a Korean body's English name spells it: its dictionary words translated, the
words between read in Korean (南川江贸易 → "namchongang trade"; `forms._korean_glossed`). Met
like `DICTIONARY`, told apart so that the answer says the piece was also read in Korean."""
MEANINGS: Final = "meanings"
"""A short piece no dictionary word explains, in a name that may be Chinese, spelt by CC-CEDICT's
meanings of its characters (红猫 → "red cat", Red Cat; 省 → ministry)."""
SYNONYM: Final = "synonym"
"""A translation or gloss with a word put as its adjective, or a body's word as a synonym, as
WordNet gives them (`lexicon.adjectives`, `lexicon.synonyms`: 中国 "China" → Chinese; 委员会
"committee" → commission)."""
TRANSLATED: Final = frozenset({TRANSLATION, NAMED})
"""Labels of a word's translation by the lexicon or of a name's by the dictionaries: the
`translated_words` feature counts them."""
