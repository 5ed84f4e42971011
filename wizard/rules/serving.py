"""Serving rules: the port, and who can reach the server."""

from __future__ import annotations

from wizard.findings import error, warning
from wizard.rules._util import flag_evidence
from wizard.assemble import is_literal_container
from wizard.rules.registry import rule

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@rule("port-in-use", group="serving")
def port_in_use(plan):
    """The chosen host:port is already bound on this machine."""
    if plan.port_bound:
        port = plan.options.port
        yield error(
            "port-in-use",
            f"port {port} is already in use on this machine: vLLM would fail after loading the weights",
            evidence=flag_evidence(plan, "port"),
            fix=f"use --port {port + 1} or stop the process holding {port} (ss -ltnp)",
        )


def _loopback_publish(spec: str) -> str:
    """The same -p spec bound to the host's loopback: 8080:8080 / 0.0.0.0:8080:8080 → 127.0.0.1:8080:8080."""
    parts = spec.split(":")
    ports = parts[-2:] if len(parts) >= 2 else [parts[0], parts[0]]
    return "127.0.0.1:" + ":".join(ports)


@rule("public-bind-without-api-key", group="serving")
def public_bind_without_api_key(plan):
    """Serving on a non-loopback address with no API key."""
    host = plan.options.host
    has_key = bool(plan.options.api_key or plan.env.get("VLLM_API_KEY"))
    if has_key:
        return
    if is_literal_container(plan.launch) and not plan.launch.network_host:
        if host in LOOPBACK:
            return  # docker-port-unreachable says more: nothing outside the container can connect
        # inside a container vLLM must listen on all interfaces; what matters is what -p publishes
        public = [p for p in plan.launch.publish if p.count(":") < 2 or p.split(":")[0] in ("0.0.0.0", "")]
        if public:
            yield warning(
                "public-bind-without-api-key",
                f"docker publishes the server on every host interface (-p {public[0]}) without an API key: "
                "anyone who can reach the port can use it",
                evidence=f"docker -p {public[0]}",
                fix=f"-p {_loopback_publish(public[0])}, or set VLLM_API_KEY",
            )
        return
    if host is None or host not in LOOPBACK:
        shown = host or "0.0.0.0 (vLLM's default: all interfaces)"
        yield warning(
            "public-bind-without-api-key",
            f"the server listens on {shown} without an API key: anyone who can reach the port can use it",
            evidence=flag_evidence(plan, "host"),
            fix="add --host 127.0.0.1, or set VLLM_API_KEY / --api-key",
        )


@rule("docker-port-unreachable", group="serving")
def docker_port_unreachable(plan):
    """vLLM listens on 127.0.0.1 inside a container (no --network host): the published port cannot reach it."""
    launch, host = plan.launch, plan.options.host
    if not is_literal_container(launch) or launch.network_host or host not in LOOPBACK or launch.source == "dockerfile":
        return
    port = plan.options.port
    published = launch.publish[0] if launch.publish else None
    yield warning(
        "docker-port-unreachable",
        f"vLLM listens on {host} inside the container, which is the container's own loopback: "
        + (f"the published port (-p {published}) forwards to nothing" if published else "nothing outside the container can connect")
        + " (the server starts, then every request from the host is refused)",
        evidence=f"{flag_evidence(plan, 'host')} in a docker run without --network host",
        fix=f"serve with --host 0.0.0.0 inside the container and publish -p 127.0.0.1:{port}:{port} on the host "
        "(or run with --network host)",
    )
