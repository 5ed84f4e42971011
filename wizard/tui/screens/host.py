"""Step 1: which machine the plan is for — this one (detected), a simulated one, or a host file."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from wizard.findings import InputError
from wizard.host.sim import SIM_CARDS
from wizard.tui.messages import HostUpdated


class HostScreen(Screen):
    BINDINGS = [("f5", "detect", "Detect this machine"), ("ctrl+n", "next", "Next: model")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="step"):
            yield Static("Step 1 of 4 — where will vLLM run?", classes="step-title")
            yield Static("", id="host-status", markup=False)
            with Horizontal(classes="row"):
                yield Button("Detect this machine (F5)", id="detect")
            with Horizontal(classes="row"):
                yield Label("simulated:", classes="row-label")
                cards = [(name, name) for name in SIM_CARDS]
                yield Select(cards, value="300i-duo-96g", allow_blank=False, id="sim-card")
                yield Input("2", placeholder="cards", id="sim-count", classes="narrow")
                yield Button("Use simulated host", id="use-sim")
            with Horizontal(classes="row"):
                yield Label("host file:", classes="row-label")
                yield Input(placeholder="path to a host file or an npu-smi capture", id="host-file")
                yield Button("Load", id="load-file")
            yield Button("Next: model ▶ (ctrl+n)", id="next", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def _show(self, problem: str | None = None) -> None:
        state = self.app.state
        status = self.query_one("#host-status", Static)
        if self.app.detecting:
            text = "detecting this machine (npu-smi) …"
        else:
            text = state.host_line
        if problem:
            text = f"{text}\n{problem}"
        status.update(text)
        status.set_class(problem is not None or (state.host is not None and not state.host_ready), "problem")
        status.set_class(state.host_ready and problem is None, "ready")

    def on_screen_resume(self) -> None:
        self._show()

    def on_host_updated(self, message: HostUpdated) -> None:
        self._show(message.problem)

    def action_detect(self) -> None:
        if not self.app.start_detection():
            if self.app.detecting:
                return
            self._show("detection is not available here: choose a simulated host or a host file")
            return
        self._show()

    @on(Button.Pressed, "#detect")
    def _detect_pressed(self) -> None:
        self.action_detect()

    @on(Button.Pressed, "#use-sim")
    @on(Input.Submitted, "#sim-count")
    def use_sim(self) -> None:
        card = self.query_one("#sim-card", Select).value
        count = self.query_one("#sim-count", Input).value.strip() or "1"
        self._load(f"sim:{card}:{count}")

    @on(Button.Pressed, "#load-file")
    @on(Input.Submitted, "#host-file")
    def load_file(self) -> None:
        self._load(self.query_one("#host-file", Input).value)

    def _load(self, spec: str) -> None:
        try:
            self.app.state.load_host(spec)
        except InputError as exc:
            self._show(str(exc))
            return
        self._show()
        self.app.schedule_check(immediate=True)

    @on(Button.Pressed, "#next")
    def action_next(self) -> None:
        if not self.app.state.host_ready:
            self._show("choose a host with 310P chips first (detect, simulated or host file)")
            return
        from wizard.tui.screens.model import ModelScreen

        self.app.push_screen(ModelScreen())
