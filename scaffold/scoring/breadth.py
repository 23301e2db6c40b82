"""Breadth: the Vendi score (effective number of distinct candidates) per decision.

Candidates that carry a structured payload (`attrs` `action`, `move` or `vector`: a parsed move,
a point) are compared on it: two candidates are the same option only if it is equal, so moves
that differ in one token or points that differ in one coordinate count as distinct, as they are
to the searcher. Otherwise text uses character n-gram TF-IDF cosine, and images the correlation
of their pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scaffold.scoring.decisions import Decision
from scaffold.scoring.json_real import Real
from scaffold.scoring.ngram_matrix import ngram_counts
from scaffold.scoring.tfidf import tfidf_l2


def vendi(kernel: np.ndarray) -> float:
    """exp(entropy of the eigenvalues of K/n) for a similarity matrix with unit diagonal."""
    n = kernel.shape[0]
    lam = np.clip(np.linalg.eigvalsh(kernel / n), 0.0, None)
    lam = lam[lam > 1e-12]
    lam = lam / lam.sum()
    return float(np.exp(-(lam * np.log(lam)).sum()))


BLOCK_ROWS = 120


def text_kernels(groups: Sequence[Sequence[str]]) -> list[np.ndarray | None]:
    """Cosine kernels of character n-gram TF-IDF vectors, one weighting fitted on all groups
    (the numbers of scikit-learn's `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))`)."""
    flat = [t for g in groups for t in g]
    if not any(t.strip() for t in flat):
        return [None] * len(groups)
    counts = ngram_counts(flat)
    if counts is None:
        return [None] * len(groups)
    x = tfidf_l2(counts)
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

