"""Walk the argument list vLLM receives (after `vllm serve`, or after the api_server module) the
way argparse would, keeping every flag as written.

Why not run argparse itself: vLLM's parser is not importable here (no vllm in the core), and
argparse stops at the first error, while a pre-flight check wants every problem at once. So this
walk mirrors argparse's value rules from the flag table (switch / one value / nargs='+' / '?'),
never raises, and records what argparse would have complained about as ParseIssues.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from wizard.launch import flags as flag_table
from wizard.launch.spec import FlagUse, LaunchSpec, ParseIssue
from wizard.launch.wrappers import SHELLS, shell_c, unwrap

_PYTHON = re.compile(r"^python[\d.]*$")
#: interactive shells: a container started with one of these gets its serve line typed later


@dataclass
class ServeArgs:
    model: str | None = None
    flags: list[FlagUse] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)


def _line_note(line: int | None) -> str:
    return f" (line {line})" if line else ""


def parse_serve_argv(
    args: list[str], *, positional_model: bool = True, lines: list[int | None] | None = None
) -> ServeArgs:
    """Flags and model of one vLLM argument list. `positional_model` is False for the
    api_server entry point, whose model only comes from `--model`."""
    lines = list(lines) if lines is not None else [None] * len(args)
    out = ServeArgs()
    positional: list[tuple[str, int | None]] = []
    i, n = 0, len(args)

    def next_value(j: int, *, any_token: bool = False) -> str | None:
        if j < n and (any_token or not flag_table.looks_like_flag(args[j])):
            return args[j]
        return None

    while i < n:
        token, line = args[i], lines[i]
        i += 1
        if token == "--":
            positional.extend(zip(args[i:], lines[i:]))
            break
        if not flag_table.looks_like_flag(token):
            positional.append((token, line))
            continue
        name, has_eq, inline = token.partition("=")
        info = flag_table.resolve(name)
        value: str | None = inline if has_eq else None
        key = None
        if name.startswith("-O") and not name.startswith("--"):
            # vLLM: -O3 / -O=3 / -O 3 -> --optimization-level
            value = name[2:] or (inline if has_eq else None)
            if value is None and next_value(i) in {"0", "1", "2", "3"}:
                value = args[i]
                i += 1
            out.flags.append(FlagUse(token, info.dest if info else None, value, line=line))
            continue
        if info is None:
            if not has_eq and next_value(i) is not None:
                value = args[i]  # most likely that flag's value; vLLM refuses both anyway
                i += 1
            out.flags.append(FlagUse(name, None, value, flag_table.suggest(name), line=line))
            continue
        body = name.lstrip("-")
        if "." in body:
            key = body.split(".", 1)[1]
            if not has_eq:  # vLLM takes the next token whatever it looks like
                value = next_value(i, any_token=True)
                i += value is not None
        elif has_eq:
            pass
        elif info.is_switch:
            value = None
        elif info.multi:
            values = []
            while next_value(i) is not None:
                values.append(args[i])
                i += 1
            value = " ".join(values) if values else None
        else:
            value = next_value(i)
            i += value is not None
        if value is None and info.takes_value and not (info.optional_value and not key):
            following = f"is followed by `{args[i]}`" if i < n else "ends the command"
            out.issues.append(
                ParseIssue(
                    "flag-value-missing",
                    f"`{name}` needs a value but {following}; vLLM stops with "
                    f"'argument {info.canonical}: expected one argument'",
                    f"{name}{_line_note(line)}",
                )
            )
        out.flags.append(FlagUse(name, info.dest, value, key=key, line=line))

    if positional_model and positional:
        out.model = positional[0][0]
        positional = positional[1:]
    for token, line in positional:
        shown = repr(token) if not token.strip() else f"`{token}`"
        out.issues.append(
            ParseIssue(
                "unexpected-argument",
                f"stray argument {shown}{_line_note(line)}: vLLM stops with 'unrecognized arguments'",
                token,
            )
        )
    if out.model is None:
        model_use = next((u for u in reversed(out.flags) if u.dest == "model"), None)
        if model_use is not None:
            out.model = model_use.value
    out.issues.extend(duplicate_issues(out.flags))
    return out


def _effective(use: FlagUse) -> str:
    if use.value is None:
        return "false" if flag_table.is_negative_form(use.spelling) else "true"
    return use.value


def duplicate_issues(uses: list[FlagUse]) -> list[ParseIssue]:
    """Same flag given twice with different values: argparse keeps the last, say so."""
    groups: dict[tuple[str, str | None], list[FlagUse]] = {}
    for use in uses:
        if use.dest is not None:
            groups.setdefault((use.dest, use.key), []).append(use)
    issues = []
    for (dest, key), group in groups.items():
        values = [_effective(u) for u in group]
        if len(set(values)) < 2:
            continue
        info = flag_table.by_dest(dest)
        label = (info.canonical if info else dest) + (f".{key}" if key else "")
        given = ", ".join(f"`{u.spelling} {_effective(u)}`{_line_note(u.line)}" for u in group)
        issues.append(
            ParseIssue(
                "duplicate-flag",
                f"`{label}` is given {len(group)} times ({given}); vLLM uses the last one: {values[-1]}",
                given,
            )
        )
    return issues


def strip_wrappers(words: list[str]) -> tuple[list[str], dict[str, str]]:
    """Drop `nohup` / `env A=1` / `sudo -E` / `uv run` style wrappers (see wrappers.py) and
    leading `A=1` assignments, returning the real command and the env they set."""
    found = unwrap(words)
    return found.words, found.env


def serve_entry(words: list[str]) -> tuple[str, int] | None:
    """("vllm serve" | "api_server", index of the first vLLM argument) when `words` runs vLLM."""
    if not words:
        return None
    head = os.path.basename(words[0])
    if head == "vllm" and len(words) > 1 and words[1] == "serve":
        return "vllm serve", 2
    if _PYTHON.match(head) and len(words) > 2 and words[1] == "-m":
        module = words[2]
        if module == "vllm.entrypoints.openai.api_server":
            return "api_server", 3
        if module == "vllm.entrypoints.cli.main" and len(words) > 3 and words[3] == "serve":
            return "vllm serve", 4
    return None


def is_interactive_shell(words: list[str]) -> bool:
    """`bash` / `sh -l` with no `-c SCRIPT`: the container waits for someone to type the command."""
    return bool(words) and os.path.basename(words[0]) in SHELLS and shell_c(words) is None


def spec_from_words(
    words: list[str], *, lines: list[int | None] | None = None, source: str = "command"
) -> LaunchSpec | None:
    """A LaunchSpec for a command that runs vLLM directly (wrappers and env prefix allowed),
    or None when `words` is some other command."""
    lines = list(lines) if lines is not None else [None] * len(words)
    found = unwrap(words)
    stripped = found.words
    lines = lines[len(lines) - len(stripped):] if len(stripped) <= len(lines) else [None] * len(stripped)
    entry = serve_entry(stripped)
    if entry is None:
        return None
    entrypoint, start = entry
    argv = stripped[start:]
    parsed = parse_serve_argv(argv, positional_model=entrypoint == "vllm serve", lines=lines[start:])
    return LaunchSpec(
        source=source,
        entrypoint=entrypoint,
        model=parsed.model,
        flags=parsed.flags,
        env=found.env,
        issues=parsed.issues,
        argv=list(argv),
        notes=list(found.notes),
        env_reset=found.env_reset,
        env_keep=found.env_keep,
        env_unset=found.env_unset,
    )
