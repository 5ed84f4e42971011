"""The side panel beside the options: verdict, per-chip budget and findings of the latest check.

It re-renders from a WizardState on demand (`show(state)`) and keeps no state of its own, so
what it shows is always the state's latest applied check. Severity colours live in the .tcss
file (classes `error`, `warning`, `info` on each finding).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from wizard.findings import Finding

_MARK = {"error": "✗ error", "warning": "! warning", "info": "· info"}


def finding_text(finding: Finding) -> Text:
    """One finding as plain text (never markup: messages may contain brackets)."""
    text = Text(f"{_MARK[finding.severity.value]} [{finding.code}] ", style="bold")
    text.append(finding.message)
    if finding.fix:
        text.append("\nfix: ", style="bold")
        text.append(finding.fix)
    return text


class FindingView(Static):
    """One finding; its severity is a CSS class."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding_text(finding), classes=f"finding {finding.severity.value}")
        self.finding = finding


class CheckPanel(Vertical):
    """Verdict line, budget table and the findings list."""

    def compose(self) -> ComposeResult:
        yield Static("not checked yet", id="verdict", markup=False)
        yield Static("", id="budget", markup=False)
        yield VerticalScroll(id="findings")

    async def show(self, state) -> None:
        verdict = self.query_one("#verdict", Static)
        verdict.update(state.verdict_line())
        verdict.set_class(state.report is not None and state.report.verdict == "errors" or bool(state.problem), "errors")
        verdict.set_class(state.report is not None and state.report.verdict == "warnings", "warnings")
        verdict.set_class(state.report is not None and state.report.verdict == "ok", "ok")
        self.query_one("#budget", Static).update("\n".join(state.budget_lines()))
        findings = self.query_one("#findings", VerticalScroll)
        await findings.remove_children()
        await findings.mount_all([FindingView(f) for f in state.findings])
