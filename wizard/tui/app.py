"""The Textual app: owns one WizardState, runs detection and checks in worker threads.

The app is the only place that starts work: detection (`detect_host` may take seconds and may
find no 310P) and the check (a weights scan plus every rule) run in `@work(thread=True)`
workers, and option edits are debounced so typing "32768" runs one check, not five. Results
are applied on the UI thread through `WizardState.apply`, which drops stale ones; screens then
get a `CheckUpdated` / `HostUpdated` message and re-render.

`App.run()` returns a `LaunchChoice` when the user picks "launch", else None.
"""

from __future__ import annotations

from typing import Callable

from textual import work
from textual.app import App
from textual.timer import Timer

from wizard.host.model import HostDescription
from wizard.tui.messages import CheckUpdated, HostUpdated
from wizard.tui.state import CheckInputs, Evaluation, LaunchChoice, WizardState, evaluate

#: seconds of quiet after the last keystroke before a check runs
DEFAULT_DEBOUNCE_S = 0.3


class DuowizApp(App[LaunchChoice | None]):
    CSS_PATH = "duowiz.tcss"
    TITLE = "duowiz"
    SUB_TITLE = "guided setup for vLLM on Atlas 300I DUO"
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def __init__(
        self,
        state: WizardState,
        detector: Callable[[], HostDescription] | None = None,
        debounce_s: float = DEFAULT_DEBOUNCE_S,
        detect_on_start: bool = False,
    ) -> None:
        super().__init__()
        self.state = state
        self.detector = detector
        self.debounce_s = debounce_s
        self.detect_on_start = detect_on_start
        self.detecting = False
        self._check_timer: Timer | None = None
        self._pending = False

    def get_default_screen(self):
        from wizard.tui.screens.host import HostScreen

        return HostScreen()

    def on_mount(self) -> None:
        if self.detect_on_start and self.state.host is None:
            self.start_detection()
        elif self.state.host is not None and self.state.profile is not None:
            self.schedule_check(immediate=True)  # pre-filled steps: show their check at once

    # ---- detection ----------------------------------------------------------------------
    def start_detection(self) -> bool:
        """Detect this machine in a worker; False when no detector is available."""
        if self.detector is None or self.detecting:
            return False
        self.detecting = True
        self._detect()
        return True

    @work(thread=True, exclusive=True, group="detect")
    def _detect(self) -> None:
        try:
            host, problem = self.detector(), None
        except Exception as exc:  # detection must never take the UI down: say why, plainly
            host, problem = None, f"detection failed: {exc}"
        self._from_thread(self._detected, host, problem)

    def _detected(self, host: HostDescription | None, problem: str | None) -> None:
        self.detecting = False
        if host is not None:
            self.state.use_host(host, None)
        self.screen.post_message(HostUpdated(problem))
        self.schedule_check(immediate=True)

    # ---- checking -----------------------------------------------------------------------
    @property
    def check_settled(self) -> bool:
        """No check waiting or running: the state shows the latest inputs (tests wait for it)."""
        return not self._pending

    def schedule_check(self, immediate: bool = False) -> None:
        """Re-run the check after the debounce delay; a newer call restarts the delay."""
        self._pending = True
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        if immediate or self.debounce_s <= 0:
            self.call_later(self._start_check)
        else:
            self._check_timer = self.set_timer(self.debounce_s, self._start_check)

    def _start_check(self) -> None:
        self._check_timer = None
        inputs = self.state.begin_check()
        if inputs is None:
            self.state.plan = self.state.report = self.state.problem = None
            self._pending = False
            self.screen.post_message(CheckUpdated())
            return
        self._check(inputs)

    @work(thread=True, group="check")
    def _check(self, inputs: CheckInputs) -> None:
        try:
            result = evaluate(inputs)
        except Exception as exc:  # a bug in one rule must not kill the session
            result = Evaluation(problem=f"internal error while checking: {type(exc).__name__}: {exc}")
        self._from_thread(self._checked, inputs, result)

    def _checked(self, inputs: CheckInputs, result: Evaluation) -> None:
        if self.state.apply(inputs, result):
            self._pending = self._check_timer is not None
            self.screen.post_message(CheckUpdated())

    def _from_thread(self, callback, *args) -> None:
        try:
            self.call_from_thread(callback, *args)
        except RuntimeError:  # the app closed while the worker ran
            pass

    # ---- leaving ------------------------------------------------------------------------
    def finish(self, choice: LaunchChoice) -> None:
        self.exit(choice)
