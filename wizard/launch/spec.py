"""LaunchSpec: what a launch input says, before any judgement.

Every reader (shell line, script, docker run, compose, k8s, vLLM YAML config, CI YAML, profile)
produces one of these; `options.py` then turns `flags` into typed ServeOptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FlagUse:
    """One flag as written: `spelling` is what the user typed (e.g. `--gpu_memory_utilization`),
    `dest` the vLLM argparse destination (`gpu_memory_utilization`) or None when vLLM has no such
    flag, `value` the raw string (None for a switch), `suggestion` a close known flag."""

    spelling: str
    dest: str | None
    value: str | None = None
    suggestion: str | None = None
    #: dotted sub-key for vLLM's `--compilation-config.cudagraph_mode=FULL` form ("cudagraph_mode");
    #: a trailing "+" means "append to that list" (`--cc.cudagraph_capture_sizes+ 8`)
    key: str | None = None
    #: 1-based line of the input where the flag was written, when the input has lines
    line: int | None = None
    #: the value is only known when the server starts (a Kubernetes `$(VAR)` whose env entry is a
    #: valueFrom / envFrom): not type-checked, reported as a placeholder
    unresolved: bool = False


@dataclass
class ParseIssue:
    """Something the reader noticed that the user should see, before any rule runs.

    Codes: `shell-continuation-broken` (a `\\ ` ends the command early), `flag-value-missing`
    (a value-taking flag with nothing after it), `duplicate-flag` (same dest twice with different
    values), `unexpected-argument` (a stray positional vLLM would reject),
    `docker-flag-swallowed` (a docker flag took the next flag as its value)."""

    code: str
    message: str
    evidence: str = ""


@dataclass
class PackageInstall:
    """One Python distribution the launch input installs itself (see pip_installs.py): `name`
    normalised as pip compares names (`triton-ascend`), `requirement` as written
    (`triton_ascend==3.2.0`), `line` the input file's line of the install command (None when the
    input has no lines to point at), `command` that command, shortened for messages."""

    name: str
    requirement: str
    line: int | None
    command: str


@dataclass
class LaunchSpec:
    source: str = "command"  # command | command-file | vllm-config | profile | compose | k8s | ci-yaml | dockerfile | systemd
    entrypoint: str = "vllm serve"  # or "api_server" (python -m vllm.entrypoints.openai.api_server)
    model: str | None = None
    flags: list[FlagUse] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    image: str | None = None
    devices: list[str] = field(default_factory=list)  # docker --device host paths
    docker: bool = False
    publish: list[str] = field(default_factory=list)  # docker -p specs ([ip:]host:container)
    network_host: bool = False  # docker --network host
    devices_known: bool = True  # False for a `docker exec` whose `docker run` is elsewhere
    path: str | None = None  # the file the launch came from (for file/line annotations)
    notes: list[str] = field(default_factory=list)  # parser remarks worth showing (e.g. dangling "\ ")
    issues: list[ParseIssue] = field(default_factory=list)  # parser findings (see ParseIssue)
    argv: list[str] = field(default_factory=list)  # the tokens vLLM receives after `serve` / api_server
    volumes: list[str] = field(default_factory=list)  # docker -v / compose volumes, as written
    privileged: bool = False  # docker --privileged (all host devices visible)
    resources: dict[str, str] = field(default_factory=dict)  # k8s limits, e.g. huawei.com/Ascend310P
    name: str | None = None  # compose service / k8s container / docker --name
    #: why vLLM does not inherit the caller's environment (`sudo` without -E, `env -i`), else None:
    #: only `env` (what the line itself sets) reaches vLLM, not the shell or host environment
    env_reset: str | None = None
    env_keep: list[str] = field(default_factory=list)  # names kept through the reset (sudo --preserve-env=A,B)
    env_unset: list[str] = field(default_factory=list)  # `env -u NAME` on the line
    workdir: str | None = None  # systemd WorkingDirectory= / Dockerfile WORKDIR: where relative paths start
    #: Python packages the input itself installs before vLLM starts, in install order: a
    #: Dockerfile's `RUN pip install …` (of the stages the image is built from), a script's
    #: `pip install …` above the serve line, a container's `sh -c "pip install … && vllm serve …"`;
    #: a later `pip uninstall` removes a name again. Not what the host has (HostDescription.packages).
    pip_installs: list[PackageInstall] = field(default_factory=list)

    def last(self, dest: str) -> FlagUse | None:
        """The last use of a flag wins, as in argparse."""
        for use in reversed(self.flags):
            if use.dest == dest:
                return use
        return None

    def has(self, dest: str) -> bool:
        return self.last(dest) is not None

    def inherit_env(self, outer: dict[str, str]) -> None:
        """Put an outer environment (exports above the line, docker -e, compose environment)
        under `env`, minus what the line's wrappers drop (`sudo` without -E, `env -i`, `env -u`)."""
        kept = {k: v for k, v in outer.items() if k not in self.env_unset}
        if self.env_reset is not None:
            dropped = sorted(k for k in kept if k not in self.env_keep and k not in self.env)
            kept = {k: v for k, v in kept.items() if k in self.env_keep}
            if dropped:
                self.notes.append(f"{self.env_reset} drops {', '.join(dropped)} set before the line: vLLM does not get them")
        self.env = {**kept, **self.env}
