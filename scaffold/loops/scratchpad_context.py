"""What every scratchpad scaffold shares: its config, the model, the task and the scoring calls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from scaffold.loops.prompts import PromptSet
from scaffold.loops.scratchpad_step import StepRecorder
from scaffold.loops.scratchpad_value import yes_no_value
from scaffold.models.text_model import ChatMessage, SamplingParams, TextModel
from scaffold.run.config import Settings
from scaffold.tasks.base import Score, Task
from scaffold.transcript.events import ScoreEvent

MAX_CANDIDATES = 64
"""K, N and the beam: each candidate is a row of one batched decode, so memory grows with it."""
MAX_DEPTH = 16
MAX_STEPS = 10_000
MAX_TOKENS = 4096
"""Past the embedded model's context (2,048 tokens) nothing more can be generated anyway."""
MAX_TEMPERATURE = 10.0
INTERNAL_SCORER = "self-eval P(yes)"


class ScratchpadConfig(Settings):
    """Every knob of a scratchpad scaffold; all of it goes into header.config."""

    scaffold: Literal["scratchpad", "tot", "best-of-n", "refine"] = "tot"
    n: int = Field(4, ge=1, le=MAX_CANDIDATES,
                   description="K proposals per frontier node (tot), N samples (best-of-n).")
    beam: int = Field(2, ge=1, le=MAX_CANDIDATES, description="Kept per level (tot).")
    depth: int = Field(3, ge=1, le=MAX_DEPTH, description="Tree depth (tot, prompt task).")
    steps: int = Field(10, ge=1, le=MAX_STEPS, description="Loop steps (revision rounds).")
    temperature: float = Field(0.7, ge=0.0, le=MAX_TEMPERATURE,
                               description="Sampling temperature (0 is greedy).")
    max_new_tokens: int = Field(64, ge=1, le=MAX_TOKENS,
                                description="Tokens per whole attempt (best-of-n, refine).")
    propose_max_tokens: int = Field(32, ge=1, le=MAX_TOKENS, description=(
        "Cap on tokens per ToT proposal: one move line is about 15 tokens; the cap keeps a "
        "level short. A proposal gets min(max_new_tokens, propose_max_tokens)."))
    top_logprobs: int = Field(5, ge=0, le=20, description="Alternatives recorded per token.")
    value_max_tokens: int = Field(1, ge=1, le=MAX_TOKENS)
    value_top_logprobs: int = Field(20, ge=0, le=20)
    critique_max_tokens: int = Field(40, ge=1, le=MAX_TOKENS)
    select_by: Literal["internal", "external"] = Field(
        "internal", description="Select on the model's self-evaluation or the task verifier.")
    self_eval: bool = Field(True, description="Ask the model to value each candidate.")
    prompt: Literal["default", "compare"] = Field("default", description=(
        "compare: each whole attempt is several attempts, judged and picked in one text."))

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump()


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
