"""The native diffusion loop on a tiny random UNet2DModel: what each step records, the search
scaffolds' candidates, scores and selections, determinism and forks."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from scaffold.errors import InputError
from scaffold.loops.diffusion import DiffusionConfig, DiffusionLoop
from scaffold.loops.runner import LoopRunner
from scaffold.models.diffusers_backend import load_native_model
from scaffold.models.threads import sampling_threads
from scaffold.run.config import validate_config
from scaffold.transcript.events import ForkEvent, StateEvent
from scaffold.transcript.reader import TranscriptReader
from tests.diffusion_tiny import save_tiny_native_model, strip_wall_times, tiny_verifier


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory):
    return load_native_model(save_tiny_native_model(tmp_path_factory.mktemp("tiny") / "m"))


@pytest.fixture(scope="module")
def verifier():
    return tiny_verifier()


def run(model, verifier, out: Path, **kw) -> LoopRunner:
    runner = LoopRunner(DiffusionLoop(model, verifier, DiffusionConfig(**kw)), out)
    while runner.step() is not None:
        pass
    runner.close()
    return runner


def views(path: Path):
    with TranscriptReader(path) as reader:
        reader.index(validate=True)
        return reader.header, [reader.step(i) for i in range(reader.n_steps)]


def test_each_denoising_step_records_t_xt_x0hat_posterior_entropy_change_and_nfe(
    model, verifier, tmp_path: Path
) -> None:
    out = tmp_path / "d.jsonl"
    run(model, verifier, out, scaffold="denoise", steps=4, samples=2, digit_class=3, seed=1)
    header, steps = views(out)
    assert header.config["class"] == 3 and header.config["steps"] == 4
    assert {"guidance", "seed", "n", "samples"} <= set(header.config)
    assert len(steps) == 8
    ts = []
    for view in steps:
        state = view.state
        assert state is not None and state.image is not None and state.preview is not None
        assert state.image.shape == (8, 8) and state.image.dtype == "float32"
        post = np.array(state.attrs["posterior"])
        assert post.shape == (10,) and math.isclose(post.sum(), 1.0, abs_tol=1e-4)
        h = -(post * np.log(np.clip(post, 1e-12, 1))).sum()
        assert math.isclose(state.attrs["entropy"], h, abs_tol=1e-3)
        assert state.attrs["delta_norm"] > 0
        assert view.metrics[0].nfe == 2  # classifier-free guidance: two UNet evaluations
        ts.append((state.attrs["sample"], state.attrs["t"]))
    for sample in (0, 1):
        mine = [t for s, t in ts if s == sample]
        assert mine == sorted(mine, reverse=True) and len(set(mine)) == 4
    finals = [v.state for v in steps if v.state and v.state.final]
    assert len(finals) == 2 and {f.attrs["target_class"] for f in finals} == {3}
    assert {f.attrs["next_index"] for f in finals} == {4}


def test_each_sample_is_its_own_branch(model, verifier, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    run(model, verifier, out, scaffold="denoise", steps=3, samples=3, seed=0)
    with TranscriptReader(out) as reader:
        reader.index()
        assert len(reader.tree.leaves) == 3
        roots = [s for s in reader.tree.order if reader.tree.parent[s] is None]
        assert len(roots) == 3


@pytest.mark.parametrize("scheduler", ["ddpm", "euler"])
def test_other_diffusers_schedulers_run_to_a_final_image(
    model, verifier, tmp_path: Path, scheduler: str
) -> None:
    out = tmp_path / f"{scheduler}.jsonl"
    run(model, verifier, out, scaffold="denoise", steps=3, scheduler=scheduler, digit_class=1)
    header, steps = views(out)
    assert header.config["scheduler"] == scheduler
    assert steps[-1].state is not None and steps[-1].state.final
    assert np.isfinite(steps[-1].state.image.to_array()).all()


def test_same_seed_gives_the_same_transcript_except_wall_times(
    model, verifier, tmp_path: Path
) -> None:
    kw = {"scaffold": "best-of-n", "steps": 3, "n": 3, "samples": 2, "scheduler": "ddpm"}
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    run(model, verifier, a, seed=7, **kw)
    run(model, verifier, b, seed=7, **kw)
    run(model, verifier, c, seed=8, **kw)
    assert strip_wall_times(a) == strip_wall_times(b)
    assert strip_wall_times(a)[1:] != strip_wall_times(c)[1:]


def _decisions(steps):
    return [v for v in steps if v.select is not None]


def test_best_of_n_scores_every_candidate_and_keeps_the_verifier_argmax(
    model, verifier, tmp_path: Path
) -> None:
    out = tmp_path / "bon.jsonl"
    run(model, verifier, out, scaffold="best-of-n", steps=3, n=4, samples=2, seed=3)
    _, steps = views(out)
    decisions = _decisions(steps)
    assert len(decisions) == 2
    denoising = [v for v in steps if v.state and v.state.attrs["kind"] == "denoise"]
    assert len(denoising) == 2 * 4 * 3
    for view in decisions:
        assert len(view.candidates) == 4 and all(c.image is not None for c in view.candidates)
        scores = {s.candidate: s.value for s in view.scores}
        assert {s.kind for s in view.scores} == {"internal"}
        assert {s.scorer for s in view.scores} == {"verifier"}
        assert view.select.chosen == [max(scores, key=lambda k: scores[k])]
        assert view.state.final and "target_class" in view.state.attrs
        best = next(c for c in view.candidates if c.id == view.select.chosen[0])
        assert np.array_equal(best.image.to_array(), view.state.image.to_array())
    assert sum(1 for v in steps if v.state and v.state.final) == 2


def test_best_of_n_gives_the_scorer_regime_a_decisions(model, verifier, tmp_path: Path) -> None:
    from scaffold.scoring.scorer import score_transcript

    out = tmp_path / "bon.jsonl"
    run(model, verifier, out, scaffold="best-of-n", steps=2, n=3, samples=5, seed=0)
    report = score_transcript(out)
    assert report.regime == "A" and report.n_decisions == 5


def test_zero_order_keeps_the_best_of_the_pivot_and_its_perturbations(
    model, verifier, tmp_path: Path
) -> None:
    out = tmp_path / "zo.jsonl"
    run(model, verifier, out, scaffold="zero-order", steps=2, n=3, rounds=2, seed=2)
    _, steps = views(out)
    decisions = _decisions(steps)
    assert len(decisions) == 3
    best_so_far = -math.inf
    for before, after in itertools.pairwise(decisions):
        pivot = before.select.chosen[0]
        ids = [c.id for c in after.candidates]
        assert ids[0] == pivot and len(ids) == 4
        assert all(c.parent == pivot for c in after.candidates[1:])
    for view in decisions:
        chosen = max(s.value for s in view.scores)
        assert chosen >= best_so_far
        best_so_far = chosen
    assert [v.state.final for v in decisions] == [False, False, True]


def test_paths_branch_at_intermediate_steps_by_renoising_and_keep_the_top_paths(
    model, verifier, tmp_path: Path
) -> None:
    out = tmp_path / "paths.jsonl"
    run(model, verifier, out, scaffold="paths", steps=6, n=2, branches=2, width=2, seed=4)
    header, steps = views(out)
    assert header.config["width"] == 2 and header.config["back"] == 1
    by_id = {v.step: v for v in steps}
    decisions = _decisions(steps)
    assert len(decisions) >= 3
    for view in decisions[:-1]:
        assert len(view.candidates) == 4 and len(view.select.chosen) == 2
    assert len(decisions[-1].select.chosen) == 1 and decisions[-1].state.final
    branched = [
        v for v in steps
        if v.state and v.state.attrs["kind"] == "denoise" and v.state.attrs["round"] > 0
        and by_id[v.parent].state.attrs["round"] != v.state.attrs["round"]
    ]
    assert branched, "later rounds start from an earlier round's path"
    for v in branched:
        parent = by_id[v.parent].state
        assert v.state.attrs["step_index"] == parent.attrs["next_index"] - 1  # re-noised back
    with TranscriptReader(out) as reader:
        reader.index()
        assert reader.tree.branch_points


def test_fork_resumes_from_a_recorded_xt_with_a_new_seed(model, verifier, tmp_path: Path) -> None:
    loop = DiffusionLoop(
        model, verifier, DiffusionConfig(steps=5, scheduler="ddpm", digit_class=2, seed=0)
    )
    runner = LoopRunner(loop, tmp_path / "f.jsonl")
    for _ in range(2):
        runner.step()
    origin = runner.tree.order[1]
    while runner.step() is not None:
        pass
    runner.fork(origin, seed=11, params={"guidance": 3.0})
    first = runner.step()
    assert isinstance(first[0], ForkEvent) and first[0].from_step == origin
    state = next(e for e in first if isinstance(e, StateEvent))
    assert state.parent == origin and state.attrs["step_index"] == 2
    rest = [first]
    while (events := runner.step()) is not None:
        rest.append(events)
    runner.close()
    assert len(rest) == 3 and rest[-1][0].final
    main_final = runner.views[runner.tree.order[4]].state
    fork_final = next(e for e in rest[-1] if isinstance(e, StateEvent))
    assert not np.array_equal(main_final.image.to_array(), fork_final.image.to_array())
    with pytest.raises(InputError, match="already fully denoised"):
        list(loop.fork(runner.views[runner.tree.order[4]], runner.ids, 1, {}))


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"scaffold": "beam"}, "--set scaffold: Input should be 'denoise'"),
        ({"digit_class": 12}, "--set digit_class: Input should be less than or equal to 9"),
        ({"steps": 0}, "--set steps: Input should be greater than or equal to 1"),
        ({"scaffold": "best-of-n", "n": 1}, "best-of-n needs at least two candidates"),
    ],
)
def test_bad_flags_are_one_line_input_errors(kw, message) -> None:
    with pytest.raises(InputError, match=message):
        validate_config(DiffusionConfig, kw)


def test_more_steps_than_the_model_was_trained_with_is_an_input_error(model, verifier) -> None:
    assert DiffusionLoop(model, verifier, DiffusionConfig(steps=1000)).denoiser.steps == 1000
    model_100 = replace(model, scheduler_config={**model.scheduler_config,
                                                 "num_train_timesteps": 100})
    with pytest.raises(InputError, match="--steps: 101 is more than the 100 timesteps"):
        DiffusionLoop(model_100, verifier, DiffusionConfig(steps=101))


def test_a_fork_takes_only_guidance_eta_and_class(model, verifier, tmp_path: Path) -> None:
    loop = DiffusionLoop(model, verifier, DiffusionConfig(steps=3, digit_class=1))
    runner = LoopRunner(loop, tmp_path / "f.jsonl")
    runner.step()
    origin = runner.views[runner.tree.order[0]]
    with pytest.raises(InputError, match="temperature cannot change in a fork"):
        list(loop.fork(origin, runner.ids, 1, {"temperature": 1.0}))
    with pytest.raises(InputError, match="fork digit_class: Input should be less than"):
        list(loop.fork(origin, runner.ids, 1, {"class": 12}))
    runner.close()


@pytest.mark.parametrize("scheduler", ["ddim", "ddpm"])
def test_recorded_samples_equal_stepping_the_denoiser_inline(
    model, verifier, tmp_path: Path, scheduler: str
) -> None:
    """The UNet runs a step ahead on its own thread; the images must be exactly those of
    stepping the same segment on this thread (ddpm draws noise from each track's generator)."""
    import torch

    config = DiffusionConfig(scaffold="denoise", steps=4, samples=3, scheduler=scheduler, seed=5)
    loop = DiffusionLoop(model, verifier, config)
    out = tmp_path / f"{scheduler}.jsonl"
    with sampling_threads():  # both at the thread count a run holds: the last bits depend on it
        run(model, verifier, out, **config.model_dump(exclude={"model"}))
        tracks = [loop._fresh(s, 0, 0) for s in range(3)]
        segment = loop.denoiser.segment(0)
        x = torch.stack([t.x for t in tracks])
        labels = torch.tensor([t.target for t in tracks])
        expected = []
        for _ in range(4):
            step = segment.step(x, labels, [t.generator for t in tracks])
            x = step.prev
            expected.append(x.numpy().copy())
    _, steps = views(out)
    for position, batch in enumerate(expected):
        for sample in range(3):
            state = steps[position * 3 + sample].state
            assert state is not None and state.attrs["sample"] == sample
            np.testing.assert_array_equal(state.image.to_array(), batch[sample, 0])
