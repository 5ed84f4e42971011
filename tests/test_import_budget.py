"""The check and headless paths must not pay for the TUI or the runtime: proven in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("textual", "torch", "torch_npu", "vllm", "vllm_ascend")

PROBE = """
import sys
from wizard.cli import main
import wizard.cli.check, wizard.check, wizard.assemble, wizard.rules, wizard.report.text, wizard.report.json_report
import wizard.launch.reader, wizard.detect
print(" ".join(m for m in {heavy!r} if m in sys.modules))
"""


def test_check_path_imports_no_ui_or_runtime():
    out = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"check path imported: {out.stdout.strip()}"


def test_a_real_check_run_imports_no_ui_or_runtime(tmp_path):
    code = (
        "import sys, io, contextlib\n"
        "from wizard.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['check', '--host', 'sim:300i-duo-96g:2', '--profile', 'qwen3-32b-w8a8sc-tp4'])\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"check run imported: {out.stdout.strip()}"
