"""Python packages a launch input installs itself: `RUN pip install …` in a Dockerfile, a
`pip install …` above the serve line in a script.

Some packages must not be there when vLLM starts on 310P (triton / triton-ascend), and an image
or script that installs one fails no matter what the host looks like, so the readers record what
their commands install. Recognised: `pip` / `pip3` / `pip3.11`, `python -m pip`, `uv pip`
(under the usual wrappers: sudo, env, …), `install` with version specifiers, extras, markers,
`name @ url`, wheel files and `#egg=` URLs; `-r` / `-c` / `-e` and other value-taking options are
skipped (the files they name are not here). `pip uninstall` / `uv pip uninstall` removes a name
again. Names are normalised as pip compares them (PEP 503: `Triton_Ascend` = `triton-ascend`).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from wizard.launch.spec import PackageInstall

_PYTHON = re.compile(r"^python[\d.]*$")
_PIP = re.compile(r"^pip[\d.]*$")
_NAME = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_WHEEL = re.compile(r"^([A-Za-z0-9_.]+?)-\d[^-]*(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$", re.I)
_DIRECT = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*@")
_EGG = re.compile(r"#(?:.*&)?egg=([A-Za-z0-9._-]+)")

#: pip / uv options of `install` / `uninstall` that take a value (`--index-url URL`, `-r FILE`)
_SHORT_VALUES = set("rcetiCfpP")
_LONG_VALUES = {
    "requirement", "constraint", "editable", "target", "prefix", "root", "index-url", "extra-index-url",
    "find-links", "trusted-host", "platform", "python-version", "implementation", "abi", "src",
    "upgrade-strategy", "progress-bar", "no-binary", "only-binary", "config-settings", "config-setting",
    "global-option", "log", "proxy", "retries", "timeout", "exists-action", "cache-dir", "python", "report",
    "cert", "client-cert", "root-user-action", "use-feature", "use-deprecated", "keyring-provider", "group",
    "override", "index", "default-index", "index-strategy", "resolution", "prerelease", "python-platform",
    "reinstall-package", "upgrade-package", "no-build-package", "no-binary-package", "only-binary-package",
    "link-mode", "exclude-newer", "refresh-package", "extra", "allow-insecure-host", "build-constraint",
    "directory", "project", "config-file", "color", "fork-strategy",
}


def normalize(name: str) -> str:
    """PEP 503 name: lower case, runs of `-_.` as one `-`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_action(words: list[str]) -> tuple[str, list[str]] | None:
    """("install" | "uninstall", the arguments after it) when `words` (wrappers already
    stripped) runs pip or `uv pip`, else None."""
    if not words:
        return None
    head = os.path.basename(words[0])
    rest: list[str] | None = None
    if _PIP.match(head):
        rest = words[1:]
    elif _PYTHON.match(head) and len(words) > 2 and words[1] == "-m" and _PIP.match(words[2]):
        rest = words[3:]
    elif _PYTHON.match(head) and len(words) > 3 and words[1:4] == ["-m", "uv", "pip"]:
        rest = words[4:]
    elif head == "uv" and len(words) > 1 and words[1] == "pip":
        rest = words[2:]
    if rest is None:
        return None
    # global options before the subcommand (`pip --no-cache-dir install …`, `pip -q install …`)
    i = 0
    while i < len(rest) and rest[i].startswith("-"):
        i += 1 + _takes_value(rest[i])
    if i < len(rest) and rest[i] in ("install", "uninstall"):
        return rest[i], rest[i + 1 :]
    return None


def _takes_value(word: str) -> int:
    """1 when the option `word` takes the next word as its value."""
    if word.startswith("--"):
        return int("=" not in word and word[2:] in _LONG_VALUES)
    return int(len(word) == 2 and word[1] in _SHORT_VALUES)


def requirement_names(args: list[str]) -> list[tuple[str, str]]:
    """(normalised name, requirement as written) for each package an install/uninstall names."""
    return [(name, word) for name, word, _ in _requirements(args)]


def _requirements(args: list[str]) -> list[tuple[str, str, int]]:
    """requirement_names with the index in `args` of each requirement."""
    out: list[tuple[str, str, int]] = []
    i = 0
    while i < len(args):
        word = args[i]
        if word.startswith("-"):
            i += 1 + _takes_value(word)
            continue
        i += 1
        if word == "@" or not word:
            i += word == "@"  # `name @ url`: the URL belongs to the name before it
            continue
        name = _name_of(word)
        if name:
            out.append((normalize(name), word, i - 1))
    return out


def _name_of(word: str) -> str | None:
    base = word.rstrip("/").rsplit("/", 1)[-1]
    wheel = _WHEEL.match(base)
    if wheel:
        return wheel.group(1)
    egg = _EGG.search(word)
    if egg:
        return egg.group(1)
    direct = _DIRECT.match(word)  # `name @ url` written as one word
    if direct:
        return direct.group(1)
    if "://" in word or word.startswith((".", "/", "~")) or word.endswith((".whl", ".tar.gz", ".zip")):
        return None  # a local path or URL whose name this check cannot know
    match = _NAME.match(word)
    return match.group(1) if match else None


def _shown(words: list[str]) -> str:
    text, size = [], 0
    for word in words:  # only as many words as the message shows
        text.append(word)
        size += len(word) + 1
        if size > 100:
            break
    joined = " ".join(text)
    return joined if len(joined) <= 100 else joined[:97] + "…"


class PackageLedger:
    """What the commands seen so far leave installed, in install order."""

    def __init__(self, installed: dict[str, PackageInstall] | list[PackageInstall] | None = None):
        if isinstance(installed, list):
            installed = {p.name: replace(p) for p in installed}
        self.installed: dict[str, PackageInstall] = dict(installed or {})

    def copy(self) -> PackageLedger:
        return PackageLedger(self.installed)

    def apply(self, command: list[str], lines: list[int] | int | None, inner: list[str] | None = None) -> bool:
        """Record one command; True when it was a pip install / uninstall. `command` as written
        (wrappers included, for messages), `lines` the line of each of its words (or one line for
        all), `inner` the command under its wrappers (default: `command`)."""
        inner = command if inner is None else inner
        action = pip_action(inner)
        if action is None:
            return False
        verb, args = action
        first = lines if not isinstance(lines, list) else (lines[0] if lines else None)
        aligned = isinstance(lines, list) and len(lines) == len(command) and command[len(command) - len(inner):] == inner
        base = len(command) - len(args)  # pip_action's args are the tail of the command
        shown = _shown(command) if verb == "install" else ""  # once: per package it was quadratic
        for name, requirement, index in _requirements(args):
            if verb == "install":
                line = lines[base + index] if aligned else first  # type: ignore[index]
                self.installed[name] = PackageInstall(name, requirement, line, shown)
            else:
                self.installed.pop(name, None)
        return True

    def packages(self) -> list[PackageInstall]:
        """A snapshot (copies: a reader may move their lines without touching the ledger)."""
        return [replace(p) for p in self.installed.values()]


def apply_words(
    ledger: PackageLedger, words: list[str], line: list[int] | int | None, depth: int = 0, budget=None
) -> None:
    """One command as written (wrappers allowed; `line`: of each word, or of all); a `sh -c "…"`
    script is read too (its installs point at the script word's line)."""
    from wizard.launch.serve_args import strip_wrappers
    from wizard.launch.wrappers import shell_c

    inner, _ = strip_wrappers(words)
    if ledger.apply(words, line, inner):
        return
    shell = shell_c(inner)
    if shell is not None and depth < 4:
        script = shell.script
        at = len(words) - len(inner) + shell.index
        where = line[at] if isinstance(line, list) and at < len(line) else (line if not isinstance(line, list) else None)
        apply_script(ledger, script, None, lambda _k: where, depth + 1, budget=budget)


def apply_script(
    ledger: PackageLedger,
    text: str,
    variables: dict[str, str] | None,
    line_of=lambda k: k,
    depth: int = 0,
    budget=None,
) -> None:
    """Every command of a shell script (a Dockerfile RUN); `line_of` maps a script line to the
    input file's line. Text the shell reader cannot split (an unbalanced quote) installs nothing."""
    from wizard.findings import InputError
    from wizard.launch.shell import ExpansionError, parse_script

    try:
        script = parse_script(text, variables=variables, budget=budget)
    except ExpansionError:
        raise
    except InputError:
        return
    for cmd in script.commands:
        apply_words(ledger, cmd.words, [line_of(k) for k in cmd.lines], depth, budget)
