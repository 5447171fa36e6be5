"""A lexicon for tests of the translation mechanism: a few general name words written here, in
the tests, and the shipped general dictionary (JMdict glosses), not the learned rows (which
change whenever they are relearned).

Since issue 17 the shipped lexicon holds only rows learned from the bundled list entries, so
it no longer translates 重工 or 銀行; the tests of how translated words are segmented, aligned,
weighed and unglued give the matcher these words themselves rather than relying on data."""

from __future__ import annotations

from importlib import resources

import pytest

from dualuse.screening.lexicon import DICTIONARY_FILE, Lexicon, read_rows

ROWS = """term\ttranslation\tkind\tsource
重工業\theavy industries\ttranslation\ttest
重工\theavy industries\ttranslation\ttest
海事\tmaritime\ttranslation\ttest
系統\tsystems\ttranslation\ttest
系統\tsystem\ttranslation\ttest
航空\taero\ttranslation\ttest
航空宇宙\taerospace\ttranslation\ttest
発動機\tengines\ttranslation\ttest
電子\telectronics\ttranslation\ttest
銀行\tbank\ttranslation\ttest
産業\tsangyo\ttranslation\ttest
防衛\tdefense\ttranslation\ttest
国家安全\tnational security\ttranslation\ttest
"""


@pytest.fixture(scope="session")
def words() -> Lexicon:
    package = resources.files("dualuse.screening")
    dictionary = [row for name in (DICTIONARY_FILE,) for row in read_rows(package.joinpath(name).read_text("utf-8"))]
    return Lexicon(read_rows(ROWS) + dictionary)

