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


@dataclass
class LaunchSpec:
    source: str = "command"  # command | command-file | vllm-config | profile | compose | k8s | ci-yaml
    entrypoint: str = "vllm serve"  # or "api_server" (python -m vllm.entrypoints.openai.api_server)
    model: str | None = None
    flags: list[FlagUse] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    image: str | None = None
    devices: list[str] = field(default_factory=list)  # docker --device host paths
    docker: bool = False
    notes: list[str] = field(default_factory=list)  # parser remarks worth showing (e.g. dangling "\ ")

    def last(self, dest: str) -> FlagUse | None:
        """The last use of a flag wins, as in argparse."""
        for use in reversed(self.flags):
            if use.dest == dest:
                return use
        return None

    def has(self, dest: str) -> bool:
        return self.last(dest) is not None
