"""Public entry points: any launch input -> LaunchSpec.

- `read_command_line(argv)`: tokens already split by the user's shell (`duowiz check -- …`);
- `read_command_text(text)`: a line or script as text (case files, pasted READMEs);
- `read_command_file(path)`: a script, compose file, k8s manifest, vLLM config or CI config;
- `read_vllm_config(path, extra_argv)`: a `vllm serve --config` file plus command-line tokens;
- `read_all_specs(path)`: every server a file starts (compose with two services, …).

A script may hold many commands; the spec is built from the one that starts vLLM. When a
`docker run` starts a shell and the serve line is typed inside the container afterwards (a very
common README shape), the container's image, env and devices are merged into that serve line.
"""

from __future__ import annotations

import shlex

from pathlib import Path

from wizard.findings import InputError
from wizard.launch import flags as flag_table
from wizard.launch.docker import DockerRun, exec_args, parse_docker_exec, parse_docker_run, run_args
from wizard.launch.serve_args import is_interactive_shell, spec_from_words, strip_wrappers
from wizard.launch.shell import ShellCommand, parse_script
from wizard.launch.pip_installs import PackageLedger
from wizard.launch.spec import LaunchSpec, PackageInstall, ParseIssue
from wizard.launch.wrappers import ShellC, Unwrapped, shell_c, unwrap

#: `bash -c "sh -c '…'"`: how many shells deep a script is read (each level parses its script)
MAX_SHELL_DEPTH = 4

_YAML_SUFFIXES = {".yaml", ".yml", ".json"}
_SHELL_SUFFIXES = {".sh", ".bash", ".zsh", ".txt", ".cmd"}


def _merge_docker(spec: LaunchSpec, run: DockerRun, host_env: dict[str, str], extra_env: dict[str, str]) -> None:
    """Container facts onto a serve spec: env = docker -e (NAME-only ones from the host) + what
    was set inside the container + the serve line's own prefix."""
    env = dict(run.env)
    for name in run.env_names:
        if name in host_env:
            env[name] = host_env[name]
    spec.inherit_env({**env, **extra_env})
    spec.docker = True
    spec.image = run.image
    spec.devices = list(run.devices)
    spec.volumes = list(run.volumes)
    spec.publish = list(run.publish)
    spec.network_host = run.network_host
    spec.privileged = run.privileged
    spec.name = run.name
    spec.issues[:0] = run.issues


def _cut_off_issue(cmd: ShellCommand, following: list[ShellCommand]) -> ParseIssue:
    """`\\ ` at the end of a line: bash ends the command there; the rest runs as another command."""
    line = cmd.broken_line
    lost: list[str] = []
    nxt = following[0] if following else None
    if nxt is not None and nxt.words and nxt.words[0].startswith("-"):
        lost = [w for w in nxt.words if flag_table.looks_like_flag(w)]
    if lost:
        shown = ", ".join(lost[:12]) + (" …" if len(lost) > 12 else "")
        tail = (
            f"bash ends the command there and runs line {nxt.line} onward as a separate command "
            f"(`{nxt.words[0]}: command not found`), so {len(lost)} flags never reach vLLM: {shown}"
        )
    else:
        tail = "bash ends the command there and passes a stray ' ' argument to vLLM"
    return ParseIssue(
        "shell-continuation-broken",
        f"line {line} ends with a backslash followed by a space: {tail}",
        f"line {line}: `\\ ` before the newline" + (f"; cut off: {' '.join(lost)}" if lost else ""),
    )


def specs_from_script(
    text: str,
    source: str,
    label: str,
    *,
    require: bool = True,
    variables: dict[str, str] | None = None,
    installed: list[PackageInstall] | None = None,
    depth: int = 0,
) -> list[LaunchSpec]:
    """Every vLLM server a shell script starts, in order. `variables`: what the shell already
    has when the script starts (a container's ENV, a unit's Environment=); `installed`: Python
    packages already there (a Dockerfile's RUN installs). Each spec gets the packages the script
    pip-installs before it: on the host for a host serve line, inside the container for a serve
    line typed after `docker run … bash` (a container starts from its image, not from the host).
    A `bash -c '…'` / `sh -lc '…'` command (under wrappers: `nohup bash -c '…' &`) is read as a
    script of its own, `depth` shells deep (at most MAX_SHELL_DEPTH)."""
    script = parse_script(text, variables=variables)
    specs: list[LaunchSpec] = []
    pending: tuple[DockerRun, ShellCommand] | None = None
    named: dict[str, tuple[DockerRun, ShellCommand]] = {}
    shell_docker = False
    host_packages = PackageLedger(installed)
    container_packages = PackageLedger()
    for index, cmd in enumerate(script.commands):
        words, _ = strip_wrappers(cmd.words)
        ledger = container_packages if pending is not None else host_packages
        if ledger.apply(cmd.words, cmd.lines, words):
            continue
        shell = shell_c(words)
        if shell is not None:
            if depth >= MAX_SHELL_DEPTH:
                continue
            found = _shell_c_specs(cmd, shell, len(cmd.words) - len(words), ledger, source, depth, variables or {})
            for spec in found:
                if pending is not None:
                    run, docker_cmd = pending
                    inside = {k: v for k, v in cmd.exported.items() if docker_cmd.exported.get(k) != v}
                    _merge_docker(spec, run, {**script.variables, **docker_cmd.exported}, inside)
                    spec.notes.append(
                        f"the shell on line {cmd.line} is taken as started inside the container started on "
                        f"line {docker_cmd.line} ({run.image})"
                    )
                else:
                    spec.inherit_env(cmd.exported)
            if found:
                pending = None
            specs.extend(found)
            continue
        exec_ = exec_args(words)
        if exec_ is not None:
            specs.extend(_exec_specs(exec_, cmd, named, script.variables, source))
            continue
        args = run_args(words)
        if args is not None:
            run = parse_docker_run(args)
            if run.name:
                named[run.name] = (run, cmd)
            found = _container_specs(run, cmd, len(cmd.words) - len(args), source, depth)
            for spec in found:
                _merge_docker(spec, run, {**script.variables, **cmd.exported}, {})
            specs.extend(found)
            interactive = is_interactive_shell(run.command)
            if not found and run.image is not None and (not run.command or interactive):
                # the container starts a shell: the serve line below is typed inside it
                pending = (run, cmd)
                container_packages = PackageLedger()
                shell_docker = True
            continue
        spec = spec_from_words(cmd.words, lines=cmd.lines, source=source)
        if spec is None:
            continue
        if pending is not None:
            run, docker_cmd = pending
            inside = {k: v for k, v in cmd.exported.items() if docker_cmd.exported.get(k) != v}
            spec.inherit_env(cmd.prefix_env)
            _merge_docker(spec, run, {**script.variables, **docker_cmd.exported}, inside)
            spec.notes.append(
                f"serve line on line {cmd.line} is taken as typed inside the container started on "
                f"line {docker_cmd.line} ({run.image})"
            )
            pending = None
            spec.pip_installs = container_packages.packages()
        else:
            spec.inherit_env({**cmd.exported, **cmd.prefix_env})
            spec.pip_installs = host_packages.packages()
        if cmd.broken_line is not None:
            spec.issues.insert(0, _cut_off_issue(cmd, script.commands[index + 1 :]))
        specs.append(spec)
    if not specs and require:
        hint = " (the docker run starts a shell; add the `vllm serve` line you run inside it)" if shell_docker else ""
        raise InputError(f"no `vllm serve` command found in {label}{hint}")
    return specs


def _package_key(package: PackageInstall) -> tuple:
    return (package.name, package.requirement, package.line, package.command)


def _shell_c_specs(
    cmd: ShellCommand, shell: ShellC, offset: int, ledger: PackageLedger, source: str, depth: int,
    environment: dict[str, str],
) -> list[LaunchSpec]:
    """What `bash -c 'SCRIPT'` starts: SCRIPT read as a script that sees the environment this
    script started with (a container's env), the exported variables, the line's `A=1` /
    `env A=1` and `$0 $1 …`; its pip installs go into `ledger` too (later lines run after them).
    Lines of the inner script are mapped back onto this input's lines."""
    from wizard.launch.pip_installs import apply_script

    outer = unwrap(cmd.words)
    at = offset + shell.index
    first = cmd.lines[at] if at < len(cmd.lines) else cmd.line
    env = {**environment, **cmd.exported, **cmd.prefix_env, **outer.env}
    if outer.env_reset is not None:
        env = {k: v for k, v in env.items() if k in outer.env_keep or k in outer.env or k in cmd.prefix_env}
    env = {k: v for k, v in env.items() if k not in outer.env_unset}
    before = ledger.packages()
    known = {_package_key(p) for p in before}
    specs = specs_from_script(
        shell.script, source, "the shell command", require=False, variables={**env, **shell.variables()},
        installed=before, depth=depth + 1,
    )
    remap = lambda k: first + k - 1 if k is not None else None  # noqa: E731
    for spec in specs:
        for use in spec.flags:
            use.line = remap(use.line)
        for package in spec.pip_installs:
            if _package_key(package) not in known:
                package.line = remap(package.line)
        _apply_outer(spec, outer, {**cmd.prefix_env, **outer.env})
    apply_script(ledger, shell.script, env, remap)
    return specs


def _apply_outer(spec: LaunchSpec, outer: Unwrapped, line_env: dict[str, str]) -> None:
    """The wrappers around `bash -c` act on what the shell starts too (`sudo bash -c`, `env -i`)."""
    spec.inherit_env(line_env)
    if outer.env_reset is not None and spec.env_reset is None:
        spec.env_reset, spec.env_keep = outer.env_reset, list(outer.env_keep) + list(line_env)
    spec.env_unset.extend(n for n in outer.env_unset if n not in spec.env_unset)
    spec.notes.extend(n for n in outer.notes if n not in spec.notes)


def _exec_specs(args: list[str], cmd: ShellCommand, named: dict, variables: dict, source: str) -> list[LaunchSpec]:
    """`docker exec CONTAINER vllm serve …`: merged with the `docker run --name CONTAINER` above."""
    found = parse_docker_exec(args)
    offset = len(cmd.words) - len(args) + found.command_index
    spec = spec_from_words(found.command, lines=cmd.lines[offset:], source=source)
    if spec is None:
        return []
    if found.container in named:
        run, run_cmd = named[found.container]
        _merge_docker(spec, run, {**variables, **run_cmd.exported}, found.env)
    else:
        spec.docker, spec.name = True, found.container
        spec.devices_known = False  # they were given to a docker run this input does not show
        spec.inherit_env(found.env)
        spec.notes.append(f"docker exec into `{found.container}`, whose docker run is not in this input")
    return [spec]


def _container_specs(run: DockerRun, cmd: ShellCommand, offset: int, source: str, depth: int = 0) -> list[LaunchSpec]:
    """Specs for what a `docker run` container executes: `vllm serve …` or `bash -c "…"`."""
    if not run.command:
        return []
    rest_lines = cmd.lines[offset + run.command_index :]
    lines = ([cmd.line] if run.entrypoint else []) + rest_lines
    spec = spec_from_words(run.command, lines=lines, source=source)
    if spec is not None:
        return [spec]
    inner = unwrap(run.command)
    shell = shell_c(inner.words)
    if shell is not None and depth < MAX_SHELL_DEPTH:
        # the container's shell sees the container's env (`-e DT=float16 … bash -c '… $DT'`)
        variables = {**run.env, **inner.env, **shell.variables()}
        specs = specs_from_script(shell.script, source, "the container command", require=False,
                                  variables=variables, depth=depth + 1)
        at = len(run.command) - len(inner.words) + shell.index
        first = lines[at] if at < len(lines) else None
        remap = lambda k: first + k - 1 if first is not None and k else None  # noqa: E731
        for spec in specs:  # the container's `pip install` and flag lines, as lines of this input
            for package in spec.pip_installs:
                package.line = remap(package.line)
            for use in spec.flags:
                use.line = remap(use.line)
            _apply_outer(spec, inner, dict(inner.env))
        return specs
    return []


def expand_config_flag(spec: LaunchSpec, base_dir: Path) -> LaunchSpec:
    """`vllm serve M --config cfg.yaml`: vLLM inserts the file's flags after the model and before
    the other command-line flags; do the same when the file is here, else say it was not read."""
    use = spec.last("config")
    if use is None or not use.value:
        return spec
    path = Path(use.value).expanduser()
    path = path if path.is_absolute() else base_dir / path
    if not path.is_file():
        spec.notes.append(f"--config {use.value} is not on this machine: its flags were not checked")
        return spec
    from wizard.launch.yaml_inputs import read_config_file

    text, label = _read_text(path)
    rest = list(spec.argv)
    index = next((i for i, a in enumerate(rest) if a == "--config" or a.startswith("--config=")), None)
    if index is not None:
        del rest[index : index + (1 if "=" in rest[index] else 2)]
    merged = read_config_file(text, label, rest)  # [model] + file flags + the other CLI flags
    spec.flags, spec.argv = merged.flags, merged.argv
    spec.model = merged.model or spec.model
    spec.issues = [i for i in spec.issues if i.code != "duplicate-flag"] + merged.issues
    spec.notes.extend(merged.notes)
    return spec


def _first(specs: list[LaunchSpec], label: str) -> LaunchSpec:
    if not specs:
        raise InputError(f"no `vllm serve` command found in {label}")
    first = specs[0]
    if len(specs) > 1:
        first.notes.append(f"{label} starts {len(specs)} vLLM servers; checking the first one")
    return first


# ---------------------------------------------------------------------------------------------
def read_command_text(text: str, source: str = "command") -> LaunchSpec:
    """The vLLM server a command line or script (as text) starts."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("empty command: give a `vllm serve …` or `docker run … vllm serve …` line")
    specs = specs_from_script(text.lstrip("\ufeff"), source, "the command")
    return expand_config_flag(_first(specs, "the command"), Path.cwd())


def read_command_line(argv: list[str]) -> LaunchSpec:
    """Tokens after `duowiz check --`, already split by the user's shell."""
    argv = [str(a) for a in argv or []]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        raise InputError("no command given after `--`: expected `vllm serve MODEL …`")
    if len(argv) == 1 and any(c.isspace() for c in argv[0].strip()):
        return read_command_text(argv[0])  # the whole line was passed quoted
    # re-quote the tokens and read them like a one-line script: one code path for every form
    # (wrappers, docker run / exec, env prefixes), and the shell's quoting is preserved exactly
    return read_command_text(shlex.join(argv))


def _read_text(path: str | Path) -> tuple[str, str]:
    from wizard.inputfile import read_input

    return read_input(str(path), "launch file", strict_utf8=False).lstrip("\ufeff"), str(path)


def _looks_like_yaml(text: str, suffix: str) -> bool:
    if suffix in _YAML_SUFFIXES:
        return True
    if suffix in _SHELL_SUFFIXES:
        return False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            if stripped.startswith("#!"):
                return False
            continue
        head = stripped.split(None, 1)[0]
        if head in ("vllm", "docker", "podman", "export", "python", "python3", "nohup") or "=" in head:
            return False
        return stripped == "---" or (":" in head and not head.startswith("-"))
    return False


def read_all_specs(path: str | Path) -> list[LaunchSpec]:
    """Every vLLM server the file starts (first = what read_command_file returns)."""
    text, label = _read_text(path)
    if not text.strip():
        raise InputError(f"{label} is empty")
    from wizard.launch.dockerfile import looks_like_dockerfile
    from wizard.launch.systemd import looks_like_unit

    if looks_like_dockerfile(label, text):
        from wizard.launch.unit_inputs import specs_from_dockerfile

        specs = specs_from_dockerfile(text, label)
    elif looks_like_unit(label, text):
        from wizard.launch.unit_inputs import specs_from_unit

        specs = specs_from_unit(text, label)
    elif _looks_like_yaml(text, Path(label).suffix.lower()):
        from wizard.launch.yaml_inputs import specs_from_yaml

        specs = specs_from_yaml(text, label)
    else:
        specs = specs_from_script(text, "command-file", label)
    if not specs:
        raise InputError(f"no `vllm serve` command found in {label}")
    return [expand_config_flag(spec, _base_dir(spec, label)) for spec in specs]


def _base_dir(spec: LaunchSpec, label: str) -> Path:
    """Where a relative `--config` is looked up: a unit's WorkingDirectory= when it exists here."""
    if spec.workdir and Path(spec.workdir).is_dir():
        return Path(spec.workdir)
    return Path(label).parent


def read_command_file(path: str | Path) -> LaunchSpec:
    """The (first) vLLM server a script / compose / k8s / vLLM config / CI config file starts."""
    spec = _first(read_all_specs(path), str(path))
    spec.path = str(path)
    return spec


def read_vllm_config(path: str | Path, extra_argv: list[str] | None = None) -> LaunchSpec:
    """A `vllm serve --config FILE` YAML, with the command-line tokens given beside it."""
    from wizard.launch.yaml_inputs import read_config_file

    text, label = _read_text(path)
    spec = read_config_file(text, label, [str(a) for a in extra_argv or []])
    spec.path = str(path)
    return spec
