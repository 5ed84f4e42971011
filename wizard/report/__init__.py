"""Reporters: plugins that render a Report. Each module has `render(report) -> str`.

Add a format: write `wizard/report/<name>.py` with `render`, and list it in REPORTERS.
Every format goes through `render` here, which masks secrets (API keys, tokens) wherever a
message, evidence or fix would otherwise repeat them.
"""

from __future__ import annotations

import importlib

from wizard.secrets import is_secret_name

REPORTERS = {"text": "wizard.report.text", "json": "wizard.report.json_report", "github": "wizard.report.github"}


def secrets_of(plan) -> list[str]:
    """Values the output must never show: secret-looking flags and environment variables."""
    values = [use.value for use in plan.launch.flags if use.value and is_secret_name(use.spelling)]
    values += [v for k, v in {**plan.launch.env, **plan.env}.items() if v and is_secret_name(k)]
    if plan.options.api_key:
        values.append(plan.options.api_key)
    return sorted({v for v in values if len(v) >= 4}, key=len, reverse=True)


def redact(text: str, secrets: list[str]) -> str:
    for value in secrets:
        text = text.replace(value, "***")
    return text


def render(report, fmt: str = "text") -> str:
    out = importlib.import_module(REPORTERS[fmt]).render(report)
    return redact(out, secrets_of(report.plan))
