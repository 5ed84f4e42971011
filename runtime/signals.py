"""SIGTERM behaves like Ctrl-C while duowiz owns children, so one code path (KeyboardInterrupt
→ stop the child group, clean up) serves both a terminal user and a service manager."""

from __future__ import annotations

import contextlib
import signal
import threading


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


@contextlib.contextmanager
def sigterm_as_interrupt():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
