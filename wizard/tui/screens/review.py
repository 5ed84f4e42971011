"""Step 4: the exact command(s) to copy, save the profile, or launch.

"Launch" does not start anything here: the app exits with a LaunchChoice and `run_app` hands
it to the headless runtime (which checks again on this machine and supervises the server).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from wizard.findings import InputError
from wizard.tui.messages import CheckUpdated


class ReviewScreen(Screen):
    BINDINGS = [
        ("escape", "back", "Back"),
        ("ctrl+y", "copy", "Copy serve command"),
        ("ctrl+s", "save", "Save profile"),
        ("ctrl+l", "launch", "Launch"),
    ]

    def compose(self) -> ComposeResult:
        state = self.app.state
        yield Header()
        with VerticalScroll(classes="step", id="review"):
            yield Static("Step 4 of 4 — review", classes="step-title")
            yield Static("", id="review-verdict", markup=False)
            yield Label("vllm serve (native):", classes="opt-label")
            yield Static("", id="serve-line", classes="command", markup=False)
            with Horizontal(classes="row"):
                yield Label("save as:", classes="row-label")
                name = state.profile.name if state.profile else "duowiz-profile"
                yield Input(f"{name}.yaml", id="save-path")
                yield Button("Save profile (ctrl+s)", id="save")
            yield Static("", id="save-status", markup=False)
            with Horizontal(classes="row"):
                yield Button("Copy command (ctrl+y)", id="copy")
                yield Button("Launch (ctrl+l)", id="launch", variant="primary")
            yield Label("docker run:", classes="opt-label")
            yield Static("", id="docker-line", classes="command", markup=False)
            yield Static("", id="docker-notes", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def on_check_updated(self, message: CheckUpdated) -> None:
        self._show()

    def _show(self) -> None:
        state = self.app.state
        verdict = self.query_one("#review-verdict", Static)
        verdict.update(f"{state.host_line}\n{state.verdict_line()}")
        verdict.set_class(bool(state.problem) or bool(state.report and state.report.errors), "problem")
        lines = state.command_lines()
        self.query_one("#serve-line", Static).update(lines.serve if lines else "(no plan yet)")
        self.query_one("#docker-line", Static).update((lines.docker if lines else None) or "(not available)")
        self.query_one("#docker-notes", Static).update("\n".join(lines.notes) if lines else "")

    def action_copy(self) -> None:
        lines = self.app.state.command_lines()
        if lines is None:
            self.notify("nothing to copy yet", severity="warning")
            return
        self.app.copy_to_clipboard(lines.serve)
        self.notify("serve command copied to the clipboard")

    @on(Button.Pressed, "#copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#save-path")
    def action_save(self) -> None:
        status = self.query_one("#save-status", Static)
        try:
            path = self.app.state.save_profile(self.query_one("#save-path", Input).value)
        except InputError as exc:
            status.update(str(exc))
            status.set_class(True, "problem")
            return
        status.update(f"profile written to {path}  (launch it headless: duowiz --profile {path})")
        status.set_class(False, "problem")

    @on(Button.Pressed, "#launch")
    def action_launch(self) -> None:
        state = self.app.state
        if not self.app.check_settled:
            self.notify("the check is still running", severity="warning")
            return
        if state.report is not None and state.report.errors:
            self.notify(
                f"fix the {len(state.report.errors)} error(s) first: the runtime refuses to launch them",
                severity="error",
            )
            return
        choice = state.launch_choice()
        if choice is None:
            self.notify("nothing to launch: " + (state.problem or "no plan yet"), severity="error")
            return
        self.app.finish(choice)

    def action_back(self) -> None:
        self.app.pop_screen()
