"""SIGTERM and SIGHUP behave like Ctrl-C while duowiz owns children, so one code path
(KeyboardInterrupt → stop the child group, clean up) serves a terminal user, a closed terminal
or SSH session (SIGHUP), and a service manager (SIGTERM)."""

from __future__ import annotations

import contextlib
import signal
import threading

#: the signals a supervisor or a closing terminal sends; SIGINT already raises KeyboardInterrupt
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


@contextlib.contextmanager
def sigterm_as_interrupt():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise_interrupt) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
