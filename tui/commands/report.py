"""`mesascope report DIR --format html|md [--out FILE] [--by COLUMN]`: a sweep's pooled
verdicts, ū with CIs, verdict shares, solved rate and compute, with plots."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from scaffold.errors import InputError
from scaffold.sweep.report_render import render_html, render_markdown
from scaffold.sweep.summary import summarise_sweep


def run_report(directory: Path, fmt: str, out: Path | None, by: list[str]) -> None:
    if fmt not in ("html", "md"):
        raise InputError(f"--format: expected html or md, got {fmt!r}")
    if out is not None and out.is_dir():
        raise InputError(f"--out {out}: is a directory; give a file name")
    summary = summarise_sweep(directory, by)
    if fmt == "html":
        text = render_html(summary)
    elif out is None:
        text = render_markdown(summary)
    else:
        text = render_markdown(summary, out.with_name(f"{out.stem}-plots"), out.parent)
    if out is None:
        sys.stdout.write(text)
        return
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out)
    print(f"report: {len(summary.rows)} runs in {len(summary.groups)} groups -> {out}",
          file=sys.stderr)
