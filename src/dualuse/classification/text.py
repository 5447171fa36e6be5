"""Text normalisation and tokens shared by the index and the query side.

Policy: every text (entry texts, customs descriptions, synonym terms, the user's description) goes
through the same `normalise`: Unicode NFKC (full-width digits and letters become ASCII, "µ" becomes
"μ"), then OpenCC `jp2t` and `t2s`, so Japanese shinjitai and traditional Chinese kanji meet the
simplified Chinese of the item texts (遠心 → 远心, 焼結 → 烧结). Case is kept: chemical formulas are
case-sensitive (Dy2O3, GaAs, cBN); `lower` is applied only where words are compared.

Tokens for the lexical feature: Han and kana runs give character bigrams (grammar characters such
as 的 and hiragana split runs; a lone character is no token: single characters that matter, such as
element names, are concepts), Latin runs give lower-cased words of two letters or more. Numbers are
not tokens (they are parameters, read by `parameters.extract`), except control codes ("2B902.f"),
which item texts use to point at each other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_HIRAGANA = re.compile(r"[\u3040-\u309f]+")  # Japanese particles and endings: separators, not tokens
# Where an item text starts a new sub-item: sentence ends, semicolons, colons, "2." / "b." numbering.
_SEGMENT_BREAK = re.compile(r"[。；;:：]|\s(?=(?:\d{1,2}|[a-z])\s*[.．、]\s*\D)")
_WORD = re.compile(r"[a-z][a-z\-]*[a-z]|[a-z]{2,}")
_SPACES = re.compile(r"\s+")
_CONTROL_CODE = re.compile(r"(?<![0-9A-Za-z])[0-9][A-E][0-9]{3}(?:\.[a-z0-9]+)*")

# English words that carry no item information (they occur in most entry texts).
STOPWORDS = frozenset(
    "the and or of for with by in to as on at be is are not any all other its it than from into "
    "including limited but such etc per same form forms listed item items use used made having "
    "following characteristics text captured threshold thresholds printed no every caught".split()
    # parameter words: the value is read by parameters.extract, the word itself says nothing of the item
    + "purity pure particle size average content diameter length density grade wt min max".split()
)
_PARAMETER_BIGRAMS = frozenset("纯度 粒度 粒径 含量 直径 长度 密度 平均 尺寸 规格".split())
# Han characters that are grammar, not item information.
_HAN_STOP = frozenset("的和及或等其与于为以含用项下非")


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def normalise(text: str) -> str:
    """NFKC, Japanese/traditional kanji to simplified Chinese, spaces collapsed; case kept."""
    text = unicodedata.normalize("NFKC", text)
    if _CJK_RUN.search(text):
        text = _converter("t2s").convert(_converter("jp2t").convert(text))
    return _SPACES.sub(" ", text).strip()


def tokens(normalised: str) -> list[str]:
    """Lexical tokens of a normalised text: CJK character bigrams and lower-case Latin words."""
    out: list[str] = []
    spaced = "".join(" " if ch in _HAN_STOP else ch for ch in _HIRAGANA.sub(" ", normalised))
    for run in _CJK_RUN.findall(spaced):
        out.extend(b for b in (run[i : i + 2] for i in range(len(run) - 1)) if b not in _PARAMETER_BIGRAMS)
    out.extend(w for w in _WORD.findall(normalised.lower()) if w not in STOPWORDS)
    out.extend(code.lower() for code in _CONTROL_CODE.findall(normalised))  # "parts for 2B902.f"
    return out


def segments(normalised: str) -> list[str]:
    """An item text cut into its sub-items (sentences, clauses after a colon, numbered lines)."""
    return [part.strip() for part in _SEGMENT_BREAK.split(normalised) if part.strip()]
