"""`scoring.tfidf.tfidf_l2` gives scikit-learn's TfidfTransformer floats, array for array."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.feature_extraction.text import TfidfTransformer

from scaffold.scoring.tfidf import tfidf_l2


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 12), st.integers(1, 40), st.data())
def test_tfidf_is_scikit_learns(rows: int, cols: int, data: st.DataObject) -> None:
    dense = data.draw(arrays(np.float64, (rows, cols),
                             elements=st.sampled_from([0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 17.0])))
    counts = sp.csr_matrix(dense)
    want = TfidfTransformer().fit(counts).transform(counts, copy=True).tocsr()
    got = tfidf_l2(counts)
    for name in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name
        assert getattr(got, name).dtype == getattr(want, name).dtype, name
    assert np.array_equal(counts.toarray(), dense), "the counts are left as they were"
