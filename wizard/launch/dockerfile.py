"""A Dockerfile as launch input: the image's base, ENV and the command it runs.

An image that serves vLLM says what it runs in CMD / ENTRYPOINT; the chips, ports and volumes
only come with the `docker run` that starts it, so a Dockerfile gives the command and its
environment but never devices. Rules docker follows and this reader mirrors:
- the last stage is the image; `FROM earlier-stage` inherits that stage's ENV / CMD / ENTRYPOINT;
- exec form (`["vllm", "serve", …]`, JSON) runs as is, shell form runs as `/bin/sh -c "…"`
  (or the stage's SHELL); text that is not valid JSON is shell form, as docker does;
- exec-form ENTRYPOINT + CMD run as ENTRYPOINT followed by CMD; a shell-form ENTRYPOINT ignores
  CMD; an ENTRYPOINT in a stage drops the CMD inherited from its base;
- `${VAR}` / `$VAR` (with `:-` / `:+`) in FROM / ENV / ARG come from ARG and earlier ENV;
- RUN is not run, but the Python packages it installs are recorded (pip_installs.py): shell form
  as a `/bin/sh -c` script that sees ARG and ENV, exec form as words; `--mount=…` style RUN flags
  are skipped; a stage inherits what its base stage installed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from wizard.launch.pip_installs import PackageLedger, apply_script, apply_words
from wizard.launch.shell import ExpansionBudget
from wizard.launch.spec import PackageInstall
from wizard.launch.unit_text import LogicalLine, logical_lines, split_words

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")
_INSTRUCTION = re.compile(r"^\s*([A-Za-z]+)(?:\s+|$)(.*)$", re.S)
_DIRECTIVE = re.compile(r"^#\s*escape\s*=\s*(\S)\s*$", re.I)


@dataclass
class _Command:
    words: list[str]
    shell_form: bool
    line: int


@dataclass
class _Stage:
    image: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    args: dict[str, str] = field(default_factory=dict)
    cmd: _Command | None = None
    entrypoint: _Command | None = None
    shell: list[str] = field(default_factory=lambda: ["/bin/sh", "-c"])
    workdir: str | None = None
    cmd_inherited: bool = False  # CMD came from the base stage (an ENTRYPOINT here drops it)
    packages: PackageLedger = field(default_factory=PackageLedger)  # what its RUN lines pip install


@dataclass
class ImageCommand:
    """What a container of this image runs, before `docker run` adds anything."""

    image: str | None
    command: list[str]
    lines: list[int]  # the Dockerfile line of each command word
    env: dict[str, str]
    notes: list[str] = field(default_factory=list)
    #: Python packages the image's RUN lines install (and do not uninstall again), in order
    packages: list[PackageInstall] = field(default_factory=list)


def looks_like_dockerfile(name: str, text: str) -> bool:
    """By name (Dockerfile, Dockerfile.310p, vllm.Dockerfile, Containerfile) or by content:
    the first instruction is FROM (or ARG before FROM)."""
    base = Path(name).name.lower()
    if base.startswith(("dockerfile", "containerfile")) or base.endswith((".dockerfile", ".containerfile")):
        return True
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if re.match(r"^FROM\s+[^\s:]", stripped, re.I):
            return True
        # ARG may come before the first FROM; a shell script never starts with `ARG`
        return bool(re.match(r"^ARG\s+\S", stripped, re.I) and re.search(r"^\s*FROM\s+\S", text, re.I | re.M))
    return False


def substitute(
    text: str, variables: dict[str, str], budget: ExpansionBudget | None = None, escape: str = "\\", depth: int = 0
) -> str:
    """Dockerfile variable substitution: `$NAME`, `${NAME}`, `${NAME:-word}` / `${NAME-word}`
    (word when unset, or empty with `:`), `${NAME:+word}` / `${NAME+word}` (word when set); the
    word is substituted too. Unknown `$NAME` and other `${…}` forms stay as written, an escaped
    `$` is left for the word splitter. Raises InputError past the shared expansion bounds."""
    budget = budget if budget is not None else ExpansionBudget(len(text))
    special = re.compile("[$" + re.escape(escape) + "]")
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        found = special.search(text, i)
        if found is None:
            out.append(text[i:])
            break
        j = found.start()
        out.append(text[i:j])
        if text[j] != "$":  # the escape character: it and the next character stay as written
            out.append(text[j : j + 2])
            i = j + 2
            continue
        if text.startswith("{", j + 1):
            end = _closing_brace(text, j + 2)
            if end < 0:  # unbalanced: the rest stays as written
                out.append(text[j:])
                break
            out.append(_braced(text[j + 2 : end], text[j : end + 1], variables, budget, escape, depth))
            i = end + 1
            continue
        name = _NAME_AT.match(text, j + 1)
        if name is None:
            out.append("$")
            i = j + 1
            continue
        value = variables.get(name.group())
        out.append(f"${name.group()}" if value is None else budget.charge(name.group(), value))
        i = name.end()
    return "".join(out)


_NAME_AT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACES = re.compile(r"[{}]")
_BRACED = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?$", re.S)


def _closing_brace(text: str, start: int) -> int:
    """Index of the `}` closing the `${` just before `start` (nested `${…}` allowed), else -1."""
    depth = 1
    for match in _BRACES.finditer(text, start):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.start()
    return -1


def _braced(expr: str, raw: str, variables: dict[str, str], budget: ExpansionBudget, escape: str, depth: int) -> str:
    match = _BRACED.match(expr)
    if match is None or depth > 32:
        return raw
    name, op, word = match.groups()
    value = variables.get(name)
    if op is None:
        return raw if value is None else budget.charge(name, value)
    is_set = value is not None and (value != "" or not op.startswith(":"))
    if op.endswith("-"):
        return budget.charge(name, value) if is_set else substitute(word, variables, budget, escape, depth + 1)  # type: ignore[arg-type]
    return substitute(word, variables, budget, escape, depth + 1) if is_set else ""


def _escape_char(text: str) -> str:
    for line in text.splitlines():
        match = _DIRECTIVE.match(line.strip())
        if match:
            return match.group(1)
        if not line.strip().startswith("#"):
            break
    return "\\"


def _command(rest: str, line: int) -> _Command:
    stripped = rest.strip()
    if stripped.startswith("["):
        try:
            words = json.loads(stripped)
        except ValueError:
            words = None
        if isinstance(words, list) and all(isinstance(w, str) for w in words):
            return _Command(words, False, line)
    return _Command([stripped], True, line)


def _env_pairs(rest: str, variables: dict[str, str], budget: ExpansionBudget, escape: str) -> dict[str, str]:
    """`ENV K=V K2="v 2"` or the legacy `ENV K V with spaces`."""
    text = substitute(rest, variables, budget, escape).strip()
    words = split_words(text)
    if words and "=" not in words[0][0]:
        key, _, value = text.partition(" ") if " " in text else text.partition("\t")
        return {key: value.strip()}
    pairs = {}
    for word, _, _ in words:
        key, _, value = word.partition("=")
        pairs[key] = value
    return pairs


def _from(rest: str, stages: dict[str, _Stage], global_args: dict[str, str], budget: ExpansionBudget,
          escape: str) -> _Stage:
    words = [w for w, _, _ in split_words(substitute(rest, global_args, budget, escape)) if not w.startswith("--")]
    base = words[0] if words else None
    parent = stages.get(base.lower()) if base else None
    if parent is not None:
        # ENV carries over to a stage built FROM another, ARG does not (it ends with its stage)
        stage = _Stage(parent.image, dict(parent.env), {}, parent.cmd, parent.entrypoint,
                       list(parent.shell), parent.workdir, cmd_inherited=parent.cmd is not None,
                       packages=parent.packages.copy())
    else:
        stage = _Stage(image=base)
    if len(words) >= 3 and words[1].lower() == "as":
        stages[words[2].lower()] = stage
    return stage


def read_dockerfile(text: str) -> ImageCommand | None:
    """The final stage's image, env and command; None when the file has no FROM."""
    escape = _escape_char(text)
    budget = ExpansionBudget(len(text))
    global_args: dict[str, str] = {}
    stages: dict[str, _Stage] = {}
    stage: _Stage | None = None
    notes: list[str] = []
    physical = text.replace("\r\n", "\n").split("\n")
    skip_to = 0  # the last line of a heredoc body already read: its lines are no instructions
    for logical in logical_lines(text, "#", escape):
        if logical.line <= skip_to:
            continue
        match = _INSTRUCTION.match(logical.text)
        if not match:
            continue
        keyword, rest = match.group(1).upper(), match.group(2)
        if keyword == "FROM":
            stage = _from(rest, stages, global_args, budget, escape)
            continue
        if keyword == "ARG":
            # a default may use ARG / ENV above it; an ARG before FROM is in scope only for FROM
            # (and as the default of the same name declared again in a stage)
            scope = global_args if stage is None else {**stage.args, **stage.env}
            for word, _, _ in split_words(substitute(rest, scope, budget, escape)):
                name, has_eq, value = word.partition("=")
                target = stage.args if stage is not None else global_args
                target[name] = value if has_eq else global_args.get(name, target.get(name, ""))
            continue
        if stage is None:
            continue
        variables = {**stage.args, **stage.env}
        if keyword == "ENV":
            stage.env.update(_env_pairs(rest, variables, budget, escape))
        elif keyword == "CMD":
            stage.cmd, stage.cmd_inherited = _command(rest, logical.line), False
        elif keyword == "ENTRYPOINT":
            stage.entrypoint = _command(rest, logical.line)
            if stage.cmd_inherited:
                stage.cmd, stage.cmd_inherited = None, False  # docker resets a base image's CMD here
        elif keyword == "SHELL":
            shell = _command(rest, logical.line)
            if not shell.shell_form:
                stage.shell = shell.words
        elif keyword == "WORKDIR":
            stage.workdir = substitute(rest.strip(), variables, budget, escape)
        elif keyword == "RUN":
            skip_to = max(skip_to, _run(stage, logical, match.start(2), variables, budget, physical))
    if stage is None:
        return None
    command, lines = _run_words(stage, notes)
    if stage.workdir:
        notes.append(f"the image's WORKDIR is {stage.workdir}: relative paths in the command are taken from there")
    return ImageCommand(stage.image, command, lines, dict(stage.env), notes, stage.packages.packages())


_RUN_FLAG = re.compile(r"--[a-z][a-z-]*(?:=\S*)?\s+")


_HEREDOC = re.compile(r"<<(-?)\s*([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
_SHELL_NAMES = {"sh", "bash", "dash", "zsh", "ash", "ksh"}


def _heredocs(rest: str, after: int, physical: list[str]) -> tuple[list[tuple[str, int, int]], int]:
    """BuildKit heredocs of a RUN (`RUN <<EOF` … `EOF`): (body, first body line, strip tabs)
    for each `<<WORD` in order, and the last line they use (0 when there are none)."""
    bodies: list[tuple[str, int, int]] = []
    line = after  # physical lines are 1-based: physical[line] is the line after `after`
    for match in _HEREDOC.finditer(rest):
        strip_tabs, delim = bool(match.group(1)), match.group(3)
        first, body = line + 1, []
        while line < len(physical):
            raw = physical[line]
            line += 1
            if (raw.lstrip("\t") if strip_tabs else raw).rstrip() == delim:
                break
            body.append(raw.lstrip("\t") if strip_tabs else raw)
        bodies.append(("\n".join(body), first, match.start()))
    return bodies, (line if bodies else 0)


def _run(stage: _Stage, logical: LogicalLine, start: int, variables: dict[str, str], budget: ExpansionBudget,
         physical: list[str]) -> int:
    """The packages a RUN installs: its words (exec form) or its script (shell form), each
    command's Dockerfile line kept (continuation lines go back to the shell as `\\`-newline).
    A heredoc RUN (`RUN <<EOF` … `EOF`) runs its body as a script; returns the heredoc's last line."""
    text = logical.text
    while (flag := _RUN_FLAG.match(text, start)) is not None:  # RUN --mount=… --network=none …
        start = flag.end()
    rest = text[start:]
    command = _command(rest, logical.line)
    if not command.shell_form:
        apply_words(stage.packages, command.words, logical.line, budget=budget)
        return 0
    bodies, last = _heredocs(rest, logical.starts[-1][1], physical) if "<<" in rest else ([], 0)
    if bodies:
        for body, first, at in bodies:
            head = rest[:at].split()
            if not head or (head[-1].rsplit("/", 1)[-1] in _SHELL_NAMES and len(head) == 1):
                apply_script(stage.packages, body, variables, lambda k, first=first: first + k - 1, budget=budget)
        return last
    # logical_lines joined the physical lines with one space: give the shell a continuation there
    joins = [(offset - 1, line) for offset, line in logical.starts[1:] if offset - 1 >= start]
    pieces, lines, at = [], [logical.line_at(start)], start
    for offset, line in joins:
        pieces.append(text[at:offset])
        lines.append(line)
        at = offset + 1
    pieces.append(text[at:])
    script = " \\\n".join(pieces)
    line_of = lambda k: lines[k - 1] if 0 < k <= len(lines) else logical.line  # noqa: E731
    apply_script(stage.packages, script, variables, line_of, budget=budget)
    return 0


def _run_words(stage: _Stage, notes: list[str]) -> tuple[list[str], list[int]]:
    def expand(cmd: _Command) -> tuple[list[str], list[int]]:
        words = stage.shell + cmd.words if cmd.shell_form else list(cmd.words)
        return words, [cmd.line] * len(words)

    entry, cmd = stage.entrypoint, stage.cmd
    if entry is None:
        return expand(cmd) if cmd is not None else ([], [])
    words, lines = expand(entry)
    if cmd is None:
        return words, lines
    if entry.shell_form:
        notes.append(f"the shell-form ENTRYPOINT (line {entry.line}) ignores CMD (line {cmd.line}), as docker does")
        return words, lines
    more, more_lines = expand(cmd)
    return words + more, lines + more_lines
