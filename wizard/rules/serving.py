"""Serving rules: the port, and who can reach the server."""

from __future__ import annotations

from wizard.findings import error, warning
from wizard.rules._util import flag_evidence
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


@rule("public-bind-without-api-key", group="serving")
def public_bind_without_api_key(plan):
    """Serving on a non-loopback address with no API key."""
    host = plan.options.host
    bound_publicly = host is None or host not in LOOPBACK
    has_key = bool(plan.options.api_key or plan.env.get("VLLM_API_KEY"))
    if bound_publicly and not has_key and not plan.launch.docker:
        shown = host or "0.0.0.0 (vLLM's default: all interfaces)"
        yield warning(
            "public-bind-without-api-key",
            f"the server listens on {shown} without an API key: anyone who can reach the port can use it",
            evidence=flag_evidence(plan, "host"),
            fix="add --host 127.0.0.1, or set VLLM_API_KEY / --api-key",
        )
