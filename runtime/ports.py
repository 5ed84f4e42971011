"""`port-in-use`: is the chosen host:port already bound? Checked before launch, because vLLM
only finds out after loading the weights (minutes on a 32B model) and then dies with
"Address already in use"."""

from __future__ import annotations

import errno
import socket

from wizard.findings import Finding, error


def _bind_probe(host: str, port: int) -> OSError | None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        # no SO_REUSEADDR: we want to see a listener (or a TIME_WAIT socket vLLM would also trip on)
        sock.bind((host, port))
        return None
    except OSError as exc:
        return exc
    finally:
        sock.close()


def port_finding(host: str | None, port: int) -> Finding | None:
    """An error finding when `host:port` cannot be bound now; None when it is free."""
    bind_host = host or "0.0.0.0"
    if bind_host == "localhost":
        bind_host = "127.0.0.1"
    exc = _bind_probe(bind_host, port)
    if exc is None:
        return None
    if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
        return None  # e.g. address not on this host: vLLM will say so itself; not a port clash
    why = "already bound by another process" if exc.errno == errno.EADDRINUSE else "not permitted for this user"
    return error(
        "port-in-use",
        f"port {port} on {bind_host} is {why}",
        evidence=f"bind({bind_host}, {port}): {exc.strerror}",
        fix=f"stop the other server (`ss -ltnp 'sport = :{port}'` shows it) or pick another port, e.g. --port {port + 1}",
        host=bind_host,
        port=port,
    )
