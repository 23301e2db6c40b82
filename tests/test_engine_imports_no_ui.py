"""The engine must stay headless: every scaffold module imports with textual and rich blocked.

Some third-party packages (httpx, scikit-learn) import rich opportunistically when it is
installed, so checking `sys.modules` would blame them. Blocking the UI libraries instead proves
the engine works on a machine without them, and a static check catches direct imports.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys

import scaffold
from tests.conftest import REPO

UI = ("textual", "rich")


def test_every_scaffold_module_imports_with_textual_and_rich_blocked() -> None:
    names = [m.name for m in pkgutil.walk_packages(scaffold.__path__, "scaffold.")]
    code = (
        "import importlib, sys\n"
        f"sys.modules.update(dict.fromkeys({UI!r}))  # None: import fails, find_spec says absent\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {UI!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert len(names) > 10
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == str(sorted(UI))  # only the None placeholders


def test_no_scaffold_source_imports_a_ui_library() -> None:
    offenders = []
    for path in (REPO / "scaffold").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [node.module or ""]
            else:
                continue
            offenders += [f"{path}:{node.lineno}" for m in mods if m.split(".")[0] in UI]
    assert offenders == []
