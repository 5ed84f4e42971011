"""Step 2: what to serve — a shipped profile, or a model folder / hub id typed by hand.

Below the choice it shows where the model facts came from (config.json, the built-in catalog,
or only the name), because every number on the next screen rests on them.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from wizard.findings import InputError
from wizard.tui.messages import CheckUpdated


def _profile_options() -> list[Option]:
    from wizard.profile import load_profile, profile_names

    options = []
    for name in profile_names():
        try:
            description = load_profile(name).description
        except InputError as exc:
            description = f"(unreadable: {exc})"
        options.append(Option(f"{name}  —  {description}" if description else name, id=name))
    return options


class ModelScreen(Screen):
    BINDINGS = [("escape", "back", "Back"), ("ctrl+n", "next", "Next: options")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="step"):
            yield Static("Step 2 of 4 — what will it serve?", classes="step-title")
            yield Static(self.app.state.host_line, id="model-host", classes="context", markup=False)
            yield Static("shipped profiles (enter to choose):", classes="hint")
            yield OptionList(*_profile_options(), id="profiles")
            yield Input(placeholder="…or a model folder / hub id, then enter", id="model-input")
            yield Static("", id="model-status", markup=False)
            yield Static("", id="origin", markup=False)
            yield Button("Next: options ▶ (ctrl+n)", id="next", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        state = self.app.state
        profiles = self.query_one("#profiles", OptionList)
        if state.profile is not None:
            try:
                profiles.highlighted = profiles.get_option_index(state.profile.name)
            except Exception:  # a custom model or a profile from a file: nothing to highlight
                pass
        profiles.focus()
        self._show()

    def _show(self, problem: str | None = None) -> None:
        state = self.app.state
        status = self.query_one("#model-status", Static)
        if problem:
            status.update(problem)
        elif state.profile is not None:
            status.update(f"chosen: {state.profile.name} — model {state.profile.model}")
        else:
            status.update("nothing chosen yet")
        status.set_class(problem is not None, "problem")
        self.query_one("#origin", Static).update("\n".join(state.facts_origin()))

    def on_screen_resume(self) -> None:
        self._show()  # checks that finished while a later step was on top

    def on_check_updated(self, message: CheckUpdated) -> None:
        self._show()

    @on(OptionList.OptionSelected, "#profiles")
    def _profile_chosen(self, event: OptionList.OptionSelected) -> None:
        self._choose(lambda: self.app.state.choose_profile(event.option.id))

    @on(Input.Submitted, "#model-input")
    def _model_typed(self, event: Input.Submitted) -> None:
        self._choose(lambda: self.app.state.choose_model(event.value))

    def _choose(self, change) -> None:
        try:
            change()
        except InputError as exc:
            self._show(str(exc))
            return
        self._show()
        self.app.schedule_check(immediate=True)

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#next")
    def action_next(self) -> None:
        if not self.app.state.model_ready:
            self._show("choose a profile or type a model first")
            return
        from wizard.tui.screens.options import OptionsScreen

        self.app.push_screen(OptionsScreen())
