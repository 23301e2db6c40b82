"""LLM scratchpad loops: a language model writes, scores and chooses plans for a task.

Scaffolds: `scratchpad` (free revision, no search), `tot` (Tree-of-Thoughts BFS, one level per
step), `best-of-n` and `refine` (self-refine with a critique). Every candidate, score and
selection is an event; the same seed, model and config give the same events (wall time aside,
which only `metrics` events hold).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from scaffold import __version__
from scaffold.errors import InputError
from scaffold.loops.base import StepEvents, StepIds
from scaffold.loops.hooks import NoteEdit, Outcome, SelectHook
from scaffold.loops.prompts import prompts_for
from scaffold.loops.scratchpad_attempts import run_best_of_n, run_refine
from scaffold.loops.scratchpad_context import INTERNAL_SCORER, LoopContext, ScratchpadConfig
from scaffold.loops.scratchpad_revise import run_revise
from scaffold.loops.scratchpad_step import Branch
from scaffold.loops.scratchpad_tot import run_tot
from scaffold.models.text_model import TextModel
from scaffold.tasks.base import Task
from scaffold.transcript.events import ForkEvent, HeaderEvent, StateEvent, TaskInfo
from scaffold.transcript.steps import StepView

Runner = Callable[[LoopContext, StepIds, Branch], Iterator[StepEvents]]
SCAFFOLDS: dict[str, Runner] = {
    "scratchpad": run_revise,
    "tot": run_tot,
    "best-of-n": run_best_of_n,
    "refine": run_refine,
}


class ScratchpadLoop:
    """A scratchpad scaffold bound to a text model, a task, a config and a seed."""

    def __init__(self, model: TextModel, task: Task, config: ScratchpadConfig, seed: int) -> None:
        self.model, self.task, self.config, self.seed = model, task, config, seed
        self.prompts = prompts_for(task, prefill=model.prefills, style=config.prompt)
        self.select_scores: SelectHook | None = None
        self.edit_note: NoteEdit | None = None
        self.reads_notes = config.scaffold == "refine"
        """Its revision reads a critique it wrote: a `critique` intervention can edit it."""
        self.header = HeaderEvent(
            tool_version=__version__,
            loop="scratchpad",
            scaffold=config.scaffold,
            model=model.info,
            task=TaskInfo(name=task.name, instance=task.instance, objective=task.objective),
            seed=seed,
            config={
                **config.as_dict(),
                "tree_depth": task.depth or config.depth,
                "prompts": self.prompts.version,
                "internal_scorer": INTERNAL_SCORER,
                "external_scorer": f"{task.name} verifier" if task.has_verifier else None,
                "model_numerics": model.numerics,
            },
        )

    def start(self, ids: StepIds) -> Iterator[StepEvents]:
        ctx = LoopContext(self.model, self.task, self.prompts, self.config, self.select_scores,
                          self.edit_note)
        yield from SCAFFOLDS[self.config.scaffold](ctx, ids, Branch(seed=self.seed))

    def fork(
        self, origin: StepView, ids: StepIds, seed: int, params: dict[str, Any]
    ) -> Iterator[StepEvents]:
        """Resume from `origin`'s recorded state with a new seed and overridden params.

        Bad params or a stateless origin raise InputError here, before any step is taken."""
        if origin.state is None:
            raise InputError(f"fork: step {origin.step} has no recorded state")
        config = self.config.with_params(params)
        return self._branch(origin.state, ids, seed, params, config)

    def _branch(
        self, origin: StateEvent, ids: StepIds, seed: int, params: dict[str, Any],
        config: ScratchpadConfig,
    ) -> Iterator[StepEvents]:
        ctx = LoopContext(self.model, self.task, self.prompts, config, self.select_scores,
                          self.edit_note)
        first = ids.take()
        fork = ForkEvent(step=first, from_step=origin.step, seed=seed, params=dict(params))
        branch = Branch(seed=seed, origin=origin, first_step=first, prefix=[fork])
        yield from SCAFFOLDS[config.scaffold](ctx, ids, branch)

    def retarget(self, value: str) -> ScratchpadLoop:
        """The same loop on another countdown target (the numbers stay); other tasks have a
        fixed objective, so they refuse."""
        if self.task.name != "countdown":
            raise InputError(f"retarget: the {self.task.name} task has no target to change "
                             "(countdown has)")
        from scaffold.tasks.countdown import countdown_task

        try:
            target = int(value)
        except ValueError:
            raise InputError(f"retarget: countdown targets are whole numbers, got {value!r}"
                             ) from None
        if not 1 <= target <= 100_000:
            raise InputError(f"retarget: countdown targets are 1 to 100000, got {target}")
        numbers = self.task.instance.split(":", 1)[-1]
        loop = copy.copy(self)
        loop.task = countdown_task(f"{target}: {numbers}")
        loop.prompts = prompts_for(loop.task, prefill=self.model.prefills, style=self.config.prompt)
        return loop

    def judge(self, state: StateEvent) -> Outcome:
        """A final state's answer scored by this loop's task verifier."""
        answer = state.attrs.get("answer", state.text)
        score = self.task.attempt_score(str(answer)) if answer is not None else None
        if score is None:
            return Outcome(None)
        return Outcome(score.value, score.solved)
