"""Typed messages between the app and its screens."""

from __future__ import annotations

from textual.message import Message


class CheckUpdated(Message):
    """A newer check result (or a problem) is in WizardState: re-render it."""


class HostUpdated(Message):
    """The host changed (detection finished, a sim host or a host file was chosen)."""

    def __init__(self, problem: str | None = None) -> None:
        super().__init__()
        self.problem = problem
