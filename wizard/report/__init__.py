"""Reporters: plugins that render a Report. Each module has `render(report) -> str`.

Add a format: write `wizard/report/<name>.py` with `render`, and list it in REPORTERS.
"""

from __future__ import annotations

import importlib

REPORTERS = {"text": "wizard.report.text", "json": "wizard.report.json_report", "github": "wizard.report.github"}


def render(report, fmt: str = "text") -> str:
    return importlib.import_module(REPORTERS[fmt]).render(report)
