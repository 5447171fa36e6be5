"""Text normalisation and tokens shared by the index and the query side.

Policy: every text (entry texts, customs descriptions, synonym terms, the user's description) goes
through the same `normalise`: Unicode NFKC (full-width digits and letters become ASCII, "µ" becomes
"μ"), then OpenCC `jp2t` and `t2s`, so Japanese shinjitai and traditional Chinese kanji meet the
simplified Chinese of the item texts (遠心 → 远心, 焼結 → 烧结). Case is kept: chemical formulas are
case-sensitive (Dy2O3, GaAs, cBN); `lower` is applied only where words are compared.

Tokens for the lexical feature: Han and kana runs give character bigrams (and a single character
for a one-character run), Latin runs give lower-cased words of two letters or more. Numbers are
not tokens: they are parameters, read by `parameters.extract`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(r"[a-z][a-z\-]*[a-z]|[a-z]{2,}")
_SPACES = re.compile(r"\s+")

# English words that carry no item information (they occur in most entry texts).
STOPWORDS = frozenset(
    "the and or of for with by in to as on at be is are not any all other its it than from into "
    "including limited but such etc per same form forms listed item items use used made having "
    "following characteristics text captured".split()
)
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
    for run in _CJK_RUN.findall(normalised):
        run = "".join(ch for ch in run if ch not in _HAN_STOP)
        if len(run) == 1:
            out.append(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    out.extend(w for w in _WORD.findall(normalised.lower()) if w not in STOPWORDS)
    return out
