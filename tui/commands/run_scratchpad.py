"""`mesascope run --loop scratchpad`: flags -> task, text model and scratchpad loop."""

from __future__ import annotations

from scaffold.errors import InputError
from scaffold.loops.scratchpad import SCAFFOLDS, ScratchpadLoop
from scaffold.loops.scratchpad_context import ScratchpadConfig
from scaffold.models.transformers_load import LoadProgress
from scaffold.tasks.load import load_task
from tui.commands.run import RunOptions, check_settings

DEFAULT_SCAFFOLD = "tot"
SETTINGS = ("propose_max_tokens", "select_by", "self_eval", "weights", "dtype")


def scratchpad_config(opts: RunOptions) -> ScratchpadConfig:
    """The loop config from the flags; `--set select_by=external` etc. for the rarer knobs."""
    check_settings(opts, SETTINGS)
    extra = dict(opts.extra)
    return ScratchpadConfig(
        scaffold=opts.scaffold or DEFAULT_SCAFFOLD,
        n=opts.n,
        beam=opts.beam,
        depth=opts.depth,
        steps=opts.steps,
        temperature=opts.temperature,
        max_new_tokens=opts.max_new_tokens,
        propose_max_tokens=_int_extra(extra, "propose_max_tokens", 32),
        select_by=extra.get("select_by", "internal"),
        self_eval=extra.get("self_eval", "1").lower() not in ("0", "false", "no", "off"),
    )


def _int_extra(extra: dict[str, str], name: str, default: int) -> int:
    if name not in extra:
        return default
    try:
        return int(extra[name])
    except ValueError:
        raise InputError(f"--set {name}: expected a whole number, got {extra[name]!r}") from None


def build_scratchpad_loop(opts: RunOptions, progress: LoadProgress | None = None) -> ScratchpadLoop:
    """Check the cheap flags first, then load the model (slow; the TUI calls this in a worker)."""
    from scaffold.models.load import DEFAULT_DTYPE, DEFAULT_WEIGHTS, load_text_model

    config = scratchpad_config(opts)
    if config.scaffold not in SCAFFOLDS:
        raise InputError(
            f"--scaffold: unknown scratchpad scaffold {config.scaffold!r} "
            f"(choose {', '.join(SCAFFOLDS)})"
        )
    task = load_task(opts.task, opts.puzzle, opts.seed, opts.depth)
    weights = opts.extra.get("weights", DEFAULT_WEIGHTS)
    dtype = opts.extra.get("dtype", DEFAULT_DTYPE)
    model = load_text_model(opts.backend, opts.model, opts.base_url, progress, weights=weights,
                            dtype=dtype)
    return ScratchpadLoop(model, task, config, opts.seed)
