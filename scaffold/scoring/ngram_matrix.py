"""The character n-gram count matrix of scikit-learn's
`TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))`, array for array, built with numpy.

Every n-gram of a text is a window of 2 to 4 characters inside one word padded with a space on
each side (`char_wb` adds a short padded word once, as itself, which is the same window). Each
window becomes a dense id in sorted string order without comparing strings: characters get ids
in code-point order (0 meaning "no character"), and a window's id is built one character at a
time, (id of its prefix) * base + (id of the next character, 0 past its end), made dense again
through a table after each character. The entries of a row are ordered, as scikit-learn orders
them, by where each n-gram first appears in all the texts. Texts whose tables would be too large
(thousands of distinct characters) are counted with the per-text dictionaries of
`_counts_by_dict`, the plain way the vectorised one is tested against.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain

import numpy as np
import scipy.sparse as sp

MAX_TABLE = 1 << 23
"""Entries of the largest id table built (int32, 32 MB); larger alphabets use dictionaries."""

_WHITE_SPACES = re.compile(r"\s\s+")


@lru_cache(maxsize=1 << 14)
def _word_ngrams(word: str) -> tuple[str, ...]:
    """Character 2- to 4-grams of one word padded with spaces, in scikit-learn's `char_wb`
    order (a padded word of at most n characters counts once, as itself)."""
    w = f" {word} "
    out: list[str] = []
    for n in (2, 3, 4):
        if len(w) <= n:
            out.append(w)
            break
        out.extend(w[i:i + n] for i in range(len(w) - n + 1))
    return tuple(out)


def char_wb_ngrams(text: str) -> tuple[str, ...]:
    """The n-grams `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))` counts in a
    text, in the same order."""
    return tuple(g for w in _WHITE_SPACES.sub(" ", text).split() for g in _word_ngrams(w))


def _doc_counts(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A text's distinct n-grams in order of first appearance, and their counts."""
    # Counter keeps first-appearance order (a dict) and counts in C.
    counts = Counter(chain.from_iterable(map(_word_ngrams, _WHITE_SPACES.sub(" ", text).split())))
    return tuple(counts), tuple(counts.values())


def _counts_by_dict(texts: Sequence[str]) -> sp.csr_matrix | None:
    """`ngram_counts` from per-text dictionaries of n-gram strings."""
    docs = [_doc_counts(t) for t in texts]
    grams = list(chain.from_iterable(d[0] for d in docs))
    first = dict.fromkeys(grams)
    if not first:
        return None
    vocab = list(first)
    ids = dict(zip(vocab, range(len(vocab)), strict=True))
    rank = np.empty(len(vocab), dtype=np.int32)
    rank[sorted(range(len(vocab)), key=vocab.__getitem__)] = np.arange(len(vocab), dtype=np.int32)
    first_id = np.fromiter(map(ids.__getitem__, grams), dtype=np.int64, count=len(grams))
    counts = np.fromiter(chain.from_iterable(d[1] for d in docs), dtype=np.float64,
                         count=len(grams))
    sizes = np.fromiter((len(d[0]) for d in docs), dtype=np.int64, count=len(docs))
    row = np.repeat(np.arange(len(docs)), sizes)
    order = np.lexsort((first_id, row))
    indptr = np.zeros(len(docs) + 1, dtype=np.int32)
    np.cumsum(sizes, out=indptr[1:])
    return sp.csr_matrix((counts[order], rank[first_id[order]], indptr),
                         shape=(len(docs), len(vocab)))


def _dense(keys: np.ndarray, size: int) -> np.ndarray:
    """Keys in [0, size) replaced by their rank among the distinct keys."""
    table = np.zeros(size, np.int32)
    table[keys] = 1
    np.cumsum(table, out=table)
    return table[keys].astype(np.int64) - 1


def _windows(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per window, in scikit-learn's order (each word's 2-grams, 3-grams, then 4-grams): the
    word it is in, its start in the padded word, and its length."""
    per_word = 3 * lengths - 6
    ends = np.cumsum(per_word)
    word = np.repeat(np.arange(len(lengths)), per_word)
    j = np.arange(int(ends[-1])) - (ends - per_word)[word]
    n = lengths[word]
    three = j >= n - 1
    four = j >= 2 * n - 3
    start = j - np.where(four, 2 * n - 3, np.where(three, n - 1, 0))
    return word, start, 2 + three.astype(np.int64) + four


def ngram_counts(texts: Sequence[str], *, max_table: int = MAX_TABLE) -> sp.csr_matrix | None:
    """The count matrix `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))` builds before
    weighting, array for array: columns in sorted n-gram order, each row's entries in order of
    the n-grams' first appearance in the texts. None when no text has an n-gram."""
    per_text = [t.split() for t in texts]  # the same words as char_wb_ngrams splits
    words = list(chain.from_iterable(per_text))
    if not words:
        return None
    padded = " " + "  ".join(words) + " "
    points = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), np.uint32)
    if int(points.max()) >= max_table:
        return _counts_by_dict(texts)
    alphabet = np.zeros(int(points.max()) + 1, np.int32)
    alphabet[points] = 1
    base = int(alphabet.sum()) + 1
    if base * base > max_table:
        return _counts_by_dict(texts)
    np.cumsum(alphabet, out=alphabet)
    chars = np.zeros(len(points) + 3, np.int64)
    chars[:len(points)] = alphabet[points]
    lengths = np.fromiter(map(len, words), np.int64, len(words)) + 2
    word, start, size = _windows(lengths)
    at = (np.cumsum(lengths) - lengths)[word] + start
    ids = _dense(chars[at] * base + chars[at + 1], base * base)
    for i in (2, 3):
        width = (int(ids.max()) + 1) * base
        if width > max_table:
            return _counts_by_dict(texts)
        ids = _dense(ids * base + chars[at + i] * (size > i), width)
    n_grams = int(ids.max()) + 1
    first = np.full(n_grams, len(ids), np.int64)
    np.minimum.at(first, ids, np.arange(len(ids)))
    by_first = np.argsort(first)
    seen = np.empty(n_grams, np.int64)
    seen[by_first] = np.arange(n_grams)
    rows = np.repeat(np.arange(len(texts)), [len(w) for w in per_text])
    keys = rows[word] * n_grams + seen[ids]
    if len(texts) * n_grams <= np.iinfo(np.int32).max:
        keys = keys.astype(np.int32)  # the same sorted values, sorted in ~60% of the time
    pairs = np.sort(keys)
    edges = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1], True])
    row, column = np.divmod(pairs[edges[:-1]], n_grams)
    indptr = np.zeros(len(texts) + 1, np.int32)
    np.cumsum(np.bincount(row, minlength=len(texts)), out=indptr[1:])
    return sp.csr_matrix((np.diff(edges).astype(np.float64), by_first[column].astype(np.int32),
                          indptr), shape=(len(texts), n_grams))
