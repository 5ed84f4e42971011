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


def substitute(text: str, variables: dict[str, str]) -> str:
    """Dockerfile variable substitution; unknown `$NAME` stays as written."""

    def repl(match: re.Match) -> str:
        name = match.group(1) or match.group(4)
        value = variables.get(name)
        op, word = match.group(2), match.group(3) or ""
        if op == ":-":
            return value if value else word
        if op == ":+":
            return word if value else ""
        return match.group(0) if value is None else value

    return _VAR.sub(repl, text)


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


def _env_pairs(rest: str, variables: dict[str, str]) -> dict[str, str]:
    """`ENV K=V K2="v 2"` or the legacy `ENV K V with spaces`."""
    text = substitute(rest, variables).strip()
    words = split_words(text)
    if words and "=" not in words[0][0]:
        key, _, value = text.partition(" ") if " " in text else text.partition("\t")
        return {key: value.strip()}
    pairs = {}
    for word, _, _ in words:
        key, _, value = word.partition("=")
        pairs[key] = value
    return pairs


def _from(rest: str, stages: dict[str, _Stage], global_args: dict[str, str]) -> _Stage:
    words = [w for w, _, _ in split_words(substitute(rest, global_args)) if not w.startswith("--")]
    base = words[0] if words else None
    parent = stages.get(base.lower()) if base else None
    if parent is not None:
        stage = _Stage(parent.image, dict(parent.env), dict(parent.args), parent.cmd, parent.entrypoint,
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
    global_args: dict[str, str] = {}
    stages: dict[str, _Stage] = {}
    stage: _Stage | None = None
    notes: list[str] = []
    for logical in logical_lines(text, "#", escape):
        match = _INSTRUCTION.match(logical.text)
        if not match:
            continue
        keyword, rest = match.group(1).upper(), match.group(2)
        if keyword == "FROM":
            stage = _from(rest, stages, global_args)
            continue
        if keyword == "ARG":
            for word, _, _ in split_words(rest):
                name, has_eq, value = word.partition("=")
                target = stage.args if stage is not None else global_args
                target[name] = value if has_eq else global_args.get(name, target.get(name, ""))
            continue
        if stage is None:
            continue
        variables = {**stage.args, **stage.env}
        if keyword == "ENV":
            stage.env.update(_env_pairs(rest, variables))
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
            stage.workdir = substitute(rest.strip(), variables)
        elif keyword == "RUN":
            _run(stage, logical, match.start(2), variables)
    if stage is None:
        return None
    command, lines = _run_words(stage, notes)
    if stage.workdir:
        notes.append(f"the image's WORKDIR is {stage.workdir}: relative paths in the command are taken from there")
    return ImageCommand(stage.image, command, lines, dict(stage.env), notes, stage.packages.packages())


_RUN_FLAG = re.compile(r"--[a-z][a-z-]*(?:=\S*)?\s+")


def _run(stage: _Stage, logical: LogicalLine, start: int, variables: dict[str, str]) -> None:
    """The packages a RUN installs: its words (exec form) or its script (shell form), each
    command's Dockerfile line kept (continuation lines go back to the shell as `\\`-newline)."""
    text = logical.text
    while (flag := _RUN_FLAG.match(text, start)) is not None:  # RUN --mount=… --network=none …
        start = flag.end()
    rest = text[start:]
    command = _command(rest, logical.line)
    if not command.shell_form:
        apply_words(stage.packages, command.words, logical.line)
        return
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
    apply_script(stage.packages, script, variables, line_of)


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
