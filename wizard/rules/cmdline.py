"""Command-line rules: flags vLLM does not have, values that do not parse, shell-level breakage."""

from __future__ import annotations

from wizard.findings import Finding, Severity, error, info, warning
from wizard.rules.registry import rule


#: `duowiz check` options (wizard/cli/check.py; a test keeps the two in step). One of them after
#: `--` lands in the vllm serve line, where it is an unknown flag: say where it belongs.
CHECK_OPTIONS = frozenset({"--profile", "--command-file", "--vllm-config", "--server", "--env", "--release",
                           "--json", "--format", "--strict", "--ignore", "--timeout", "--save-profile"})


@rule("unknown-flag", group="flags")
def unknown_flag(plan):
    """A flag vLLM 0.18.0 does not have: vLLM would refuse to start."""
    for use in plan.launch.flags:
        if use.dest is None:
            hint = f" (did you mean {use.suggestion}?)" if use.suggestion else ""
            if use.spelling.split("=")[0] in CHECK_OPTIONS:
                hint = " (a duowiz check option: put it before `--`, which starts the vllm serve line)"
            yield warning(
                "unknown-flag",
                f"{use.spelling} is not a vllm serve flag in vLLM 0.18.0{hint}: argparse rejects the whole line",
                evidence=f"flag {use.spelling}" + (f" {use.value}" if use.value else ""),
                fix=f"use {use.suggestion}" if use.suggestion else f"remove {use.spelling}",
            )


#: vLLM 0.18.0 CUDAGraphMode names (vllm/config/compilation.py; parsed case-insensitively by name)
CUDAGRAPH_MODES = ("NONE", "PIECEWISE", "FULL", "FULL_DECODE_ONLY", "FULL_AND_PIECEWISE")


@rule("invalid-flag-value", group="flags")
def invalid_flag_value(plan):
    """A flag value that cannot parse (bad JSON in --compilation-config, a non-number …)."""
    missing = {i.evidence for i in plan.launch.issues if i.code == "flag-value-missing"}
    for spelling, raw, reason in plan.options.invalid:
        if reason == "missing value" and (missing or not raw):
            continue  # flag-value-missing already says it
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
        yield error(
            "invalid-flag-value",
            f"{spelling} {shown!r}: {reason}",
            evidence=f"flag {spelling}",
            fix=f"give {spelling} a valid value (JSON flags need a quoted JSON object)",
        )
    yield from _compilation_config_values(plan)


def _compilation_config_values(plan):
    """Well-formed JSON whose values vLLM's CompilationConfig validation still rejects at start-up."""
    cc = plan.options.compilation_config
    if not isinstance(cc, dict):
        return
    mode = cc.get("cudagraph_mode")
    if mode is not None and not (isinstance(mode, str) and mode.upper() in CUDAGRAPH_MODES):
        yield error(
            "invalid-flag-value",
            f"--compilation-config cudagraph_mode {mode!r} is not a CUDAGraphMode "
            f"({', '.join(CUDAGRAPH_MODES)}): vLLM refuses the line",
            evidence="flag --compilation-config cudagraph_mode",
            fix='use "cudagraph_mode": "FULL_DECODE_ONLY" (every 310P reference configuration)',
        )
    sizes = cc.get("cudagraph_capture_sizes")
    if sizes is not None and not (isinstance(sizes, list) and all(
            isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sizes)):
        shown = repr(sizes) if len(repr(sizes)) <= 60 else repr(sizes)[:57] + "..."
        yield error(
            "invalid-flag-value",
            f"--compilation-config cudagraph_capture_sizes {shown} is not a list of positive whole numbers: "
            "vLLM refuses the line",
            evidence="flag --compilation-config cudagraph_capture_sizes",
            fix='give a list such as "cudagraph_capture_sizes": [1, 2, 4, 8, 16, 32] (TP > 1: at most two sizes)',
        )


#: parse-issue code -> (severity, fix); the reader (wizard/launch) records them, this rule reports them
_PARSE_ISSUES = {
    "shell-continuation-broken": (Severity.WARNING, "remove the space after the backslash so the line continues"),
    "flag-value-missing": (Severity.ERROR, "give the flag its value"),
    "duplicate-flag": (Severity.WARNING, "keep one of them: the last one wins"),
    "unexpected-argument": (Severity.ERROR, "remove the stray argument (vLLM's argparse rejects the whole line)"),
    "docker-flag-swallowed": (Severity.WARNING, "give the docker flag its own value, or remove it"),
}


@rule(
    *_PARSE_ISSUES,
    group="flags",
    docs={
        "shell-continuation-broken": "A `\\ ` (backslash, space) ends the command early: the flags after it never reach vLLM.",
        "flag-value-missing": "A flag that takes a value has none (at the end of the line).",
        "duplicate-flag": "The same flag given twice with different values: vLLM uses the last one.",
        "unexpected-argument": "A stray argument vLLM's argparse rejects (it refuses the whole line).",
        "docker-flag-swallowed": "A docker flag took the next flag as its value (e.g. `-v --device=…`): that device is not passed.",
    },
)
def launch_parse_issues(plan):
    """What the command reader noticed: a broken `\\ ` continuation, a missing value, a flag twice, a stray argument."""
    for issue in plan.launch.issues:
        severity, fix = _PARSE_ISSUES.get(issue.code, (Severity.WARNING, ""))
        yield Finding(issue.code, severity, issue.message, issue.evidence, fix)


@rule("placeholder-unresolved", group="flags")
def placeholder_unresolved(plan):
    """A flag value is a shell/CI placeholder ($4, $SERVER_PORT): the check assumed vLLM's default."""
    for spelling, raw in plan.options.unresolved:
        yield info(
            "placeholder-unresolved",
            f"{spelling} {raw} is a placeholder this check cannot resolve: vLLM's default was assumed for it",
            evidence=f"flag {spelling} {raw}",
            fix=f"check the concrete line, e.g. {spelling} <value> after the script substitutes it",
        )


@rule("multiple-servers", group="flags")
def multiple_servers(plan):
    """The input file starts more than one vLLM server: one was checked, the others were not."""
    if plan.other_servers:
        yield info(
            "multiple-servers",
            f"this file starts {len(plan.other_servers) + 1} servers; checked {plan.options.model}; "
            + "; ".join(plan.other_servers),
            evidence=plan.launch.path or plan.launch.source,
            fix="run duowiz check once per server (--server N)",
        )


@rule("model-defaulted", group="flags")
def model_defaulted(plan):
    """The line names no model: vLLM serves its default, Qwen/Qwen3-0.6B."""
    if plan.model_defaulted:
        yield info(
            "model-defaulted",
            f"no model named: vLLM 0.18.0 serves its default {plan.options.model} (checked as such)",
            evidence="no positional model and no --model",
            fix="name the model: vllm serve /path/to/weights …",
        )
