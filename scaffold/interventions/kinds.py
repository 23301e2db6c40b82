"""Intervention kinds and the selection hooks that carry them out.

`shuffle` permutes the scores among a decision's candidates, `constant` gives every candidate
the same score, `invert` negates them, `swap:SCORER` selects on another recorded scorer, and
`retarget:VALUE` changes the loop's objective itself. The first four are `SelectHook`s; both
arms of a pair get one (the control's records the replaced scores without acting on them), so
the scorer can compare how well each arm's choices follow the same kind of replaced scores.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from enum import StrEnum

from scaffold.errors import InputError
from scaffold.loops.hooks import Evaluation, Values

INTERVENED_PREFIX = "intervened:"
"""Scorer names of replaced scores start with this (`intervened:shuffle`)."""


class Kind(StrEnum):
    SHUFFLE = "shuffle"
    CONSTANT = "constant"
    INVERT = "invert"
    SWAP = "swap"
    RETARGET = "retarget"
    CRITIQUE = "critique"
    """Refine's critique rewritten to its opposite (`critique.py`); not a score."""


class Arm(StrEnum):
    INTERVENED = "intervened"
    CONTROL = "control"
    REFERENCE = "reference"
    """Unedited, for the choice-flip rates of a `critique` edit."""


PARAM_KIND, PARAM_ARM, PARAM_PAIR = "intervention", "arm", "pair"
"""The keys an intervention's fork event adds to its `params`."""

KINDS_HELP = "shuffle, constant, invert, swap:SCORER, retarget:VALUE or critique"


@dataclass(frozen=True)
class Intervention:
    """A parsed `--kind`: the kind and its argument (the scorer or the new objective)."""

    kind: Kind
    arg: str = ""

    @classmethod
    def parse(cls, text: str) -> Intervention:
        name, colon, arg = text.strip().partition(":")
        try:
            kind = Kind(name)
        except ValueError:
            raise InputError(f"--kind: unknown intervention {text!r} (choose {KINDS_HELP})"
                             ) from None
        needs_arg = kind in (Kind.SWAP, Kind.RETARGET)
        if needs_arg and not arg.strip():
            raise InputError(f"--kind: {kind} needs a value ({kind}:VALUE)")
        if colon and not needs_arg:
            raise InputError(f"--kind: {kind} takes no value, got {text!r}")
        return cls(kind, arg.strip())

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.arg}" if self.arg else str(self.kind)

    @property
    def scorer(self) -> str:
        """The scorer name the replaced scores are recorded under."""
        return INTERVENED_PREFIX + self.label

    @property
    def replaces_scores(self) -> bool:
        return self.kind not in (Kind.RETARGET, Kind.CRITIQUE)


def resolve_scorer(wanted: str, recorded: dict[str, str]) -> str:
    """A `swap:` argument as a recorded scorer name: the exact name, or `internal` /
    `external` for the one scorer of that kind; InputError otherwise."""
    if wanted in recorded:
        return wanted
    of_kind = [name for name, kind in recorded.items() if kind == wanted]
    if len(of_kind) == 1:
        return of_kind[0]
    known = ", ".join(sorted(recorded)) or "none"
    raise InputError(f"--kind swap:{wanted}: no such scorer at the decisions (recorded: {known})")


def _seed(*parts: object) -> int:
    text = ":".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


@dataclass
class ReplaceScores:
    """A `SelectHook` for shuffle, constant, invert and swap. Its random stream (shuffle)
    depends on the pair's seed and the decision's order in the branch, never on the loop's own
    random state, so a loop blind to its scores makes the same choices in both arms."""

    intervention: Intervention
    seed: int
    acts: bool
    swap_to: str = ""
    _decisions: int = field(default=0, init=False)

    @property
    def name(self) -> str:
        return self.intervention.scorer

    def __call__(self, evaluation: Evaluation) -> Values:
        own = evaluation.own
        self._decisions += 1
        kind = self.intervention.kind
        if kind == Kind.SHUFFLE:
            order = list(range(len(own)))
            random.Random(_seed(self.seed, self._decisions)).shuffle(order)
            return [own[j] for j in order]
        if kind == Kind.CONSTANT:
            return [0.0] * len(own)
        if kind == Kind.INVERT:
            return [None if v is None else -v for v in own]
        if kind == Kind.SWAP:
            return list(evaluation.scores.get(self.swap_to, [None] * len(own)))
        raise ValueError(f"{kind} does not replace scores")
