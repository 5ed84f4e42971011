"""A systemd unit as launch input: `[Service]` Environment=, ExecStart=, WorkingDirectory=.

Servers that outlive a login are usually run by systemd, so the launch line lives in a unit
file, with systemd's own rules rather than bash's:
- `Environment=` holds several `K=V` words, each may be quoted (`Environment="A=1 2" B=3`);
  lines add up, an empty `Environment=` clears the list;
- `EnvironmentFile=` is read by systemd at start: duowiz does not read it, and says so;
- `ExecStart=` may start with `-` (ignore failure), `@` (the second word is argv[0]), `+`, `!`,
  `!!`, `:` prefixes; `${VAR}` becomes one word, a lone `$VAR` is split at whitespace, `%%` is `%`;
  an empty `ExecStart=` clears earlier ones (drop-in overrides);
- lines ending in a backslash continue on the next line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from wizard.launch.unit_text import logical_lines, split_words

_SECTION = re.compile(r"^\[([^\]]+)\]\s*$")
_VAR_WHOLE = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)$")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass
class ServiceCommand:
    words: list[str]
    lines: list[int]


@dataclass
class ServiceUnit:
    env: dict[str, str] = field(default_factory=dict)
    commands: list[ServiceCommand] = field(default_factory=list)  # ExecStart= in order
    workdir: str | None = None
    notes: list[str] = field(default_factory=list)


def looks_like_unit(name: str, text: str) -> bool:
    """`*.service` (also `.service.d/*.conf` drop-ins by content), or a `[Service]` section."""
    if Path(name).suffix.lower() == ".service":
        return True
    return re.search(r"^\s*\[Service\]\s*$", text, re.M) is not None


def _environment(value: str, env: dict[str, str]) -> None:
    if not value.strip():
        env.clear()
        return
    for word, _, _ in split_words(value, c_escapes=True):
        key, has_eq, val = word.partition("=")
        if has_eq and re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key):
            env[key] = val


def _exec_words(value: str, line_at, env: dict[str, str]) -> ServiceCommand | None:
    stripped = value.lstrip()
    offset = len(value) - len(stripped)
    prefix = re.match(r"^[-@+!:]*", stripped).group(0)
    body = stripped[len(prefix):]
    words: list[str] = []
    lines: list[int] = []
    for word, start, quoted in split_words(body, c_escapes=True):
        line = line_at(offset + len(prefix) + start)
        whole = _VAR_WHOLE.match(word) if not quoted else None
        if whole:
            pieces = env.get(whole.group(1), word).split() if whole.group(1) in env else [word]
        else:
            pieces = [_VAR.sub(lambda m: env.get(m.group(1), m.group(0)), word).replace("%%", "%")]
        words.extend(pieces)
        lines.extend([line] * len(pieces))
    if "@" in prefix and len(words) >= 2:
        del words[1], lines[1]  # `@/usr/bin/vllm vllm serve …`: word two is argv[0], not an argument
    return ServiceCommand(words, lines) if words else None


def read_unit(text: str) -> ServiceUnit:
    """Environment, working directory and ExecStart= commands of the unit's [Service] section."""
    unit = ServiceUnit()
    section = None
    pending_exec: list[tuple[str, object]] = []  # expanded after all Environment= lines are known
    for logical in logical_lines(text, "#;"):
        header = _SECTION.match(logical.text.strip())
        if header:
            section = header.group(1).strip()
            continue
        if section != "Service" or "=" not in logical.text:
            continue
        key, _, value = logical.text.partition("=")
        key = key.strip()
        value_offset = len(logical.text) - len(value)
        if key == "Environment":
            _environment(value, unit.env)
        elif key == "EnvironmentFile":
            if not value.strip():
                continue
            path = value.strip().lstrip("-")
            unit.notes.append(f"EnvironmentFile={path} (line {logical.line}) was not read: its variables are not checked")
        elif key == "WorkingDirectory" and value.strip():
            unit.workdir = value.strip().lstrip("-")
        elif key == "ExecStart":
            if not value.strip():
                pending_exec.clear()
                continue
            pending_exec.append((value, lambda off, lg=logical, base=value_offset: lg.line_at(base + off)))
    for value, line_at in pending_exec:
        command = _exec_words(value, line_at, unit.env)
        if command is not None:
            unit.commands.append(command)
    if unit.workdir:
        unit.notes.append(f"WorkingDirectory={unit.workdir}: relative paths in ExecStart= are taken from there")
    return unit
