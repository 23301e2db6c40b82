"""Breadth: the Vendi score (effective number of distinct candidates) per decision.

Candidates that carry a structured payload (`attrs` `action`, `move` or `vector`: a parsed move,
a point) are compared on it: two candidates are the same option only if it is equal, so moves
that differ in one token or points that differ in one coordinate count as distinct, as they are
to the searcher. Otherwise text uses character n-gram TF-IDF cosine, and images the correlation
of their pixels.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from scaffold.scoring.decisions import Decision
from scaffold.scoring.json_real import Real


def vendi(kernel: np.ndarray) -> float:
    """exp(entropy of the eigenvalues of K/n) for a similarity matrix with unit diagonal."""
    n = kernel.shape[0]
    lam = np.clip(np.linalg.eigvalsh(kernel / n), 0.0, None)
    lam = lam[lam > 1e-12]
    lam = lam / lam.sum()
    return float(np.exp(-(lam * np.log(lam)).sum()))


BLOCK_ROWS = 120
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


@lru_cache(maxsize=1 << 14)
def char_wb_ngrams(text: str) -> tuple[str, ...]:
    """The n-grams `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))` counts in a
    text, in the same order; cached because candidate texts repeat across decisions."""
    return tuple(g for w in _WHITE_SPACES.sub(" ", text).split() for g in _word_ngrams(w))


@lru_cache(maxsize=1 << 14)
def _doc_counts(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A text's distinct n-grams in order of first appearance, and their counts."""
    # Counter keeps first-appearance order (a dict) and counts in C.
    counts = Counter(chain.from_iterable(map(_word_ngrams, _WHITE_SPACES.sub(" ", text).split())))
    return tuple(counts), tuple(counts.values())


def ngram_counts(texts: Sequence[str]) -> sp.csr_matrix | None:
    """The count matrix `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))` builds before
    weighting, array for array: columns in sorted n-gram order, each row's entries in order of
    the n-grams' first appearance in the texts. None when no text has an n-gram. Built from
    cached per-text counts, so it costs little when texts repeat."""
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


def text_kernels(groups: Sequence[Sequence[str]]) -> list[np.ndarray | None]:
    """Cosine kernels of character n-gram TF-IDF vectors, one weighting fitted on all groups
    (the numbers of scikit-learn's `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))`)."""
    flat = [t for g in groups for t in g]
    if not any(t.strip() for t in flat):
        return [None] * len(groups)
    counts = ngram_counts(flat)
    if counts is None:
        return [None] * len(groups)
    tfidf = TfidfTransformer()
    tfidf.fit(counts)
    x = tfidf.transform(counts, copy=False).tocsr()
    out: list[np.ndarray | None] = []
    sizes = [len(g) for g in groups]
    ends = np.cumsum(sizes)
    first = 0
    while first < len(groups):
        last = first
        base = int(ends[first] - sizes[first])
        while last + 1 < len(groups) and ends[last + 1] - base <= BLOCK_ROWS:
            last += 1
        block = x[base : int(ends[last])]
        dense = (block @ block.T).toarray()
        for g in range(first, last + 1):
            a = int(ends[g] - sizes[g]) - base
            k = dense[a : a + sizes[g], a : a + sizes[g]].copy()
            np.fill_diagonal(k, 1.0)
            out.append(k)
        first = last + 1
    return out


def equality_kernel(values: Sequence[object]) -> np.ndarray:
    """1 where two structured payloads are equal, else 0."""
    keys = [repr(v) for v in values]
    return np.array([[float(a == b) for b in keys] for a in keys])


def pixel_kernel(images: Sequence[np.ndarray]) -> np.ndarray | None:
    shapes = {im.shape for im in images}
    if len(shapes) != 1:
        return None
    flat = np.stack([im.astype(float).ravel() for im in images])
    flat -= flat.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(flat, axis=1, keepdims=True)
    flat = np.where(norms > 0, flat / np.where(norms > 0, norms, 1.0), 0.0)
    k = flat @ flat.T
    np.fill_diagonal(k, 1.0)
    return k


def breadths(decisions: Sequence[Decision]) -> list[tuple[float, str] | None]:
    """(Vendi score, kernel name) per decision, or None where candidates carry no payload."""
    out: list[tuple[float, str] | None] = [None] * len(decisions)
    texts: list[int] = []
    for i, d in enumerate(decisions):
        if d.structured and all(v is not None for v in d.structured):
            out[i] = (vendi(equality_kernel(d.structured)), "structured-equality")
            continue
        if d.images and all(im is not None for im in d.images):
            k = pixel_kernel([im.to_array() for im in d.images if im is not None])
            if k is not None:
                out[i] = (vendi(k), "pixel-correlation")
                continue
        if d.texts and all(t is not None for t in d.texts):
            texts.append(i)
    kernels = text_kernels([[t or "" for t in decisions[i].texts] for i in texts])
    for i, k in zip(texts, kernels, strict=True):
        if k is not None:
            out[i] = (vendi(k), "char-ngram-tfidf-cosine")
    return out


@dataclass(frozen=True)
class Breadth:
    mean: Real | None
    minimum: Real | None
    share_below_1_5: Real | None
    n_measured: int
    kernel: str | None


def summarise_breadth(values: Sequence[tuple[float, str]]) -> Breadth:
    if not values:
        return Breadth(None, None, None, 0, None)
    arr = np.array([v for v, _ in values])
    return Breadth(float(arr.mean()), float(arr.min()), float((arr < 1.5).mean()), len(arr),
                   values[0][1])

