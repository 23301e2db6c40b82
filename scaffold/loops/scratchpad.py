"""LLM scratchpad loops: a language model writes, scores and chooses plans for a task.

Scaffolds: `scratchpad` (free revision, no search), `tot` (Tree-of-Thoughts BFS, one level per
step), `best-of-n` and `refine` (self-refine with a critique). Every candidate, score and
selection is an event; the same seed, model and config give the same events (wall time aside,
which only `metrics` events hold).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from scaffold import __version__
from scaffold.errors import InputError
from scaffold.loops.base import StepEvents, StepIds
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
        ctx = LoopContext(self.model, self.task, self.prompts, self.config)
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
        ctx = LoopContext(self.model, self.task, self.prompts, config)
        first = ids.take()
        fork = ForkEvent(step=first, from_step=origin.step, seed=seed, params=dict(params))
        branch = Branch(seed=seed, origin=origin, first_step=first, prefix=[fork])
        yield from SCAFFOLDS[config.scaffold](ctx, ids, branch)
