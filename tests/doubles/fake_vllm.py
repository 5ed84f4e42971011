"""Stand-in for `vllm serve`: a tiny OpenAI-compatible server (stdlib http.server only).

Usage as vLLM: `fake_vllm.py serve MODEL [--host H] [--port P] [--served-model-name N] [--api-key K] …`
(unknown flags are ignored, as the real flags do not matter here). Behaviour from the env:
- FAKE_VLLM_MODE: ready (default) | crash | hang
- FAKE_VLLM_DELAY: seconds of "loading" before the port is bound (default 0.3)
- FAKE_VLLM_CRASH_LINE: the line printed before exiting 1 in crash mode
- FAKE_VLLM_IGNORE_SIGINT=1: ignore SIGINT (so the supervisor must escalate)
- FAKE_VLLM_PIDFILE: write this process's pid and its worker's pid (one per line)
A worker child process is always started, as vLLM starts one per TP rank, so tests can prove
that the whole group is stopped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _arg(argv: list[str], *names: str, default: str | None = None) -> str | None:
    for i, token in enumerate(argv):
        for name in names:
            if token == name and i + 1 < len(argv):
                return argv[i + 1]
            if token.startswith(name + "="):
                return token.split("=", 1)[1]
    return default


def _handler(model: str, api_key: str | None):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):  # access log like vLLM's, to stdout
            print(f"INFO:     {self.address_string()} - {fmt % args}", flush=True)

        def _auth_ok(self) -> bool:
            if api_key and self.headers.get("Authorization") != f"Bearer {api_key}":
                self._send(401, {"error": "unauthorized"})
                return False
            return True

        def _send(self, code: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path == "/health":
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/v1/models":
                if self._auth_ok():
                    self._send(200, {"object": "list", "data": [{"id": model, "object": "model"}]})
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            request = json.loads(self.rfile.read(length) or b"{}")
            if self.path != "/v1/completions":
                self._send(404, {"error": "not found"})
            elif self._auth_ok():
                if request.get("model") != model:
                    self._send(404, {"error": f"model {request.get('model')} does not exist"})
                else:
                    self._send(200, {"object": "text_completion", "model": model,
                                     "choices": [{"index": 0, "text": " I am fine", "finish_reason": "length"}]})

    return Handler


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "serve" or len(argv) < 2:
        print("usage: fake_vllm serve MODEL [flags]", file=sys.stderr)
        return 2
    model_path = argv[1]
    host = _arg(argv, "--host", default="0.0.0.0")
    port = int(_arg(argv, "--port", default="8000"))
    name = _arg(argv, "--served-model-name", "--served_model_name", default=model_path)
    api_key = _arg(argv, "--api-key", "--api_key") or os.environ.get("VLLM_API_KEY")
    mode = os.environ.get("FAKE_VLLM_MODE", "ready")
    if os.environ.get("FAKE_VLLM_IGNORE_SIGINT") == "1":
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker = subprocess.Popen([sys.executable, "-c", "import time\nwhile True: time.sleep(1)"])
    if os.environ.get("FAKE_VLLM_PIDFILE"):
        with open(os.environ["FAKE_VLLM_PIDFILE"], "w") as fh:
            fh.write(f"{os.getpid()}\n{worker.pid}\n")
    print(f"INFO fake vllm: loading {model_path} (visible devices {os.environ.get('ASCEND_RT_VISIBLE_DEVICES')})", flush=True)
    time.sleep(float(os.environ.get("FAKE_VLLM_DELAY", "0.3")))
    try:
        if mode == "crash":
            print(os.environ.get("FAKE_VLLM_CRASH_LINE", "RuntimeError: something unexpected"), flush=True)
            return 1
        if mode == "hang":
            print("INFO Capturing CUDA graphs (decode, FULL): 1/6", flush=True)
            while True:
                time.sleep(1)
        server = ThreadingHTTPServer((host, port), _handler(name, api_key))
        print(f"INFO:     Uvicorn running on http://{host}:{port} (Press CTRL+C to quit)", flush=True)
        try:
            server.serve_forever(poll_interval=0.1)
        except KeyboardInterrupt:
            print("INFO:     Shutting down", flush=True)
        return 0
    finally:
        worker.terminate()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
