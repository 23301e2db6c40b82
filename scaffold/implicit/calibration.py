"""Known-answer calibration of implicit search: labelled scratchpads from search and non-search
processes, extracted and scored exactly as `score --implicit --pool` does."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from scaffold import __version__
from scaffold.implicit import calib_numbers as num
from scaffold.implicit.calib_answered import answered_text
from scaffold.implicit.calib_drafts import revise_text
from scaffold.implicit.calib_numbers import Sample
from scaffold.implicit.calib_prose import options_text, restart_text
from scaffold.implicit.derive import derive_events
from scaffold.scoring import pool, score_events
from scaffold.scoring.report import ScoreReport
from scaffold.transcript.events import HeaderEvent, ModelInfo, StateEvent, TaskInfo

Generator = Callable[[random.Random], Sample]


def _mixed(numbers: Generator, prose: Callable[[random.Random], Sample]) -> Generator:
    def make(rng: random.Random) -> Sample:
        return numbers(rng) if rng.random() < 0.5 else prose(rng)
    return make


PROCESSES: dict[str, tuple[bool, Generator]] = {
    "dfs": (True, num.dfs),
    "bfs": (True, num.bfs),
    "best_attempt": (True, _mixed(num.best_attempt,
                                  lambda r: options_text(r, judged=True, follow=True))),
    "single_chain": (False, num.single_chain),
    "listed_no_eval": (False, _mixed(num.listed_no_eval,
                                     lambda r: options_text(r, judged=False, follow=False))),
    "decorative": (False, _mixed(num.decorative,
                                 lambda r: options_text(r, judged=True, follow=False))),
    "verified_once": (False, num.verified_once),
    "restart_best": (True, lambda r: restart_text(r, judged=True, follow=True)),
    "restart_no_eval": (False, lambda r: restart_text(r, judged=False, follow=False)),
    "restart_decorative": (False, lambda r: restart_text(r, judged=True, follow=False)),
    "revise_best": (True, lambda r: revise_text(r, judged=True, follow=True)),
    "revise_no_eval": (False, lambda r: revise_text(r, judged=False, follow=False)),
    "revise_decorative": (False, lambda r: revise_text(r, judged=True, follow=False)),
    "answered_best": (True, lambda r: answered_text(r, follow=True)),
    "answered_decorative": (False, lambda r: answered_text(r, follow=False)),
    "answered_before": (False, lambda r: answered_text(r, follow=True, before=True)),
}


def sample_header(sample: Sample) -> HeaderEvent:
    return HeaderEvent(tool_version=__version__, loop="calibration", scaffold="text",
                       model=ModelInfo(id="generator"),
                       task=TaskInfo(name=sample.task, instance=sample.instance))


def score_sample(sample: Sample, *, draws: int = 2000, seed: int = 0) -> ScoreReport:
    """Extract and score one text as its own one-step transcript."""
    attrs = {} if sample.answer is None else {"answer": sample.answer}
    derived = derive_events(sample_header(sample),
                            [StateEvent(step=0, text=sample.text, attrs=attrs)])
    return score_events(derived.events, draws=draws, seed=seed, internal_only=True)


def texts(process: str, seed: int, n: int) -> list[Sample]:
    """n texts of one process; the same seed gives the same texts."""
    make = PROCESSES[process][1]
    rng = random.Random(f"implicit:{process}:{seed}")
    return [make(rng) for _ in range(n)]


@dataclass(frozen=True)
class PooledRun:
    """The pooled verdict over one seed's texts of one process."""

    process: str
    seed: int
    verdict: str
    p_value: float | None
    n_decisions: int
    u_bar: float | None


def pooled_run(process: str, seed: int, n: int = 30, draws: int = 2000) -> PooledRun:
    reports = [score_sample(s, draws=draws, seed=seed) for s in texts(process, seed, n)]
    report = pool(reports, draws=draws, seed=seed)
    sel = report.selection
    return PooledRun(process, seed, report.verdict, sel.p_value if sel else None,
                     report.n_decisions, sel.u_bar if sel else None)


def rate(process: str, seeds: range, n: int = 30, draws: int = 2000) -> dict[str, float]:
    """The share of seeds whose pooled verdict is search-*, and with p < 0.01; mean ū."""
    runs = [pooled_run(process, s, n, draws) for s in seeds]
    us = [r.u_bar for r in runs if r.u_bar is not None]
    return {"search_rate": sum(r.verdict.startswith("search-") for r in runs) / len(runs),
            "p_lt_0.01": sum(r.p_value is not None and r.p_value < 0.01 for r in runs) / len(runs),
            "mean_u": sum(us) / len(us) if us else float("nan"),
            "mean_decisions": sum(r.n_decisions for r in runs) / len(runs)}


def main() -> None:
    """`python -m scaffold.implicit.calibration [SEEDS]`: the table in docs/scoring.md."""
    import sys

    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print("| process | search? | search-* | p<0.01 | mean ū | decisions pooled |")
    print("|---|---|---|---|---|---|", flush=True)
    for process, (is_search, _) in PROCESSES.items():
        row = rate(process, range(seeds))
        print(f"| {process} | {'yes' if is_search else 'no'} | {row['search_rate']:.3f} | "
              f"{row['p_lt_0.01']:.3f} | {row['mean_u']:.2f} | {row['mean_decisions']:.1f} |",
              flush=True)


if __name__ == "__main__":
    main()
