"""The `mesascope` command. Each command's body lives in `tui.commands.<name>`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from scaffold.errors import InputError


class StdoutClosed(Exception):
    """The reader of stdout went away (`mesascope score DIR | head -1`)."""


class _Commands(TyperGroup):
    """The command group. A closed stdout leaves it as `StdoutClosed`: as a BrokenPipeError
    it would become typer's silent exit 1."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]  # typer's own click
        try:
            return super().invoke(ctx)
        except BrokenPipeError as err:
            raise StdoutClosed from err


app = typer.Typer(
    name="mesascope",
    cls=_Commands,
    help="Step optimisation loops inside AI systems, record them, and test whether they search.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)
_debug = {"on": False}

PathArg = Annotated[Path, typer.Argument(help="A transcript file (.jsonl).")]


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    _debug["on"] = debug


@app.command()
def info(
    path: PathArg,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Summarise a transcript: steps, branches, events by kind, truncation."""
    from tui.commands.info import run_info

    run_info(path, as_json)


@app.command()
def export(
    path: PathArg,
    fmt: Annotated[str, typer.Option("--format", help="json, npz or md.")] = "json",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output file (default: PATH with the suffix of the format)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing output (never the input).")
    ] = False,
) -> None:
    """Export a transcript: json (whole), md, or npz (images, x0_hat, step_ids, parents,
    is_final, target_class, sample, t, posterior; see docs/transcript.md)."""
    from tui.commands.export import run_export

    run_export(path, fmt, out, force)


@app.command()
def score(
    paths: Annotated[list[Path], typer.Argument(
        help="Transcript files (.jsonl), or directories of them (a sweep's: its runs)."
    )],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    pool_runs: Annotated[
        bool, typer.Option("--pool", help="Also pool all decisions (runs of one system; the "
                                          "pooled report warns when they differ). With one "
                                          "transcript scored there is nothing to pool: no "
                                          "pooled card or JSON line.")
    ] = False,
    implicit: Annotated[
        bool, typer.Option("--implicit", help="Score the decisions found inside the texts.")
    ] = False,
) -> None:
    """Test whether a loop searches: selection on its evaluations, with evidence and power."""
    from tui.commands.score_paths import transcript_paths

    paths = transcript_paths(paths)
    if implicit:
        from tui.commands.extract import run_score_implicit

        run_score_implicit(paths, as_json, pool_runs)
        return
    from tui.commands.score import run_score

    run_score(paths, as_json, pool_runs)


import_app = typer.Typer(
    help="Turn other tools' logs into transcripts.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(import_app, name="import")


@import_app.command("tot")
def import_tot(
    file: Annotated[Path, typer.Argument(help="A Tree of Thoughts run.py log (.json).")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the transcripts.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing transcripts.")] = False,
) -> None:
    """Tree of Thoughts logs (tree-of-thought-llm run.py) to one transcript per problem."""
    from tui.commands.import_tot import run_import_tot

    run_import_tot(file, out, force)


@import_app.command("tree")
def import_tree(
    file: Annotated[Path, typer.Argument(help="A search tree as JSON (docs/importers.md).")],
    out: Annotated[Path | None, typer.Option("--out", help="Transcript to write.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the transcript.")] = False,
) -> None:
    """A search tree (MCTS, depth-first, any node list with parents) to one transcript."""
    from tui.commands.import_tree import run_import_tree

    run_import_tree(file, out, force)


@app.command()
def replay(path: PathArg) -> None:
    """Step through a transcript: timeline, state diff or pixels, candidates, search card.
    Always follows the file like `tail -f`: steps another process appends (a live run, a sweep
    worker) appear as they are written; a truncated or replaced file stops following, with a
    notice. On a sweep directory: browse its runs (Enter replays one, Escape comes back)."""
    from tui.commands.replay import run_replay

    run_replay(path)


def _opt(help_text: str, *names: str) -> typer.models.OptionInfo:
    return typer.Option(*names, help=help_text)


FLAG_FIELDS = {
    "scaffold": "--scaffold", "task": "--task", "puzzle": "--puzzle", "model": "--model",
    "backend": "--backend", "base_url": "--base-url", "seed": "--seed", "steps": "--steps",
    "samples": "--samples", "n": "--n", "beam": "--beam", "depth": "--depth",
    "temperature": "--temperature", "max_new_tokens": "--max-new-tokens",
    "digit_class": "--class", "guidance": "--guidance", "scheduler": "--scheduler",
    "timeout": "--timeout", "retries": "--retries",
}
"""Run flags that set a field of the loop family's config (the rest: `--set FIELD=VALUE`)."""


@app.command()
def run(
    loop: Annotated[str, _opt("scratchpad, diffusion, toy, or FILE.py:CLASS (docs/loops.md).",
                              "--loop")] = "scratchpad",
    scaffold: Annotated[
        str | None, _opt("scratchpad|tot|best-of-n|refine (default tot), "
                         "denoise|best-of-n|zero-order|paths, hill-climb|random-walk.",
                         "--scaffold")
    ] = None,
    task: Annotated[str | None, _opt("game24, countdown or prompt.", "--task")] = None,
    puzzle: Annotated[str | None, _opt('The task instance, e.g. "4 9 10 13".', "--puzzle")] = None,
    model: Annotated[str | None, _opt("A local model dir or GGUF file, or the server's model "
                                      "name.", "--model")] = None,
    backend: Annotated[str | None, _opt("transformers or openai.", "--backend")] = None,
    base_url: Annotated[str | None, _opt("OpenAI-compatible server URL.", "--base-url")] = None,
    seed: Annotated[int | None, _opt("Random seed (default 0).", "--seed")] = None,
    steps: Annotated[int | None, _opt("Loop steps or denoising steps (default 10; toy 60).",
                                      "--steps")] = None,
    samples: Annotated[int | None, _opt("Independent samples (diffusion).", "--samples")] = None,
    n: Annotated[int | None, _opt("Candidates per step, K (default 4).", "--n")] = None,
    beam: Annotated[int | None, _opt("Kept per step, b (default 2).", "--beam")] = None,
    depth: Annotated[int | None, _opt("Tree depth (tot; default 3).", "--depth")] = None,
    temperature: Annotated[float | None, _opt("Sampling temperature (default 0.7).",
                                              "--temperature")] = None,
    max_new_tokens: Annotated[int | None, _opt("Tokens per candidate (default 64).",
                                               "--max-new-tokens")] = None,
    digit_class: Annotated[int | None, _opt("Digit class 0-9 (diffusion).", "--class")] = None,
    guidance: Annotated[float | None, _opt("Classifier-free guidance.", "--guidance")] = None,
    scheduler: Annotated[str | None, _opt("ddpm, ddim or euler.", "--scheduler")] = None,
    timeout: Annotated[float | None, _opt("openai: seconds per call (default 120).",
                                          "--timeout")] = None,
    retries: Annotated[int | None, _opt("openai: retries per call (default 2).",
                                        "--retries")] = None,
    extra: Annotated[
        list[str] | None, _opt("Any other setting of the loop, KEY=VALUE (repeatable).", "--set")
    ] = None,
    out: Annotated[
        Path | None, _opt("Transcript to write (default transcripts/<time>-<loop>-<task>.jsonl).",
                          "--out")
    ] = None,
    headless: Annotated[bool, _opt("No UI, a progress line.", "--headless")] = False,
    run_limit: Annotated[int, _opt("Live `r`: stop after this many steps.", "--run-limit")] = 20,
) -> None:
    """Run a loop live in the TUI (n step, r run, space pause, f fork), or --headless.

    Exit codes: 0 done, 2 bad input, 3 (--headless) every step recorded a backend error."""
    from tui.commands.run import check_new_output, configure, default_out, run_headless

    given = {
        "scaffold": scaffold, "task": task, "puzzle": puzzle, "model": model,
        "backend": backend, "base_url": base_url, "seed": seed, "steps": steps,
        "samples": samples, "n": n, "beam": beam, "depth": depth, "temperature": temperature,
        "max_new_tokens": max_new_tokens, "digit_class": digit_class, "guidance": guidance,
        "scheduler": scheduler, "timeout": timeout, "retries": retries,
    }
    flags = {key: value for key, value in given.items() if value is not None}
    if not 1 <= run_limit <= 1_000_000:
        raise InputError(f"--run-limit: must be 1 to 1000000, got {run_limit}")
    family, config = configure(loop, flags, FLAG_FIELDS, extra or [])
    target = out or default_out(family, config)
    check_new_output(target)
    if headless:
        code = run_headless(family.build(config, None), target)
        if code:
            sys.exit(code)
        return
    from tui.commands.live import run_live

    run_live(family, config, target, run_limit)


@app.command()
def schema(
    report: Annotated[
        bool, typer.Option("--report", help="The schema of a `score --json` line instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of a transcript line (or, with --report, of a score report)."""
    if report:
        from scaffold.scoring.schema import report_json_schema_text

        print(report_json_schema_text())
        return
    from scaffold.transcript.schema import transcript_json_schema_text

    print(transcript_json_schema_text())


@app.command()
def intervene(
    path: PathArg,
    kind: Annotated[list[str], _opt("shuffle, constant, invert, swap:SCORER, retarget:VALUE or "
                                    "critique (refine); repeat it for several kinds, run in "
                                    "turn on one loaded model.",
                                    "--kind")],
    at: Annotated[int | None, _opt("Fork from this step only (default: every decision step "
                                   "of the main branch).", "--at")] = None,
    seeds: Annotated[int, _opt("Seeds per arm; each has a paired control.", "--seeds")] = 8,
    headless: Annotated[bool, _opt("No UI: progress, then the interventions block.",
                                   "--headless")] = False,
    loop: Annotated[str | None, _opt("FILE.py:CLASS (or installed name) of the user loop "
                                     "that recorded PATH: required for a user loop's "
                                     "transcript, whose header cannot say where its code is; "
                                     "refused otherwise (a built-in loop is rebuilt from the "
                                     "header; a Recorder or imported log has no loop to "
                                     "fork).", "--loop")] = None,
    extra: Annotated[list[str] | None, _opt("Override a recorded setting, KEY=VALUE (e.g. "
                                            "model=PATH).", "--set")] = None,
    out: Annotated[Path | None, _opt("Append to a copy at this path instead.", "--out")] = None,
) -> None:
    """Fork the run with its evaluation replaced, beside unchanged controls, into the
    transcript; then `score` says whether the choices follow the evaluator."""
    from tui.commands.intervene import run_intervene

    run_intervene(path, kind, at, seeds, headless, loop, extra or [], out)


@app.command()
def sweep(
    spec: Annotated[Path, typer.Argument(help="A sweep spec (.toml; docs/sweeps.md).")],
    out: Annotated[Path, _opt("Directory for runs/ and index.csv.", "--out")],
    workers: Annotated[int | None, _opt("Worker actors (default: the cluster's CPUs).",
                                        "--workers")] = None,
    address: Annotated[str | None, _opt("Join a Ray cluster: auto or ray://HOST:PORT "
                                        "(default: a local instance).", "--address")] = None,
    retry_failed: Annotated[bool, _opt("Rerun runs recorded as failed.",
                                       "--retry-failed")] = False,
    dry_run: Annotated[bool, _opt("Validate and count the runs; run nothing.",
                                  "--dry-run")] = False,
    sync: Annotated[bool, _opt("Workers send transcripts back to this machine (a cluster "
                               "without shared storage).", "--sync")] = False,
) -> None:
    """Run every run a spec expands to on Ray; rerunning resumes (docs/sweeps.md)."""
    from tui.commands.sweep import run_sweep

    run_sweep(spec, out, workers=workers, address=address, retry_failed=retry_failed,
              dry_run=dry_run, sync=sync)


@app.command()
def report(
    sweep_dir: Annotated[Path, typer.Argument(help="A sweep directory (index.csv, runs/).")],
    fmt: Annotated[str, _opt("html or md.", "--format")] = "html",
    out: Annotated[Path | None, _opt("Output file (default: stdout).", "--out")] = None,
    by: Annotated[list[str] | None, _opt("Also group by this column (repeatable).",
                                         "--by")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite an existing report (never the sweep's own files).")] = False,
) -> None:
    """Pooled verdicts, ū with CIs, verdict shares, solved rate and compute per scaffold."""
    from tui.commands.report import run_report

    run_report(sweep_dir, fmt, out, by or [], force)


@app.command()
def extract(
    path: PathArg,
    out: Annotated[
        Path | None, typer.Option("--out", help="Derived transcript (default RUN.implicit.jsonl).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing output (never the input).")
    ] = False,
) -> None:
    """Find the candidates, judgements and choices written inside a transcript's texts."""
    from tui.commands.extract import run_extract

    run_extract(path, out, force)


@import_app.command("reasoning")
def import_reasoning(
    file: Annotated[Path, typer.Argument(help="JSON Lines of reasoning texts or chats.")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the transcripts.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing transcripts.")] = False,
) -> None:
    """Reasoning texts ({"text", "task", "instance", ...} or chats with <think>) to transcripts."""
    from tui.commands.import_reasoning import run_import_reasoning

    run_import_reasoning(file, out, force)


def main() -> None:
    """Entry point: bad input is one line on stderr and exit 2; --debug shows the traceback.

    Every message goes through `tui.safe_text.one_line`: errors quote files and arguments, so
    control, bidi and zero-width characters are shown as escapes and newlines are folded.
    """
    _note_ctrl_c()
    try:
        code = app(standalone_mode=False)
        sys.stdout.flush()  # still buffered output fails here, not at exit
    except (StdoutClosed, BrokenPipeError):
        _quiet_stdout()
        sys.exit(141)  # 128 + SIGPIPE, what the shell reports for `yes | head -1`
    except InputError as err:
        if _debug["on"]:
            _traceback(2)
        _fail(str(err), 2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # click usage errors arrive here in non-standalone mode
        if _interrupted["on"]:  # a library wrapped the KeyboardInterrupt (pydantic's serializers)
            sys.exit(130)
        # Typer may raise its own copies of click's exception classes, so match by shape.
        names = {cls.__name__ for cls in type(err).__mro__}
        if "Exit" in names:
            sys.exit(getattr(err, "exit_code", 0))
        if "ClickException" in names:
            _fail(err.format_message(), 2)  # type: ignore[attr-defined]
        if "Abort" in names:
            sys.exit(130)
        if _debug["on"]:
            _traceback(1)
        _fail(f"internal error: {type(err).__name__}: {err} (rerun with --debug)", 1)
    if isinstance(code, int) and code:  # typer returns Exit's code here (130 for Ctrl-C)
        sys.exit(code)


_interrupted = {"on": False}


def _note_ctrl_c() -> None:
    """Remember that Ctrl-C came, then raise KeyboardInterrupt as Python's own handler does.

    Code that calls back into Python can catch the KeyboardInterrupt and raise its own error
    instead (pydantic reports one inside a serializer as PydanticSerializationError): the flag
    lets `main` still exit 130, not call it an internal error.
    """
    import signal

    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return  # ignored (a background job) or owned by an embedding program

    def handler(signum: int, frame: object) -> None:
        _interrupted["on"] = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)


def _traceback(code: int) -> NoReturn:
    """--debug: the traceback on stderr, inert (an error may quote a file or a loop's output,
    escape sequences included), then the exit code the error has without --debug."""
    import traceback

    from scaffold.visible_text import visible

    sys.stderr.write(visible(traceback.format_exc()))
    sys.stderr.flush()
    sys.exit(code)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit finds no closed pipe (Python's recipe,
    docs.python.org/3/library/signal.html#note-on-sigpipe)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _fail(message: str, code: int) -> NoReturn:
    from tui.safe_text import one_line

    print(f"mesascope: {one_line(message, 1000)}", file=sys.stderr)
    sys.exit(code)
