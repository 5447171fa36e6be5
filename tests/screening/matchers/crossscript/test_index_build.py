"""The n-gram index, built with NumPy alone, holds the very arrays the scipy build made: the
same postings, in the same order, with the same float32 scores to the bit (so the same ranking
and the same answers)."""

from __future__ import annotations

from array import array

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.screening.matchers.crossscript.config import RETRIEVAL
from dualuse.screening.matchers.crossscript.forms import name_form
from dualuse.screening.matchers.crossscript.index import NgramIndex, form_features

sparse = pytest.importorskip("scipy.sparse")

NAMES = [
    "Mitsubishi Heavy Industries Maritime Systems, Ltd.",
    "三菱重工航空发动机株式会社",
    "TDK Corporation",
    "Sona",
    "ユキグニファクトリー株式会社",
    "富士通防卫与国家安全株式会社",
    "SAKATA SEED CORPORATION",
    "I JET GLOBAL DMCC",
    "广州欧赛科技有限公司",
    "Kawasaki Heavy Industries Aerospace Systems Company",
]


def scipy_build(forms):
    """The build as it was (scipy's CSR product and CSC conversion), for comparison."""
    vocabulary: dict[str, int] = {}
    indptr, indices = array("q", [0]), array("i")
    for form in forms:
        indices.extend(vocabulary.setdefault(feature, len(vocabulary)) for feature in form_features(form, cached=False))
        indptr.append(len(indices))
    cols = np.frombuffer(indices, dtype=np.int32) if indices else np.zeros(0, dtype=np.int32)
    df = np.bincount(cols, minlength=len(vocabulary))
    idf = (np.log((len(forms) + 1) / (df + 1)) + 1).astype(np.float32)
    matrix = sparse.csr_matrix((idf[cols], cols, np.frombuffer(indptr, dtype=np.int64)), shape=(len(forms), len(vocabulary)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    norms **= RETRIEVAL.length_norm
    matrix.data *= matrix.data
    columns = sparse.csc_matrix(sparse.diags((1 / norms).astype(np.float32)) @ matrix, dtype=np.float32)
    return df, columns.indptr, columns.indices, columns.data


def assert_same_arrays(forms):
    index = NgramIndex(forms)
    df, col_start, col_rows, col_score = scipy_build(forms)
    assert np.array_equal(index._df, df)
    assert np.array_equal(index._col_start, col_start)
    assert np.array_equal(index._col_rows, col_rows) and index._col_rows.dtype == col_rows.dtype
    assert index._col_score.dtype == np.float32 and index._col_score.tobytes() == col_score.tobytes()


def test_index_of_a_list_is_the_scipy_index():
    assert_same_arrays([name_form(name, katakana=True) for name in NAMES])


def test_index_of_one_name_and_of_none():
    """One row's columns ascend (scipy then sums in stored order, not backwards)."""
    assert_same_arrays([name_form("TDK Corporation")])
    assert_same_arrays([])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(NAMES + ["Sony", "ソニー", "索尼", "AB", "Nagano Bank"]), min_size=1, max_size=12))
def test_index_of_any_list_is_the_scipy_index(names):
    forms = [form for form in (name_form(name) for name in names) if form.slots or form.cjk]
    assert_same_arrays(forms)
