"""Known answers for interventions: three `SearchLoop`s whose use of their scores is known.

Each step proposes candidates with a hidden quality h ~ N(0, 1) (written into the candidate's
text) and records a score s = h + noise, the noise fixed by the candidate's text and scaled so
that corr(s, h) = 0.7. `ScoreSelector` selects on the recorded score; `HiddenSelector` selects
on h, which the correlational selection test cannot tell from selecting on s; `BlindSelector`
picks at random. Only the first reads its evaluation, so only its choices should follow an
intervened evaluator. They are real loops: interventions act through their `select_scores`
hook exactly as on any other loop.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence

from scaffold.loops.search_loop import SearchLoop

RHO = 0.7
NOISE_SD = math.sqrt(1.0 / RHO**2 - 1.0)
"""With h ~ N(0, 1) and independent noise of this sd, corr(h + noise, h) = RHO."""


def hidden(candidate: str) -> float:
    """The hidden quality a candidate carries (`x|h`)."""
    return float(candidate.split("|")[1])


def _noise(candidate: str) -> float:
    digest = hashlib.sha256(candidate.encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big")).gauss(0.0, NOISE_SD)


class _Known(SearchLoop):
    """A walk on the real line: a candidate moves the state by its hidden quality."""

    task = "known-answer"
    scorer = "noisy-quality"

    def initial(self, rng: random.Random) -> str:
        return "0.000000|0.000000"

    def propose(self, state: str, rng: random.Random) -> list[str]:
        x = float(state.split("|")[0])
        out = []
        for _ in range(self.config.n):
            h = rng.gauss(0.0, 1.0)
            out.append(f"{x + h:.6f}|{h:.6f}")
        return out

    def evaluate(self, state: str, candidates: Sequence[str]) -> list[float]:
        return [hidden(c) + _noise(c) for c in candidates]

    def objective(self, state: str) -> float:
        return float(state.split("|")[0])


class ScoreSelector(_Known):
    """Selects the best recorded score: it reads its evaluation."""

    rule = "argmax noisy-quality"


class HiddenSelector(_Known):
    """Selects the best hidden quality; its recorded score only correlates with that."""

    rule = "argmax hidden quality"

    def select(self, candidates: Sequence[str], scores: Sequence[float | None],
               rng: random.Random) -> int:
        return max(range(len(candidates)), key=lambda i: hidden(candidates[i]))


class BlindSelector(_Known):
    """Ignores every score."""

    rule = "uniform random"

    def select(self, candidates: Sequence[str], scores: Sequence[float | None],
               rng: random.Random) -> int:
        return rng.randrange(len(candidates))
