"""`docker run [flags] IMAGE [command …]`: what the container gets (image, env, devices, volumes)
and which command it runs.

The flag tables matter because docker decides where the image name is by knowing which flags
take a value; guessing wrong would take a volume path for the image. docker (pflag) also gives a
value-taking flag the next token even when it starts with `-`, so `-v --device=/dev/davinci_manager`
silently mounts a volume named `--device=…` and never passes the device: recorded as an issue.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from wizard.launch.spec import ParseIssue

#: long flags that take a value (docker run / podman run)
_LONG_VALUE = {
    "add-host", "annotation", "attach", "blkio-weight", "blkio-weight-device", "cap-add", "cap-drop",
    "cgroup-parent", "cgroupns", "cidfile", "cpu-count", "cpu-percent", "cpu-period", "cpu-quota",
    "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems",
    "detach-keys", "device", "device-cgroup-rule", "device-read-bps", "device-read-iops",
    "device-write-bps", "device-write-iops", "dns", "dns-opt", "dns-option", "dns-search",
    "domainname", "entrypoint", "env", "env-file", "expose", "gpus", "group-add", "health-cmd",
    "health-interval", "health-retries", "health-start-interval", "health-start-period",
    "health-timeout", "hostname", "ip", "ip6", "ipc", "isolation", "kernel-memory", "label",
    "label-file", "link", "link-local-ip", "log-driver", "log-opt", "mac-address", "memory",
    "memory-reservation", "memory-swap", "memory-swappiness", "mount", "name", "net", "net-alias",
    "network", "network-alias", "oom-score-adj", "pid", "pids-limit", "platform", "publish",
    "pull", "restart", "runtime", "security-opt", "shm-size", "stop-signal", "stop-timeout",
    "storage-opt", "sysctl", "tmpfs", "ulimit", "user", "userns", "uts", "volume",
    "volume-driver", "volumes-from", "workdir",
}
#: long switches (they also accept `--flag=true|false`)
_LONG_SWITCH = {
    "detach", "interactive", "tty", "rm", "privileged", "init", "oom-kill-disable",
    "publish-all", "read-only", "sig-proxy", "no-healthcheck", "quiet", "help",
    "disable-content-trust", "use-api-socket",
}
#: one-letter flags: value-taking and switches
_SHORT_VALUE = {"a": "attach", "c": "cpu-shares", "e": "env", "h": "hostname", "l": "label",
                "m": "memory", "p": "publish", "u": "user", "v": "volume", "w": "workdir"}
_SHORT_SWITCH = {"d": "detach", "i": "interactive", "t": "tty", "P": "publish-all", "q": "quiet"}

_ENGINES = {"docker", "podman", "nerdctl", "isula"}


@dataclass
class DockerRun:
    image: str | None = None
    command: list[str] = field(default_factory=list)  # entrypoint override + args after the image
    command_index: int = 0  # index in the docker argv where `command` (after the image) starts
    env: dict[str, str] = field(default_factory=dict)
    env_names: list[str] = field(default_factory=list)  # `-e NAME` without value: taken from the host
    devices: list[str] = field(default_factory=list)
    volumes: list[str] = field(default_factory=list)
    publish: list[str] = field(default_factory=list)  # -p specs as written ([ip:]host:container)
    network_host: bool = False
    privileged: bool = False
    name: str | None = None
    entrypoint: str | None = None
    issues: list[ParseIssue] = field(default_factory=list)


def run_args(words: list[str]) -> list[str] | None:
    """The arguments after `docker run` / `docker container run` / `podman run`, else None."""
    if not words or os.path.basename(words[0]) not in _ENGINES:
        return None
    rest = words[1:]
    if rest[:2] == ["container", "run"]:
        return rest[2:]
    if rest[:1] == ["run"]:
        return rest[1:]
    return None


def _device_host_path(spec: str) -> str:
    return spec.split(":", 1)[0]


def _apply(run: DockerRun, name: str, value: str | None, spelling: str) -> None:
    if name == "env" and value is not None:
        key, has_eq, val = value.partition("=")
        if has_eq:
            run.env[key] = val
        else:
            run.env_names.append(key)
    elif name == "device" and value is not None:
        run.devices.append(_device_host_path(value))
    elif name == "volume" and value is not None:
        run.volumes.append(value)
    elif name == "mount" and value is not None:
        run.volumes.append(value)
    elif name == "publish" and value is not None:
        run.publish.append(value)
    elif name in ("network", "net") and value is not None:
        run.network_host = value == "host"
    elif name == "privileged":
        run.privileged = value is None or value.lower() not in ("false", "0")
    elif name == "name":
        run.name = value
    elif name == "entrypoint":
        run.entrypoint = value


def _swallowed(run: DockerRun, spelling: str, name: str, value: str) -> None:
    """docker gives a value-taking flag the next token even when that is another flag."""
    flag_part, has_eq, flag_value = value.partition("=")
    lost = f", so {flag_value} is never passed" if flag_part == "--device" and has_eq else ""
    what = f"mounts a volume named `{value}`" if name == "volume" else f"takes `{value}` as its {name}"
    run.issues.append(
        ParseIssue(
            "docker-flag-swallowed",
            f"`{spelling}` takes the next token as its value: it {what}{lost}",
            f"{spelling} {value}",
        )
    )


def parse_docker_run(args: list[str]) -> DockerRun:
    """Flags up to the image, then the container command."""
    run = DockerRun()
    i, n = 0, len(args)
    while i < n:
        token = args[i]
        i += 1
        if token == "--":
            break
        if token.startswith("--"):
            name, has_eq, value = token[2:].partition("=")
            if name in _LONG_VALUE and not has_eq:
                value = args[i] if i < n else None
                i += 1
                if value is not None and value.startswith("-"):
                    _swallowed(run, token, name, value)
            _apply(run, name, value if (has_eq or name in _LONG_VALUE) else None, token)
            continue
        if token.startswith("-") and len(token) > 1:
            letters = token[1:]
            for k, letter in enumerate(letters):
                if letter in _SHORT_SWITCH:
                    continue
                if letter in _SHORT_VALUE:
                    inline = letters[k + 1 :].removeprefix("=")
                    if inline:
                        value = inline
                    else:
                        value = args[i] if i < n else None
                        i += 1
                        if value is not None and value.startswith("-"):
                            _swallowed(run, f"-{letter}", _SHORT_VALUE[letter], value)
                    _apply(run, _SHORT_VALUE[letter], value, f"-{letter}")
                break
            continue
        run.image = token
        run.command_index = i
        break
    else:
        return run
    if run.image is None and i < n:  # after `--`
        run.image, run.command_index = args[i], i + 1
    rest = args[run.command_index :] if run.image is not None else []
    run.command = ([run.entrypoint] if run.entrypoint else []) + list(rest)
    return run


@dataclass
class DockerExec:
    container: str | None = None
    command: list[str] = field(default_factory=list)
    command_index: int = 0
    env: dict[str, str] = field(default_factory=dict)


def exec_args(words: list[str]) -> list[str] | None:
    """The arguments after `docker exec` / `docker container exec`, else None."""
    if not words or os.path.basename(words[0]) not in _ENGINES:
        return None
    rest = words[1:]
    if rest[:2] == ["container", "exec"]:
        return rest[2:]
    return rest[1:] if rest[:1] == ["exec"] else None


def parse_docker_exec(args: list[str]) -> DockerExec:
    """`docker exec [-it] [-e K=V] CONTAINER cmd …`: the serve line run in an existing container."""
    found = DockerExec()
    i, n = 0, len(args)
    while i < n:
        token = args[i]
        i += 1
        if token.startswith("--"):
            name, has_eq, value = token[2:].partition("=")
            if name in ("env", "env-file", "user", "workdir", "detach-keys") and not has_eq:
                value, i = (args[i] if i < n else ""), i + 1
            if name == "env" and "=" in value:
                key, _, val = value.partition("=")
                found.env[key] = val
            continue
        if token.startswith("-") and len(token) > 1:
            letter = next((c for c in token[1:] if c in "euw"), None)
            if letter is not None:
                inline = token[token.index(letter) + 1 :]
                value = inline or (args[i] if i < n else "")
                i += 0 if inline else 1
                if letter == "e" and "=" in value:
                    key, _, val = value.partition("=")
                    found.env[key] = val
            continue
        found.container, found.command_index, found.command = token, i, list(args[i:])
        break
    return found
