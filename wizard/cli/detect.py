"""`duowiz detect`: describe this host (310P cards and chips, versions, packages).

Exit 0 when at least one 310P chip was found, 1 otherwise (with one plain sentence saying what
was found instead). `--json` prints the host description that `check --host FILE` reads back.
"""

from __future__ import annotations

import argparse

from wizard.cli.argtypes import timeout_seconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the host description as JSON (for check --host)")
    parser.add_argument(
        "--npu-smi-output",
        metavar="FILE",
        help="replay a saved `npu-smi info` capture instead of running npu-smi",
    )
    parser.add_argument(
        "--npu-smi-extra",
        metavar="FILE",
        action="append",
        default=[],
        help="with --npu-smi-output: a saved `npu-smi info -m` / `-t board` / `-t product` output (repeatable)",
    )
    parser.add_argument(
        "--timeout", type=timeout_seconds, default=15.0, metavar="S", help="seconds to wait for npu-smi (default 15)"
    )


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from wizard.detect.host import detect_host
    from wizard.detect.summary import no_310p_sentence, render_summary

    if args.npu_smi_extra and not args.npu_smi_output:
        print("duowiz: --npu-smi-extra needs --npu-smi-output", file=sys.stderr)
        return 2
    host = detect_host(timeout=args.timeout, npu_smi_output=args.npu_smi_output, aux_outputs=args.npu_smi_extra)
    found = host.family == "310p" and bool(host.chips)
    if args.json:
        print(json.dumps(host.to_dict(), indent=2, sort_keys=False))
        if not found:
            print(no_310p_sentence(host), file=sys.stderr)
    else:
        print(render_summary(host))
    return 0 if found else 1
