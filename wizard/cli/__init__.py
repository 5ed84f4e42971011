"""The `duowiz` command: dispatch to one subcommand module, importing only that one.

- `duowiz`                     → the guided TUI (wizard.tui; the only path that imports textual)
- `duowiz --profile NAME|FILE` → headless launch (runtime.headless)
- `duowiz check|detect|rules|releases|profiles|compress …` → wizard/cli/<name>.py

Each subcommand module has `add_arguments(parser)` and `run(args) -> int` and keeps its heavy
imports inside `run`, so `duowiz check` stays fast and never imports textual or the runtime.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from enum import IntEnum

from wizard import __version__


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # errors found (or warnings with --strict); detect: no 310P
    USAGE = 2  # unusable input: one line on stderr
    INTERNAL = 3  # a bug in duowiz: one line on stderr (DUOWIZ_DEBUG=1 shows the traceback)
    INTERRUPTED = 130


#: subcommand -> (module, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "check": ("wizard.cli.check", "pre-flight check of a profile, a vllm serve / docker run line or a vLLM YAML"),
    "detect": ("wizard.cli.detect", "describe this host: 310P cards and chips, versions, packages"),
    "rules": ("wizard.cli.rules", "list the finding codes and the rules that emit them"),
    "releases": ("wizard.cli.releases", "what each vllm-ascend release can do on 310P"),
    "profiles": ("wizard.cli.profiles", "list or show the shipped profiles"),
    "compress": ("runtime.cli_compress", "compress W8A8S weights into W8A8SC for one TP size"),
}


def _fail(message: str, code: int = ExitCode.USAGE) -> int:
    print(f"duowiz: {message}", file=sys.stderr)
    return code


def _has_module(module: str) -> bool:
    """True when `module` can be imported (False also when its parent package is missing)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _available(name: str) -> bool:
    return _has_module(SUBCOMMANDS[name][0])


def _run_module(module_name: str, prog: str, description: str, argv: list[str]) -> int:
    from wizard.cli.argtypes import OneLineParser

    module = importlib.import_module(module_name)
    parser = OneLineParser(prog=prog, description=description)
    module.add_arguments(parser)
    args = parser.parse_args(argv)
    return int(module.run(args))


def _usage() -> str:
    lines = [
        f"duowiz {__version__} — validate and launch vLLM on Atlas 300I DUO (310P)",
        "",
        "usage: duowiz                          guided setup (TUI)",
        "       duowiz --profile NAME|FILE ...  headless: check, compress if needed, launch",
        "       duowiz COMMAND ...",
        "",
        "commands:",
    ]
    for name, (_, help_text) in SUBCOMMANDS.items():
        lines.append(f"  {name:<10} {help_text}")
    lines.append("")
    lines.append("Run `duowiz COMMAND --help` for a command's options.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:
        return _fail("interrupted", ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # never a traceback for users; DUOWIZ_DEBUG=1 shows it
        import os

        if os.environ.get("DUOWIZ_DEBUG"):
            raise
        from wizard.findings import shorten

        detail = shorten(" ".join(str(exc).split()), 300)
        return _fail(f"internal error: {type(exc).__name__}: {detail} (set DUOWIZ_DEBUG=1 for details)", ExitCode.INTERNAL)


def _dispatch(argv: list[str]) -> int:
    from wizard.findings import InputError

    if argv and argv[0] in ("-h", "--help"):
        print(_usage())
        return ExitCode.OK
    if argv and argv[0] == "--version":
        print(f"duowiz {__version__}")
        return ExitCode.OK
    try:
        if argv and argv[0] in SUBCOMMANDS:
            name = argv[0]
            module, help_text = SUBCOMMANDS[name]
            if not _available(name):
                return _fail(f"`{name}` is not available in this build")
            return _run_module(module, f"duowiz {name}", help_text, argv[1:])
        if any(a == "--profile" or a.startswith("--profile=") for a in argv):
            if not _has_module("runtime.headless"):
                return _fail("headless mode is not available in this build")
            return _run_module("runtime.headless", "duowiz", "headless: check, compress if needed, launch", argv)
        if not argv:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                return _fail("the guided setup needs a terminal; for scripts use `duowiz check …` or `duowiz --profile NAME`")
            if not _has_module("wizard.tui"):
                return _fail("the guided setup is not available in this build; see `duowiz --help`")
            from wizard.tui import run_app

            return int(run_app())
        return _fail(f"unknown command {argv[0]!r}; see `duowiz --help`")
    except InputError as exc:
        return _fail(str(exc))


if __name__ == "__main__":
    sys.exit(main())
