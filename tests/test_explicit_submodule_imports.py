"""`importlib.util` / `importlib.metadata` must be imported explicitly where used.

An editable install's import hook imports them as a side effect, so a missing import only
breaks a regular `pip install .` (it did once: every command failed with AttributeError).
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_submodules_are_imported_where_used():
    offenders = []
    for path in list((REPO / "wizard").rglob("*.py")) + list((REPO / "runtime").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for sub in ("util", "metadata"):
            used = re.search(rf"\bimportlib\.{sub}\.", text)
            imported = re.search(rf"import importlib\.{sub}\b|from importlib import [^\n]*\b{sub}\b|from importlib\.{sub} import", text)
            if used and not imported:
                offenders.append(f"{path.relative_to(REPO)} uses importlib.{sub} without importing it")
    assert not offenders, offenders
