"""Tiny HTTP client (stdlib) for readiness and the smoke completion: no requests/httpx needed
on the serving host, and every call has a timeout so a hung server cannot hang duowiz."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


def get(url: str, timeout: float, api_key: str | None = None) -> tuple[int, str]:
    """(status, body); status 0 when nothing answered."""
    request = urllib.request.Request(url, headers=_headers(api_key))
    return _send(request, timeout)


def post_json(url: str, payload: dict, timeout: float, api_key: str | None = None) -> tuple[int, str]:
    headers = {**_headers(api_key), "Content-Type": "application/json"}
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), headers=headers, method="POST")
    return _send(request, timeout)


def _headers(api_key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


#: no proxies: the server is local, and an http_proxy in the environment must not intercept it
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _send(request: urllib.request.Request, timeout: float) -> tuple[int, str]:
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace") if exc.fp else ""
    except (urllib.error.URLError, OSError, ValueError):
        return 0, ""
