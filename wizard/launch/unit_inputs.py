"""LaunchSpecs from files that hold a command as a word list: a Dockerfile's CMD / ENTRYPOINT
and a systemd unit's ExecStart=.

Both give words that were never seen by a shell, so they are handed to the shell reader
quoted, one word per line: everything the shell reader knows (wrappers, `docker run`, the
api_server module, `--config`) then applies, and each flag's line maps back to the file.
A `sh -c "…"` command gives its script to the shell reader directly.
"""

from __future__ import annotations

import shlex

from wizard.findings import InputError
from wizard.launch.serve_args import strip_wrappers
from wizard.launch.wrappers import shell_c
from wizard.launch.spec import LaunchSpec, PackageInstall


def specs_from_argv(
    words: list[str],
    lines: list[int],
    source: str,
    label: str,
    variables: dict[str, str] | None = None,
    installed: list[PackageInstall] | None = None,
) -> list[LaunchSpec]:
    """What a command given as words starts; flag lines point into the original file.
    `installed`: packages already there when the command starts (a Dockerfile's RUN installs)."""
    from wizard.launch.reader import specs_from_script  # lazy: reader imports this module lazily too

    inner, _ = strip_wrappers(words)
    shell = shell_c(inner)
    if shell is not None:
        at = len(words) - len(inner) + shell.index
        first = lines[at] if at < len(lines) else None
        specs = specs_from_script(shell.script, source, label, require=False,
                                  variables={**(variables or {}), **shell.variables()}, installed=installed, depth=1)
        remap = (lambda k: first + k - 1) if first is not None else (lambda k: None)
    else:
        text = " \\\n".join(shlex.quote(w) for w in words)
        specs = specs_from_script(text, source, label, require=False, variables=variables, installed=installed)
        remap = lambda k: lines[k - 1] if 0 < k <= len(lines) else None  # noqa: E731
    # packages that were there before the command (their lines are the file's already); a set:
    # `package not in installed` on lists was quadratic (20k RUN pip install lines: 50 s)
    before = {_key(p) for p in installed or ()}
    for spec in specs:
        for use in spec.flags:
            if use.line is not None:
                use.line = remap(use.line)
        for package in spec.pip_installs:
            if package.line is not None and _key(package) not in before:
                package.line = remap(package.line)
    return specs


def _key(package: PackageInstall) -> tuple:
    return (package.name, package.requirement, package.line, package.command)


def _shown(words: list[str]) -> str:
    text = " ".join(words)
    return text if len(text) <= 80 else text[:77] + "…"


def specs_from_dockerfile(text: str, label: str) -> list[LaunchSpec]:
    """The vLLM server the image starts: the last stage's base image, ENV and CMD/ENTRYPOINT.
    No devices: `docker run` gives them, so the check does not count the host's chips away."""
    from wizard.launch.dockerfile import read_dockerfile

    image = read_dockerfile(text)
    if image is None:
        raise InputError(f"no `vllm serve` command found in {label} (a Dockerfile without FROM)")
    if not image.command:
        raise InputError(f"no `vllm serve` command found in {label} (the Dockerfile has no CMD or ENTRYPOINT)")
    specs = specs_from_argv(image.command, image.lines, "dockerfile", label, variables=image.env,
                            installed=image.packages)
    if not specs:
        raise InputError(f"no `vllm serve` command found in {label} (the image runs `{_shown(image.command)}`)")
    for spec in specs:
        spec.source, spec.docker = "dockerfile", True
        spec.image = spec.image or image.image
        spec.inherit_env(image.env)
        spec.notes.extend(image.notes)
        spec.notes.append("devices, ports and volumes come with the `docker run` that starts this image: not checked")
    return specs


def specs_from_unit(text: str, label: str) -> list[LaunchSpec]:
    """The vLLM server a systemd unit's ExecStart= starts, with its Environment=."""
    from wizard.launch.systemd import read_unit

    unit = read_unit(text)
    specs: list[LaunchSpec] = []
    for command in unit.commands:
        specs.extend(specs_from_argv(command.words, command.lines, "systemd", label, variables=unit.env))
    if not specs:
        what = f" (ExecStart= runs `{_shown(unit.commands[0].words)}`)" if unit.commands else " (no ExecStart= in [Service])"
        raise InputError(f"no `vllm serve` command found in {label}{what}")
    for spec in specs:
        spec.inherit_env(unit.env)
        spec.workdir = spec.workdir or unit.workdir
        spec.notes.extend(unit.notes)
    return specs
