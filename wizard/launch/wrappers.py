"""Commands that run another command: `exec env A=1 timeout 3600 uv run vllm serve …`.

Launch lines in scripts and unit files are rarely a bare `vllm serve`: they are wrapped in
process tools (nohup, nice, taskset, numactl, timeout, stdbuf, time), privilege tools (sudo) and
environment runners (uv run, poetry run, pipx run, conda/micromamba run). To find the vLLM
command each wrapper's own options must be skipped exactly, because a wrapper option that takes
a value (`timeout -s KILL`, `numactl -N 0`, `uv run --with x`) would otherwise be taken for the
command. Each wrapper is described by a small table (which options take a value, how many
positional words come before the command); the few options that change vLLM's environment
(`env -i`, `env -u`, `sudo` without `-E`) are interpreted, the rest only skipped.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field

_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


@dataclass(frozen=True)
class _Wrapper:
    short_values: str = ""  # one-letter options that take a value (`-n 5`, `-n5`)
    long_values: frozenset[str] = frozenset()  # long options that take a value (`--signal KILL`)
    positionals: int = 0  # words before the command (timeout DURATION, taskset LIST)
    assignments: bool = False  # VAR=VALUE words before the command set the env (env, sudo)
    subcommand: str | None = None  # `uv run`, `poetry run`: the word that selects "run a command"


def _longs(*names: str) -> frozenset[str]:
    return frozenset(names)


_UV_RUN_VALUES = _longs(
    "with", "with-editable", "with-requirements", "python", "package", "extra", "group", "only-group",
    "no-group", "env-file", "index", "index-url", "extra-index-url", "default-index", "find-links",
    "directory", "project", "config-file", "cache-dir", "color", "index-strategy", "keyring-provider",
    "resolution", "prerelease", "link-mode", "exclude-newer", "config-setting", "refresh-package",
    "reinstall-package", "upgrade-package", "no-binary-package", "no-build-package", "python-platform",
    "from", "allow-insecure-host", "no-extra", "fork-strategy",
)
_CONDA_RUN_VALUES = _longs("name", "prefix", "cwd", "attach", "label", "env", "root-prefix")

WRAPPERS: dict[str, _Wrapper] = {
    "exec": _Wrapper(short_values="a"),
    "env": _Wrapper(short_values="uCS", long_values=_longs("unset", "chdir", "split-string"), assignments=True),
    "timeout": _Wrapper(short_values="sk", long_values=_longs("signal", "kill-after"), positionals=1),
    "nohup": _Wrapper(),
    "nice": _Wrapper(short_values="n", long_values=_longs("adjustment")),
    "taskset": _Wrapper(positionals=1),  # `-c` / `-a` are switches; the mask or list comes next
    "numactl": _Wrapper(
        short_values="imNCpPw",
        long_values=_longs("interleave", "membind", "cpunodebind", "physcpubind", "preferred",
                           "preferred-many", "weighted-interleave", "cpubind"),
    ),
    "stdbuf": _Wrapper(short_values="ioe", long_values=_longs("input", "output", "error")),
    "time": _Wrapper(short_values="fo", long_values=_longs("format", "output")),
    "sudo": _Wrapper(
        short_values="ugCDhpRrtTU",
        long_values=_longs("user", "group", "close-from", "chdir", "host", "prompt", "role", "type",
                           "command-timeout", "other-user", "chroot"),
        assignments=True,
    ),
    "command": _Wrapper(),
    "setsid": _Wrapper(),
    "uv": _Wrapper(short_values="pfCPw", long_values=_UV_RUN_VALUES, subcommand="run"),
    "uvx": _Wrapper(short_values="pfCPw", long_values=_UV_RUN_VALUES),
    "poetry": _Wrapper(short_values="CP", long_values=_longs("directory", "project"), subcommand="run"),
    "pipx": _Wrapper(long_values=_longs("spec", "python", "pip-args", "index-url", "backend", "fetch-missing-python"),
                     subcommand="run"),
    "conda": _Wrapper(short_values="npa", long_values=_CONDA_RUN_VALUES, subcommand="run"),
    "mamba": _Wrapper(short_values="npa", long_values=_CONDA_RUN_VALUES, subcommand="run"),
    "micromamba": _Wrapper(short_values="npar", long_values=_CONDA_RUN_VALUES, subcommand="run"),
}


@dataclass
class Unwrapped:
    """The command under the wrappers, and what the wrappers did to its environment."""

    words: list[str]
    env: dict[str, str] = field(default_factory=dict)  # set on the line (`env A=1`, `sudo A=1`, `A=1 …`)
    #: why the command does not inherit the caller's environment (`sudo` without -E, `env -i`)
    env_reset: str | None = None
    env_keep: list[str] = field(default_factory=list)  # names kept through the reset (sudo --preserve-env=A,B)
    env_unset: list[str] = field(default_factory=list)  # `env -u NAME`
    notes: list[str] = field(default_factory=list)
    wrappers: list[str] = field(default_factory=list)  # names, in order, for messages


@dataclass
class _Option:
    name: str  # "-u" / "--unset"
    value: str | None


def _options(words: list[str], i: int, table: _Wrapper) -> tuple[list[_Option], int]:
    """getopt-style options from words[i:], up to the first word that is not an option."""
    found: list[_Option] = []
    n = len(words)
    while i < n:
        word = words[i]
        if word == "--":
            return found, i + 1
        if word.startswith("--"):
            name, has_eq, value = word[2:].partition("=")
            i += 1
            if name in table.long_values and not has_eq:
                value, i = (words[i] if i < n else None), i + 1
            found.append(_Option("--" + name, value if (has_eq or name in table.long_values) else None))
            continue
        if word.startswith("-") and len(word) > 1:
            i += 1
            letters = word[1:]
            for k, letter in enumerate(letters):
                if letter in table.short_values:
                    inline = letters[k + 1 :]
                    if inline:
                        found.append(_Option("-" + letter, inline.removeprefix("=")))
                    else:
                        found.append(_Option("-" + letter, words[i] if i < n else None))
                        i += 1
                    break
                found.append(_Option("-" + letter, None))
            continue
        break
    return found, i


def _apply_env_options(name: str, options: list[_Option], out: Unwrapped) -> list[str]:
    """Environment effects of env / sudo / conda options; returns words `env -S` adds."""
    inserted: list[str] = []
    if name == "env":
        for opt in options:
            if opt.name in ("-i", "--ignore-environment"):
                _reset(out, "`env -i`", [])
            elif opt.name in ("-u", "--unset") and opt.value:
                out.env.pop(opt.value, None)
                out.env_unset.append(opt.value)
            elif opt.name in ("-S", "--split-string") and opt.value:
                try:
                    inserted = shlex.split(opt.value)
                except ValueError:
                    inserted = opt.value.split()
    elif name == "sudo":
        names = {o.name for o in options}
        keep = next((o.value for o in options if o.name == "--preserve-env" and o.value), None)
        if keep is not None:
            _reset(out, "`sudo --preserve-env=LIST`", [k for k in keep.split(",") if k])
        elif not names & {"-E", "--preserve-env"}:
            _reset(out, "`sudo` without -E", [])
            out.notes.append(
                "sudo without -E starts vLLM with a reset environment: only the variables written on "
                "the sudo line reach it, not those exported before it or set in the caller's shell"
            )
    elif name in ("conda", "mamba", "micromamba"):
        env_name = next((o.value for o in options if o.name in ("-n", "--name", "-p", "--prefix") and o.value), None)
        if env_name:
            out.notes.append(f"vLLM runs in the {name} environment `{env_name}`")
    elif name in ("uv", "uvx"):
        for opt in options:
            if opt.name == "--env-file" and opt.value:
                out.notes.append(f"uv run --env-file {opt.value} was not read: its variables are not checked")
    return inserted


def _reset(out: Unwrapped, reason: str, keep: list[str]) -> None:
    out.env_reset, out.env_keep = reason, list(keep)
    out.env = {k: v for k, v in out.env.items() if k in keep}


def unwrap(words: list[str]) -> Unwrapped:
    """Peel wrappers and leading `A=1` assignments off `words` until the real command."""
    out = Unwrapped(words=[])
    words = list(words)
    i = 0
    while i < len(words):
        word = words[i]
        if _ASSIGNMENT.match(word):
            name, _, value = word.partition("=")
            out.env[name] = value
            i += 1
            continue
        name = os.path.basename(word)
        table = WRAPPERS.get(name)
        if table is None:
            break
        j = i + 1
        if table.subcommand is not None:
            _, j = _options(words, j, _Wrapper(short_values=table.short_values, long_values=table.long_values))
            if j >= len(words) or words[j] != table.subcommand:
                break  # `uv pip install …`, `conda activate …`: not a command runner
            j += 1
        options, j = _options(words, j, table)
        if name == "env" and j < len(words) and words[j] == "-":
            _reset(out, "`env -`", [])
            j += 1
        inserted = _apply_env_options(name, options, out)
        if table.assignments:
            while j < len(words) and _ASSIGNMENT.match(words[j]):
                key, _, value = words[j].partition("=")
                out.env[key] = value
                j += 1
        j += table.positionals
        if name in ("uv", "uvx") and any(o.name in ("-m", "--module") for o in options) and j < len(words):
            words[j:j] = ["python", "-m"]  # `uv run -m vllm.entrypoints.openai.api_server …`
        words[j:j] = inserted
        out.wrappers.append(name if table.subcommand is None else f"{name} {table.subcommand}")
        i = j
    out.words = words[i:]
    return out



#: shells whose `-c SCRIPT` the readers read as a script of its own
SHELLS = {"bash", "sh", "dash", "zsh", "ash", "ksh"}
#: shell options that take the next word (`bash -o pipefail -c …`, `bash --rcfile F -c …`)
_SHELL_OPTION_VALUES = set("oO")
_SHELL_LONG_VALUES = {"--rcfile", "--init-file"}


@dataclass
class ShellC:
    """`bash -lc 'SCRIPT' arg0 arg1 …`: the script, the index of its word, and `$0`, `$1`, …"""

    script: str
    index: int
    positional: list[str]

    def variables(self) -> dict[str, str]:
        """`$0` … `$N` as the script sees them (bash: the words after the script)."""
        return {str(k): v for k, v in enumerate(self.positional)}


def shell_c(words: list[str]) -> ShellC | None:
    """`bash|sh|dash|zsh|ash|ksh [options] -c SCRIPT [arg0 args…]` (options such as -l, -e, -x,
    -eux, -o pipefail, +o, --login, --norc before or around -c), else None. `words` has its
    wrappers stripped already (`nohup`, `env`, `exec` … see `unwrap`)."""
    if not words or os.path.basename(words[0]) not in SHELLS:
        return None
    i, n, has_c = 1, len(words), False
    while i < n:
        word = words[i]
        if word in ("--", "-"):
            i += 1
            break
        if word.startswith("--"):
            i += 1 + (word in _SHELL_LONG_VALUES)
            continue
        if len(word) > 1 and word[0] in "-+":
            letters = word[1:]
            has_c = has_c or (word[0] == "-" and "c" in letters)
            i += 1 + sum(letter in _SHELL_OPTION_VALUES for letter in letters)
            continue
        break
    if not has_c or i >= n:
        return None
    return ShellC(words[i], i, words[i + 1 :])
