"""Everything the guided setup knows, in plain Python: the screens only show and edit this.

`WizardState` holds the host, the chosen profile (shipped, from a file, or made from a typed
model path / hub id), the option overrides typed on the options screen, and the latest Plan and
Report. Rebuilding the plan is split in two so the app can run the slow half (weights scan,
rules) in a worker thread without sharing mutable state: `begin_check()` snapshots the inputs
and bumps a generation number, `evaluate()` is a pure function of that snapshot, and
`apply()` drops a result whose generation is no longer the latest (a newer edit won).
`recheck()` does all three at once for tests and simple callers.

No Textual import here: this module is unit-tested without a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.findings import InputError
from wizard.host.model import HostDescription
from wizard.tui.options import OPTION_KEYS, apply_options, format_value, parse_option, read_option

GiB = 1024**3

#: starting serve options for a model typed by hand: 310P computes in float16, one chip is the
#: safe first plan, every 310P reference config turns prefix caching off, and a server with no
#: API key should listen on loopback; the rest is left to vLLM's defaults and the check's advice
CUSTOM_MODEL_SERVE = {"tensor_parallel_size": 1, "dtype": "float16", "host": "127.0.0.1",
                      "enable_prefix_caching": False}


@dataclass(frozen=True)
class CheckInputs:
    """A snapshot of what a check needs: safe to hand to a worker thread."""

    generation: int
    profile: Any  # wizard.profile.Profile
    host: HostDescription


@dataclass
class Evaluation:
    plan: Any = None  # wizard.plan.Plan
    report: Any = None  # wizard.check.Report
    problem: str | None = None  # an InputError: shown instead of findings


@dataclass(frozen=True)
class LaunchChoice:
    """What the app returns when the user picks "launch": run_app hands it to the runtime."""

    profile: Any  # wizard.profile.Profile, overrides applied
    host_spec: str | None  # sim:/file spec, or None when the host was detected here
    serve_line: str
    blocked_by_errors: int = 0


def evaluate(inputs: CheckInputs) -> Evaluation:
    """Build the plan and run the rules (pure: reads the weights folder, writes nothing)."""
    from wizard.assemble import plan_from_profile
    from wizard.check import check_plan

    try:
        plan = plan_from_profile(inputs.profile, inputs.host)
        return Evaluation(plan, check_plan(plan))
    except InputError as exc:
        return Evaluation(problem=str(exc))


def host_summary(host: HostDescription | None) -> str:
    """One line: what the plan will be checked against (or why there is nothing to check)."""
    if host is None:
        return "no host chosen yet"
    if not host.chips:
        found = "" if host.family in ("310p", "none") else f" (found {host.family})"
        return f"no 310P found{found}: {host.problem or 'npu-smi reported no chips'}"
    kinds = sorted({card.kind for card in host.cards}) or ["310P"]
    sizes = sorted({round(c.memory_total_mb / 1024, 1) for c in host.chips})
    size_text = "/".join(f"{s:g}" for s in sizes)
    return (
        f"{host.source}: {len(host.cards)} card(s) {', '.join(kinds)}, {len(host.chips)} chip(s) "
        f"of {size_text} GiB"
    )


def _slug(text: str) -> str:
    name = Path(text.rstrip("/")).name or text
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-").lower() or "custom"


@dataclass
class WizardState:
    host: HostDescription | None = None
    #: the spec the host came from (sim:… or a file); None when detected on this machine
    host_spec: str | None = None
    profile: Any = None  # the chosen base Profile, before overrides
    #: option key -> typed value (None = unset: vLLM default)
    overrides: dict[str, Any] = field(default_factory=dict)
    #: option key -> why the last typed text was refused (the previous value stays in force)
    option_errors: dict[str, str] = field(default_factory=dict)
    plan: Any = None
    report: Any = None
    problem: str | None = None
    generation: int = 0

    # ---- host -------------------------------------------------------------------------
    def use_host(self, host: HostDescription, spec: str | None = None) -> None:
        self.host, self.host_spec = host, spec
        self._invalidate()

    def load_host(self, spec: str) -> HostDescription:
        """`sim:CARD:N` or a host file; raises InputError with a one-line reason."""
        from wizard.host.hostfile import load_host

        spec = spec.strip()
        if not spec:
            raise InputError("give a host: sim:CARD:N or the path of a host file")
        host = load_host(spec)
        self.use_host(host, spec)
        return host

    @property
    def host_ready(self) -> bool:
        return self.host is not None and bool(self.host.chips)

    @property
    def host_line(self) -> str:
        return host_summary(self.host)

    # ---- model / profile --------------------------------------------------------------
    def choose_profile(self, name_or_path: str) -> None:
        from wizard.profile import load_profile

        self.profile = load_profile(name_or_path)
        self.overrides.clear()
        self.option_errors.clear()
        self._invalidate()

    def choose_model(self, model: str) -> None:
        """A model folder or hub id typed by hand: a fresh profile with minimal 310P defaults."""
        from wizard.profile import Profile

        model = model.strip()
        if not model:
            raise InputError("type a model folder or a hub id (e.g. Eco-Tech/Qwen3-8B-w8a8s-310)")
        self.profile = Profile(name=_slug(model), model=model, serve=dict(CUSTOM_MODEL_SERVE))
        self.overrides.clear()
        self.option_errors.clear()
        self._invalidate()

    @property
    def model_ready(self) -> bool:
        return self.profile is not None

    def facts_origin(self) -> list[str]:
        """Where the model and weights facts came from (config.json, catalog, name only …)."""
        plan = self.plan
        if plan is None:
            return [self.problem] if self.problem else []
        model = plan.model.origin if plan.model else "no model facts: memory cannot be estimated"
        weights = plan.weights
        fmt = weights.quant_type or "unknown format"
        return [f"model facts: {model}", f"weights: {fmt} — {weights.origin}"]

    # ---- options ----------------------------------------------------------------------
    def option_text(self, key: str) -> str:
        """What the option's input shows: the override if any, else the profile's value."""
        if key in self.overrides:
            return format_value(self.overrides[key])
        if self.profile is None:
            return ""
        return format_value(read_option(self.profile.serve, key))

    def set_option(self, key: str, text: str) -> str | None:
        """Take typed text for one option; returns the reason when it is refused."""
        if key not in OPTION_KEYS:
            raise KeyError(key)
        try:
            value = parse_option(key, text)
        except ValueError as exc:
            self.option_errors[key] = str(exc)
            return str(exc)
        self.option_errors.pop(key, None)
        if self.profile is not None and value == read_option(self.profile.serve, key):
            self.overrides.pop(key, None)
        else:
            self.overrides[key] = value
        return None

    def effective_profile(self):
        """The chosen profile with the option overrides applied (what is checked and saved)."""
        if self.profile is None:
            return None
        serve = apply_options(self.profile.serve, self.overrides)
        return self.profile.model_copy(update={"serve": serve})

    # ---- checking ---------------------------------------------------------------------
    def begin_check(self) -> CheckInputs | None:
        """Snapshot the inputs for one check; None when host or model is still missing."""
        self.generation += 1
        profile = self.effective_profile()
        if profile is None or self.host is None:
            return None
        return CheckInputs(self.generation, profile, self.host)

    def apply(self, inputs: CheckInputs, result: Evaluation) -> bool:
        """Keep the result unless a newer check has begun since (then it is stale)."""
        if inputs.generation != self.generation:
            return False
        self.plan, self.report, self.problem = result.plan, result.report, result.problem
        return True

    def recheck(self) -> Evaluation | None:
        inputs = self.begin_check()
        if inputs is None:
            self._invalidate()
            return None
        result = evaluate(inputs)
        self.apply(inputs, result)
        return result

    def _invalidate(self) -> None:
        self.plan = self.report = self.problem = None

    # ---- summaries the side panel shows -----------------------------------------------
    @property
    def findings(self) -> list:
        return list(self.report.findings) if self.report else []

    @property
    def codes(self) -> set[str]:
        return self.report.codes if self.report else set()

    def verdict_line(self) -> str:
        if self.problem:
            return f"cannot check: {self.problem}"
        if self.report is None:
            return "not checked yet"
        errors, warnings = len(self.report.errors), len(self.report.warnings)
        head = {"ok": "OK — no problems found", "warnings": "OK with warnings", "errors": "WILL FAIL"}
        return f"{head[self.report.verdict]} ({errors} error(s), {warnings} warning(s))"

    def budget_lines(self) -> list[str]:
        if self.plan is None:
            return []
        if self.plan.estimate is None:
            return ["per-chip budget: skipped (no model facts, or no chips to run on)"]
        from wizard.report.text import budget_table

        return budget_table(self.plan.estimate)

    # ---- review -----------------------------------------------------------------------
    def command_lines(self):
        from wizard.tui.commands import command_lines

        if self.plan is None:
            return None
        return command_lines(self.plan, self.profile.name if self.profile else "duowiz")

    def save_profile(self, target: str) -> Path:
        from wizard.tui.commands import save_profile_file

        profile = self.effective_profile()
        if profile is None:
            raise InputError("choose a model or profile before saving")
        if not str(target).strip():
            raise InputError("give a file name for the profile, e.g. my-profile.yaml")
        return save_profile_file(profile, target.strip())

    def launch_choice(self) -> LaunchChoice | None:
        profile = self.effective_profile()
        lines = self.command_lines()
        if profile is None or lines is None:
            return None
        errors = len(self.report.errors) if self.report else 0
        return LaunchChoice(profile, self.host_spec, lines.serve, errors)
