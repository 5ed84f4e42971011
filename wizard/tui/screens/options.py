"""Step 3: tune the serve options; every edit re-runs the check (debounced by the app) and the
side panel shows the per-chip budget and the findings, each with its fix."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from wizard.tui.messages import CheckUpdated
from wizard.tui.options import OPTIONS
from wizard.tui.widgets.check_panel import CheckPanel


class OptionsScreen(Screen):
    BINDINGS = [("escape", "back", "Back"), ("ctrl+n", "next", "Next: review")]
    AUTO_FOCUS = None

    def compose(self) -> ComposeResult:
        state = self.app.state
        yield Header()
        with Horizontal(id="options-body"):
            with VerticalScroll(id="form"):
                yield Static("Step 3 of 4 — options", classes="step-title")
                yield Static(f"{state.profile.name}", classes="context", markup=False)
                for spec in OPTIONS:
                    yield Label(spec.label, classes="opt-label")
                    if spec.choices:
                        current = state.option_text(spec.key)
                        choices = [(c, c) for c in spec.choices]
                        yield Select(choices, value=current if current in spec.choices else Select.BLANK,
                                     prompt="vLLM default (auto)", id=f"opt-{spec.key}")
                    else:
                        yield Input(state.option_text(spec.key), placeholder=spec.placeholder, id=f"opt-{spec.key}")
                    yield Static("", id=f"err-{spec.key}", classes="opt-error", markup=False)
                yield Button("Next: review ▶ (ctrl+n)", id="next", variant="primary")
            yield CheckPanel(id="check")
        yield Footer()

    def on_mount(self) -> None:
        # the first input is already in view; letting focus scroll it before the first layout
        # scrolled the form to its end
        self.query_one("#form Input").focus(scroll_visible=False)
        if self.app.state.report is None and self.app.check_settled:
            self.app.schedule_check(immediate=True)

    async def on_screen_resume(self) -> None:
        """First shown or come back to: render the latest check (it may have changed meanwhile)."""
        await self.query_one(CheckPanel).show(self.app.state)

    async def on_check_updated(self, message: CheckUpdated) -> None:
        await self.query_one(CheckPanel).show(self.app.state)

    @on(Input.Changed, "#form Input")
    def _input_changed(self, event: Input.Changed) -> None:
        self._edit(event.input.id, event.value)

    @on(Select.Changed, "#form Select")
    def _select_changed(self, event: Select.Changed) -> None:
        value = "" if event.value is Select.BLANK else str(event.value)
        self._edit(event.select.id, value)

    def _edit(self, widget_id: str | None, text: str) -> None:
        key = (widget_id or "").removeprefix("opt-")
        problem = self.app.state.set_option(key, text)
        error = self.query_one(f"#err-{key}", Static)
        error.update(problem or "")
        error.display = problem is not None
        if problem is None:
            self.app.schedule_check()

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#next")
    def action_next(self) -> None:
        from wizard.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())
