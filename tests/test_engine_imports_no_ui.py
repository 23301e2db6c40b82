"""The engine must stay headless: importing every scaffold module pulls in no textual or rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import scaffold


def test_importing_every_scaffold_module_loads_no_ui_library() -> None:
    names = [m.name for m in pkgutil.walk_packages(scaffold.__path__, "scaffold.")]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(names) > 5
    assert out.stdout.strip() == "", f"scaffold imported UI modules: {out.stdout}"
