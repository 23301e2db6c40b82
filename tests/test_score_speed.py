"""Shortcuts on the scoring side of `score --implicit`, each checked against the plain way."""

from __future__ import annotations

import re

import numpy as np

from scaffold.scoring.ngram_matrix import _WHITE_SPACES, _counts_by_dict, ngram_counts


def test_ngram_counts_split_words_as_char_wb_does() -> None:
    """`ngram_counts` splits a text with `str.split()`, `char_wb_ngrams` after collapsing
    `\\s\\s+`: the same words, for every white-space character alone, doubled and mixed."""
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace() or re.match(r"\s", chr(c))]
    texts = [f"a{s}b{s}{s}c{t}d" for s in spaces for t in spaces[:8]]
    assert all(_WHITE_SPACES.sub(" ", t).split() == t.split() for t in texts)
    assert all(" ".join(t.split()).split() == t.split() for t in texts)
    mine, plain = ngram_counts(texts), _counts_by_dict(texts)
    assert mine is not None and plain is not None
    assert np.array_equal(mine.indptr, plain.indptr) and np.array_equal(mine.indices, plain.indices)
    assert np.array_equal(mine.data, plain.data)
