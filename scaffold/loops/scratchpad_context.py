"""What every scratchpad scaffold shares: its config, the model, the task and the scoring calls."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from scaffold.errors import InputError
from scaffold.loops.prompts import PromptSet
from scaffold.loops.scratchpad_step import StepRecorder
from scaffold.loops.scratchpad_value import yes_no_value
from scaffold.models.text_model import ChatMessage, SamplingParams, TextModel
from scaffold.tasks.base import Score, Task
from scaffold.transcript.events import ScoreEvent

SELECT_BY = ("internal", "external")
INTERNAL_SCORER = "self-eval P(yes)"


@dataclass(frozen=True)
class ScratchpadConfig:
    """Every knob of a scratchpad scaffold; all of it goes into header.config."""

    scaffold: str = "tot"
    n: int = 4
    """K proposals per frontier node (tot), N samples (best-of-n)."""
    beam: int = 2
    depth: int = 3
    steps: int = 10
    temperature: float = 0.7
    max_new_tokens: int = 64
    """Tokens per whole attempt (best-of-n, refine, scratchpad)."""
    propose_max_tokens: int = 32
    """Cap on tokens per ToT proposal: one move line is about 15 tokens; the cap keeps a level
    to seconds. A proposal gets min(max_new_tokens, propose_max_tokens)."""
    top_logprobs: int = 5
    value_max_tokens: int = 1
    value_top_logprobs: int = 20
    critique_max_tokens: int = 40
    select_by: str = "internal"
    self_eval: bool = True

    def __post_init__(self) -> None:
        if self.n < 1 or self.beam < 1 or self.steps < 1 or self.depth < 1:
            raise InputError("--n, --beam, --steps and --depth must be at least 1")
        if self.max_new_tokens < 1 or self.propose_max_tokens < 1:
            raise InputError("--max-new-tokens and propose_max_tokens must be at least 1")
        if self.temperature < 0:
            raise InputError("--temperature must be 0 or more")
        if self.select_by not in SELECT_BY:
            raise InputError(f"select_by must be one of {SELECT_BY}, got {self.select_by!r}")

    def with_params(self, params: dict[str, Any]) -> ScratchpadConfig:
        """A fork's overrides (e.g. {"temperature": 1.0}); unknown names are an InputError."""
        names = {f.name for f in fields(self)} - {"scaffold"}
        unknown = sorted(set(params) - names)
        if unknown:
            raise InputError(f"fork: unknown parameter(s) {', '.join(unknown)}")
        typed = {k: type(getattr(self, k))(v) for k, v in params.items()}
        return replace(self, **typed)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LoopContext:
    """The bound pieces of one loop plus the value cache of the running branch."""

    model: TextModel
    task: Task
    prompts: PromptSet
    config: ScratchpadConfig

    def sampling(self, n: int, seed: int, max_new_tokens: int | None = None,
                 stop: tuple[str, ...] = ()) -> SamplingParams:
        return SamplingParams(
            n=n, max_new_tokens=max_new_tokens or self.config.max_new_tokens,
            temperature=self.config.temperature, seed=seed, stop=stop,
            top_logprobs=self.config.top_logprobs,
        )

    def self_eval(
        self, rec: StepRecorder, messages: list[ChatMessage], seed: int, cache: dict[str, Any],
        key: str,
    ) -> tuple[float | None, str]:
        """The model's yes/no judgement (greedy, one token), cached by `key` within a branch."""
        if key in cache:
            value, detail = cache[key]
            return value, f"{detail} (cached)"
        params = SamplingParams(
            n=1, max_new_tokens=self.config.value_max_tokens, temperature=0.0, seed=seed,
            top_logprobs=self.config.value_top_logprobs,
        )
        gens = rec.generate(messages, params, "self-evaluation")
        if not gens:
            return None, "self-evaluation failed (see error)"
        cache[key] = yes_no_value(gens[0])
        return cache[key]

    @property
    def external_scorer(self) -> str:
        return f"{self.task.name} verifier"

    def record_scores(
        self, rec: StepRecorder, cand_id: str, internal: tuple[float | None, str] | None,
        external: Score | None,
    ) -> None:
        """Internal then external score events; a task without a verifier records no external."""
        if internal is not None:
            rec.add(ScoreEvent(step=rec.step, candidate=cand_id, value=internal[0],
                               scorer=INTERNAL_SCORER, kind="internal", detail=internal[1]))
        if self.task.has_verifier:
            value, detail = (None, "not evaluated") if external is None else (
                external.value, external.detail)
            rec.add(ScoreEvent(step=rec.step, candidate=cand_id, value=value,
                               scorer=self.external_scorer, kind="external", detail=detail))


def rank_key(value: float | None, order: int) -> tuple[int, float, int]:
    """Sort key for selection: scored before unscored, higher first, then proposal order."""
    return (0, -value, order) if value is not None else (1, 0.0, order)
